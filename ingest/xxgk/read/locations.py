"""Where the characters of an extracted text were on the pages of the file (provenance for PDF figures).

A reader that builds text from a laid-out document (PDF) records, for each piece of text it writes
(a line, a table cell), its offset in the text, its page and, per character, the box it was drawn in;
characters it added (spaces, line breaks, the pipes of a table row) have none. ``Locations.box(start,
end)`` answers "where is text[start:end]?": the page of its first located character and the box around
all of them on that page.

The parser never sees this: it stays a pure function of the text, and figures are located afterwards
from their spans (``xxgk extract`` prints them, the ingest stores them in raw.facts.page / bbox).
Boxes are in points from the top-left corner of the page as a viewer shows it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Protocol, Sequence

Box = tuple[float, float, float, float]
Located = Sequence[tuple | None]          # per character: (text, x0, top, x1, bottom) or None


class PageFrame(Protocol):
    number: int
    turn: int
    rotate: int

    def display_box(self, x0: float, top: float, x1: float, bottom: float) -> Box: ...


class Locations:
    __slots__ = ("_starts", "_pieces")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._pieces: list[tuple[PageFrame, Located]] = []

    def add(self, offset: int, page: PageFrame, located: Located) -> None:
        """text[offset + k] was drawn at located[k] on ``page`` (pieces are added in text order)."""
        if located:
            self._starts.append(offset)
            self._pieces.append((page, located))

    def extend(self, other: "Locations", offset: int) -> None:
        """Append ``other``'s pieces, whose offsets count from ``offset`` in this text."""
        self._starts.extend(s + offset for s in other._starts)
        self._pieces.extend(other._pieces)

    def __len__(self) -> int:
        return sum(1 for _, located in self._pieces for c in located if c is not None)

    def box(self, start: int, end: int) -> tuple[int, Box] | None:
        """(page number, box) of the located characters of text[start:end], or None when it has none. A
        span across a page break gets the part on its first page."""
        end = max(end, start + 1)
        k = max(bisect_right(self._starts, start) - 1, 0)
        page: PageFrame | None = None
        x0 = top = float("inf")
        x1 = bottom = float("-inf")
        while k < len(self._starts) and self._starts[k] < end:
            pstart = self._starts[k]
            pg, located = self._pieces[k]
            k += 1
            if page is not None and pg is not page:
                break
            for ch in located[max(0, start - pstart):max(0, end - pstart)]:
                if ch is None:
                    continue
                page = pg
                x0, top = min(x0, ch[1]), min(top, ch[2])
                x1, bottom = max(x1, ch[3]), max(bottom, ch[4])
        if page is None:
            return None
        if page.turn != page.rotate:
            x0, top, x1, bottom = page.display_box(x0, top, x1, bottom)
        return page.number, (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


def fact_places(locations: Locations | None, facts: Sequence) -> list[tuple[int, Box] | None]:
    """(page, box) of each fact (anything with a ``span``: start/end into the text), None where unknown."""
    if locations is None:
        return [None] * len(facts)
    return [None if f.span is None else locations.box(f.span.start, f.span.end) for f in facts]
