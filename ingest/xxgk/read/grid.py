"""One table grid → the pipe rows the table parser reads. Shared by every reader that sees real table
structure (HTML, Word, PDF geometry), so a table reads the same whatever format carried it.

A grid row is a list of segments in column order: a cell's text (whitespace already collapsed),
``""`` for a cell that is there but empty (a blank cell: unknown, never zero), or ``None`` for a
slot that a merged cell from the left or from above covers (no cell of its own).

- ``| 规章 | 0 |  |`` — a row: cells between pipes; a blank cell is a whitespace segment ``|  |``;
- ``|| 2.其他 | 1 |`` — a covered slot is an empty segment (adjacent pipes), padding the table parser
  ignores, so a merged label never shifts the values after it;
- a row without any text is a run of pipes (one per slot), which the parser reads as padding.
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
