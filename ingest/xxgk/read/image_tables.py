"""Tables in a page image, from their ruling lines: where each table is and its grid of cells.

``find_tables(ink) -> list[ImageTable]``. A table is a cluster of horizontal and vertical rules
(found by morphological opening of the ink mask with long thin kernels). Its row boundaries are the
heights of its horizontal rules, its column boundaries the positions of its vertical rules; a grid
slot is merged with its right (lower) neighbour when the rule between them is missing there, exactly
as a colspan (rowspan) leaves it out. The result is the grid every other format produces
(xxgk.read.grid renders the same shape): each row a list of slots, the top-left slot of a cell
holding the cell and the slots it spans holding ``None``.

A table broken over two pages has no closing rule at the page end: rules are extended to the ends of
the vertical rules, so its last row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MIN_RULES = 2          # a table has at least two horizontal and two vertical rules
COVER = 0.6            # a rule is present between two slots when it covers this share of their edge


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    rows: int            # rowspan
    cols: int            # colspan
    box: tuple[int, int, int, int]   # x0, y0, x1, y1 of the inside of the cell (rules excluded)


@dataclass(frozen=True, slots=True)
class ImageTable:
    box: tuple[int, int, int, int]   # x0, y0, x1, y1 of the table in the page
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]          # in row-major order of their top-left slot
    rules: np.ndarray                # uint8 mask of the table's rules within ``box`` (to remove them from the ink)

    def grid(self) -> list[list[Cell | None]]:
        """Rows of slots: the cell whose top-left slot this is, or None for a slot a span covers."""
        rows: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            rows[c.row][c.col] = c
        return rows


def rule_masks(ink: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules: ink runs at least ~1 cm long (a character is far shorter)."""
    run = max(15, int(round(60 * scale)))
    hor = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    ver = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    # close small gaps in a rule (noise, a broken scan line)
    gap = max(3, int(round(6 * scale)))
    hor = cv2.morphologyEx(hor, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    ver = cv2.morphologyEx(ver, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return hor, ver


def _segments(mask: np.ndarray, horizontal: bool) -> list[tuple[int, int, int]]:
    """(position across, start along, end along) of each rule component."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if horizontal:
            out.append((int(y + h // 2), int(x), int(x + w)))
        else:
            out.append((int(x + w // 2), int(y), int(y + h)))
    return out


def _cluster(segs: list[tuple[int, int, int]], tol: int) -> list[tuple[int, list[tuple[int, int]]]]:
    """Rules at about the same position are one boundary: (position, covered intervals)."""
    out: list[tuple[list[int], list[tuple[int, int]]]] = []
    for pos, a, b in sorted(segs):
        if out and pos - out[-1][0][-1] <= tol:
            out[-1][0].append(pos)
            out[-1][1].append((a, b))
        else:
            out.append(([pos], [(a, b)]))
    return [(int(round(sum(p) / len(p))), iv) for p, iv in out]


def _covers(intervals: list[tuple[int, int]], a: int, b: int, slack: int) -> bool:
    """Do the intervals cover at least COVER of [a, b]?"""
    if b <= a:
        return True
    got = 0
    for s, e in intervals:
        lo, hi = max(a, s - slack), min(b, e + slack)
        if hi > lo:
            got += hi - lo
    return got >= COVER * (b - a)


def find_tables(ink: np.ndarray, scale: float = 1.0) -> list[ImageTable]:
    """Tables of a deskewed page's ink mask; ``scale`` = dpi / 200."""
    hor, ver = rule_masks(ink, scale)
    rules = cv2.bitwise_or(hor, ver)
    join = max(3, int(round(8 * scale)))
    grown = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    tables: list[ImageTable] = []
    tol = max(3, int(round(8 * scale)))
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if w < 100 * scale or h < 40 * scale:
            continue
        region = labels[y:y + h, x:x + w] == i
        hs = _segments((hor[y:y + h, x:x + w] * region).astype(np.uint8), True)
        vs = _segments((ver[y:y + h, x:x + w] * region).astype(np.uint8), False)
        table = _grid(hs, vs, tol)
        if table is None:
            continue
        ys, xs, cells = table
        mask = (rules[y:y + h, x:x + w] * region).astype(np.uint8)
        shifted = tuple(Cell(c.row, c.col, c.rows, c.cols,
                             (c.box[0] + x, c.box[1] + y, c.box[2] + x, c.box[3] + y)) for c in cells)
        tables.append(ImageTable((x, y, x + w, y + h), len(ys) - 1, len(xs) - 1, shifted, mask))
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    return tables


def _grid(hs, vs, tol):
    rows_b = _cluster(hs, tol)
    cols_b = _cluster(vs, tol)
    if len(rows_b) < MIN_RULES or len(cols_b) < MIN_RULES:
        return None
    ys = [p for p, _ in rows_b]
    xs = [p for p, _ in cols_b]
    # a table cut by the page end (or start) has open rows: close them where its vertical rules end
    v_top = min(a for _, iv in cols_b for a, _ in iv)
    v_bottom = max(b for _, iv in cols_b for _, b in iv)
    if v_bottom - ys[-1] > 2 * tol:
        ys.append(v_bottom)
        rows_b.append((v_bottom, [(xs[0], xs[-1])]))
    if ys[0] - v_top > 2 * tol:
        ys.insert(0, v_top)
        rows_b.insert(0, (v_top, [(xs[0], xs[-1])]))
    nr, nc = len(ys) - 1, len(xs) - 1
    slack = tol
    # right[r][c]: a rule separates slot (r, c) from (r, c + 1); down[r][c]: from (r + 1, c)
    right = [[_covers(cols_b[c + 1][1], ys[r], ys[r + 1], slack) for c in range(nc - 1)] for r in range(nr)]
    down = [[_covers(rows_b[r + 1][1], xs[c], xs[c + 1], slack) for c in range(nc)] for r in range(nr - 1)]
    # cells: from each free top-left slot, as far right as no rule stops it, then as far down as no
    # rule crosses its whole width (always rectangles, even when a rule is broken somewhere)
    taken = [[False] * nc for _ in range(nr)]
    cells = []
    for r in range(nr):
        for c in range(nc):
            if taken[r][c]:
                continue
            c1 = c
            while c1 + 1 < nc and not right[r][c1] and not taken[r][c1 + 1]:
                c1 += 1
            r1 = r
            while r1 + 1 < nr and not any(down[r1][k] or taken[r1 + 1][k] for k in range(c, c1 + 1)):
                r1 += 1
            for rr in range(r, r1 + 1):
                for k in range(c, c1 + 1):
                    taken[rr][k] = True
            cells.append(Cell(r, c, r1 - r + 1, c1 - c + 1, (xs[c], ys[r], xs[c1 + 1], ys[r1 + 1])))
    cells.sort(key=lambda c: (c.row, c.col))
    return ys, xs, cells
