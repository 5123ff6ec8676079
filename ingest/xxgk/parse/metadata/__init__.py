"""Report metadata: body, jurisdiction, year, publication date. Contract:
``extract_metadata(norm_text) -> Metadata``.

Unknown stays ``None``: a body known only as "我局" has no name; a town whose county is never
named has no county. Spam injected by mirror sites is cut out before any name is looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from xxgk.parse.damage import blank_spam, damage_findings, spam_spans
from xxgk.parse.metadata import body, dates
from xxgk.parse.metadata.chrome import blank_page_chrome
from xxgk.parse.metadata.doctype import not_annual_report
from xxgk.parse.metadata.periods import period_findings
from xxgk.parse.metadata.gazetteer import find_places
from xxgk.parse.metadata.jurisdiction import resolve
from xxgk.parse.model import Agency, Finding, Kind, Span
from xxgk.parse.metadata.vocab import (
    NATIONAL_MARKS, NATIONAL_SUFFIXES, SELF_REFERENCE, TOWNSHIP_MARKS, TOWNSHIP_UNITS,
)


@dataclass(slots=True)
class Metadata:
    agency: Agency = field(default_factory=Agency)
    report_year: int | None = None
    published: str | None = None      # ISO date "YYYY-MM-DD"
    title: str | None = None
    findings: list[Finding] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    out, off = [], 0
    for ln in text.split("\n"):
        out.append((off, ln))
        off += len(ln) + 1
    return out


def _edge_lines(text: str, head: int = 14, tail: int = 8) -> list[tuple[int, str]]:
    """The non-blank (offset, line)s among ``_lines(text)`` that the title and date look-ups read: the
    first ``head`` and the last ``tail`` (all of them when there are no more than head + tail)."""
    out: list[tuple[int, str]] = []
    off, n = 0, len(text)
    while off <= n and len(out) < head:
        e = text.find("\n", off)
        if e < 0:
            e = n
        ln = text[off:e]
        if ln.strip():
            out.append((off, ln))
        off = e + 1
    if off > n:
        return out
    back: list[tuple[int, str]] = []
    end = n
    while len(back) < tail:
        p = text.rfind("\n", off, end)
        s = p + 1 if p >= 0 else off
        ln = text[s:end]
        if ln.strip():
            back.append((s, ln))
        if p < 0:
            break
        end = p
    out.extend(reversed(back))
    return out


def _kind(name: str | None, self_ref: str | None) -> Kind | None:
    if name:
        return body.name_kind(name)
    if self_ref:
        return SELF_REFERENCE.get(self_ref)
    return None


def _normal_name(name: str, level_hint: str | None) -> str:
    """Bare place names become the government's name ("江油市" -> "江油市人民政府")."""
    full = body.normal_form(name)
    if full == name and level_hint == "place":
        return name + "人民政府"
    return full


def _all_places(s: str) -> bool:
    """Whether ``s`` is nothing but a chain of division names ("漳平市", "眉山市东坡区")."""
    hits = find_places(s)
    return bool(hits) and "".join(h.name for h in hits) == s


