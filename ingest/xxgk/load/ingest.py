"""Ingest a folder of report files into the raw schema of a DuckDB file.

- Every file is read and hashed: ``content_id`` = sha256 of its bytes. Content already in the warehouse
  (parsed by this parser version) is not decoded again, so an unchanged folder costs one hash per file.
- New content is decoded and parsed; ``text_id`` = sha256 of the decoded text. Two files with the same
  text — the same report under two names, or saved once as GBK and once as UTF-8 — are one report:
  the first file seen supplies it (``report_id`` = its content_id), the others are counted as duplicates
  and mapped to it in raw.files.
- Workers (processes) take chunks of files and return Arrow tables; parsing is a pure function of the
  text. The parent only decides duplicates and bulk-inserts the tables (never row by row).
- Files that cannot be read are quarantined in raw.ingest_errors with a reason; the run goes on. So are
  the entries the folder walker does not read (xxgk.read.walk: other file types, links leading out of
  the folder, link loops, broken links).
- Every report seen is stamped with this run (``raw.reports.last_seen_run``); a report whose files are
  gone keeps its rows (the warehouse is an archive) unless ``prune``, which drops it.
- It runs on the build copy of the warehouse (see xxgk.warehouse), which is published only when the whole
  run succeeded, so it can commit every COMMIT_REPORTS reports: DuckDB holds a transaction's new rows in
  memory, and one transaction for 100,000 reports peaked at 4.3 GB.
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from xxgk.read.read import ReadResult, read_file_safely, read_report_data
from xxgk.load.rows import (ERROR_SCHEMA, FACT_SCHEMA, FILE_SCHEMA, FINDING_SCHEMA, REPORT_SCHEMA, arrow_table,
                            fact_table, record_rows)
from xxgk.read.scan import FileState, content_id
from xxgk.read.walk import FolderWalk, walk_reports
from xxgk.load.schema import DDL, MIGRATIONS
from xxgk.parse import PARSER_VERSION, parse_report
from xxgk.parse.ocr_review import review_ocr
from xxgk.parse.model import Fact
from xxgk.read.locations import fact_places

CHUNK_FILES = 64              # files per worker task: amortises task overhead, keeps batches small
COMMIT_REPORTS = 5000         # new reports per commit: bounds the memory DuckDB holds for a transaction
SMALL_RUN = 48                # below this many files, a process pool costs more than it saves

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class IngestStats:
    run_id: str
    files_seen: int = 0
    reports_new: int = 0          # content not in the warehouse before (or re-parsed by a new parser)
    reports_unchanged: int = 0    # content already there, parsed by this parser version
    duplicates: int = 0           # files whose text another file (this run or before) already supplied
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)  # (file, reason, detail)
    facts_loaded: int = 0
    pruned: int = 0               # reports dropped because no file of the folder holds them (prune)
    seconds: float = 0.0


# ---------------------------------------------------------------- worker side (pure, picklable I/O)

_KNOWN_CONTENT: frozenset[str] = frozenset()  # set in the parent before forking workers


def text_id(text: str) -> str:
    """Identity of a decoded text, whatever encoding or line endings its file used."""
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Chunk:
    """What a worker returns for a chunk of files. ``seen`` has one entry per readable file, in order:
    (kind, source_path, file_name, byte_size, mtime_ns, content_id, text_id or None);
    kind is "unchanged" (content known before the run), "new" (its rows are in the tables, once per
    content_id in a chunk) or "copy" (the same bytes as an earlier "new" file of the chunk)."""

    seen: list[tuple]
    errors: pa.Table
    reports: pa.Table
    facts: pa.Table
    findings: pa.Table


def _process_file(path_str: str, out: Chunk, rows: _ChunkRows, errors: list, parsed: dict[str, str]) -> None:
    path = Path(path_str)
    got = read_file_safely(path)  # refuses FIFOs/devices and oversize files without reading them
    if isinstance(got, ReadResult):
        errors.append((path_str, path.name, got.error or "unreadable", got.detail or "", got.byte_size))
        return
    data, st = got
    cid = content_id(data)
    if cid in _KNOWN_CONTENT:
        out.seen.append(("unchanged", path_str, path.name, st.st_size, st.st_mtime_ns, cid, None))
        return
    if cid in parsed:  # the same bytes earlier in this chunk: parsed once, this file is a copy
        out.seen.append(("copy", path_str, path.name, st.st_size, st.st_mtime_ns, cid, parsed[cid]))
        return
    read = read_report_data(path, data)  # decode only content we have not seen
    if read.error:
        errors.append((path_str, path.name, read.error, read.detail or "", read.byte_size))
        return
    text = read.text or ""
    try:
        source, is_html = read.parser_input()   # the text, or the HTML found inside it
        record = parse_report(source, path.name, is_html=is_html)
        if read.ocr is not None:       # pages read by OCR: placement, confidence, doubts (xxgk.parse.ocr_review)
            review_ocr(record, read.ocr)
    except Exception as exc:  # a parser bug quarantines one file, never the run
        errors.append((path_str, path.name, "parser_error", f"{path.name}: {type(exc).__name__}: {exc}", st.st_size))
        return
    tid = text_id(text)
    report, facts, findings = record_rows(
        record, report_id=cid, text_id=tid, source_path=path_str, source_format=read.source_format,
        encoding=read.encoding, byte_size=read.byte_size, raw_text=text, parser_version=PARSER_VERSION,
        read_notes=read.notes)
    rows.reports.append(report)
    rows.fact_report_ids.extend([cid] * len(facts))
    rows.facts.extend(facts)
    rows.fact_places.extend(fact_places(read.locations, facts))  # type: ignore[arg-type]
    rows.findings.extend(findings)
    parsed[cid] = tid
    out.seen.append(("new", path_str, path.name, st.st_size, st.st_mtime_ns, cid, tid))


@dataclass(slots=True)
class _ChunkRows:
    """The rows of a chunk's new reports, gathered before they become Arrow tables."""

    reports: list[tuple] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    fact_report_ids: list[str] = field(default_factory=list)   # the report of each fact
    fact_places: list = field(default_factory=list)             # where each fact is in its PDF, or None
    findings: list[tuple] = field(default_factory=list)


