"""The readable sentences of a report's prose, found on demand around the offsets asked about."""

from __future__ import annotations

import re
from bisect import bisect_right

from xxgk.parse.narrative.patterns import RE_SENT_END, RE_YEAR_START

def sentences(text: str, report_year: int | None) -> Sentences:
    return Sentences(text, report_year)


def sents_with(rx: re.Pattern, text: str, sents: Sentences) -> list[tuple[int, int]]:
    """The sentences (in order) in which ``rx`` matches, found by one scan of the text."""
    out: list[tuple[int, int]] = []
    for m in rx.finditer(text):
        se = sents.at(m.start())
        if se is not None and (not out or out[-1] != se):
            out.append(se)
    return out


def clause_head(text: str, sent: tuple[int, int], pos: int) -> str:
    head = text[sent[0]:pos]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"))
    return head[cut + 1:]


# The longest run between sentence ends read as a sentence. Real ones stay under ~500 characters
# (longest in the sample: 471); a longer run is a text whose punctuation was lost, and reading figures
# from it would cost time quadratic in its length (each figure looks back over its sentence).
MAX_SENTENCE = 2_000


class Sentences:
    """The readable sentences: the runs of 2+ characters between sentence ends (RE_SENT_END), except
    table rows (a run with a "|" that is shorter than 60 or holds 2+ of them) and, given the report
    year, runs opening with another year. Found on demand around the offsets asked about: a report
    asks about a few dozen, and holds a few hundred runs (every table line is one). Each run found is
    kept, so no run is scanned twice however many offsets fall in it (a hostile single-line text)."""

    __slots__ = ("text", "n", "year", "rev", "_starts", "_ends", "_ok")

    def __init__(self, text: str, report_year: int | None):
        self.text = text
        self.n = len(text)
        self.year = report_year
        self.rev: str | None = None       # the text reversed: re finds the sentence end before an offset
        self._starts: list[int] = []      # the runs found so far, in text order, and whether readable
        self._ends: list[int] = []
        self._ok: list[bool] = []

    def _run(self, pos: int) -> tuple[int, int, bool]:
        """[s, e) of the run of non-sentence-end characters holding ``pos`` ((pos, pos) on a sentence
        end), and whether it is a readable sentence."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self._ends[i]:
            return self._starts[i], self._ends[i], self._ok[i]
        m = RE_SENT_END.search(self.text, pos)
        e = m.start() if m else self.n
        if e == pos:
            return pos, pos, False
        if self.rev is None:
            self.rev = self.text[::-1]
        m = RE_SENT_END.search(self.rev, self.n - pos)
        s = self.n - m.start() if m else 0
        ok = self._readable(s, e)
        self._starts.insert(i + 1, s)
        self._ends.insert(i + 1, e)
        self._ok.insert(i + 1, ok)
        return s, e, ok

    def _readable(self, s: int, e: int) -> bool:
        if e - s < 2 or e - s > MAX_SENTENCE:
            return False
        text = self.text
        if text.find("|", s, e) >= 0 and (e - s < 60 or text.count("|", s, e) >= 2):
            return False
        if self.year:
            ym = RE_YEAR_START.match(text[s:e])
            if ym and int(ym.group(1)) != self.year:
                return False
        return True

    def at(self, pos: int) -> tuple[int, int] | None:
        """The readable sentence holding offset ``pos``."""
        s, e, ok = self._run(pos)
        return (s, e) if ok else None

    def of(self, start: int, end: int) -> tuple[int, int] | None:
        """The readable sentence holding the (non-empty) span [start, end)."""
        se = self.at(start)
        return se if se is not None and end <= se[1] else None

    def after(self, e: int) -> tuple[int, int] | None:
        """The first readable sentence starting at ``e`` (a sentence end, or the end of the text) or later,
        if only " \t。" stand between."""
        text, n = self.text, self.n
        p = e
        while p < n:
            s, t, ok = self._run(p)
            if s == t:                    # a sentence end
                if text[p] not in " \t。":
                    return None
                p += 1
            elif ok:
                return s, t
            elif text[s:t].strip(" \t。"):
                return None
            else:
                p = t
        return None

