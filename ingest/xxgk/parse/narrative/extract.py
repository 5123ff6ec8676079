"""The extraction rules for figures stated in prose (narrative.* keys): which match is the figure, negations
read as 0, sentences dated to another year skipped, and the doubts they raise (what each finding means:
xxgk.parse.narrative)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from xxgk.parse.damage import blank_spam
from xxgk.parse.metadata.gazetteer import MAX_LEN, find_places
from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.tables.regions import mask as mask_tables
from xxgk.parse.narrative.patterns import (
    CATEGORY_MODALS, CHANNEL_WORDS, IN_TOTAL_LEAD, NOT_MODALS, NOT_NEW_DOCUMENTS, RE_APPLY, RE_APPLY2, RE_APPLY_ZERO, RE_FEE, RE_FEE_ZERO, RE_INTERP, RE_MISSING,
    RE_MISSING_HEAD, RE_MISSING_OPEN, RE_NEG, RE_NORMATIVE, RE_REVIEW, RE_STAFF, RE_STAFF2, RE_STRONG, RE_SUIT,
    RE_SUM_TOTAL, RE_WEAK, RE_YEAR_START,
)
from xxgk.parse.narrative.scan import finditer
from xxgk.parse.narrative.sentences import Sentences, clause_head, sentences, sents_with

# At most this many prose statements of one count are compared pairwise for a contradiction.
MAX_COMPARED = 64


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



def _hits(rx: re.Pattern, text: str, sents: Sentences) -> list[_Hit]:
    out = []
    for m in finditer(rx, text):
        if m.group("num") is None:
            continue
        se = sents.of(m.start(), m.end())
        if se is None:
            continue
        s, e = se
        v, approx, mult = _number(m)
        head = clause_head(text, se, m.start())
        before = text[s:m.start()]
        in_parts = "其中" in before or head.lstrip().startswith("其中") or "分别" in before or (
            "中" in before and IN_TOTAL_LEAD.search(before) is not None)
        out.append(_Hit(v, m.group(0), m.start(), m.end(), se, approx, mult, head + m.group(0), head, in_parts))
    return out


def _parts(text: str, hit: _Hit, sents: Sentences) -> list[int]:
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


def _start(fact: Fact) -> int:
    """Where a prose figure starts (prose figures always have their span)."""
    assert fact.span is not None
    return fact.span.start


def _common(a: str, b: str, n: int = 4) -> bool:
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


# The most items a body of each level and kind can plausibly state in one count for one year, when the
# count is written with 万 (the slip is a 万 where none belongs: "主动公开政府信息125万条" by a county
# bureau). Generous: a city government's report may count the whole city (tens of 万), a province's the
# whole province. Unknown level: only the old absolute bound.
_COUNT_CAP: dict[tuple[str | None, str | None], int] = {("township", None): 50_000, ("county", "department"): 100_000, ("county", None): 300_000,
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
    sents = sentences(text_b, report_year)
    facts: dict[str, Fact] = {}

    _proactive(text_b, sents, facts, out.findings)

    # missing numbers ("共主动公开条"): only sentences holding the words a match opens with; none in the
    # whole text means none in a sentence (a sentence's end only cuts a match short)
    for s, e in (sents_with(RE_MISSING_OPEN, text_b, sents)
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
            if any(w in head for w in NOT_NEW_DOCUMENTS):
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


def _category(text: str, start: int) -> bool:
    """Whether the 主动公开 at ``start`` names a kind of information ("其他应主动公开的政府信息"), not an act."""
    before = text[max(0, start - 3):start]
    return before.endswith(CATEGORY_MODALS) and not before.endswith(NOT_MODALS)


def _parts_sentences(text: str, total: _Hit, sents: Sentences) -> tuple[tuple[int, int], ...]:
    """The sentences that may list a total's parts (as _parts reads them): its own, and the next one
    if it opens with 其中 and the total's own sentence has no 其中 list after it."""
    if "其中" in text[total.end:total.sent[1]]:
        return (total.sent,)
    nxt = sents.after(total.sent[1])
    if nxt is not None and text[nxt[0]:nxt[1]].lstrip().startswith("其中"):
        return total.sent, nxt
    return (total.sent,)


