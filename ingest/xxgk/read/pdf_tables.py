"""Ruled tables of a PDF page: ruling lines → a grid, merged cells, and the characters of each cell.

1. Rules are merged: borders drawn twice (each cell its own, as browsers print) or in pieces (one per
   cell, as Word exports) become one line per position (``_merge``).
2. Lines that touch make one table (union-find over crossings).
3. The table's grid is every distinct x of its vertical lines and y of its horizontal lines (plus the
   ends of the lines, for tables drawn without outer borders).
4. Two neighbouring grid cells are one (merged) cell when no line separates them: a colspan has no
   vertical line through it, a rowspan no horizontal one. A merged cell is normally a rectangle; a
   browser printing a rowspan over a page break draws some borders at the wrong height, which leaves
   other shapes: any shape is one cell, its text at its first grid cell, and an empty one that is not
   a rectangle (the space around such borders) is no cell at all (padding, never a blank).
5. Every character whose centre lies in a cell belongs to it; the cell's text is its lines joined (a
   label wrapped in a narrow column reads as one label). A cell without characters is blank.

The result is the same grid an HTML table gives (xxgk.read.grid): each row a list of slots, a cell's
text at its first slot and ``None`` on the slots it covers. A cell is placed by the lines around it,
never by counting what is in the text stream, so a blank cell can never shift a value into its column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from xxgk.read.pdf_page import Char, HRule, Page, VRule
from xxgk.read.pdf_text import group_lines, joined, spaced, text_blocks

TOL = 2.0             # pt: lines this close are one line; a line this near a crossing touches it
MIN_GAP = 3.0         # pt: grid lines closer than this are one (a double border)


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    rowspan: int                     # rows and columns of the grid it reaches (its box)
    colspan: int
    size: int = 0                    # grid cells it covers: rowspan × colspan for a rectangle
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    located: list[Char | None] = field(default_factory=list)    # per character of text (None: a space)

    def slot(self) -> str | None:
        """Its grid slot: its text, "" for a blank cell, None for an empty area that is no cell (an empty
        shape other than a rectangle: the space around borders drawn out of place)."""
        if self.text or self.size == self.rowspan * self.colspan:
            return self.text
        return None

    def empty_label(self, label_columns: set[int]) -> bool:
        return not self.text and all(j in label_columns for j in range(self.col, self.col + self.colspan))


@dataclass(slots=True)
class Table:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    # rows of slots for xxgk.read.grid: the cell starting there, or None (covered)
    grid: list[list[Cell | None]] = field(default_factory=list)
    owner: list[list[Cell]] = field(default_factory=list)      # the cell each grid slot belongs to

    @property
    def regions(self) -> int:
        return len(self.cells)

    def slot_of(self, ch: Char) -> tuple[int, int]:
        """The grid cell (row, column) the centre of a character falls in."""
        cx, cy = (ch[1] + ch[3]) / 2, (ch[2] + ch[4]) / 2
        return (min(max(bisect_right(self.ys, cy) - 1, 0), len(self.ys) - 2),
                min(max(bisect_right(self.xs, cx) - 1, 0), len(self.xs) - 2))

    def slots(self) -> list[list[str | None]]:
        """Rows of slots for xxgk.read.grid.render_row."""
        return [[None if c is None else c.slot() for c in row] for row in self.grid]

    def label_columns(self) -> set[int]:
        """The grid columns of the row labels: left of every figure, and holding label words. An empty
        cell there is no blank figure but a label left empty (or a spanning label cut by a page
        break): padding."""
        first = len(self.xs) - 1
        for cell in self.cells:
            if cell.col < first and cell.text and _FIGURE.fullmatch(cell.text):
                first = cell.col
        if first == len(self.xs) - 1:          # no figure at all (a header alone): no label columns known
            return set()
        return {c.col for c in self.cells if c.col < first and c.colspan == 1 and c.text
                and not _FIGURE.fullmatch(c.text)}


def _merge(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules (position, start, end) → one rule per position, pieces that touch joined: rules within TOL
    of each other are one line (at the position of its longest piece)."""
    out: list[tuple[float, float, float]] = []
    group: list[tuple[float, float, float]] = []

    def close() -> None:
        pos = max(group, key=lambda r: r[2] - r[1])[0]
        pieces = sorted(group, key=lambda r: r[1])
        run_s, run_e = pieces[0][1], pieces[0][2]
        for _, a, b in pieces[1:]:
            if a <= run_e + TOL:
                run_e = max(run_e, b)
                continue
            out.append((pos, run_s, run_e))
            run_s, run_e = a, b
        out.append((pos, run_s, run_e))

    for rule in sorted(rules):
        if group and rule[0] - group[-1][0] > TOL:
            close()
            group = []
        group.append(rule)
    if group:
        close()
    return out


