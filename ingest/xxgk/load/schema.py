"""The raw schema the ingest writes and dbt reads as sources (models/staging/reports/_reports__sources.yml).

One place for the DDL, so the loader, the docs and the tests agree. Columns are documented in the
dbt sources file; keep the two in step.
"""

from __future__ import annotations

RAW_SCHEMA = "raw"

DDL: dict[str, str] = {
    # One row per distinct report text. report_id = first 16 hex digits of sha256(bytes of the first file
    # seen with this text): the same report under two names, in two encodings, or ingested twice, is stored once.
    "reports": """
        create table if not exists raw.reports (
            report_id          varchar primary key,
            text_id            varchar,            -- sha256 of the decoded text (CRLF → LF, trimmed), 16 hex digits
            file_name          varchar not null,   -- base name of the first file seen with this content
            source_path        varchar not null,   -- that file's path as given to the run
            source_format      varchar not null,   -- txt | html | pdf | docx
            encoding           varchar,            -- how the bytes were decoded (utf-8, utf-8-sig, gb18030, ...)
            byte_size          bigint not null,
            raw_text           varchar not null,   -- the exact decoded text
            parsed_text        varchar,            -- text view the offsets refer to, when it differs (HTML, PDF)
            parser_version     varchar not null,
            ingested_at        timestamp not null,
            run_id             varchar not null,
            title              varchar,
            agency_name        varchar,
            agency_name_as_written varchar,
            province           varchar,
            prefecture         varchar,
            county             varchar,
            division_code      varchar,
            level              varchar,
            kind               varchar,
            agency_evidence    varchar,
            report_year        integer,
            published          date,
            era                varchar,
            era_evidence       varchar
        )""",
    # Every file seen, mapped to its report: the same report under two names is two rows here.
    "files": """
        create table if not exists raw.files (
            source_path        varchar primary key,
            file_name          varchar not null,
            content_id         varchar,            -- sha256 of the file's bytes, 16 hex digits
            report_id          varchar not null,   -- the report this content is (a changed file gets a new one;
                                                   -- a GBK copy of a stored UTF-8 text maps to that report)
            byte_size          bigint not null,
            mtime_ns           bigint not null,
            first_seen_run     varchar not null,
            last_seen_run      varchar not null
        )""",
    # Every figure, with provenance. value null = the cell is present but blank.
    "facts": """
        create table if not exists raw.facts (
            report_id          varchar not null,
            key                varchar not null,
            value              decimal(20, 4),
            raw                varchar,
            placement          varchar not null,   -- label | position | split | rule | prose | ocr
            approximate        boolean not null,
            unit               varchar,
            span_start         integer,
            span_end           integer,
            line_start         integer,
            line_end           integer,
            sentence           varchar,
            confidence         double              -- placement ocr: the recogniser's confidence
        )""",
    # Doubts found while parsing (rule failures come from the checks, in marts.fct_findings).
    "parse_findings": """
        create table if not exists raw.parse_findings (
            report_id          varchar not null,
            rule               varchar not null,
            key                varchar,
            severity           varchar not null,
            detail             varchar not null,
            span_start         integer,
            line_start         integer
        )""",
    # Files that could not be loaded, and why. Kept across runs (one row per file and run).
    "ingest_errors": """
        create table if not exists raw.ingest_errors (
            run_id             varchar not null,
            source_path        varchar not null,
            file_name          varchar not null,
            reason             varchar not null,   -- empty | binary | undecodable | unreadable | too_large | unsupported
            detail             varchar not null,
            byte_size          bigint,
            seen_at            timestamp not null
        )""",
    # One row per run.
    "runs": """
        create table if not exists raw.runs (
            run_id             varchar primary key,
            started_at         timestamp not null,
            finished_at        timestamp,
            reports_dir        varchar not null,
            files_seen         integer,
            reports_new        integer,
            reports_unchanged  integer,
            files_quarantined  integer,
            parser_version     varchar not null
        )""",
}

# Columns added after the first release: warehouses built before them gain them on the next run
# (their old rows keep null and are filled when the report is next parsed).
MIGRATIONS: tuple[str, ...] = (
    "alter table raw.reports add column if not exists text_id varchar",
    "alter table raw.files add column if not exists content_id varchar",
    "alter table raw.facts add column if not exists confidence double",
)
