"""One table grid → pipe rows: the rendering every table reader shares (HTML DOM, PDF geometry).

A table is a list of rows of *slots* on its grid: a cell's text (``""`` for a cell that is present but
blank) or ``None`` for a slot that a row- or column-spanning cell covers. Each row becomes one line,
Markdown-like: ``| 规章 | 0 |  | 3 |``. A covered slot is an empty segment between adjacent pipes
(``||``, padding the table parser ignores); a blank cell is a whitespace segment (``|  |``, a blank the
parser keeps as a null cell). A row of covered slots only is a line of pipes.

So a blank cell survives as a blank and a merged cell as padding, and the table parser places every
value by its row label and its column, whatever format the table came from.
"""

from __future__ import annotations

from collections.abc import Sequence

Slot = str | None          # a cell's text ("" blank), or None: covered by a spanning cell
Span = tuple[int, int]     # (colspan, rowspan)


def place_spans(rows: Sequence[Sequence[tuple[str, Span | None]]]) -> list[list[Slot]]:
    """Cells in reading order, row by row, each with its (colspan, rowspan) or None for 1×1 → rows of
    slots. A cell's extra columns and the slots its rowspan covers below become ``None``; a rowspan
    is clamped to the rows the table has."""
    n_rows = len(rows)
    out: list[list[Slot]] = []
    covered: set[tuple[int, int]] = set()     # (row, column) slots under a rowspan from above
    for r, cells in enumerate(rows):
        segs: list[Slot] = []
        c = 0
        for txt, span in cells:
            while covered and (r, c) in covered:
                segs.append(None)
                c += 1
            segs.append(txt)
            if span is None:
                c += 1
                continue
            cs, rs = span[0], min(span[1], max(1, n_rows - r))
            segs.extend([None] * (cs - 1))
            for rr in range(1, rs):
                for k in range(cs):
                    covered.add((r + rr, c + k))
            c += cs
        while covered and (r, c) in covered:
            segs.append(None)
            c += 1
        out.append(segs)
    return out


def render_row(segs: Sequence[Slot]) -> str | None:
    """One row of slots as a pipe line; None for a row without slots."""
    if not any(segs):
        return "|" * len(segs) if segs else None
    # a covered slot is an empty segment ("||"), an empty cell a blank one ("|  |")
    parts = ["" if t is None else f" {t} " if t else "  " for t in segs]
    return "|" + "|".join(parts) + "|"


def render_rows(rows: Sequence[Sequence[Slot]]) -> list[str]:
    """Every row of a grid as its pipe line (rows without slots give no line)."""
    return [line for line in map(render_row, rows) if line is not None]


def slot_offsets(segs: Sequence[Slot]) -> list[int | None]:
    """Where each slot's text starts in ``render_row(segs)`` (None for covered slots and blanks), so a
    reader can map the offsets of a cell's characters back to where it found them."""
    out: list[int | None] = []
    if not any(segs):
        return [None] * len(segs)
    pos = 1                                   # after the leading '|'
    for t in segs:
        if t is None:
            out.append(None)
            pos += 1
        elif t:
            out.append(pos + 1)
            pos += len(t) + 3
        else:
            out.append(None)
            pos += 3
    return out
