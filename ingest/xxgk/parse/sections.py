"""The template's section headings (二/三/四 hold 表二/表三/表四) and sections that lost their table.

``template_sections(text)`` finds the headings 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况,
四、…行政复议…行政诉讼…情况 and 五、…存在的主要问题… (wording varies, DOMAIN.md); ``missing_tables`` reports
``table_missing`` for a v2019/v2021 section that is closed by the next heading and holds neither a table
nor any of its table's own words (第二十条 / 本年新收 / 结果维持 …). A section an excerpt cuts off is
never flagged: only a section followed by the next heading is known to be whole.

A pure function of the text; the words are data (``SECTION_HEADINGS``, ``TABLE_WORDS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from xxgk.parse.model import Finding, Span

# section number -> (table it holds or None, heading words after "二、" …; any one matches)
SECTION_HEADINGS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "二": ("t2", ("主动公开政府信息情况", "主动公开政府信息的情况")),
    "三": ("t3", ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况")),
    "四": ("t4", ("政府信息公开行政复议", "因政府信息公开工作被申请行政复议", "因政府信息公开申请行政复议",
                  "因政府信息公开被申请行政复议", "政府信息公开行政复议、行政诉讼情况")),
    "五": (None, ("存在的主要问题", "政府信息公开工作存在的主要问题", "主要问题及改进情况", "存在问题及改进情况")),
}
# Words a table of each kind always shows (its header or first row labels), in normalised form.
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "t2": ("第二十条", "信息内容", "本年新制作数量", "本年制发件数"),
    "t3": ("本年新收", "申请人情况", "商业企业", "科研机构", "结转下年度继续办理"),
    "t4": ("结果维持", "结果纠正", "尚未审结", "复议后起诉", "未经复议直接起诉"),
}


@dataclass(frozen=True, slots=True)
class Heading:
    number: str          # 二 / 三 / 四 / 五
    table: str | None    # t2 / t3 / t4 / None
    start: int
    end: int


@cache
def _heading_re() -> re.Pattern[str]:
    words = "|".join(sorted({re.escape(w) for _, ws in SECTION_HEADINGS.values() for w in ws}, key=len, reverse=True))
    nums = "".join(SECTION_HEADINGS)
    # at a line start, or after a sentence end or a space in a text whose lines were run together
    return re.compile(rf"(?:^|(?<=[\s。;:|>]))(?P<n>[{nums}])\s*[、.]\s*(?:{words})", re.M)


def template_sections(text: str) -> list[Heading]:
    """The first heading of each section number, in text order."""
    seen: dict[str, Heading] = {}
    for m in _heading_re().finditer(text):
        n = m.group("n")
        if n not in seen:
            seen[n] = Heading(n, SECTION_HEADINGS[n][0], m.start(), m.end())
    return sorted(seen.values(), key=lambda h: h.start)


def missing_tables(text: str, tables_found: set[str], report_year: int | None) -> list[Finding]:
    """``table_missing`` for each whole section of a 2019+ report whose table is not there.

    ``tables_found``: the tables the table parser read figures from ("t2", "t3", "t4")."""
    if report_year is None or report_year < 2019:
        return []           # before 2019 the same headings stand over prose, by the old template
    heads = template_sections(text)
    out = []
    for h, nxt in zip(heads, heads[1:]):
        if h.table is None or h.table in tables_found:
            continue
        body = text[h.end:nxt.start]
        if any(w in body for w in TABLE_WORDS[h.table]) or body.count("|") >= 4:
            continue        # a table is there (or its remains): the table parser's to report
        out.append(Finding(
            "table_missing", h.table, "warn",
            f"section {text[h.start:h.end].strip()!r} has no {h.table} table before the next section heading "
            f"{text[nxt.start:nxt.end].strip()!r}", Span.of(text, h.start, h.end)))
    return out
