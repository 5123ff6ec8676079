"""The raw schema the ingest writes and dbt reads as sources, defined once.

``RAW_TABLES`` is the one definition: every table, its columns with their DuckDB types, constraints and
meaning. From it come the DDL (``DDL``), the Arrow schemas of the batches the workers build
(``arrow_schema``; xxgk.load.rows) and dbt's source definition
(models/staging/reports/_reports__sources.yml, written by ``make generate``; tests/test_templates.py fails
when it differs).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

RAW_SCHEMA = "raw"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str                   # DuckDB type
    doc: str = ""
    not_null: bool = False
    primary_key: bool = False
    batch: bool = True          # in the Arrow batches the workers build; False: the parent adds it on insert
    tests: tuple[str, ...] = ()  # dbt data tests of the source column (yaml flow items)


@dataclass(frozen=True, slots=True)
class RawTable:
    name: str
    doc: str
    columns: tuple[Column, ...]


def _c(name: str, type_: str, doc: str = "", **kw) -> Column:
    return Column(name, type_, doc, **kw)




def dbt_doc(name: str) -> str:
    """A column description kept in a dbt docs block (models/docs.md), shared with the models."""
    return '{{ doc("' + name + '") }}'


RAW_TABLES: tuple[RawTable, ...] = (
    RawTable("reports", "One row per distinct report text.", (
        _c("report_id", "varchar", dbt_doc("report_id"), primary_key=True, tests=("unique", "not_null")),
        _c("text_id", "varchar", dbt_doc("text_id")),
        _c("file_name", "varchar", "Base name of the first file seen with this content.", not_null=True),
        _c("source_path", "varchar", "That file's path as given to the run.", not_null=True),
        _c("source_format", "varchar", "txt | html | pdf | docx | doc | wps", not_null=True),
        _c("encoding", "varchar", "How the bytes were decoded (utf-8, utf-8-sig, gb18030, ...); null for pdf/docx."),
        _c("byte_size", "bigint", "Size of the file in bytes.", not_null=True),
        _c("raw_text", "varchar", "The exact decoded text.", not_null=True),
        _c("parsed_text", "varchar", "The text view that offsets refer to, when it differs from raw_text (HTML, PDF)."),
        _c("parser_version", "varchar", "Version of the parser that read it (a new version re-parses).", not_null=True),
        _c("ingested_at", "timestamp", "When it was loaded (UTC).", not_null=True, batch=False),
        _c("run_id", "varchar", "The run that loaded it (raw.runs).", not_null=True, batch=False),
        _c("last_seen_run", "varchar", "The last run whose folder held this report (a file with its text); "
                                       "older than the newest run: the file is gone (the warehouse keeps it).",
           batch=False),
        _c("title", "varchar"),
        _c("agency_name", "varchar"),
        _c("agency_name_as_written", "varchar"),
        _c("province", "varchar"),
        _c("prefecture", "varchar"),
        _c("county", "varchar"),
        _c("division_code", "varchar"),
        _c("level", "varchar"),
        _c("kind", "varchar"),
        _c("agency_evidence", "varchar"),
        _c("report_year", "integer", dbt_doc("report_year")),
        _c("published", "date"),
        _c("era", "varchar", dbt_doc("era")),
        _c("era_evidence", "varchar"),
    )),
    RawTable("files", "Every file seen, mapped to its report (the same report under two names is two rows).", (
        _c("source_path", "varchar", "Absolute path without symbolic links.", primary_key=True),
        _c("file_name", "varchar", not_null=True),
        _c("content_id", "varchar", "sha256 of the file's bytes, 16 hex digits."),
        _c("report_id", "varchar", "The report this content is (a changed file gets a new one; a GBK copy of a "
                                   "stored UTF-8 text maps to that report).", not_null=True),
        _c("byte_size", "bigint", not_null=True),
        _c("mtime_ns", "bigint", not_null=True),
        _c("first_seen_run", "varchar", not_null=True, batch=False),
        _c("last_seen_run", "varchar", not_null=True, batch=False),
    )),
    RawTable("facts", "Every figure under its catalog key, with provenance. value null = the cell is present but "
                      "blank.", (
        _c("report_id", "varchar", not_null=True,
           tests=("not_null", "relationships: {arguments: {to: \"source('raw', 'reports')\", field: report_id}}")),
        _c("key", "varchar", dbt_doc("catalog_key"), not_null=True, tests=("not_null",)),
        # figures travel as decimal strings in the batches: pa.array over Decimal objects is slow
        _c("value", "decimal(20, 4)"),
        _c("raw", "varchar", "The figure as the text writes it."),
        _c("placement", "varchar", "label | position | split | rule | prose | ocr", not_null=True),
        _c("approximate", "boolean", not_null=True),
        _c("unit", "varchar"),
        _c("span_start", "integer"),
        _c("span_end", "integer"),
        _c("line_start", "integer"),
        _c("line_end", "integer"),
        _c("sentence", "varchar"),
        _c("page", "integer", "PDF: the page the figure is on (1-based)."),
        _c("bbox", "float[4]", "PDF: its box on that page, in points from the top-left: x0, top, x1, bottom."),
        _c("confidence", "double", "placement ocr: the recogniser's confidence in the figure (0-1); null otherwise."),
    )),
    RawTable("parse_findings", "Doubts found while parsing; united with rule failures in marts.fct_findings.", (
        _c("report_id", "varchar", not_null=True),
        _c("rule", "varchar", not_null=True),
        _c("key", "varchar"),
        _c("severity", "varchar", not_null=True),
        _c("detail", "varchar", not_null=True),
        _c("span_start", "integer"),
        _c("line_start", "integer"),
    )),
    RawTable("ingest_errors", "Files that could not be loaded, and why (one row per file and run, kept across "
                              "runs).", (
        _c("run_id", "varchar", not_null=True, batch=False),
        _c("source_path", "varchar", not_null=True),
        _c("file_name", "varchar", not_null=True),
        _c("reason", "varchar", "A quarantine reason (xxgk.read.result.REASONS).", not_null=True),
        _c("detail", "varchar", not_null=True),
        _c("byte_size", "bigint"),
        _c("seen_at", "timestamp", not_null=True, batch=False),
    )),
    RawTable("runs", "One row per ingest run.", (
        _c("run_id", "varchar", primary_key=True),
        _c("started_at", "timestamp", not_null=True),
        _c("finished_at", "timestamp"),
        _c("reports_dir", "varchar", not_null=True),
        _c("files_seen", "integer"),
        _c("reports_new", "integer"),
        _c("reports_unchanged", "integer"),
        _c("files_quarantined", "integer"),
        _c("parser_version", "varchar", not_null=True),
    )),
)

RAW_TABLES_BY_NAME = {t.name: t for t in RAW_TABLES}


def _ddl(table: RawTable) -> str:
    cols = []
    for c in table.columns:
        constraint = " primary key" if c.primary_key else " not null" if c.not_null else ""
        cols.append(f"            {c.name:<18} {c.type}{constraint}")
    return f"\n        create table if not exists {RAW_SCHEMA}.{table.name} (\n" + ",\n".join(cols) + "\n        )"


DDL: dict[str, str] = {t.name: _ddl(t) for t in RAW_TABLES}

# Columns added after the first release: warehouses built before them gain them on the next run
# (their old rows keep null and are filled when the report is next parsed).
MIGRATIONS: tuple[str, ...] = (
    "alter table raw.reports add column if not exists text_id varchar",
    "alter table raw.files add column if not exists content_id varchar",
    # the run that last saw each report: from its files where they still point at it, else the run
    # that ingested it (an earlier version of a changed file)
    "alter table raw.reports add column if not exists last_seen_run varchar",
    """update raw.reports set last_seen_run = coalesce(
           (select max(f.last_seen_run) from raw.files f where f.report_id = raw.reports.report_id), run_id)
       where last_seen_run is null""",
    "alter table raw.facts add column if not exists page integer",
    "alter table raw.facts add column if not exists bbox float[4]",
    "alter table raw.facts add column if not exists confidence double",
)

_ARROW_TYPES = {"varchar": pa.string(), "integer": pa.int32(), "bigint": pa.int64(), "boolean": pa.bool_(),
                "date": pa.date32(), "decimal(20, 4)": pa.string(), "timestamp": pa.timestamp("us"),
                "float[4]": pa.list_(pa.float32(), 4), "double": pa.float64()}


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a batch for ``raw.<table>``: its batch columns, in table order (inserted by name)."""
    return pa.schema([(c.name, _ARROW_TYPES[c.type]) for c in RAW_TABLES_BY_NAME[table].columns if c.batch])


def sources_yml() -> str:
    """models/staging/reports/_reports__sources.yml: dbt's view of RAW_TABLES."""
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["# GENERATED from ingest/xxgk/load/schema.py (RAW_TABLES) by `make generate`: edit that file.",
           "version: 2", "", "sources:", f"  - name: {RAW_SCHEMA}", f"    schema: {RAW_SCHEMA}",
           "    description: Tables written by the Python ingest (ingest/xxgk/load/schema.py). dbt only reads them.",
           "    tables:"]
    for t in RAW_TABLES:
        out += [f"      - name: {t.name}", f"        description: {q(t.doc)}", "        columns:"]
        for c in t.columns:
            out.append(f"          - name: {c.name}")
            out.append(f"            data_type: {c.type}")
            if c.doc:
                out.append(f"            description: {q(c.doc)}")
            if c.tests:
                out.append("            data_tests:")
                out += [f"              - {test}" for test in c.tests]
    return "\n".join(out) + "\n"