def _cluster(values: list[float]) -> list[float]:
    """Distinct positions: values closer than MIN_GAP are one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] < MIN_GAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


class _Sets:
    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.up[max(a, b)] = min(a, b)


def find_tables(page: Page) -> tuple[list[Table], list[Char]]:
    """The ruled tables of a page, and the characters outside them (prose, untabled text)."""
    hs = _merge(page.hrules)
    vs = _merge(page.vrules)
    if len(hs) < 2 or len(vs) < 2:
        return [], page.chars
    # lines that cross or touch belong to one table
    sets = _Sets(len(hs) + len(vs))
    by_y = sorted(range(len(hs)), key=lambda i: hs[i][0])
    ys_sorted = [hs[i][0] for i in by_y]
    for j, (x, top, bottom) in enumerate(vs):
        lo = bisect_right(ys_sorted, top - TOL - 0.001)
        hi = bisect_right(ys_sorted, bottom + TOL)
        for k in range(lo, hi):
            i = by_y[k]
            y, x0, x1 = hs[i]
            if x0 - TOL <= x <= x1 + TOL:
                sets.join(i, len(hs) + j)
    groups: dict[int, tuple[list[HRule], list[VRule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(sets.find(len(hs) + j), ([], []))[1].append(v)
    tables = [t for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2
              for t in [_table(page.number, *g)] if t is not None]
    if not tables:
        return [], page.chars
    tables.sort(key=lambda t: t.top)
    rest = _assign(tables, page.chars)
    # a table of one cell is a frame around text (a box), not a table: its text stays prose
    kept = []
    for t in tables:
        if t.regions <= 1:
            rest.extend(c for cell in t.cells for c in cell.chars)
        else:
            kept.append(t)
    if len(kept) != len(tables):
        rest.sort(key=lambda c: (c[2], c[1]))
    for t in kept:
        _split_glitches(t)
        for cell in t.cells:
            cell.text, cell.located = cell_text(cell.chars)
    return kept, rest


_FIGURE = re.compile(r"[-+]?[\d,.]+(?:万元|元|%|％)?|[/\\\-—–]+")


def _split_glitches(t: Table) -> None:
    """A merged cell holding separate pieces of text is several cells whose borders were not drawn: a
    browser printing a rowspan over a page break leaves shapes other than rectangles, and a missing
    line can join a figure to its label. Such a cell is split into its text blocks, each a cell of its
    own (``_anchor``); a rectangle is split only when one of its blocks is a figure (a label spaced out
    across its cell stays one)."""
    out: list[Cell] = []
    for cell in t.cells:
        rect = cell.size == cell.rowspan * cell.colspan
        if not cell.chars or (rect and cell.size == 1):
            out.append(cell)
            continue
        blocks = text_blocks(cell.chars)
        if rect and (len(blocks) < 2 or not any(_FIGURE.fullmatch("".join(c[0] for c in b)) for b in blocks)):
            out.append(cell)
            continue
        pieces: dict[tuple[int, int], Cell] = {}
        for block in blocks:
            i, j = _anchor(t, cell, block)
            piece = pieces.get((i, j))
            if piece is None:
                piece = pieces[(i, j)] = Cell(i, j, 1, 1, size=1)
            piece.chars.extend(block)
        t.grid[cell.row][cell.col] = None
        for (i, j), piece in pieces.items():
            t.grid[i][j] = piece
            out.append(piece)
        cell.chars = []
    t.cells = out


def _anchor(t: Table, cell: Cell, block: list[Char]) -> tuple[int, int]:
    """The grid cell where a block of text split out of ``cell`` stands: the column of its first character,
    in the row where the whole cells beside it start (so a label and its figures share a row even when a
    border drawn out of place cut the row in two), as far as ``cell`` reaches there."""
    first = min(block, key=lambda c: (c[2], c[1]))
    i0, j = t.slot_of(first)
    mid = (min(c[2] for c in block) + max(c[4] for c in block)) / 2
    i_mid = min(max(bisect_right(t.ys, mid) - 1, 0), len(t.ys) - 2)
    # the row most cells beside it start in (a tall label column's rowspan does not count)
    rows = Counter(o.row for o in t.owner[i_mid] if o is not cell and o.size == o.rowspan * o.colspan)
    if rows:
        r = max(rows, key=lambda k: (rows[k], k))
        if r <= i_mid and t.owner[r][j] is cell:
            return r, j
    return i0, j


def _table(page: int, hs: list[HRule], vs: list[VRule]) -> Table | None:
    xs = _cluster([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)])
    ys = _cluster([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def vline(x: float, y0: float, y1: float) -> bool:
        """Is there a vertical line at x through the middle of (y0, y1)?"""
        mid = (y0 + y1) / 2
        return any(abs(v[0] - x) <= TOL and v[1] - TOL <= mid <= v[2] + TOL for v in vs)

    def hline(y: float, x0: float, x1: float) -> bool:
        mid = (x0 + x1) / 2
        return any(abs(h[0] - y) <= TOL and h[1] - TOL <= mid <= h[2] + TOL for h in hs)

    sets = _Sets(n_rows * n_cols)
    for i in range(n_rows):
        for j in range(n_cols):
            if j + 1 < n_cols and not vline(xs[j + 1], ys[i], ys[i + 1]):
                sets.join(i * n_cols + j, i * n_cols + j + 1)
            if i + 1 < n_rows and not hline(ys[i + 1], xs[j], xs[j + 1]):
                sets.join(i * n_cols + j, (i + 1) * n_cols + j)
    # each merged cell: the grid cells no line separates; its text stands at its first one (row by row)
    owner: list[list[Cell]] = [[None] * n_cols for _ in range(n_rows)]  # type: ignore[list-item]
    by_root: dict[int, Cell] = {}
    cells: list[Cell] = []
    for i in range(n_rows):
        for j in range(n_cols):
            root = sets.find(i * n_cols + j)
            cell = by_root.get(root)
            if cell is None:
                cell = by_root[root] = Cell(i, j, 1, 1)
                cells.append(cell)
            else:
                cell.rowspan = max(cell.rowspan, i - cell.row + 1)
                cell.colspan = max(cell.colspan, j - cell.col + 1)
            cell.size += 1
            owner[i][j] = cell
    grid = [[cell if cell.row == i and cell.col == j else None for j, cell in enumerate(owner[i])]
            for i in range(n_rows)]
    return Table(page, xs[0], ys[0], xs[-1], ys[-1], xs, ys, cells, grid, owner)


def _assign(tables: list[Table], chars: list[Char]) -> list[Char]:
    """Each character inside a table to its cell; the others are returned."""
    rest: list[Char] = []
    for ch in chars:
        cx, cy = (ch[1] + ch[3]) / 2, (ch[2] + ch[4]) / 2
        for t in tables:
            if t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom:
                i, j = t.slot_of(ch)
                t.owner[i][j].chars.append(ch)
                break
        else:
            rest.append(ch)
    return rest


def cell_text(chars: list[Char]) -> tuple[str, list[Char | None]]:
    """The text of a cell: its lines top to bottom joined without a break (a label wrapped in a narrow
    column is one label), with where each character was drawn."""
    if not chars:
        return "", []
    return joined([spaced(cs) for cs in group_lines(chars)])
