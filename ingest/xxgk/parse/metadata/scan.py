"""Run a regex only where it can match: in windows around literal anchors.

Python's ``re`` tries a pattern that does not open with a literal at every position of the text. The
metadata patterns that open with a sentence boundary or a year all contain a year ("2020年"), so a
fast scan for years gives the only places worth trying.

Exactness: ``scan(rx, text, windows, pos, endpos)`` yields exactly what ``rx.finditer(text, pos,
endpos)`` yields, provided every match ``rx`` can make at any position lies inside one of the
windows, lookahead included, and ``rx`` has no negative lookahead (a window's end only ever makes
an attempt fail, never succeed). The windows are merged where they overlap; in each merged interval
``finditer`` runs with the interval as ``pos``/``endpos`` — ``^`` and lookbehinds still see the
real text before ``pos`` — so every attempt there gives the same result as in the whole text, and
no match starts outside the intervals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

RE_YEAR_ANCHOR = re.compile(r"(?:19|20)\d\d ?年")


# A 年 with a year just before it ("2020年" / "2020 年"), found by re's literal scan for 年 and checked
# by lookbehinds: re would try RE_YEAR_ANCHOR at every 1 and 2 of the tables' digits.
_YEAR_NIAN = re.compile(r"年(?:(?<=(?:19|20)\d\d年)|(?<=(?:19|20)\d\d 年))")


@lru_cache(maxsize=8)
def year_anchors(text: str) -> tuple[tuple[int, int], ...]:
    """(start of the digits, offset of 年) of every "2020年" / "2020 年" in the text. Two can never
    overlap (each ends with its 年 and opens with a digit), so one finditer finds them all: what
    RE_YEAR_ANCHOR.finditer finds."""
    # a space before 年 means the spaced form; else the four digits stand right before it
    return tuple((k - 5 if text[k - 1] == " " else k - 4, k) for k in (m.start() for m in _YEAR_NIAN.finditer(text)))


def back_over(text: str, i: int, chars: str) -> int:
    """The start of the run of ``chars`` that ends at ``i``."""
    while i > 0 and text[i - 1] in chars:
        i -= 1
    return i


def scan(rx: re.Pattern, text: str, windows: Iterable[tuple[int, int]], pos: int = 0,
         endpos: int | None = None) -> Iterator[re.Match]:
    """``rx.finditer(text, pos, endpos)``, tried only inside ``windows``."""
    endpos = len(text) if endpos is None else min(endpos, len(text))
    cur_lo = cur_hi = -1
    for lo, hi in sorted(windows):
        lo = max(lo, pos)
        hi = min(hi, endpos)
        if lo >= hi:
            continue
        if lo <= cur_hi:
            if hi > cur_hi:
                cur_hi = hi
            continue
        if cur_hi > cur_lo:
            yield from rx.finditer(text, cur_lo, cur_hi)
        cur_lo, cur_hi = lo, hi
    if cur_hi > cur_lo:
        yield from rx.finditer(text, cur_lo, cur_hi)
