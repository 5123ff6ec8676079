"""Tables drawn without ruling lines: columns from how the characters line up, where that is certain.

Some reports set their tables with spaces or tabs, or print them without borders (and a 三线表 has only
horizontal rules, which give no columns). Their rows are lines with a label and figures standing apart.
A figure must never move to a neighbouring column because a blank cell left no trace in the text, so:

1. A *figure row* is a line of a label and figures standing apart (runs split at gaps over ``GAP`` em);
   neighbouring figure rows (a few label or header lines between them at most) form a block. A block
   is a table only when its figures stand in columns (at least two columns, and half of them, hold
   figures of several rows) and no figure row has words among its figures; otherwise — a label and
   figures written one after another, as in plain text or a paragraph of cells run together — its
   lines stay text, and the table parser reads them as it reads text.
2. The block's columns are the figure runs that overlap from row to row; a header word standing over no
   figure adds a column (all its cells blank). Each figure row then has at most one figure per column,
   or the block's columns are not certain.
3. A row is certain when it has a figure in every column, and no line right next to it holds figures
   not certain themselves (the rest of a figure wrapped in a narrow column) or only label words (a
   label wrapped over lines, whose figures may stand on any of them). A blank cell leaves no trace
   without ruling lines, so a row with one is not certain. A certain row becomes a table row like a
   ruled one: its labels, then one cell per column. An uncertain row keeps its labels only — its
   figures are left out (the table parser reports the row incomplete) rather than placed by order.

Lines that are not figure rows stay prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.read.pdf_continued import Piece, Row
from xxgk.read.pdf_page import Char, Page
from xxgk.read.pdf_tables import _FIGURE
from xxgk.read.pdf_text import Line, em_of, spaced

GAP = 1.2            # em: figures and labels of a row stand further apart than this
_FIGURE_CHAR = re.compile(r"[\d/\\\-—–]")
NEAR = 3             # non-figure lines between two figure rows of one block, at most


@dataclass(slots=True)
class Block:
    """Figure rows written as table rows, standing at ``top`` of their page, and the lines they replace."""
    top: float
    rows: list[Row]
    lines: list[Line]
    uncertain: int = 0        # rows whose figures were left out


def _runs(line: Line) -> list[list[Char]]:
    """A line's characters in runs that stand apart: split at gaps over GAP em, and at any visible gap
    before or after a digit (a figure is set without gaps: "0 0" in a narrow column is two figures,
    "规章 0" a label and a figure)."""
    chars = [c for c in line.located if c is not None and c[0] != " "]
    if not chars:
        return []
    em = em_of(chars)
    out = [[chars[0]]]
    for a, b in zip(chars, chars[1:]):
        gap = b[1] - a[3]
        if gap > GAP * em or (gap > 0.25 * em and (a[0].isdigit() or b[0].isdigit())):
            out.append([b])
        else:
            out[-1].append(b)
    return out


def _text(run: list[Char]) -> str:
    return spaced(run)[0]


def _is_figure(run: list[Char]) -> bool:
    return bool(_FIGURE.fullmatch(_text(run).replace(" ", "")))


def aligned_blocks(page: Page, lines: list[Line]) -> list[Block]:
    """The blocks of figure rows among a page's prose lines (in reading order)."""
    # a figure row has a figure and a gap: its text has a digit or a blank sign, and a space
    runs = [_runs(ln) if " " in ln.text and _FIGURE_CHAR.search(ln.text) else [] for ln in lines]
    figure_row = [len(r) >= 2 and any(_is_figure(x) for x in r[1:]) for r in runs]
    blocks: list[Block] = []
    k = 0
    while k < len(lines):
        if not figure_row[k]:
            k += 1
            continue
        # the block: figure rows with at most NEAR other lines between them
        start = end = k
        gap = 0
        j = k + 1
        while j < len(lines) and gap <= NEAR:
            if figure_row[j]:
                end, gap = j, 0
            else:
                gap += 1
            j += 1
        # header lines just above the first figure row may name a column that is blank throughout
        head = max(0, start - NEAR)
        block = _block(page, lines[head:end + 1], runs[head:end + 1], figure_row[head:end + 1])
        if block is not None:
            blocks.append(block)
        k = end + 1
    return blocks


