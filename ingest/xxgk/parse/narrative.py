"""Figures stated in prose (narrative.* keys). Contract: ``extract_narrative(norm_text) -> NarrativeExtraction``.

Each figure keeps the sentence it came from (Fact.sentence, placement "prose"). Counts written as
"300余条" are approximate. Negations ("未收到…申请", "未发生…行政复议") are 0. A sentence dated to
another year than the report's ("2019年,成立了…配备了1名工作人员" in a 2020 report) is not read.
Doubts found on the way become findings: two different totals for the same thing
(narrative_conflict), listed parts that do not add up (parts_sum_mismatch), a 万 that makes a count
absurd (implausible_magnitude), a total with its number missing (missing_number). The value is
always kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from bisect import bisect_left, bisect_right
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal

from xxgk.parse.damage import blank_spam
from xxgk.parse.metadata.gazetteer import MAX_LEN, find_places
from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.tables.regions import mask as mask_tables

# Python's re tries a pattern that does not open with a literal at every position; these patterns
# are run only in small windows around a literal anchor found by a fast literal scan. Inside a window a
# pattern is tried only where one of its opening words stands (``starts``; lookbehinds are zero-width):
# see _finditer.
_WINDOWS: dict[str, tuple[str, int, int]] = {}
_STARTS: dict[str, tuple[str, ...]] = {}
_FINDERS: dict[str, tuple[re.Pattern, ...]] = {}


def _window(rx: re.Pattern, anchors: str, before: int, after: int, starts: tuple[str, ...] = (),
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
# that have no lookbehind: re would try them at every position, _finditer only where a word stands.
_OPENING: dict[str, tuple[str, ...]] = {}


def _opening(rx: re.Pattern, words: tuple[str, ...]) -> re.Pattern:
    _OPENING[rx.pattern] = words
    return rx


@lru_cache(maxsize=64)
def _anchor_re(anchors: str) -> re.Pattern:
    return re.compile(anchors)


NUM = r"(?P<approx1>近|约|超过)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*(?P<approx>余|多)?\s*"
_NOPUNCT = r"[^,。;:\d!?|]"
_TOTAL = r"(?:共|共计|达|合计|总计|累计)?"

RE_SENT_END = re.compile(r"[。!?\n]")
RE_YEAR_START = re.compile(r"^\s*(?:\(?[一二三四五六七八九十\d]+[)、.]\s*)?(?:截至|截止|在)?((?:19|20)\d\d) ?年")

# proactive disclosure total
RE_STRONG = _window(re.compile(rf"主动{_NOPUNCT}{{0,20}}?公开(?P<what>{_NOPUNCT}{{0,60}}?){_TOTAL}{NUM}(?P<unit>条次|条)"), "主动", 0, 110, ("主动",))
_WEAK_REST = rf"(?P<what>{_NOPUNCT}{{0,14}}?(?:信息|政务信息|政府信息)){_TOTAL}{NUM}(?P<unit>条次|条)"
RE_WEAK = _window(re.compile(rf"(?<!申请)(?<!不予)(?<!部分)(?P<verb>公开|录入){_WEAK_REST}"), "公开|录入", 4, 45,
                  ("公开", "录入"), finders=(re.compile("公开" + _WEAK_REST), re.compile("录入" + _WEAK_REST)))
RE_MISSING_OPEN = re.compile(r"共|累计|合计")
RE_MISSING = re.compile(r"(?:共|共计|累计|合计)(?:主动)?(?P<verb>公开|发布|收到|受理)[^\d,。;]{0,6}?(?:条|件)(?=[,。;、其])")
# what every RE_MISSING match opens with (and a little more): a cheap whole-text test before the pattern
RE_MISSING_HEAD = re.compile(r"(?:共|累计|合计)计?(?:主动)?(?:公开|发布|收到|受理)")
# other figures
RE_INTERP = _window(re.compile(
    rf"(?<![及和与])(?:政策解读|(?<!政策)解读)(?:稿件|信息|文章|材料)?(?:发布)?{_TOTAL}{NUM}(?P<unit>条|篇|件|期)"), "解读", 4, 30, ("政策解读", "解读"))
RE_NORMATIVE = _window(re.compile(rf"(?:行政)?规范性文件{_TOTAL}{NUM}(?P<unit>件|条|个|份)"), "规范性文件", 3, 25, ("行政规范性文件", "规范性文件"))
RE_APPLY = _window(re.compile(
    rf"(?:收到|受理|新收|接到|接收)(?P<what>{_NOPUNCT}{{0,30}}?申请{_NOPUNCT}{{0,6}}?){_TOTAL}{NUM}"
    rf"(?P<unit>件|条|个|封|宗|份)"), "收到|受理|新收|接到|接收", 0, 75, ("收到", "受理", "新收", "接到", "接收"))
RE_APPLY2 = _window(re.compile(rf"(?:收到|受理|接到){NUM}(?P<unit>件|封|个|份)[^,。;\d]{{0,4}}申请"), "收到|受理|接到", 0, 30, ("收到", "受理", "接到"))
RE_APPLY_ZERO = _window(re.compile(
    r"(?:未|没有)(?:收到|受理|接到)[^,。;\d]{0,15}?申请"
    r"|无(?:依申请公开|政府信息公开申请|信息公开申请)(?:事项|情况|件)?"), "申请", 30, 16, ("未", "没有", "无"))
RE_REVIEW = _window(re.compile(rf"行政复议(?:案件|申请|案)?{_TOTAL}{NUM}(?P<unit>件|起|宗|次|个)"), "行政复议", 0, 30, ("行政复议",))
RE_SUIT = _window(re.compile(rf"行政诉讼(?:案件|案)?{_TOTAL}{NUM}(?P<unit>件|起|宗|次|个)"), "行政诉讼", 0, 30, ("行政诉讼",))
RE_NEG = re.compile(r"未|没有|无")
RE_FEE_ZERO = _window(re.compile(r"(?:无|未|没有|不)[^。;\d]{0,25}?(?:收费|收取[^,。;\d]{0,8}?(?:费用|处理费))"), "收费|费用|处理费", 45, 3, ("无", "未", "没有", "不"))
RE_FEE = _window(re.compile(rf"(?:收取|收费)(?:费用|信息处理费|金额)?{_TOTAL}{NUM}(?P<unit>万元|元)"), "收取|收费", 0, 30, ("收取", "收费"))
RE_STAFF = _window(re.compile(rf"{NUM}名(?:专职|兼职|专兼职|专\(兼\)职)?(?:工作人员|人员|信息员|专干)"), "名", 22, 12)
RE_STAFF2 = _window(re.compile(rf"(?:工作人员|专职人员|兼职人员|人员)(?:总计|共|共计|合计)?{NUM}(?P<unit>名|人)(?!次)"), "人员", 0, 30)
RE_SUM_TOTAL = _opening(re.compile(rf"(?:共|共计|累计|合计){_NOPUNCT}{{0,16}}?{NUM}(?P<unit>条次|条)"),
                        ("共", "累计", "合计"))
CHANNEL_WORDS = ("网站", "微信", "微博", "公众号", "宣传栏", "报刊", "报纸", "显示屏", "电子屏", "广播", "电视",
                 "新媒体", "客户端", "头条")


@dataclass(slots=True)
class NarrativeExtraction:
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class _Hit:
    value: Decimal | int
    raw: str
    start: int
    end: int
    sent: tuple[int, int]
    approximate: bool
    mult: str | None
    clause_head: str      # the clause up to and including the figure
    lead: str             # the clause before the figure's phrase
    in_parts: bool        # the figure is one of the parts listed after "其中"


def _number(m: re.Match) -> tuple[Decimal | int, bool, str | None]:
    d = Decimal(m.group("num").replace(",", ""))
    mult = m.group("mult")
    if mult == "万":
        d *= 10000
    elif mult == "亿":
        d *= 100000000
    v: Decimal | int = int(d) if d == d.to_integral_value() else d
    return v, bool(m.group("approx") or m.group("approx1")), mult


def _sentences(text: str, report_year: int | None) -> "_Sents":
    return _Sents(text, report_year)


def _sents_with(rx: re.Pattern, text: str, sents: "_Sents") -> list[tuple[int, int]]:
    """The sentences (in order) in which ``rx`` matches, found by one scan of the text."""
    out: list[tuple[int, int]] = []
    for m in rx.finditer(text):
        se = sents.at(m.start())
        if se is not None and (not out or out[-1] != se):
            out.append(se)
    return out


def _clause_head(text: str, sent: tuple[int, int], pos: int) -> str:
    head = text[sent[0]:pos]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"))
    return head[cut + 1:]


# The longest run between sentence ends read as a sentence. Real ones stay under ~500 characters
# (longest in the sample: 471); a longer run is a text whose punctuation was lost, and reading figures
# from it would cost time quadratic in its length (each figure looks back over its sentence).
MAX_SENTENCE = 2_000
# At most this many prose statements of one count are compared pairwise for a contradiction.
MAX_COMPARED = 64


class _Sents:
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


def _finditer(rx: re.Pattern, text: str):
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


def _hits(rx: re.Pattern, text: str, sents: _Sents) -> list[_Hit]:
    out = []
    for m in _finditer(rx, text):
        if m.group("num") is None:
            continue
        se = sents.of(m.start(), m.end())
        if se is None:
            continue
        s, e = se
        v, approx, mult = _number(m)
        head = _clause_head(text, se, m.start())
        before = text[s:m.start()]
        in_parts = "其中" in before or head.lstrip().startswith("其中") or "分别" in before
        out.append(_Hit(v, m.group(0), m.start(), m.end(), se, approx, mult, head + m.group(0), head, in_parts))
    return out


def _parts(text: str, hit: _Hit, sents: _Sents) -> list[int]:
    """Numbers listed after "其中" following a total (same sentence, or the next one opening with 其中)."""
    s, e = hit.sent
    seg = text[hit.end:e]
    if "其中" not in seg[:6]:
        if "其中" in seg:
            return []
        nxt = sents.after(e)
        if nxt is None:
            return []
        ns, ne = nxt
        if not text[ns:ne].lstrip().startswith("其中"):
            return []
        seg = text[ns:ne]
    # stop where a new total starts (";共…")
    stop = re.search(r";\s*(?:共|全年|累计)", seg)
    if stop:
        seg = seg[: stop.start()]
    seg = re.sub(r"\([^()]*\)", "", seg)
    return [int(x.group(1)) for x in re.finditer(r"(?<![\d.])(\d+)\s*(?:条次|条|篇|件)", seg)]


def _place_at(text: str, pos: int) -> bool:
    """Whether a division's name starts at ``pos``: the 未 of 未央区 negates nothing."""
    return any(h.start == pos for h in find_places(text, pos, min(len(text), pos + MAX_LEN)))


