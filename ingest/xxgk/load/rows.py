"""ReportRecord → rows for the raw tables, and rows → Arrow tables with fixed types.

Workers build the Arrow tables themselves (one per chunk of files), so the parent only inserts them:
Arrow pickles as flat buffers, far cheaper than a list of tuples, and explicit types mean no type
inference (and no pandas import) on either side. Figures travel as decimal strings and are cast to
decimal(20, 4) by DuckDB: ``pa.array`` over ``Decimal`` objects is slow.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

import pyarrow as pa

from xxgk.load.schema import arrow_schema
from xxgk.parse.model import Fact, ReportRecord
from xxgk.read.result import ReadNote

# Widest value DuckDB's decimal(20, 4) holds; anything larger cannot be a real count or amount.
MAX_ABS_VALUE = 10 ** 16

REPORT_SCHEMA = arrow_schema("reports")
FACT_SCHEMA = arrow_schema("facts")
FINDING_SCHEMA = arrow_schema("parse_findings")
FILE_SCHEMA = arrow_schema("files")
ERROR_SCHEMA = arrow_schema("ingest_errors")


def arrow_table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    """Rows (tuples in the schema's column order) → an Arrow table of exactly that schema."""
    # one C-level pass per column: ``zip(*rows)`` unpacks every row as an argument, 3-4x slower for
    # the ~100,000 fact rows of a chunk
    columns = [list(map(itemgetter(i), rows)) for i in range(len(schema))]
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def record_rows(record: ReportRecord, *, report_id: str, text_id: str, source_path: str, source_format: str,
                encoding: str | None, byte_size: int, raw_text: str, parser_version: str,
                read_notes: tuple[ReadNote, ...] = ()) -> tuple[tuple, list[Fact], list[tuple]]:
    """One report row, its facts (for :func:`fact_table`) and its finding rows (reader notes become
    ``input_converted``). A figure too large for decimal(20, 4) is stored as unknown, with a finding."""
    a = record.agency
    report = (
        report_id, text_id, record.file, source_path, source_format, encoding, byte_size, raw_text,
        record.text if record.text != raw_text else None, parser_version, record.title, a.name,
        a.name_as_written, a.province, a.prefecture, a.county, a.division_code, a.level, a.kind,
        a.evidence, record.report_year, _iso_date(record.published), record.era, record.era_evidence,
    )
    findings: list[tuple] = [(report_id, "input_converted", None, n.severity, n.text, None, None)
                             for n in read_notes]
    facts = record.facts
    if any(v is not None and abs(v) >= MAX_ABS_VALUE for v in map(_VALUE, facts)):
        facts = [_storable(f, report_id, findings) for f in facts]
    for x in record.findings:
        s = x.span
        findings.append((report_id, x.rule, x.key, x.severity, x.detail,
                         s.start if s else None, s.line_start if s else None))
    return report, facts, findings


def _storable(fact: Fact, report_id: str, findings: list[tuple]) -> Fact:
    if fact.value is None or -MAX_ABS_VALUE < fact.value < MAX_ABS_VALUE:
        return fact
    s = fact.span
    findings.append((report_id, "invalid_value", fact.key, "error",
                     f"figure {fact.raw!r} is too large to be a count or amount; stored as unknown",
                     s.start if s else None, s.line_start if s else None))
    return fact._replace(value=None)


# fact_table cuts columns from Fact tuples by position
assert Fact._fields == ("key", "value", "raw", "span", "placement", "approximate", "unit", "sentence",
                        "confidence"), Fact._fields
_VALUE, _SPAN = itemgetter(1), itemgetter(3)
_NO_SPAN = (None, None, None, None)


def fact_table(report_ids: list[str], facts: list[Fact], places: list | None = None) -> pa.Table:
    """The fact rows of a chunk as an Arrow table of FACT_SCHEMA: ``report_ids[i]`` owns ``facts[i]``,
    found at ``places[i]`` ((page, box) in a PDF, else None; all None when not given).

    Facts are NamedTuples, so each column is one C-level pass over them; building a 12-field row
    tuple per fact first (as :func:`arrow_table` needs) cost as much as the Arrow conversion itself."""
    def field(i: int) -> list:
        return list(map(itemgetter(i), facts))

    spans = [s or _NO_SPAN for s in map(_SPAN, facts)]
    start, end, line_start, line_end = (list(map(itemgetter(i), spans)) for i in range(4))
    values = [None if v is None else str(v) for v in map(_VALUE, facts)]
    if places is None or not any(places):
        pages: list = [None] * len(facts)
        boxes: list = pages
    else:
        pages = [p and p[0] for p in places]
        boxes = [p and list(p[1]) for p in places]
    columns = [report_ids, field(0), values, field(2), field(4), field(5), field(6), start, end, line_start,
               line_end, field(7), pages, boxes, field(8)]
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, FACT_SCHEMA)],
                                schema=FACT_SCHEMA)