@lru_cache(maxsize=8)
def _prep(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with spam and page chrome naming other bodies blanked out, and its edge lines (title, header
    and signature dates)."""
    clean = blank_page_chrome(blank_spam(text))
    return clean, _edge_lines(clean)


@lru_cache(maxsize=8)
def _year_and_title(text: str) -> tuple[int | None, str | None, tuple[str, str] | None, str | None, int | None]:
    clean, lines = _prep(text)
    title, off = body.find_title(lines)
    year, _ev, period = dates.report_year(clean, title)
    return year, _ev, period, title, off


def report_year_of(text: str) -> int | None:
    """The report year (cached per text: the narrative parser asks for it again)."""
    return _year_and_title(text)[0]


def extract_metadata(text: str) -> Metadata:
    md = _extract(text)
    # a copy: the cached record must not change when a caller edits what it got
    return replace(md, agency=replace(md.agency), findings=list(md.findings))


def agency_of(text: str) -> Agency:
    """The reporting body (cached per text: the narrative parser asks for its level again)."""
    return _extract(text).agency


@lru_cache(maxsize=8)
def _extract(text: str) -> Metadata:
    md = Metadata()
    md.findings.extend(damage_findings(text))
    clean, lines = _prep(text)

    year, _ev, period, title, title_at = _year_and_title(text)
    md.title = title
    md.report_year = year
    md.published, pub_ev = dates.published_date(lines, year)
    other = not_annual_report(clean, lines, title)
    if other is not None:
        md.findings.append(other)

    if other is None:
        md.findings.extend(period_findings(clean, lines, year, _ev, title))

    # spam inside the title line ("新葡京娱乐场★官方网站2019年…报告") leaves fragments that look like a
    # name ("新官方网站"): such a title names no body
    named_title = title
    if title and title_at is not None:
        line_start = text.rfind("\n", 0, title_at) + 1
        line_end = text.find("\n", title_at)
        line_end = len(text) if line_end < 0 else line_end
        if any(s < line_end and e > line_start for s, e in spam_spans(text)):
            named_title = None
    self_ref = body.self_reference(clean)
    cands = body.candidates(clean, named_title, self_ref)
    name: str | None = None
    source: str | None = None
    if cands:
        name, source = cands[0]
        # a fuller form of a relative name ("市商务局" -> "渭南市商务局") found elsewhere
        # or of a name that leaves out its places ("新庄镇人民政府" -> signed "漳平市新庄镇人民政府")
        for n, src in cands[1:]:
            # "河包镇" in the title, "重庆市荣昌区河包镇人民政府" signed: the same body in its fullest form
            core = next((c for c in (name, _normal_name(name, None)) if n != c and n.endswith(c)), None)
            if core and len(n) > len(core) and (name[0] in "市区县旗" or _all_places(n[:len(n) - len(core)])):
                name, source = n, src
                break
    elif self_ref in TOWNSHIP_UNITS:
        mention = body.township_mention(clean, self_ref)
        if mention:
            name, source = mention, "mentions"

    ag = Agency(name_as_written=name, evidence=None)
    if name:
        place = resolve(name, clean)
        ag.province, ag.prefecture, ag.county = place.province, place.prefecture, place.county
        ag.division_code, ag.evidence = place.code, f"name from {source}; " + (place.evidence or "")
        is_place = place.name_is_place
        national = not place.in_name and name[0] not in "市区县省" and (
            any(m in name for m in NATIONAL_MARKS) or name.endswith(NATIONAL_SUFFIXES))
        if national:
            ag.level = "national"
            ag.province = ag.prefecture = ag.county = ag.division_code = None
        elif any(name.endswith(m) or (m + "人民政府") in name or (m + "办事处") in name
                 for m in TOWNSHIP_MARKS if m in TOWNSHIP_UNITS) or any(
                     name.endswith(m) for m in TOWNSHIP_MARKS):
            ag.level = "township"
        else:
            ag.level = place.level
        norm = _normal_name(name, "place" if is_place else None)
        # a relative name made absolute when the text establishes the place ("市商务局" -> "渭南市商务局")
        if name[0] == "市" and ag.prefecture and ag.level == "prefecture" and not place.prefecture_by_phone:
            norm = ag.prefecture + norm[1:]
        elif name[0] == "市" and ag.level == "county" and ag.county and ag.county.endswith("市"):
            norm = ag.county + norm[1:]
        elif name[0] in "区县旗" and ag.county and not name.startswith(ag.county) and ag.county.endswith(name[0]):
            norm = ag.county + norm[1:]
        ag.name = norm
        ag.kind = _kind(norm, self_ref)
        if ag.level is None and ag.kind is None:
            pass
    else:
        ag.kind = _kind(None, self_ref)
        place = resolve(None, clean)
        ag.province, ag.prefecture = place.province, place.prefecture
        ag.division_code, ag.evidence = place.code, place.evidence
        if ag.prefecture is None:
            ag.division_code = place.code if place.code and place.code.endswith("0000") else None
    md.agency = ag
    return md
