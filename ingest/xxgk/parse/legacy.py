"""Pre-2019 统计表 (legacy.* keys). Contract: ``extract_legacy(norm_text, report_year) -> LegacyExtraction``.

The table is read as a stream of cells (pipe rows with or without a closing "|", one cell per line
with or without a trailing "|", a lone "|" for an empty cell; or, when every cell line is followed by
a lone "|" line, those "|" lines are separators and a "|" with no cell since the last one marks an
empty cell). The header "统计指标" may be split by a space or line break. Indicator rows are matched by their label, never by position:
numbering ("（一）", "1、", "其中:"), notes in brackets and punctuation are dropped before the
label is looked up in the catalog's row labels plus the variants in ``data/templates/legacy_variants.csv``.
Labels shared by several blocks ("（一）维持具体行政行为数" under 行政复议, 行政诉讼 and 举报投诉)
go to the block the last matched row opened. The unit comes from the 单位 column; a blank value
cell is a Fact with value None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from xxgk.parse.catalog import catalog
from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.normalize import normalize
from xxgk.templates import legacy_variants

UNITS = ("人次", "万元", "条", "件", "次", "篇", "个", "人", "元", "项", "场", "期")
BLANKS = {"", "/", "-", "—", "--", "——", "无", "&nbsp;", "空"}
RE_HEADER = re.compile(r"统[ \t]*(?:\n[ \t]*)?计[ \t]*(?:\n[ \t]*)?指[ \t]*(?:\n[ \t]*)?标")
RE_TABLE_TITLE = re.compile(r"((?:19|20)\d\d) ?年度?[^\n|]{0,30}统计表")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[、.]|\(\d+\)|[①-⑳])\s*")
_BRACKETS = re.compile(r"\([^()]*\)|（[^（）]*）")
_PUNCT = re.compile(r"[\s、,，.:：;；“”\"'《》<>·]")
RE_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(slots=True)
class LegacyExtraction:
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # [start, end) of the 统计表 (its header to its last figure): prose is never read inside it
    regions: list[tuple[int, int]] = field(default_factory=list)


_FOLD = str.maketrans({"覆": "复"})     # 答覆 (Traditional 答覆 kept by normalize) = 答复


@lru_cache(maxsize=8192)
def norm_label(s: str) -> str:
    """Cached per process: a 统计表's labels are the same few hundred across reports."""
    s = s.strip().translate(_FOLD)
    for _ in range(2):
        s = _NUMBERING.sub("", s)
        s = re.sub(r"^其中[:：]?", "", s)
    s = _BRACKETS.sub("", s)
    return _PUNCT.sub("", s)


@cache
def label_index() -> dict[str, tuple[str, ...]]:
    """normalised label -> keys (several when the label repeats across blocks)."""
    idx: dict[str, list[str]] = {}

    def add(label: str, key: str) -> None:
        label = normalize(label)      # the text went through it too ("档案馆" -> "文件馆")
        for v in {norm_label(label), norm_label(label).removesuffix("数")}:
            if v and key not in idx.setdefault(v, []):
                idx[v].append(key)

    for key, m in catalog().items():
        if m.section == "legacy":
            add(m.row_label, key)
    for key, label in legacy_variants():
        add(label, key)
    return {k: tuple(v) for k, v in idx.items()}


def _alternating(lines: list[str]) -> bool:
    """Cell lines without "|", each followed by a lone "|" line: the "|" lines are separators."""
    text = lone = follows = 0
    prev_text = False
    for line in lines[:80]:
        s = line.strip()
        if not s:
            continue
        if s == "|":
            lone += 1
            follows += prev_text
            prev_text = False
        elif "|" in s:
            return False
        else:
            text += 1
            prev_text = True
    return text >= 3 and follows >= 0.9 * text


