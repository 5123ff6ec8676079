"""Matching the narrative patterns fast: each pattern runs only in small windows around a literal anchor.

Python's re tries a pattern that does not open with a literal at every position; these patterns are run
only in small windows around a literal anchor found by a fast literal scan. Inside a window a pattern is
tried only where one of its opening words stands (``starts``; lookbehinds are zero-width): see finditer.
Patterns register their windows here when they are defined (xxgk.parse.narrative.patterns).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

_WINDOWS: dict[str, tuple[str, int, int]] = {}
_STARTS: dict[str, tuple[str, ...]] = {}
_FINDERS: dict[str, tuple[re.Pattern, ...]] = {}


def window(rx: re.Pattern, anchors: str, before: int, after: int, starts: tuple[str, ...] = (),
            finders: tuple[re.Pattern, ...] = ()) -> re.Pattern:
    """``starts``: every match of ``rx`` opens with one of these words (none given: try every position).
    ``finders``: patterns opening with a literal that together match at least wherever ``rx`` matches
    (``rx`` with its lookbehinds dropped, one per opening word): found by re's literal scan instead of
    trying ``rx`` at each of many opening words (see _live)."""
    _WINDOWS[rx.pattern] = (anchors, before, after)
    if starts:
        _STARTS[rx.pattern] = starts
    if finders:
        _FINDERS[rx.pattern] = finders
    return rx


# Patterns run over the whole text (no window) whose every match opens with one of a few words and
# that have no lookbehind: re would try them at every position, finditer only where a word stands.
_OPENING: dict[str, tuple[str, ...]] = {}


def opening(rx: re.Pattern, words: tuple[str, ...]) -> re.Pattern:
    _OPENING[rx.pattern] = words
    return rx


@lru_cache(maxsize=64)
def _anchor_re(anchors: str) -> re.Pattern:
    return re.compile(anchors)



@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern, dict[str, tuple[tuple[int, str], ...]]]:
    """The words whose every offset is needed, as one alternation (longest first), and for each word the
    (offset, word) pairs that can start inside it (政策解读 holds 解读; 接收 + 收到): the opening words
    of the patterns tried at them (no finders), the anchors of patterns without opening words, and
    anchors that can overlap one another. The other anchors ("公开", ~60 a report) are looked up only
    near a match (_near_anchors)."""
    words = {w for rx, ws in _STARTS.items() if rx not in _FINDERS for w in ws}
    for rx, (a, _, _) in _WINDOWS.items():
        if rx not in _STARTS or not _disjoint(a):
            words |= set(a.split("|"))
    ordered = sorted(words, key=lambda w: (-len(w), w))
    inner = {}
    for w in ordered:
        inner[w] = tuple((k, u) for k in range(len(w)) for u in ordered
                         if u != w and (u.startswith(w[k:]) or w[k:].startswith(u)))
    return re.compile("|".join(map(re.escape, ordered))), inner


@lru_cache(maxsize=4)
def _positions(text: str) -> dict[str, list[int]]:
    """word -> its offsets in ``text``, overlapping ones included, for the words of _words(), from one
    scan: a plain literal scan per word costs about as much as this one alternation scan per word."""
    rx, inner = _words()
    out: dict[str, list[int]] = {}
    touched = set()
    for m in rx.finditer(text):
        w = m.group()
        s = m.start()
        if w in out:
            out[w].append(s)
        else:
            out[w] = [s]
        for k, u in inner[w]:             # words starting inside this match (found in offset order)
            if text.startswith(u, s + k):
                touched.add(u)
                if u in out:
                    out[u].append(s + k)
                else:
                    out[u] = [s + k]
    for u in touched:                     # an inner offset can repeat one the scan found, or come late
        v = out[u]
        if len(v) > 1 and any(v[i] >= v[i + 1] for i in range(len(v) - 1)):
            v[:] = sorted(set(v))
    return out


def _literal_at(word: str, text: str) -> list[int]:
    """Offsets of ``word`` in ``text`` (none of the words overlaps itself)."""
    if word in _words()[1]:
        return _positions(text).get(word, [])
    return _find_all(word, text, 0, len(text))


def _find_all(word: str, text: str, lo: int, hi: int) -> list[int]:
    """Offsets of ``word`` starting in [lo, hi)."""
    out = []
    p = text.find(word, lo, hi + len(word) - 1)
    while p >= 0:
        out.append(p)
        p = text.find(word, p + 1, hi + len(word) - 1)
    return out


def _anchors(anchors: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of what ``re.finditer(anchors, text)`` finds: leftmost first, not overlapping.
    ``anchors`` is an alternation of words none of which is a prefix of another."""
    words = anchors.split("|")
    if len(words) == 1:
        w = len(anchors)
        return [(p, p + w) for p in _literal_at(anchors, text)]
    found = sorted((p, p + len(w)) for w in words for p in _literal_at(w, text))
    out: list[tuple[int, int]] = []
    last = -1
    for s, e in found:
        if s >= last:
            out.append((s, e))
            last = e
    return out


