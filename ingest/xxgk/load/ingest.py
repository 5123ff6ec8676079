"""Ingest a folder of report files into the raw schema of a DuckDB file.

- Every file is read and hashed (sha256 of its bytes); the hash is the report's id, so the same report
  under two names, or ingested twice, is stored once, and an unchanged folder costs one hash per file.
- New or changed content is decoded and parsed in worker processes (parsing is a pure function of the
  text), and loaded in Arrow batches (never row by row).
- Files that cannot be read are quarantined in raw.ingest_errors with a reason; the run goes on.
- Everything happens inside one transaction on the build copy of the warehouse (see xxgk.warehouse).
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from xxgk.load.read import ReadResult, iter_report_files, read_bytes_safely, read_report_data
from xxgk.load.rows import FACT_COLUMNS, FINDING_COLUMNS, REPORT_COLUMNS, record_rows
from xxgk.load.schema import DDL
from xxgk.parse import PARSER_VERSION, parse_report

BATCH_REPORTS = 2000          # reports per Arrow batch: bounds memory, amortises insert cost
SMALL_RUN = 48                # below this many files, a process pool costs more than it saves

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class IngestStats:
    run_id: str
    files_seen: int = 0
    reports_new: int = 0          # content not in the warehouse before (or re-parsed by a new parser)
    reports_unchanged: int = 0    # content already there, parsed by this parser version
    duplicates: int = 0           # files whose content another file in this run already supplied
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)  # (file, reason, detail)
    facts_loaded: int = 0
    seconds: float = 0.0


# ---------------------------------------------------------------- worker side (pure, picklable I/O)

_KNOWN_IDS: frozenset[str] = frozenset()  # set in the parent before forking workers


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def process_file(path_str: str) -> tuple:
    """Read, hash and (if new) parse one file. Returns a small tagged tuple for the parent."""
    path = Path(path_str)
    data = read_bytes_safely(path)  # refuses FIFOs/devices and oversize files without reading them
    if isinstance(data, ReadResult):
        return ("error", path_str, path.name, data.byte_size, data.error or "unreadable", data.detail or "")
    try:
        st = path.stat()
    except OSError as exc:
        return ("error", path_str, path.name, len(data), "unreadable", f"{path.name}: {exc.strerror or exc}")
    rid = content_id(data)
    if rid in _KNOWN_IDS:
        return ("unchanged", path_str, path.name, st.st_size, st.st_mtime_ns, rid)
    read = read_report_data(path, data)  # decode only content we have not seen
    if read.error:
        return ("error", path_str, path.name, read.byte_size, read.error, read.detail or "")
    try:
        record = parse_report(read.text or "", path.name, is_html=read.source_format == "html")
    except Exception as exc:  # a parser bug quarantines one file, never the run
        return ("error", path_str, path.name, st.st_size, "parser_error", f"{type(exc).__name__}: {exc}")
    report, facts, findings = record_rows(
        record, report_id=rid, source_path=path_str, source_format=read.source_format,
        encoding=read.encoding, byte_size=read.byte_size, raw_text=read.text or "",
        parser_version=PARSER_VERSION)
    return ("new", path_str, path.name, st.st_size, st.st_mtime_ns, rid, report, facts, findings)


def _results(paths: list[str], jobs: int) -> Iterator[tuple]:
    if jobs == 1 or len(paths) < SMALL_RUN:
        yield from map(process_file, paths)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork")  # workers inherit _KNOWN_IDS without pickling it
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        yield from pool.map(process_file, paths, chunksize=64)


# ---------------------------------------------------------------- parent side

def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for ddl in DDL.values():
        con.execute(ddl)


def _arrow(rows: list[tuple], names: tuple[str, ...]) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in names]
    return pa.table([pa.array(list(c)) for c in columns], names=list(names))


class _Batch:
    def __init__(self) -> None:
        self.reports: list[tuple] = []
        self.facts: list[tuple] = []
        self.findings: list[tuple] = []

    def flush(self, con: duckdb.DuckDBPyConnection, run_id: str, now: datetime) -> None:
        if not self.reports:
            return
        reports = _arrow(self.reports, REPORT_COLUMNS)
        reports = reports.append_column("ingested_at", pa.array([now] * len(self.reports)))
        reports = reports.append_column("run_id", pa.array([run_id] * len(self.reports)))
        con.register("batch_reports", reports)
        # re-parsed reports (new parser version) replace their old figures
        con.execute("delete from raw.facts where report_id in (select report_id from batch_reports)")
        con.execute("delete from raw.parse_findings where report_id in (select report_id from batch_reports)")
        con.execute("insert or replace into raw.reports by name select * from batch_reports")
        con.unregister("batch_reports")
        if self.facts:
            con.register("batch_facts", _arrow(self.facts, FACT_COLUMNS))
            con.execute("insert into raw.facts by name select * from batch_facts")
            con.unregister("batch_facts")
        if self.findings:
            con.register("batch_findings", _arrow(self.findings, FINDING_COLUMNS))
            con.execute("insert into raw.parse_findings by name select * from batch_findings")
            con.unregister("batch_findings")
        self.reports.clear()
        self.facts.clear()
        self.findings.clear()


def ingest(con: duckdb.DuckDBPyConnection, reports_dir: Path, *, jobs: int = 0,
           progress: Progress | None = None) -> IngestStats:
    """Ingest every report file under ``reports_dir`` into the raw schema of ``con``."""
    global _KNOWN_IDS
    started = time.perf_counter()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    stats = IngestStats(run_id=now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6])
    ensure_schema(con)
    paths = [str(p.resolve()) for p in iter_report_files(reports_dir)]
    stats.files_seen = len(paths)

    con.execute("begin transaction")
    try:
        con.execute("insert into raw.runs (run_id, started_at, reports_dir, parser_version) values (?, ?, ?, ?)",
                    [stats.run_id, now, str(reports_dir.resolve()), PARSER_VERSION])
        _KNOWN_IDS = frozenset(r for (r,) in con.execute(
            "select report_id from raw.reports where parser_version = ?", [PARSER_VERSION]).fetchall())
        batch = _Batch()
        added_this_run: set[str] = set()
        file_rows: list[tuple] = []
        error_rows: list[tuple] = []
        for done, out in enumerate(_results(paths, jobs or os.cpu_count() or 1), start=1):
            kind, path_str, name = out[0], out[1], out[2]
            if kind == "error":
                _, _, _, size, reason, detail = out
                stats.quarantined.append((path_str, reason, detail))
                error_rows.append((stats.run_id, path_str, name, reason, detail, size, now))
            else:
                size, mtime, rid = out[3], out[4], out[5]
                file_rows.append((path_str, name, rid, size, mtime))
                if kind == "unchanged":
                    stats.reports_unchanged += 1
                elif rid in added_this_run:
                    stats.duplicates += 1
                else:
                    added_this_run.add(rid)
                    stats.reports_new += 1
                    report, facts, findings = out[6], out[7], out[8]
                    batch.reports.append(report)
                    batch.facts.extend(facts)
                    batch.findings.extend(findings)
                    stats.facts_loaded += len(facts)
                    if len(batch.reports) >= BATCH_REPORTS:
                        batch.flush(con, stats.run_id, now)
            if progress:
                progress(done, len(paths))
        batch.flush(con, stats.run_id, now)
        _merge_files(con, file_rows, stats.run_id)
        if error_rows:
            con.register("batch_errors", _arrow(error_rows, (
                "run_id", "source_path", "file_name", "reason", "detail", "byte_size", "seen_at")))
            con.execute("insert into raw.ingest_errors by name select * from batch_errors")
            con.unregister("batch_errors")
        con.execute(
            """update raw.runs set finished_at = ?, files_seen = ?, reports_new = ?, reports_unchanged = ?,
               files_quarantined = ? where run_id = ?""",
            [datetime.now(timezone.utc).replace(tzinfo=None), stats.files_seen, stats.reports_new,
             stats.reports_unchanged, len(stats.quarantined), stats.run_id])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        _KNOWN_IDS = frozenset()
    stats.seconds = time.perf_counter() - started
    return stats


def _merge_files(con: duckdb.DuckDBPyConnection, rows: list[tuple], run_id: str) -> None:
    """Upsert the files seen this run, keeping when each path was first seen."""
    if not rows:
        return
    con.register("seen_files", _arrow(rows, ("source_path", "file_name", "report_id", "byte_size", "mtime_ns")))
    con.execute(
        """create or replace temp table merged_files as
           select s.source_path, s.file_name, s.report_id, s.byte_size, s.mtime_ns,
                  coalesce(f.first_seen_run, ?) as first_seen_run, ? as last_seen_run
           from seen_files s left join raw.files f using (source_path)""", [run_id, run_id])
    con.execute("delete from raw.files where source_path in (select source_path from merged_files)")
    con.execute("insert into raw.files by name select * from merged_files")
    con.execute("drop table merged_files")
    con.unregister("seen_files")