def process_chunk(paths: list[str]) -> Chunk:
    """Read, hash and (if new) parse a chunk of files; the rows come back as Arrow tables.

    Python's cyclic garbage collector is paused for the chunk. Parsing allocates hundreds of thousands
    of short-lived tuples, which reference counting frees. The collector's passes over them cost about
    a tenth of a worker's time and would find nothing. Whatever cyclic garbage a chunk leaves is
    collected by the first pass after it."""
    out = Chunk([], *(None,) * 4)  # type: ignore[arg-type]
    rows = _ChunkRows()
    errors: list[tuple] = []
    parsed: dict[str, str] = {}   # content_id → text_id of the files parsed in this chunk
    with _cyclic_gc_paused():
        for p in paths:
            _process_file(p, out, rows, errors, parsed)
        out.errors = arrow_table(errors, ERROR_SCHEMA)
        out.reports = arrow_table(rows.reports, REPORT_SCHEMA)
        out.facts = fact_table(rows.fact_report_ids, rows.facts, rows.fact_places)
        out.findings = arrow_table(rows.findings, FINDING_SCHEMA)
    return out


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# A PDF may be a scan that OCR reads for seconds a page (docs/ocr.md): at most this many PDFs go in one
# chunk, so a folder of scans spreads over the workers instead of queueing behind one.
CHUNK_PDFS = 4


def _parts(paths: list[str]) -> list[list[str]]:
    """The chunks, in input order: CHUNK_FILES files, or fewer when CHUNK_PDFS of them are PDFs."""
    parts: list[list[str]] = []
    cur: list[str] = []
    pdfs = 0
    for p in paths:
        cur.append(p)
        pdfs += p[-4:].lower() == ".pdf"
        if len(cur) >= CHUNK_FILES or pdfs >= CHUNK_PDFS:
            parts.append(cur)
            cur, pdfs = [], 0
    if cur:
        parts.append(cur)
    return parts


def _chunks(paths: list[str], jobs: int) -> Iterator[tuple[int, Chunk]]:
    """(files done, chunk) in input order, so the first file of a duplicate pair always wins."""
    parts = _parts(paths)
    done = 0
    if jobs == 1 or len(paths) < SMALL_RUN:
        for part in parts:
            done += len(part)
            yield done, process_chunk(part)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork")  # workers inherit _KNOWN_CONTENT without pickling it
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for part, chunk in zip(parts, pool.map(process_chunk, parts)):
            done += len(part)
            yield done, chunk


# ---------------------------------------------------------------- parent side

def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for ddl in DDL.values():
        con.execute(ddl)
    for sql in MIGRATIONS:
        con.execute(sql)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, select: str = "*",
            params: list | None = None) -> None:
    if rows.num_rows == 0:
        return
    con.register("_batch", rows)
    try:
        con.execute(f"insert into {table} by name select {select} from _batch", params or [])
    finally:
        con.unregister("_batch")


def _rows_of(table: pa.Table, report_ids: set[str], keep: bool = True) -> pa.Table:
    """The rows of ``table`` whose report_id is (keep) or is not (not keep) in ``report_ids``."""
    if table.num_rows == 0 or (not keep and not report_ids):
        return table
    mask = pc.is_in(table["report_id"], pa.array(sorted(report_ids), pa.string()))
    return table.filter(mask if keep else pc.invert(mask))


