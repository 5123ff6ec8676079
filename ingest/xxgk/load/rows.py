"""ReportRecord → plain row tuples for the raw tables (cheap to pickle back from worker processes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xxgk.parse.model import ReportRecord

# Widest value DuckDB's decimal(20, 4) holds; anything larger cannot be a real count or amount.
MAX_ABS_VALUE = Decimal(10) ** 16

REPORT_COLUMNS = (
    "report_id", "file_name", "source_path", "source_format", "encoding", "byte_size", "raw_text",
    "parsed_text", "parser_version", "title", "agency_name", "agency_name_as_written", "province",
    "prefecture", "county", "division_code", "level", "kind", "agency_evidence", "report_year",
    "published", "era", "era_evidence",
)
FACT_COLUMNS = (
    "report_id", "key", "value", "raw", "placement", "approximate", "unit", "span_start", "span_end",
    "line_start", "line_end", "sentence",
)
FINDING_COLUMNS = ("report_id", "rule", "key", "severity", "detail", "span_start", "line_start")


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def record_rows(record: ReportRecord, *, report_id: str, source_path: str, source_format: str,
                encoding: str | None, byte_size: int, raw_text: str, parser_version: str
                ) -> tuple[tuple, list[tuple], list[tuple]]:
    a = record.agency
    report = (
        report_id, record.file, source_path, source_format, encoding, byte_size, raw_text,
        record.text if record.text != raw_text else None, parser_version, record.title, a.name,
        a.name_as_written, a.province, a.prefecture, a.county, a.division_code, a.level, a.kind,
        a.evidence, record.report_year, _iso_date(record.published), record.era, record.era_evidence,
    )
    facts: list[tuple] = []
    findings: list[tuple] = []
    for f in record.facts:
        value = f.value
        if value is not None:
            value = Decimal(value)
            if abs(value) >= MAX_ABS_VALUE:
                findings.append((report_id, "invalid_value", f.key, "error",
                                 f"figure {f.raw!r} is too large to be a count or amount; stored as unknown",
                                 f.span.start if f.span else None, f.span.line_start if f.span else None))
                value = None
        s = f.span
        facts.append((report_id, f.key, value, f.raw, f.placement, f.approximate, f.unit,
                      s.start if s else None, s.end if s else None, s.line_start if s else None,
                      s.line_end if s else None, f.sentence))
    for x in record.findings:
        s = x.span
        findings.append((report_id, x.rule, x.key, x.severity, x.detail,
                         s.start if s else None, s.line_start if s else None))
    return report, facts, findings
