"""One table grid → the pipe rows the table parser reads. Shared by every reader that sees real table
structure (HTML, Word, PDF geometry), so a table reads the same whatever format carried it.

A grid row is a list of segments in column order: a cell's text (whitespace already collapsed),
``""`` for a cell that is there but empty (a blank cell: unknown, never zero), or ``None`` for a
slot that a merged cell from the left or from above covers (no cell of its own).

- ``| 规章 | 0 |  |`` — a row: cells between pipes; a blank cell is a whitespace segment ``|  |``;
- ``|| 2.其他 | 1 |`` — a covered slot is an empty segment (adjacent pipes), padding the table parser
  ignores, so a merged label never shifts the values after it;
- a row without any text is a run of pipes (one per slot), which the parser reads as padding.

A *layout table* (a cell holds a table: a page laid out in a table) is read by ``layout_text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Segment = str | None
"""A grid slot: cell text, ``""`` for a blank cell, ``None`` for a slot covered by a merged cell."""


def grid_row_line(segs: Sequence[Segment]) -> str | None:
    """The pipe-row text of one grid row; None for a row without slots (nothing to write)."""
    if not any(segs):
        return "|" * len(segs) if segs else None
    return "|" + "|".join(["" if t is None else f" {t} " if t else "  " for t in segs]) + "|"


def grid_lines(rows: Iterable[Sequence[Segment]]) -> list[str]:
    """The pipe rows of a table, one line per grid row that has slots."""
    out: list[str] = []
    for segs in rows:
        line = grid_row_line(segs)
        if line is not None:
            out.append(line)
    return out


LayoutRow = tuple[Sequence[Segment], Sequence[str], bool]
"""A row of a layout table: its grid segments, the text of each of its cells (lines kept, in the order
of the segments that are not None), and whether a cell of the row holds a table."""


def layout_text(rows: Iterable[LayoutRow]) -> str:
    """A layout table's text. A row holding a table, or with a single cell, becomes blocks: each cell's
    own lines (empty cells dropped), blocks separated by blank lines. Any other row keeps its grid as a
    pipe row: a data row laid out inside a layout table keeps its blank cells in their columns (as
    blocks, a blank cell would vanish and the values after it would shift under the wrong columns)."""
    pieces: list[str] = []
    grid: list[str] = []                  # consecutive grid rows, one piece
    for segs, blocks, nested in rows:
        if not nested and sum(s is not None for s in segs) > 1:
            line = grid_row_line(segs)
            if line is not None:
                grid.append(line)
            continue
        if grid:
            pieces.append("\n".join(grid))
            grid = []
        pieces.extend(b for b in blocks if b)
    if grid:
        pieces.append("\n".join(grid))
    return "\n\n".join(pieces)