@lru_cache(maxsize=64)
def _disjoint(anchors: str) -> bool:
    """Whether no two occurrences of these words can overlap (no word holds another, and no word's end
    is another's beginning): then every occurrence is an anchor, whatever stands before it."""
    words = anchors.split("|")
    return not any(u != v and v in u or any(u.endswith(v[:k]) for k in range(1, len(v)))
                   for u in words for v in words)


def _near_anchors(anchors: str, text: str, live: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """The anchors (as from _anchors, in order) whose window [s - before, e + after) can hold one of the
    ``live`` offsets p, i.e. s in [p - after - len(word) + 1, p + before]; maybe a few more."""
    if not _disjoint(anchors):
        found = _anchors(anchors, text)
        w = max(map(len, anchors.split("|")))
        a_starts = [s for s, _ in found]
        near: set[int] = set()
        for p in live:
            near.update(range(bisect_left(a_starts, p - after - w + 1), bisect_right(a_starts, p + before)))
        return [found[k] for k in sorted(near)]
    out: set[tuple[int, int]] = set()
    for wd in anchors.split("|"):
        w = len(wd)
        for p in live:
            for q in _find_all(wd, text, max(0, p - after - w + 1), p + before + 1):
                out.add((q, q + w))
    return sorted(out)


def finditer(rx: re.Pattern, text: str) -> Iterator[re.Match]:
    """For each anchor in text order, ``rx.finditer`` over the window around it, clipped to where the
    previous match ended (a window's end can cut a match short or make it fail).

    With ``starts`` known, a window's finditer is reproduced without re-scanning it: ``rx`` is tried
    only where one of its opening words stands, and each such position is tried once in the whole
    text. No match there in the whole text means none in any window (a window only cuts the text
    short, and none of these patterns has a negative lookahead); a whole-text match that fits in the
    window is the window's match (every branch tried before it failed in the whole text, so fails in
    the window); one that does not fit is tried again with the window's end. So only the offsets with
    a whole-text match ("live") matter, and only the anchors whose window can hold one: the others
    yield nothing and leave ``last_end`` as it was. Live offsets are few (a figure needs a number
    right after its words), anchors many ("公开" ~60 times a report)."""
    spec = _WINDOWS.get(rx.pattern)
    if spec is None:
        words = _OPENING.get(rx.pattern)
        if words is None:
            yield from rx.finditer(text)
            return
        # finditer's matches: the first match at or after the previous one's end, and a match can
        # only start where one of the words stands
        last_end = 0
        for p in sorted(p for w in words for p in _find_all(w, text, 0, len(text))):
            if p >= last_end and (m := rx.match(text, p)) is not None:
                last_end = m.end()
                yield m
        return
    anchors, before, after = spec
    starts = _STARTS.get(rx.pattern)
    n = len(text)
    last_end = -1
    if starts is None:
        for s, e in _anchors(anchors, text):
            lo = max(0, s - before, last_end)
            for m in rx.finditer(text, lo, min(n, e + after)):
                if m.start() >= last_end:
                    last_end = m.end()
                    yield m
        return
    full = _live(rx, text, starts)
    if not full:
        return
    live = sorted(full)
    near = _near_anchors(anchors, text, live, before, after)
    match = rx.match
    nl = len(live)
    for s, e in near:
        lo = max(0, s - before, last_end)
        hi = min(n, e + after)
        i = bisect_left(live, lo)
        while i < nl and live[i] < hi:
            p = live[i]
            i += 1
            if p < lo:
                continue
            m = full[p]
            if m.end() > hi:
                m = match(text, p, hi)
                if m is None:
                    continue
            last_end = lo = m.end()
            yield m


def _live(rx: re.Pattern, text: str, starts: tuple[str, ...]) -> dict[int, re.Match]:
    """offset -> ``rx.match(text, offset)`` for every offset where that is not None."""
    match = rx.match
    out: dict[int, re.Match] = {}
    finders = _FINDERS.get(rx.pattern)
    if finders:
        # each finder matches wherever rx does (and maybe elsewhere) and opens with a literal, so re's
        # literal scan skips to it in C; rx.match decides
        for f in finders:
            search = f.search
            q = 0
            while (fm := search(text, q)) is not None:
                p = fm.start()
                if p not in out and (m := match(text, p)) is not None:
                    out[p] = m
                q = p + 1
        return out
    for wd in starts:
        for p in _literal_at(wd, text):
            if p not in out and (m := match(text, p)) is not None:
                out[p] = m
    return out