class _Loader:
    """Parent-side state of one ingest: which content and texts are known, and the bulk inserts."""

    def __init__(self, con: duckdb.DuckDBPyConnection, stats: IngestStats, now: datetime) -> None:
        self.con, self.stats, self.now = con, stats, now
        # content id → report id for every file content stored and parsed by this parser version
        # (a GBK copy of a UTF-8 report maps to the UTF-8 report)
        self.known: dict[str, str] = dict(con.execute(
            """select r.report_id, r.report_id from raw.reports r where r.parser_version = $v
               union all
               select f.content_id, f.report_id from raw.files f join raw.reports r using (report_id)
               where r.parser_version = $v and f.content_id is not null""", {"v": PARSER_VERSION}).fetchall())
        stored = con.execute("select report_id, text_id, parser_version = ? from raw.reports",
                             [PARSER_VERSION]).fetchall()
        self.text_owner: dict[str, str] = {t: r for r, t, current in stored if t and current}
        # reports stored by an older parser: re-parsed rows replace theirs once, at the end (one delete)
        self.stale: set[str] = {r for r, _, current in stored if not current}
        self.reparsed: set[str] = set()
        self.files: list[pa.Table] = []
        self.errors: list[pa.Table] = []
        for name in ("reports", "facts", "findings"):
            con.execute(f"create temp table reparsed_{name} as select * from raw."
                        f"{'parse_findings' if name == 'findings' else name} limit 0")

    def add(self, chunk: Chunk) -> None:
        stats = self.stats
        drop: set[str] = set()
        file_rows: list[tuple] = []
        for kind, path_str, name, size, mtime, cid, tid in chunk.seen:
            if kind == "unchanged":
                stats.reports_unchanged += 1
                file_rows.append((path_str, name, cid, self.known[cid], size, mtime))
                continue
            owner = self.text_owner.get(tid) or self.known.get(cid)
            if owner is not None:   # the same text is already stored (this run or before)
                stats.duplicates += 1
                if kind == "new":   # its rows (report_id = cid, one report per cid in a chunk) go
                    drop.add(cid)
                file_rows.append((path_str, name, cid, owner, size, mtime))
                continue
            self.text_owner[tid] = self.known[cid] = cid
            stats.reports_new += 1
            file_rows.append((path_str, name, cid, cid, size, mtime))
            if cid in self.stale:
                self.reparsed.add(cid)
        # a chunk holds only a few duplicates, if any: filtering its tables is cheap
        reports, facts, findings = (_rows_of(t, drop, keep=False)
                                    for t in (chunk.reports, chunk.facts, chunk.findings))
        stats.facts_loaded += facts.num_rows
        stamp = "*, ?::timestamp as ingested_at, ? as run_id, ? as last_seen_run"
        stamps = [self.now, stats.run_id, stats.run_id]
        stale = self.reparsed.intersection(reports["report_id"].to_pylist()) if self.reparsed else set()
        if stale:
            _insert(self.con, "reparsed_reports", _rows_of(reports, stale), stamp, stamps)
            _insert(self.con, "reparsed_facts", _rows_of(facts, stale))
            _insert(self.con, "reparsed_findings", _rows_of(findings, stale))
            reports, facts, findings = (_rows_of(t, stale, keep=False) for t in (reports, facts, findings))
        _insert(self.con, "raw.reports", reports, stamp, stamps)
        _insert(self.con, "raw.facts", facts)
        _insert(self.con, "raw.parse_findings", findings)
        if file_rows:
            self.files.append(arrow_table(file_rows, FILE_SCHEMA))
        if chunk.errors.num_rows:
            self.errors.append(chunk.errors)
            stats.quarantined.extend(zip(chunk.errors["source_path"].to_pylist(),
                                         chunk.errors["reason"].to_pylist(), chunk.errors["detail"].to_pylist()))

    def refuse(self, walk: FolderWalk) -> None:
        """The entries the walker did not read are quarantined too, under their own names."""
        if not walk.refused:
            return
        rows = [(r.path, os.path.basename(r.path), r.reason, r.detail, r.byte_size) for r in walk.refused]
        self.errors.append(arrow_table(rows, ERROR_SCHEMA))
        self.stats.quarantined.extend((r.path, r.reason, r.detail) for r in walk.refused)

    def finish(self, prune: bool) -> None:
        con = self.con
        if self.reparsed:
            con.execute("delete from raw.facts where report_id in (select report_id from reparsed_reports)")
            con.execute("delete from raw.parse_findings where report_id in (select report_id from reparsed_reports)")
            con.execute("insert or replace into raw.reports by name select * from reparsed_reports")
            con.execute("insert into raw.facts by name select * from reparsed_facts")
            con.execute("insert into raw.parse_findings by name select * from reparsed_findings")
        for name in ("reports", "facts", "findings"):
            con.execute(f"drop table reparsed_{name}")
        if self.files:
            _merge_files(con, pa.concat_tables(self.files), self.stats.run_id)
        _mark_seen(con, self.stats.run_id)
        if prune:
            self.stats.pruned = _prune(con, self.stats.run_id)
        if self.errors:
            _insert(con, "raw.ingest_errors", pa.concat_tables(self.errors), "*, ? as run_id, ?::timestamp as seen_at",
                    [self.stats.run_id, self.now])


