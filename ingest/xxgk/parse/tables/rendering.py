"""What a text shows of how its tables were rendered: whether a label spanning several columns leaves
empty filler cells after it, whether empty cells are left out, whether they are kept.

One converter wrote all the tables of a text, so what one row shows holds for all of them. The
short-row reader (shortrows.py) needs it: a row with fewer cells than its template lost empty cells
only where the rendering may drop them, and a blank right after a label is a cell or filler.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from xxgk.parse.tables.assemble import Seg
from xxgk.parse.tables.identities import table_era
from xxgk.parse.tables.shortrows import dropped_for_certain, leading_blanks
from xxgk.parse.tables.templates import Row, Table
from xxgk.parse.tables.tokens import KIND, TEXT, Tok


MIN_SPANNING = 3


class Rendering(NamedTuple):
    pads: bool = False      # a label spanning k columns leaves k-1 empty cells after it: a row shows
                            # that many surplus blanks right after its label, or all such rows do
    drops: bool = False     # empty cells are left out: a row, not cut by the end of the text, shows
                            # fewer cells than its template and merged digits cannot fill it
    keeps: bool = True      # empty cells are kept: an empty cell after a figure, or more empty cells
                            # after a label than its filler


def filler(seg: Seg, row: Row, cells: Sequence[Tok] | None = None) -> int:
    """The most leading blanks of ``seg`` (or of ``cells``, its cells as read) that can be its
    label's filler."""
    if seg.label is None:
        return 0
    return min(leading_blanks(seg.cells if cells is None else cells), row.label_span - 1)


def rendering(segs: list[Seg], tables: dict[str, Table]) -> Rendering:
    rows = [(seg, tables[seg.table]) for seg in segs if not seg.lost and seg.cells]
    pads = False
    spanning = []                   # rows whose label spans columns: is the filler there?
    for seg, table in rows:
        row = table.rows[seg.row]
        surplus = len(seg.cells) - len(row.keys)
        if 0 < surplus <= filler(seg, row):
            pads = True
            break
        if row.label_span > 1 and seg.label is not None:
            spanning.append(leading_blanks(seg.cells) == row.label_span - 1)
    # or every spanning label (three at least) is followed by just its filler's blanks: real empty
    # cells would not fall so
    pads = pads or (len(spanning) >= MIN_SPANNING and all(spanning))
    keeps = False
    for seg, table in rows:
        row = table.rows[seg.row]
        cells = seg.cells[filler(seg, row):] if pads else seg.cells
        if (seg.end != "eot" and 0 < len(cells) < len(row.keys) and any(c[KIND] == "num" for c in cells)
                and dropped_for_certain(cells, row.keys, table_era(table))):
            return Rendering(pads=pads, drops=True, keeps=False)
        if not keeps:
            lead = leading_blanks(cells)
            keeps = lead > (0 if pads else row.label_span - 1) or any(
                c[KIND] == "null" and not c[TEXT] for c in cells[lead:])
    return Rendering(pads=pads, keeps=keeps)
