"""Where the characters of an extracted text were on the pages of the file (provenance for PDF figures).

A reader that builds text from a laid-out document (PDF) records, for every character it took from a
page, its offset in the text, the page and its box; characters it added (spaces, line breaks, the
pipes of a table row) have none. ``Locations.box(start, end)`` answers "where is text[start:end]?":
the page of its first located character and the box around all of them on that page.

The parser never sees this: it stays a pure function of the text, and figures are located afterwards
from their spans (``xxgk extract`` prints them, the ingest stores them in raw.facts.page / bbox).
Boxes are in points from the top-left corner of the page as a viewer shows it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Locations:
    offsets: array = field(default_factory=lambda: array("i"))     # text offset of each located character
    pages: array = field(default_factory=lambda: array("h"))       # its 1-based page
    boxes: array = field(default_factory=lambda: array("f"))       # x0, top, x1, bottom (4 per character)

    def add(self, offset: int, page: int, box: Box) -> None:
        self.offsets.append(offset)
        self.pages.append(page)
        self.boxes.extend(box)

    def __len__(self) -> int:
        return len(self.offsets)

    def box(self, start: int, end: int) -> tuple[int, Box] | None:
        """(page, box) of the located characters of text[start:end], or None when it has none. A span
        across a page break gets the part on its first page."""
        i = bisect_left(self.offsets, start)
        j = bisect_left(self.offsets, max(end, start + 1))
        if i >= j:
            return None
        page = self.pages[i]
        b = self.boxes
        x0, top, x1, bottom = b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]
        for k in range(i + 1, j):
            if self.pages[k] != page:
                break
            x0, top = min(x0, b[4 * k]), min(top, b[4 * k + 1])
            x1, bottom = max(x1, b[4 * k + 2]), max(bottom, b[4 * k + 3])
        return page, (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))