def _block(page: Page, lines: list[Line], runs: list[list[list[Char]]], figure_row: list[bool]) -> Block | None:
    """The block's rows, or None when its figures do not stand in columns (a label and figures written
    one after the other, as plain text does): such lines stay text, read as text is."""
    runs = [r if r or f else _runs(ln) for ln, r, f in zip(lines, runs, figure_row)]   # the block's other lines too
    figure_runs = [x for r, f in zip(runs, figure_row) if f for x in r if _is_figure(x)]
    columns = _columns([(x[0][1], x[-1][3]) for x in figure_runs])
    # a table's columns each hold figures of several rows
    rows_in = [{k for k, (r, f) in enumerate(zip(runs, figure_row)) if f for x in r
                if _is_figure(x) and x[0][1] < c1 and c0 < x[-1][3]} for c0, c1 in columns]
    shared = sum(len(s) >= 2 for s in rows_in)
    if sum(figure_row) < 2 or shared < 2 or 2 * shared < len(columns):
        return None
    first = min(c[0] for c in columns)
    # words standing among the figures of a figure row: a paragraph (a fused text, justified, wraps
    # labels and figures alike), not a table row; its lines stay text, every word and figure kept
    if any(f and any(x[0][1] >= first and not _is_figure(x) for x in r) for r, f in zip(runs, figure_row)):
        return None
    # a header word over no figure column: a column blank in every row
    for r, f in zip(runs, figure_row):
        if f:
            continue
        for x in r:
            x0, x1 = x[0][1], x[-1][3]
            if x0 >= first and not any(x0 < c1 and c0 < x1 for c0, c1 in columns):
                columns.append((x0, x1))
    columns.sort()
    first = columns[0][0]
    out = Block(min(ln.top for ln, f in zip(lines, figure_row) if f), [], [])
    placed: dict[int, tuple[list[list[Char]], list[list[Char] | None] | None]] = {}
    for k, (r, f) in enumerate(zip(runs, figure_row)):
        if not f:
            continue
        labels = [x for x in r if x[-1][3] <= first]
        values = [x for x in r if x[-1][3] > first]
        filled: list[list[Char] | None] = [None] * len(columns)
        slots: list[list[Char] | None] | None = filled
        for x in values:
            hit = [i for i, (c0, c1) in enumerate(columns) if x[0][1] < c1 and c0 < x[-1][3]]
            if len(hit) != 1 or filled[hit[0]] is not None or not _is_figure(x):
                slots = None
                break
            filled[hit[0]] = x
        # only a row with a figure in every column is certain (a blank cell leaves no trace)
        if slots is not None and any(x is None for x in slots):
            slots = None
        placed[k] = (labels, slots)

    def doubtful(k: int) -> bool:
        """A line that may belong to the row next to it: figures not certain themselves or a figure alone
        (the rest of a figure wrapped in a narrow column), or words among the labels only (a label
        wrapped over lines, whose figures may stand on any of them)."""
        if k in placed:
            return placed[k][1] is None
        return lines[k].x1 <= first or any(_is_figure(x) for x in runs[k])

    for k, ln in enumerate(lines):
        if k not in placed:
            continue
        labels, slots = placed[k]
        if slots is not None:
            for j in (k - 1, k + 1):
                if 0 <= j < len(lines) and abs(lines[j].top - ln.top) <= 1.6 * ln.height and doubtful(j):
                    slots = None
        row: Row = [_piece(x, page) for x in labels]
        if slots is not None:
            row.extend(_piece(x, page) for x in slots if x is not None)
        else:
            out.uncertain += 1
        out.rows.append(row)
        out.lines.append(ln)
    return out


def _columns(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """x ranges → columns: the unions of ranges that overlap."""
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _piece(run: list[Char], page: Page) -> Piece:
    text, located = spaced(run)
    return Piece(text, located, page, run[0][1], run[-1][3])