def _known_files(files: list[FileState]) -> Chunk:
    """A chunk for files already hashed and found as stored: they are listed, never read again."""
    seen = [("unchanged", f.path, os.path.basename(f.path), f.byte_size, f.mtime_ns, f.content_id, None)
            for f in files]
    return Chunk(seen, arrow_table([], ERROR_SCHEMA), arrow_table([], REPORT_SCHEMA), arrow_table([], FACT_SCHEMA),
                 arrow_table([], FINDING_SCHEMA))


def ingest(con: duckdb.DuckDBPyConnection, reports_dir: Path, *, jobs: int = 0,
           progress: Progress | None = None, unchanged: Mapping[str, FileState] | None = None,
           walk: FolderWalk | None = None, follow_links: bool = False, prune: bool = False) -> IngestStats:
    """Ingest every report file under ``reports_dir`` into the raw schema of ``con``.

    ``unchanged``: files the caller has just hashed (xxgk.pipeline.check_folder), by path; those whose
    content this warehouse holds, parsed by this parser version, are not read again. ``walk``: the
    caller's walk of ``reports_dir`` (else it is walked here, following links out of it only with
    ``follow_links``). ``prune``: drop the reports no file of the folder holds any more."""
    global _KNOWN_CONTENT
    started = time.perf_counter()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    stats = IngestStats(run_id=now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6])
    ensure_schema(con)
    walk = walk or walk_reports(reports_dir, follow_links=follow_links)
    paths = walk.files
    stats.files_seen = len(paths) + len(walk.refused)

    con.execute("begin transaction")
    try:
        con.execute("insert into raw.runs (run_id, started_at, reports_dir, parser_version) values (?, ?, ?, ?)",
                    [stats.run_id, now, str(reports_dir.resolve()), PARSER_VERSION])
        loader = _Loader(con, stats, now)
        loader.refuse(walk)
        _KNOWN_CONTENT = frozenset(loader.known)
        unchanged = unchanged or {}
        hashed = [f for p in paths if (f := unchanged.get(p)) is not None and f.content_id in loader.known]
        if hashed:
            loader.add(_known_files(hashed))
            skip = {f.path for f in hashed}
            paths = [p for p in paths if p not in skip]
        uncommitted = 0
        for done, chunk in _chunks(paths, jobs or os.cpu_count() or 1):
            done += len(hashed) + len(walk.refused)
            loader.add(chunk)
            uncommitted += chunk.reports.num_rows
            if uncommitted >= COMMIT_REPORTS:
                con.execute("commit")
                con.execute("begin transaction")
                uncommitted = 0
            if progress:
                progress(done, stats.files_seen)
        loader.finish(prune)
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
        _KNOWN_CONTENT = frozenset()
    stats.seconds = time.perf_counter() - started
    return stats


def _merge_files(con: duckdb.DuckDBPyConnection, seen: pa.Table, run_id: str) -> None:
    """Upsert the files seen this run, keeping when each path was first seen."""
    con.register("seen_files", seen)
    try:
        con.execute(
            """create or replace temp table merged_files as
               select s.*, coalesce(f.first_seen_run, $run) as first_seen_run, $run as last_seen_run
               from seen_files s left join raw.files f using (source_path)""", {"run": run_id})
    finally:
        con.unregister("seen_files")
    con.execute("delete from raw.files where source_path in (select source_path from merged_files)")
    con.execute("insert into raw.files by name select * from merged_files")
    con.execute("drop table merged_files")


def _mark_seen(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Stamp every report a file of this run's folder holds with this run (new reports already are)."""
    con.execute("""update raw.reports set last_seen_run = $run
                   where last_seen_run is distinct from $run
                     and report_id in (select report_id from raw.files where last_seen_run = $run)""",
                {"run": run_id})


def _prune(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Drop the reports (with their figures and findings) and the file rows this run did not see.
    Returns how many reports were dropped."""
    gone = "select report_id from raw.reports where last_seen_run is distinct from $run"
    row = con.execute(f"select count(*) from ({gone})", {"run": run_id}).fetchone()
    n = int(row[0]) if row else 0
    for table in ("raw.facts", "raw.parse_findings"):
        con.execute(f"delete from {table} where report_id in ({gone})", {"run": run_id})
    con.execute("delete from raw.reports where last_seen_run is distinct from $run", {"run": run_id})
    con.execute("delete from raw.files where last_seen_run is distinct from $run", {"run": run_id})
    return n