def _proactive(text: str, sents, facts: dict[str, Fact], findings: list[Finding]) -> None:
    key = "narrative.proactive.total"
    strong = [h for h in _hits(RE_STRONG, text, sents)
              if not re.search(r"规范性文件|解读|信息中|依申请", h.raw) and not _category(text, h.start)]
    overlaps = _overlap_test([(h.start, h.end) for h in strong])
    weak = [h for h in _hits(RE_WEAK, text, sents)
            if not overlaps(h.start, h.end) and "主动" not in h.clause_head]
    main = [h for h in strong if not h.in_parts] or strong[:1]
    total: _Hit | None = None
    if main:
        total = main[0]
        # a part listed after the total (in its sentence, or the next one opening with 其中) is no
        # second statement of it
        listing = _parts_sentences(text, total, sents)
        for h in strong:
            if h is not total and h.value != total.value and not (h.in_parts and h.sent in listing):
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
        # two parts are a short list too: flagged when they cover most of the total (4 * sum >= 3 * total)
        if sum(parts) > total_v or sum(parts) != total_v and (
                len(parts) >= 3 and total_v <= 2 * sum(parts) or len(parts) == 2 and 3 * total_v <= 4 * sum(parts)):
            k = key if total is not None and h.sent == total.sent and h.value == total.value else None
            findings.append(Finding("parts_sum_mismatch", k, "warn",
                                    f"listed parts {'+'.join(map(str, parts))} = {sum(parts)}, "
                                    f"stated total {h.raw.strip()!r}; sentence: {text[h.sent[0]:h.sent[1]].strip()!r}",
                                    Span.of(text, h.start, h.end)))


def _first(rx: re.Pattern, tb: str, sents: Sentences):
    """Matches of ``rx`` that lie inside a readable sentence, in text order, with their sentence."""
    for m in finditer(rx, tb):
        se = sents.of(m.start(), m.end())
        if se is not None:
            yield m, se


def _applications(tb: str, text: str, sents: Sentences, facts: dict[str, Fact]) -> None:
    key = "narrative.apply.received"
    best: tuple[int, Fact] | None = None
    for rx in (RE_APPLY, RE_APPLY2):
        for m, (s, e) in _first(rx, tb, sents):
            head = clause_head(tb, (s, e), m.start()) + m.group(0)
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
        clause = clause_head(tb, (s, e), m.start()) + m.group(0)
        if re.match(r"\s*(?:行政复议|提起)", tb[m.end():e]) or "费" in clause or _place_at(tb, m.start()):
            continue
        best = (m.start(), _zero_fact(key, m, (s, e), text))
        break
    if best:
        facts[key] = best[1]


def _review_suit(tb: str, text: str, sents: Sentences, facts: dict[str, Fact]) -> None:
    for key, rx, word in (("narrative.review.total", RE_REVIEW, "行政复议"), ("narrative.suit.total", RE_SUIT, "诉讼")):
        found: Fact | None = None
        for m, (s, e) in _first(rx, tb, sents):
            v, approx, _ = _number(m)
            found = Fact(key, v, m.group(0), Span.of(text, m.start(), m.end()), "prose", approximate=approx,
                         sentence=text[s:e].strip())
            break
        pos = tb.find(word)
        while pos >= 0 and (found is None or pos < _start(found)):
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


def _fees(tb: str, text: str, sents: Sentences, facts: dict[str, Fact]) -> None:
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
        if key in facts and m.start() > _start(facts[key]):
            break
        # "申请人逾期未按收费通知要求缴纳费用" (a 表三 row label): 未 negates 按, not the charging
        if m.group(0)[1:2] == "按" or tb.startswith("通知", m.end()) or _place_at(tb, m.start()):
            continue
        if "申请" in tb[s:e] or "信息公开" in tb[s:e] or "信息处理费" in tb[s:e]:   # 政府信息公开信息处理费
            facts[key] = _zero_fact(key, m, (s, e), text)
            break