def _fact(key: str, h: _Hit, text: str, unit: str | None = None) -> Fact:
    s, e = h.sent
    return Fact(key, h.value, h.raw.strip(), Span.of(text, h.start, h.end), "prose", approximate=h.approximate,
                unit=unit, sentence=text[s:e].strip())


def _zero_fact(key: str, m: re.Match, sent: tuple[int, int], text: str) -> Fact:
    s, e = sent
    return Fact(key, 0, m.group(0), Span.of(text, m.start(), m.end()), "prose", sentence=text[s:e].strip())


def _common(a: str, b: str, n: int = 4) -> bool:
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


# The most items a body of each level and kind can plausibly state in one count for one year, when the
# count is written with 万 (the slip is a 万 where none belongs: "主动公开政府信息125万条" by a county
# bureau). Generous: a city government's report may count the whole city (tens of 万), a province's the
# whole province. Unknown level: only the old absolute bound.
_COUNT_CAP = {("township", None): 50_000, ("county", "department"): 100_000, ("county", None): 300_000,
              ("prefecture", "department"): 200_000, ("prefecture", None): 2_000_000}
_COUNT_CAP_ANY = 10_000_000


def _count_cap(text: str, level: str | None, kind: str | None) -> int:
    if level is None and kind is None:
        from xxgk.parse.metadata import agency_of
        ag = agency_of(text)
        level, kind = ag.level, ag.kind
    return _COUNT_CAP.get((level, kind)) or _COUNT_CAP.get((level, None)) or _COUNT_CAP_ANY


