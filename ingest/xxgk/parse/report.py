"""parse_report: the one entry point from a report's text to a ReportRecord.

A pure function of its arguments (no I/O, no globals that change), so it runs the same in
`xxgk extract`, in the ingest's worker processes and in tests.
"""

from __future__ import annotations

from typing import cast

from xxgk.read.html import html_view
from xxgk.parse.legacy import extract_legacy
from xxgk.parse.metadata import extract_metadata
from xxgk.parse.model import Era, Finding, ReportRecord
from xxgk.parse.narrative import extract_narrative
from xxgk.parse.normalize import normalize
from xxgk.parse.prose_checks import in_total_parts_findings, outcome_prose_findings
from xxgk.parse.sections import missing_tables
from xxgk.parse.tables import extract_tables

from xxgk.parse.version import PARSER_VERSION  # noqa: F401  (re-exported: stored with every report)


def era_from_year(year: int | None) -> Era | None:
    if year is None:
        return None
    if year <= 2018:
        return "pre2019"
    return "v2019" if year <= 2020 else "v2021"


def parse_report(raw: str, file_name: str, *, is_html: bool = False) -> ReportRecord:
    """Parse one report. ``raw`` is the decoded file content; ``is_html`` selects the DOM path."""
    text, html_findings = html_view(raw) if is_html else (raw, [])
    norm = normalize(text)  # same length as text: offsets carry over

    meta = extract_metadata(norm)
    tables = extract_tables(norm)
    legacy = extract_legacy(norm, report_year=meta.report_year)
    prose = extract_narrative(norm, report_year=meta.report_year, level=meta.agency.level,
                              kind=meta.agency.kind, table_regions=[*tables.regions, *legacy.regions])

    record = ReportRecord(file=file_name, text=text, agency=meta.agency, report_year=meta.report_year,
                          published=meta.published, title=meta.title)
    # Era: the tables' own headers decide (some bodies keep an old template); the year only breaks ties.
    if tables.era:
        record.era, record.era_evidence = cast(Era, tables.era), "table headers"
    elif legacy.facts:
        record.era, record.era_evidence = "pre2019", "pre-2019 统计表"
    else:
        record.era = era_from_year(meta.report_year)
        record.era_evidence = "report year" if record.era else None

    record.facts = [*tables.facts, *legacy.facts, *prose.facts]
    record.findings = [*html_findings, *meta.findings, *tables.findings, *legacy.findings, *prose.findings,
                       *missing_tables(norm, {f.key.split(".", 1)[0] for f in tables.facts}, meta.report_year),
                       *outcome_prose_findings(norm, tables.facts, meta.report_year), *in_total_parts_findings(norm)]
    if record.report_year is None:
        record.findings.append(Finding("year_missing", None, "error", "no report year found in the text"))
    if record.agency.name is None:
        record.findings.append(Finding("agency_missing", None, "error", "no reporting body found in the text"))
    return record
