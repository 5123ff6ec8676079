"""R8 for the prose statements of 表三's rows: "予以公开71件、部分公开5件", "予以公开及部分公开10538件",
"不予公开28件", "上年结转3件", "结转下年度继续办理2件" against the table figures for the same thing.

These statements have no narrative.* key of their own in the catalog (the figure belongs to the table), so
the comparison is made here, where the parser holds both, and a disagreement is a ``narrative_mismatch``
finding (warn) with both sides and the sentence. The warehouse's R8 (int_rule_checks) compares the
catalog's narrative keys (收到申请, 行政复议, 行政诉讼 …); the two never compare the same statement.

Precision first: only exact counts ("10余件" is not one) in a sentence about applications, not about
one kind of applicant ("自然人申请…予以公开3件") nor about applications made to another body, and never
a sentence dated to another year; a table side with a blank or missing cell is not assessable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from xxgk.parse.model import Fact, Finding, Span

_N = r"(?:共|合计|共计|计|为)?\s*(?P<n>\d+)\s*(?:件|条|个|宗)"


@dataclass(frozen=True, slots=True)
class ProseRow:
    """A way prose states a 表三 figure: the pattern, and the table keys whose sum it states."""

    name: str
    pattern: re.Pattern[str]
    keys: tuple[str, ...] | None      # None: every outcome row of the group (prefix) must be known
    prefix: str | None = None         # "t3.denied." — all rows of the group, summed


# Order matters: a combined statement is read before its parts, and masks them.
PROSE_ROWS: tuple[ProseRow, ...] = (
    ProseRow("予以公开及部分公开", re.compile(
        rf"(?:予以|全部|同意)?公开(?:及|和|与|或|、|以及)(?:予以)?部分公开(?:的)?{_N}"),
        ("t3.granted.total", "t3.partial.total")),
    ProseRow("予以公开", re.compile(rf"(?<!部分)(?<!不予)(?:予以公开|同意公开|全部公开)(?:的)?(?:申请)?{_N}"),
             ("t3.granted.total",)),
    ProseRow("部分公开", re.compile(rf"(?<!及)(?<!和)(?<!、)部分公开(?:的)?(?:申请)?{_N}"), ("t3.partial.total",)),
    ProseRow("不予公开", re.compile(rf"不予公开(?:的)?(?:申请)?{_N}"), None, "t3.denied."),
    ProseRow("上年结转", re.compile(rf"上(?:一)?年(?:度)?结转(?:的)?(?:申请)?{_N}"), ("t3.carried_in.total",)),
    ProseRow("结转下年度", re.compile(rf"结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?(?:的)?(?:申请)?{_N}"),
             ("t3.carried_forward.total",)),
)
# How many rows each summed group has in both 2019+ templates (DOMAIN.md: 8 不予公开 grounds).
GROUP_SIZES = {"t3.denied.": 8}

_SENTENCE = re.compile(r"[^。;!?\n]+")
_ABOUT_APPLICATIONS = re.compile(r"申请|依申请")
# a sentence about one kind of applicant, about applications made to another body, or a comparison
_NOT_THE_TOTAL = re.compile(r"自然人|法人|企业|科研机构|公益组织|法律服务机构|向[^,。;]{1,20}提出|同比|较上年|上年同期|比上年")
_YEAR = re.compile(r"((?:19|20)\d\d) ?年")


def _sentences(text: str) -> Iterable[re.Match[str]]:
    for m in _SENTENCE.finditer(text):
        s = m.group(0)
        if "|" not in s and len(s) >= 6 and _ABOUT_APPLICATIONS.search(s):
            yield m


def outcome_prose_findings(text: str, table_facts: Iterable[Fact], report_year: int | None = None) -> list[Finding]:
    """``text``: the normalised text; ``table_facts``: the table parser's facts (t3.* keys used)."""
    known = {f.key: f.value for f in table_facts
             if f.key.startswith("t3.") and f.value is not None and not f.approximate}
    if not known:
        return []
    out: list[Finding] = []
    done: set[str] = set()
    for sm in _sentences(text):
        sent = sm.group(0)
        years = {int(y) for y in _YEAR.findall(sent)}
        if report_year is not None and years - {report_year}:
            continue
        if _NOT_THE_TOTAL.search(sent):
            continue
        masked = sent
        for row in PROSE_ROWS:
            for m in row.pattern.finditer(masked):
                if row.name in done:
                    break
                stated = int(m.group("n"))
                keys = row.keys or tuple(sorted(k for k in known if k.startswith(row.prefix or "~")
                                                and k.endswith(".total")))
                if row.keys is None and len(keys) != GROUP_SIZES.get(row.prefix or "", -1):
                    break                      # a row of the group is blank or missing: not assessable
                if not all(k in known for k in keys):
                    break
                table = sum(known[k] for k in keys)
                done.add(row.name)
                if stated != table:
                    a, b = sm.start() + m.start(), sm.start() + m.end()
                    out.append(Finding(
                        "narrative_mismatch", (row.prefix or "").rstrip(".") or keys[0], "warn",
                        f"prose says {m.group(0).strip()!r} ({stated}) but the table's "
                        f"{' + '.join(keys)} = {table} (difference {stated - table}); sentence: "
                        f"{sent.strip()!r}", Span.of(text, a, b)))
                # mask what was read, so its parts are not read again ("予以公开及部分公开" holds 部分公开)
                masked = masked[:m.start()] + "□" * (m.end() - m.start()) + masked[m.end():]
                break
    return out


# "在主动公开的90条政府信息中，…类信息共1条；…10条；…52条" : a total, then its parts up to the sentence end
# (the other listed-parts form, "共N条，其中…", is narrative.py's).
_IN_TOTAL = re.compile(r"在(?:主动公开|公开|发布)?(?:的)?(?P<n>\d+)\s*条(?:政府)?(?:信息|政务信息|政府信息)?中[,:]?")
_PART = re.compile(r"(?<![\d.])(?P<n>\d+)\s*条(?!次)")


def in_total_parts_findings(text: str) -> list[Finding]:
    """``parts_sum_mismatch`` for "在N条信息中, A a条; B b条; …" whose parts (a figure equal to N restates it,
    "全文电子化的…共90条", and is not a part) do not add up to N: when the parts exceed N, or when there are
    three or more and they cover at least half of it (a short list far below N is not exhaustive)."""
    out = []
    for m in _IN_TOTAL.finditer(text):
        end = text.find("。", m.end())
        end = len(text) if end < 0 else end
        seg = text[m.end():end]
        if "|" in seg or "余" in seg or "等" in seg[-3:]:
            continue
        total = int(m.group("n"))
        parts = [int(p.group("n")) for p in _PART.finditer(seg)]
        parts = [p for p in parts if p != total]
        s = sum(parts)
        if not parts or s == total or not (s > total or len(parts) >= 3 and total <= 2 * s):
            continue
        out.append(Finding(
            "parts_sum_mismatch", "narrative.proactive.total", "warn",
            f"listed parts {'+'.join(map(str, parts))} = {s}, stated total {m.group(0).strip()!r}; sentence: "
            f"{text[m.start():end].strip()!r}", Span.of(text, m.start(), m.end())))
    return out
