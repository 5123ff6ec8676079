"""Table regions as the prose reader must see them: not at all.

The table side knows where each table lies ([start, end) offsets, TableExtraction.regions and
LegacyExtraction.regions). A figure next to a row label inside a table ("行政许可300",
"本年新收政府信息公开申请数量5200000 5 2") is a cell, never a prose figure: ``mask`` turns every
character of a region into a sentence end ("!", which the prose reader splits sentences at), so no
sentence reaches into a table, and every offset and line number stays where it was.
"""

from __future__ import annotations

from collections.abc import Iterable

FILL = "!"       # a sentence end for the prose reader (narrative.RE_SENT_END), not a line break


def mask(text: str, regions: Iterable[tuple[int, int]]) -> str:
    """``text`` with each region replaced by as many sentence ends (same length, same offsets, same lines)."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in regions if e > s)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        if e <= pos:
            continue
        s = max(s, pos)
        parts.append(text[pos:s])
        parts.append(FILL * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