def extract_narrative(text: str, report_year: int | None = None, level: str | None = None,
                      kind: str | None = None, table_regions: Iterable[tuple[int, int]] = ()) -> NarrativeExtraction:
    """``level``/``kind`` of the reporting body bound plausible counts; not given, they come from the
    metadata (cached per text, so no second parse after extract_metadata). ``table_regions``: where
    the tables lie (the table side's regions); prose is never read inside them."""
    if report_year is None:
        from xxgk.parse.metadata import report_year_of
        report_year = report_year_of(text)
    out = NarrativeExtraction()
    text_b = mask_tables(blank_spam(text), table_regions)
    sents = _sentences(text_b, report_year)
    facts: dict[str, Fact] = {}

    _proactive(text_b, sents, facts, out.findings)

    # missing numbers ("共主动公开条"): only sentences holding the words a match opens with; none in the
    # whole text means none in a sentence (a sentence's end only cuts a match short)
    for s, e in (_sents_with(RE_MISSING_OPEN, text_b, sents)
                 if RE_MISSING_HEAD.search(text_b) and RE_MISSING.search(text_b) else ()):
        for m in RE_MISSING.finditer(text_b, s, e):
            key = "narrative.proactive.total" if m.group("verb") in ("公开", "发布") else "narrative.apply.received"
            out.findings.append(Finding("missing_number", key, "warn",
                                        f"a total is stated without its number: {m.group(0)!r}",
                                        Span.of(text, m.start(), m.end())))

    # simple first-mention figures
    for key, rx in (("narrative.proactive.interpretations", RE_INTERP),
                    ("narrative.proactive.normative_docs", RE_NORMATIVE)):
        for h in _hits(rx, text_b, sents):
            head = h.clause_head
            if any(w in head for w in ("现行有效", "废止", "清理", "失效")):
                continue
            facts.setdefault(key, _fact(key, h, text))
            break

    _applications(text_b, text, sents, facts)
    _review_suit(text_b, text, sents, facts)
    _fees(text_b, text, sents, facts)
    for h in sorted(_hits(RE_STAFF, text_b, sents) + _hits(RE_STAFF2, text_b, sents), key=lambda h: h.start):
        s, e = h.sent
        if "公开" in text_b[s:e]:
            facts.setdefault("narrative.staff.total", _fact("narrative.staff.total", h, text))
            break

    # the ones collected in _proactive carry their own sentence
    out.facts = [f for f in facts.values()]
    # magnitude: a 万 that turns a count of items into more than a body of this level could handle
    cap = None
    for f in out.facts:
        if f.value is not None and f.key != "narrative.fees.amount_yuan" and "万" in f.raw:
            if cap is None:
                cap = _count_cap(text, level, kind)
            if f.value > cap:
                out.findings.append(Finding(
                    "implausible_magnitude", f.key, "warn",
                    f"{f.raw!r} = {f.value:,}: more than the {cap:,} plausible for the reporting body "
                    f"(a 万 where none seems to belong); kept as written", f.span))
    flagged = {x.key for x in out.findings if x.rule == "implausible_magnitude"}
    out.findings = [x for x in out.findings if not (x.rule == "parts_sum_mismatch" and x.key in flagged)]
    return out


