"""Load hand-checked ground truth (tests/fixtures/golden/*.json) into the raw tables.

Independent of the parser: a warehouse built from the golden files tests the dbt models, the rule
SQL and the checkpoint on figures known to be right, and tests can plant violations into them.

    from tests.golden import load_golden_warehouse
    load_golden_warehouse(Path("/tmp/w.duckdb"), Path("tests/fixtures/golden").glob("*.json"))

``golden_scorer()`` is the golden scorer's ``score_one(truth, extraction)`` (tests/fixtures/score.py, a
copy of the shared scorer), for tests and benches that score one report at a time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from xxgk.load.schema import DDL, RAW_SCHEMA

STORAGE_VERSION = "v1.0.0"
SCORER = Path(__file__).resolve().parent / "fixtures" / "score.py"


def golden_scorer():
    """The golden scorer's ``score_one(truth, extraction) -> counters`` (fixtures/score.py is a script, not a
    module of this package, so it is loaded from its path)."""
    spec = importlib.util.spec_from_file_location("golden_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.score_one

# Rules that the checkpoint computes; every other expected finding is the parser's to report,
# so the loader plants it in raw.parse_findings (as the parser would).
CHECK_RULES = frozenset({
    "balance", "row_total", "outcome_total", "review_total", "invalid_value", "part_exceeds_whole",
    "carry_over", "legacy_identity", "narrative_mismatch", "year_missing", "agency_missing", "era_missing",
})


@dataclass
class RawReport:
    """One report's raw rows, editable before loading (to plant violations)."""

    report_id: str
    file_name: str
    meta: dict
    facts: dict[str, Decimal | None]            # key -> value (None = blank cell)
    approx: dict[str, Decimal] = field(default_factory=dict)
    parse_findings: list[dict] = field(default_factory=list)
    text: str = ""
    lines: dict[str, int] = field(default_factory=dict)   # key -> line number (provenance)


def _dec(v) -> Decimal:
    return Decimal(str(v))


def from_golden(path: Path, *, parse_rules: Iterable[str] | None = None, with_optional: bool = True,
                text: str | None = None) -> RawReport:
    """A RawReport from a golden JSON file.

    parse_rules: which expected findings to plant as parse findings (default: all not in CHECK_RULES).
    """
    g = json.loads(Path(path).read_text(encoding="utf-8"))
    facts: dict[str, Decimal | None] = {k: _dec(v) for k, v in (g.get("facts") or {}).items()}
    if with_optional:
        for k, v in (g.get("optional_facts") or {}).items():
            facts.setdefault(k, _dec(v))
    for k in g.get("nulls") or []:
        facts.setdefault(k, None)
    approx = {k: _dec(v) for k, v in (g.get("approx_facts") or {}).items()}
    if parse_rules is None:
        keep = lambda r: r not in CHECK_RULES  # noqa: E731
    else:
        wanted = set(parse_rules)
        keep = lambda r: r in wanted  # noqa: E731
    pfs = [{"rule": f["rule"], "key": f.get("key"), "severity": f.get("severity", "warn"),
            "detail": f.get("why") or f["rule"]}
           for f in g.get("expected_findings") or [] if keep(f["rule"])]
    body = text if text is not None else json.dumps(g, ensure_ascii=False, indent=1)
    rid = hashlib.sha256(body.encode("utf-8") + g["file"].encode()).hexdigest()[:16]
    # provenance: the line of the golden text where the key is written (the text is the JSON itself
    # unless a report text is given), so the data-quality report can show real source lines
    body_lines = body.splitlines()
    lines = {}
    for k in list(facts) + list(approx):
        needle = f'"{k}"'
        lines[k] = next((i + 1 for i, ln in enumerate(body_lines) if needle in ln), None)
    return RawReport(report_id=rid, file_name=g["file"], meta={
        "agency": g.get("agency") or {}, "report_year": g.get("report_year"),
        "published": g.get("published"), "era": g.get("era"),
    }, facts=facts, approx=approx, parse_findings=pfs, text=body, lines=lines)


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for ddl in DDL.values():
        con.execute(ddl)