def _cells(text: str, start: int) -> list[tuple[str, int, int]]:
    """(cell text, start, end) from ``start`` on; empty cells kept where a '|' marks them."""
    out: list[tuple[str, int, int]] = []
    off = start
    lines = text[start:].split("\n")
    if _alternating(lines):
        since = False       # a cell since the last "|" separator
        for line in lines:
            s = line.strip()
            if s == "|":
                if not since:
                    out.append(("", off, off))
                since = False
            elif s:
                lead = len(line) - len(line.lstrip())
                out.append((s, off + lead, off + lead + len(s)))
                since = True
            off += len(line) + 1
        return out
    for line in lines:
        if "|" in line:
            pieces, pos = [], off
            for p in line.split("|"):
                pieces.append((p, pos))
                pos += len(p) + 1
            if not pieces[-1][0].strip():
                pieces = pieces[:-1]    # the row's closing "|" (a row may also end without one)
            if len(pieces) > 1 and line.lstrip().startswith("|"):
                pieces = pieces[1:]
            for p, pos in pieces:
                s = p.strip()
                lead = len(p) - len(p.lstrip())
                out.append((s, pos + lead, pos + lead + len(s)))
        elif line.strip():
            s = line.strip()
            lead = len(line) - len(line.lstrip())
            out.append((s, off + lead, off + lead + len(s)))
        off += len(line) + 1
    return out


def _group(key: str) -> str:
    return key.split(".")[1]


def _value(raw: str, key: str) -> Decimal | int | None:
    s = raw.replace(",", "").replace(" ", "")
    if s in BLANKS or set(s) <= set("-—/_ "):
        return None
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if catalog()[key].is_money:
        return d
    return int(d) if d == d.to_integral_value() else d


def extract_legacy(text: str, report_year: int | None = None) -> LegacyExtraction:
    out = LegacyExtraction()
    hm = RE_HEADER.search(text)
    if not hm:
        return out
    # the table's own title: the nearest "…统计表" line above the header
    titles = list(RE_TABLE_TITLE.finditer(text, max(0, hm.start() - 300), hm.start()))
    if titles and report_year:
        t = titles[-1]
        ty = int(t.group(1))
        if ty != report_year:
            out.findings.append(Finding(
                "table_year_mismatch", None, "warn",
                f"the 统计表 is titled {ty}年 inside the {report_year} report",
                Span.of(text, t.start(), t.end())))
    idx = label_index()
    cells = _cells(text, hm.start())
    group: str | None = None
    seen: set[str] = set()
    i = 0
    n = len(cells)
    while i < n:
        cell, cs, ce = cells[i]
        if len(cell) > 80 and "|" not in text[cs:ce]:
            break       # back to prose: the table has ended
        lab = norm_label(cell) if cell else ""
        keys = idx.get(lab) or idx.get(lab.removesuffix("数")) if lab else None
        if not keys:
            i += 1
            continue
        if len(keys) > 1:
            same = [k for k in keys if group and _group(k) == group]
            key = same[0] if same else keys[0]
        else:
            key = keys[0]
        group = _group(key) if key.endswith(".total") or _group(key) != group else group
        j = i + 1
        unit = None
        if j < n and cells[j][0] in UNITS:
            unit = cells[j][0]
            j += 1
        if j < n and cells[j][0].startswith("---"):
            i = j + 1
            continue
        if j >= n:
            break
        raw, vs, ve = cells[j]
        if raw and not RE_NUMBER.match(raw.replace(",", "").replace(" ", "")) and raw not in BLANKS and not set(
                raw) <= set("-—/_ "):
            i = j            # the value cell was dropped: the next label starts here
            continue
        if key in seen:
            i = j + 1
            continue
        seen.add(key)
        value = _value(raw, key)
        metric = catalog()[key]
        if value is not None and unit and unit != metric.unit and metric.is_money:
            if unit == "元" and metric.unit == "万元":
                value = Decimal(value) / Decimal(10000)
            elif unit == "万元" and metric.unit == "元":
                value = Decimal(value) * Decimal(10000)
        span = Span.of(text, cs, ve)
        out.facts.append(Fact(key, value, raw, span, "label",
                              unit=unit if unit and unit != metric.unit else None))
        i = j + 1
    if out.facts:
        out.regions.append((hm.start(), max(f.span.end for f in out.facts if f.span is not None)))
    if len(out.facts) < 3:       # cells that ran together ("…数条86420015.政府公报…"): read as runs
        from xxgk.parse.legacy_fused import read_fused_legacy
        facts, findings, region = read_fused_legacy(text, hm.end())
        if len(facts) > len(out.facts):
            out.facts, out.regions = facts, [(hm.start(), region[1])] if region else []
            out.findings.extend(findings)
    return out