def _overlap_test(spans: list[tuple[int, int]]):
    """A test whether [a, b) overlaps any of ``spans``, in O(log n): some span starting before b must end
    after a, i.e. the largest end among the spans starting before b is past a."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    max_end: list[int] = []
    for _, e in spans:
        max_end.append(max(e, max_end[-1]) if max_end else e)

    def overlaps(a: int, b: int) -> bool:
        i = bisect_left(starts, b)
        return i > 0 and max_end[i - 1] > a
    return overlaps


def _proactive(text: str, sents, facts: dict[str, Fact], findings: list[Finding]) -> None:
    key = "narrative.proactive.total"
    strong = [h for h in _hits(RE_STRONG, text, sents)
              if not re.search(r"规范性文件|解读|信息中|依申请", h.raw)]
    overlaps = _overlap_test([(h.start, h.end) for h in strong])
    weak = [h for h in _hits(RE_WEAK, text, sents)
            if not overlaps(h.start, h.end) and "主动" not in h.clause_head]
    main = [h for h in strong if not h.in_parts] or strong[:1]
    total: _Hit | None = None
    if main:
        total = main[0]
        for h in strong:
            if h is not total and h.value != total.value and not (h.in_parts and h.sent == total.sent):
                findings.append(Finding("narrative_conflict", key, "warn",
                                        f"proactive total stated as {total.raw.strip()!r} and as {h.raw.strip()!r}",
                                        Span.of(text, h.start, h.end)))
                break
        else:
            for h in weak:
                s, _ = h.sent
                if (h.value != total.value and not h.in_parts and not h.approximate and RE_YEAR_START.match(text[s:h.start])
                        and not any(w in text[h.sent[0]:h.sent[1]] for w in CHANNEL_WORDS)):
                    findings.append(Finding("narrative_conflict", key, "warn",
                                            f"proactive total stated as {total.raw.strip()!r}, elsewhere "
                                            f"{h.raw.strip()!r}", Span.of(text, h.start, h.end)))
                    break
    else:
        free = [h for h in weak if not h.in_parts][:MAX_COMPARED]
        values = {h.value for h in free}
        if len(values) == 1:
            total = free[0]
        elif len(values) > 1:
            for i, a in enumerate(free):
                for b in free[i + 1:]:
                    if a.value != b.value and _common(a.lead, b.lead):
                        findings.append(Finding("narrative_conflict", key, "warn",
                                                f"the same channel's count is stated as {a.raw.strip()!r} and "
                                                f"{b.raw.strip()!r}", Span.of(text, b.start, b.end)))
                        break
                else:
                    continue
                break
    if total is not None:
        facts[key] = _fact(key, total, text)
    # listed parts against their totals: the proactive total, and any "共N条,其中…"
    checked = set()
    for h in ([total] if total else []) + _hits(RE_SUM_TOTAL, text, sents):
        if h is None or h.approximate or h.in_parts or (h.sent, h.value) in checked:
            continue
        checked.add((h.sent, h.value))
        parts = _parts(text, h, sents)
        if not parts:
            continue
        total_v = h.value
        # a short list far below the total is a non-exhaustive "其中" (127 vs 4+7+4+2), not an error
        # (integer arithmetic: a 400-digit figure must not overflow a float)
        if sum(parts) > total_v or (len(parts) >= 3 and total_v <= 2 * sum(parts) and sum(parts) != total_v):
            k = key if total is not None and h.sent == total.sent and h.value == total.value else None
            findings.append(Finding("parts_sum_mismatch", k, "warn",
                                    f"listed parts {'+'.join(map(str, parts))} = {sum(parts)}, "
                                    f"stated total {h.raw.strip()!r}", Span.of(text, h.start, h.end)))


def _first(rx: re.Pattern, tb: str, sents: _Sents):
    """Matches of ``rx`` that lie inside a readable sentence, in text order, with their sentence."""
    for m in _finditer(rx, tb):
        se = sents.of(m.start(), m.end())
        if se is not None:
            yield m, se


def _applications(tb: str, text: str, sents: _Sents, facts: dict[str, Fact]) -> None:
    key = "narrative.apply.received"
    best: tuple[int, Fact] | None = None
    for rx in (RE_APPLY, RE_APPLY2):
        for m, (s, e) in _first(rx, tb, sents):
            head = _clause_head(tb, (s, e), m.start()) + m.group(0)
            if "向" in head and "提出" in head:
                continue    # applications addressed to another body
            if best is None or m.start() < best[0]:
                v, approx, _ = _number(m)
                best = (m.start(), Fact(key, v, m.group(0), Span.of(text, m.start(), m.end()), "prose",
                                        approximate=approx, sentence=text[s:e].strip()))
            break
    for m, (s, e) in _first(RE_APPLY_ZERO, tb, sents):
        if best is not None and m.start() > best[0]:
            break
        clause = _clause_head(tb, (s, e), m.start()) + m.group(0)
        if re.match(r"\s*(?:行政复议|提起)", tb[m.end():e]) or "费" in clause or _place_at(tb, m.start()):
            continue
        best = (m.start(), _zero_fact(key, m, (s, e), text))
        break
    if best:
        facts[key] = best[1]


def _review_suit(tb: str, text: str, sents: _Sents, facts: dict[str, Fact]) -> None:
    for key, rx, word in (("narrative.review.total", RE_REVIEW, "行政复议"), ("narrative.suit.total", RE_SUIT, "诉讼")):
        found: Fact | None = None
        for m, (s, e) in _first(rx, tb, sents):
            v, approx, _ = _number(m)
            found = Fact(key, v, m.group(0), Span.of(text, m.start(), m.end()), "prose", approximate=approx,
                         sentence=text[s:e].strip())
            break
        pos = tb.find(word)
        while pos >= 0 and (found is None or pos < found.span.start):
            se = sents.of(pos, pos + len(word))
            if se is not None and se[1] - se[0] >= 12:      # not a table cell ("未经复议直接起诉")
                s, e = se
                head = tb[s:pos]
                cs = s + max(head.rfind(","), head.rfind(";")) + 1
                neg = None
                for neg in RE_NEG.finditer(tb, max(cs, pos - 45), pos):
                    if not _place_at(tb, neg.start()):
                        break
                else:
                    neg = None
                if neg and not re.search(r"\d", tb[neg.start():pos + len(word) + 3]):
                    a, b = neg.start(), pos + len(word)
                    found = Fact(key, 0, text[a:b], Span.of(text, a, b), "prose", sentence=text[s:e].strip())
                    break
            pos = tb.find(word, pos + 1)
        if found:
            facts.setdefault(key, found)


def _fees(tb: str, text: str, sents: _Sents, facts: dict[str, Fact]) -> None:
    key = "narrative.fees.amount_yuan"
    for m, (s, e) in _first(RE_FEE, tb, sents):
        v, approx, _ = _number(m)
        unit = m.group("unit")
        if unit == "万元":
            v = Decimal(str(v)) * 10000
            v = int(v) if v == v.to_integral_value() else v
        facts[key] = Fact(key, v, m.group(0), Span.of(text, m.start(), m.end()), "prose", approximate=approx,
                          unit=unit if unit != "元" else None, sentence=text[s:e].strip())
        break
    for m, (s, e) in _first(RE_FEE_ZERO, tb, sents):
        if key in facts and m.start() > facts[key].span.start:
            break
        # "申请人逾期未按收费通知要求缴纳费用" (a 表三 row label): 未 negates 按, not the charging
        if m.group(0)[1:2] == "按" or tb.startswith("通知", m.end()) or _place_at(tb, m.start()):
            continue
        if "申请" in tb[s:e] or "信息公开" in tb[s:e] or "信息处理费" in tb[s:e]:   # 政府信息公开信息处理费
            facts[key] = _zero_fact(key, m, (s, e), text)
            break