def connect_new(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to a new warehouse file in the storage format DuckDB 1.x clients can read."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"attach '{path.as_posix()}' as wh (storage_version '{STORAGE_VERSION}')")
    con.execute("use wh")
    return con


# raw.reports columns in the order load_reports builds its rows (newer columns, e.g. text_id, stay null)
_REPORT_COLUMNS = (
    "report_id", "file_name", "source_path", "source_format", "encoding", "byte_size", "raw_text", "parsed_text",
    "parser_version", "ingested_at", "run_id", "last_seen_run", "title", "agency_name", "agency_name_as_written", "province",
    "prefecture", "county", "division_code", "level", "kind", "agency_evidence", "report_year", "published", "era",
    "era_evidence",
)


def load_reports(con: duckdb.DuckDBPyConnection, reports: Iterable[RawReport], *, run_id: str = "golden") -> int:
    create_raw_schema(con)
    now = datetime(2026, 1, 1, 0, 0, 0)
    rep_rows, fact_rows, pf_rows = [], [], []
    for r in reports:
        a = r.meta.get("agency") or {}
        pub = r.meta.get("published")
        rep_rows.append((
            r.report_id, r.file_name, f"golden/{r.file_name}", "txt", "utf-8", len(r.text.encode()),
            r.text, None, "golden", now, run_id, run_id, None, a.get("name"), a.get("name"), a.get("province"),
            a.get("prefecture"), a.get("county"), a.get("division_code"), a.get("level"), a.get("kind"),
            "golden", r.meta.get("report_year"), date.fromisoformat(pub) if pub else None, r.meta.get("era"),
            "golden",
        ))
        for k, v in r.facts.items():
            ln = r.lines.get(k)
            fact_rows.append((r.report_id, k, v, None if v is None else str(v),
                              "prose" if k.startswith("narrative.") else "label", False, None,
                              None, None, ln, ln, None))
        for k, v in r.approx.items():
            ln = r.lines.get(k)
            fact_rows.append((r.report_id, k, v, f"{v}余", "prose", True, None, None, None, ln, ln, None))
        for f in r.parse_findings:
            pf_rows.append((r.report_id, f["rule"], f.get("key"), f.get("severity", "warn"), f["detail"], None, None))
    # one run that saw every report (as an ingest records it: staging marks reports the last run saw)
    con.execute("insert into raw.runs (run_id, started_at, finished_at, reports_dir, files_seen, reports_new, "
                "reports_unchanged, files_quarantined, parser_version) values (?, ?, ?, 'golden', ?, ?, 0, 0, 'golden')",
                [run_id, now, now, len(rep_rows), len(rep_rows)])
    if rep_rows:
        con.executemany(f"insert into raw.reports ({', '.join(_REPORT_COLUMNS)}) values "
                        f"({', '.join('?' * len(_REPORT_COLUMNS))})", rep_rows)
        # one file per report, as an ingest would record it (a report no file holds is a superseded version)
        con.executemany("insert into raw.files (source_path, file_name, content_id, report_id, byte_size, mtime_ns, "
                        "first_seen_run, last_seen_run) values (?, ?, ?, ?, ?, 0, ?, ?)",
                        [(r[2], r[1], r[0], r[0], r[5], run_id, run_id) for r in rep_rows])
    if fact_rows:
        con.executemany("insert into raw.facts (report_id, key, value, raw, placement, approximate, unit, span_start, "
                        "span_end, line_start, line_end, sentence) values (" + ", ".join("?" * 12) + ")", fact_rows)
    if pf_rows:
        con.executemany("insert into raw.parse_findings values (?, ?, ?, ?, ?, ?, ?)", pf_rows)
    return len(rep_rows)


def load_golden_warehouse(path: Path, reports: Iterable[RawReport | Path]) -> Path:
    """Create ``path`` (must not exist) with the raw schema holding the given reports."""
    path = Path(path)
    con = connect_new(path)
    try:
        items = [r if isinstance(r, RawReport) else from_golden(Path(r)) for r in reports]
        load_reports(con, items)
    finally:
        con.close()
    return path
