"""The records the parser produces: plain, typed, JSON-friendly dataclasses.

Everything here is a value: the parser is a pure function ``text -> ReportRecord`` built from
these, so records can be produced in worker processes and shipped back by pickling.

Offsets (``start``/``end``) are character offsets into ``ReportRecord.text``, the text the parser
read. For ``.txt`` files that is exactly the stored raw text; for HTML it is the text view of the
DOM (also stored), because figures in HTML come from table cells, not from markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Literal, NamedTuple

Era = Literal["pre2019", "v2019", "v2021"]
Level = Literal["national", "provincial", "prefecture", "county", "township"]
Kind = Literal["government", "department"]
Severity = Literal["error", "warn", "info"]

# How a figure was placed on its catalog key. Stored with every fact so a user can tell a
# figure read under its own label from one placed by the template's order.
Placement = Literal[
    "label",      # the row/column labels in the text name the cell
    "position",   # the label was lost or truncated; placed by the official template's order
    "split",      # a merged digit run ("000000") split where only one split is possible
    "rule",       # a dropped cell recovered because only one placement satisfies R0/R1/R2
    "prose",      # a figure stated in a sentence
    "ocr",        # read by OCR from a scanned page (xxgk.read.ocr_*); ``Fact.confidence`` says how surely
]


class Span(NamedTuple):
    """Where something came from in ``ReportRecord.text``: [start, end) and 1-based lines.

    A NamedTuple rather than a frozen dataclass: a report has hundreds of spans and facts, and a
    frozen dataclass pays an ``object.__setattr__`` per field to build one (3-5x slower)."""

    start: int
    end: int
    line_start: int
    line_end: int

    @staticmethod
    def of(text: str, start: int, end: int) -> "Span":
        if len(text) > _LINE_INDEX_FROM:   # many spans in a long text: no count from 0 for each
            nl = _newlines(text)
            before = bisect_left(nl, start)
            return Span(start, end, before + 1, bisect_left(nl, end) + 1)
        line_start = text.count("\n", 0, start) + 1
        line_end = line_start + text.count("\n", start, end)
        return Span(start, end, line_start, line_end)


# Texts longer than this get an index of their newlines for Span.of (counting from the start of the
# text for every span is quadratic when a long, hostile text yields thousands of findings).
_LINE_INDEX_FROM = 50_000


@lru_cache(maxsize=2)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


class Fact(NamedTuple):
    """One figure, as the text states it, under a catalog key (a NamedTuple, like Span: cheap to build)."""

    key: str                      # catalog key, e.g. "t3.new.total"
    value: Decimal | int | None   # None = the cell is present but blank / "/" / "-"
    raw: str                      # the text of the cell or phrase, e.g. "160.5964万元", "300余"
    span: Span | None             # where in the text
    placement: Placement = "label"
    approximate: bool = False     # "300余条": a lower bound, not an exact count
    unit: str | None = None       # unit as written when it differs from the key's unit
    sentence: str | None = None   # for prose figures: the sentence the figure came from
    confidence: float | None = None  # placement "ocr": the recogniser's probability of its least sure character


@dataclass(frozen=True, slots=True)
class Finding:
    """A doubt about the text found while parsing (rule failures come later, from the checks)."""

    rule: str                     # CONTRACT.md rule name, e.g. "table_incomplete"
    key: str | None               # catalog key or key prefix it concerns, if any
    severity: Severity
    detail: str                   # human-readable, says what and why
    span: Span | None = None


@dataclass(slots=True)
class Agency:
    name: str | None = None              # normalised name of the reporting body
    name_as_written: str | None = None   # the name as the text first gives it
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    division_code: str | None = None     # GB/T 2260 行政区划代码 of the most specific division known
    level: Level | None = None
    kind: Kind | None = None
    evidence: str | None = None          # how the jurisdiction was found ("title", "area code 0632", ...)


@dataclass(slots=True)
class ReportRecord:
    """Everything parsed from one report."""

    file: str                            # base name
    text: str                            # the text offsets refer to (see module docstring)
    agency: Agency = field(default_factory=Agency)
    report_year: int | None = None
    published: str | None = None         # ISO date
    era: Era | None = None
    era_evidence: str | None = None      # "table headers", "report year", ...
    title: str | None = None
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def values(self) -> dict[str, Decimal | int | None]:
        return {f.key: f.value for f in self.facts}

    def to_contract_json(self) -> dict:
        """The JSON object `xxgk extract` prints (CONTRACT.md)."""
        known = {f.key: _json_number(f.value) for f in self.facts if f.value is not None and not f.approximate}
        return {
            "file": self.file,
            "agency": {
                k: v
                for k, v in asdict(self.agency).items()
                if k in ("name", "province", "prefecture", "county", "level", "kind", "division_code",
                         "name_as_written")
            },
            "report_year": self.report_year,
            "published": self.published,
            "era": self.era,
            "facts": known,
            "approx_facts": {f.key: _json_number(f.value) for f in self.facts
                             if f.value is not None and f.approximate},
            "nulls": sorted(f.key for f in self.facts if f.value is None),
            "findings": [
                {"rule": x.rule, "key": x.key, "severity": x.severity, "detail": x.detail,
                 **({"line": x.span.line_start} if x.span else {})}
                for x in self.findings
            ],
        }


def _json_number(v: Decimal | int | None) -> int | float | None:
    if v is None or isinstance(v, int):
        return v
    return int(v) if v == v.to_integral_value() else float(v)
