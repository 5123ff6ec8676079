"""`xxgk run`: ingest a folder → `dbt build` (which runs the quality checkpoint) → publish → report.

The whole run holds the warehouse's run lock (xxgk.run_lock): a second run on the same warehouse
stops at once or waits. Every step works on a build copy made for this run; the warehouse itself
changes only in the final atomic rename (xxgk.warehouse), so a failed or killed run leaves the
previous warehouse as it was.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from xxgk import warehouse as wh
from xxgk.read.scan import FileState, hash_files
from xxgk.read.walk import FolderWalk, Refused, walk_reports
from xxgk.parse.version import PARSER_VERSION
from xxgk.paths import PROJECT_ROOT
from xxgk.dbt_run import FINGERPRINT_TABLE, dbt_build_command, dbt_env, full_refresh_reason, project_fingerprint
from xxgk.run_lock import run_lock

if TYPE_CHECKING:  # the ingest (pyarrow, the parser) is imported only when a run has something to ingest
    from xxgk.load.ingest import IngestStats

Log = Callable[[str], None]


class PipelineError(RuntimeError):
    exit_code = 1


class ReportsFolderMissing(PipelineError):
    exit_code = 2  # bad usage, as the CLI's help says


@dataclass(slots=True)
class RunSummary:
    warehouse: Path
    reports_dir: Path
    up_to_date: bool = False                  # nothing changed since the last run: nothing rebuilt
    ingest: IngestStats | None = None
    reports_total: int = 0
    facts_total: int = 0
    findings_by_rule: dict[str, dict[str, int]] = field(default_factory=dict)  # rule -> severity -> n
    errors: int = 0                           # findings with severity 'error'
    not_read: list[Refused] = field(default_factory=list)  # entries of the folder the walker did not read
    skipped: int = 0                          # hidden and system files
    gone: int = 0                             # reports kept whose files are no longer in the folder
    pruned: int = 0                           # reports dropped by --prune
    duplicate_files: list[tuple[str, str]] = field(default_factory=list)  # (file, the file stored instead)
    site: Path | None = None                  # the report site's index.html
    data_docs: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _progress_printer(log: Log, label: str) -> Callable[[int, int], None]:
    state = {"last": 0.0}
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - state["last"] < (0.2 if tty else 5.0):
            return
        state["last"] = now
        line = f"  {label}: {done}/{total} files"
        if tty:
            print("\r" + line, end="\n" if done == total else "", file=sys.stderr, flush=True)
        else:
            log(line)

    return show


# The run that ingested last: the files it saw are the folder as the warehouse knows it.
LAST_RUN = "select run_id from raw.runs order by started_at desc, run_id desc limit 1"


@dataclass(slots=True)
class FolderCheck:
    walk: FolderWalk
    up_to_date: bool = False
    # files whose bytes were hashed and found exactly as stored (this parser version): the ingest lists
    # them as unchanged without reading them a second time
    unchanged: dict[str, FileState] = field(default_factory=dict)


def check_folder(warehouse: Path, reports_dir: Path, *, follow_links: bool = False, prune: bool = False,
                 force: bool = False) -> FolderCheck:
    """Walk reports_dir and hash every file the warehouse already holds under the same path, parsed by
    this parser version. Up to date when the files are exactly the ones the last run saw, with the same
    bytes, and the marts were built by the current models: a re-run would change nothing. With
    ``prune``, also only when no report whose file is gone is left to drop."""
    walk = walk_reports(reports_dir, follow_links=follow_links)
    if force or not warehouse.exists():
        return FolderCheck(walk)
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return FolderCheck(walk)
    try:
        tables = {r[0] for r in con.execute(
            "select schema_name || '.' || table_name from duckdb_tables()").fetchall()}
        if not {"raw.files", "raw.reports", "raw.runs"} <= tables:
            return FolderCheck(walk)
        marts_built = {"marts.dim_report", "marts.fct_findings"} <= tables
        # a file's own content hash: a GBK copy of a stored UTF-8 report maps to that report, so its
        # report_id is not the hash of its bytes (content_id is null only in warehouses built before it)
        columns = {c for (c,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = 'files'").fetchall()}
        content = "coalesce(f.content_id, f.report_id)" if "content_id" in columns else "f.report_id"
        known = dict(con.execute(
            f"""select f.source_path, {content} from raw.files f join raw.reports r using (report_id)
                where r.parser_version = ?""", [PARSER_VERSION]).fetchall())
        built_by = wh.scalar(con, f"select max(fingerprint) from {FINGERPRINT_TABLE}") \
            if FINGERPRINT_TABLE in tables else None
        if "last_seen_run" not in {c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = 'reports'"
                ).fetchall()}:
            return FolderCheck(walk)      # a warehouse from before the column: the ingest migrates it
        # the files the last run saw: a file deleted since then is a change (its report is kept, marked)
        last_seen = {p for (p,) in con.execute(
            f"select source_path from raw.files where last_seen_run = ({LAST_RUN})").fetchall()}
        to_prune = wh.scalar(
            con, f"""select (select count(*) from raw.files where last_seen_run is distinct from ({LAST_RUN}))
                     + (select count(*) from raw.reports where last_seen_run is distinct from ({LAST_RUN}))"""
        ) if prune else 0
    finally:
        con.close()
    paths = walk.files
    stored = [p for p in paths if p in known]
    unchanged = {s.path: s for s in hash_files(stored) if s.content_id is not None and s.content_id == known[s.path]}
    same_files = bool(paths) and len(unchanged) == len(paths) and last_seen == set(paths)
    # the marts must also have been built by these models, seeds and checks (else edited models would
    # need --force to take effect)
    return FolderCheck(walk, up_to_date=marts_built and same_files and not to_prune
                       and built_by == project_fingerprint(), unchanged=unchanged)


def is_up_to_date(warehouse: Path, reports_dir: Path) -> bool:
    """True when a re-run would change nothing (see check_folder)."""
    return check_folder(warehouse, reports_dir).up_to_date


# dbt's progress lines: "12:00:01  3 of 41 OK created sql table model marts.dim_report"
_DBT_PROGRESS = re.compile(r"^\d\d:\d\d:\d\d\s+\d+ of \d+ ")


class DbtFailed(PipelineError):
    """`dbt build` exited non-zero. ``disk_full`` is the first output line saying the disk is full."""

    def __init__(self, message: str, disk_full: str | None = None) -> None:
        super().__init__(message)
        self.disk_full = disk_full


def dbt_folder(warehouse: Path) -> Path:
    """dbt's target and logs for builds of ``warehouse``: one per warehouse (the run lock keeps two
    builds from sharing it), kept across runs so dbt's partial parsing can reuse its manifest."""
    return warehouse.parent / ".dbt" / wh.build_name_prefix(warehouse)


def run_dbt_build(build: Path, warehouse: Path, log: Log, *, lock_fd: int | None = None,
                  gx_root: Path | None = None) -> None:
    """``dbt build`` on ``build``, the build copy of ``warehouse``. ``lock_fd``: the run lock, handed to
    dbt so that it stays held while dbt writes, even if this process is killed first. ``gx_root``:
    the warehouse's own GX project (results and Data Docs per warehouse)."""
    target = dbt_folder(warehouse)
    cmd = dbt_build_command(target_path=target / "target", log_path=target / "logs")
    env = dbt_env(build, gx_root=gx_root)
    tail: list[str] = []
    disk_full: str | None = None
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", cwd=PROJECT_ROOT,
                          pass_fds=(lock_fd,) if lock_fd is not None else ()) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            tail = (tail + [line])[-40:]
            if disk_full is None and wh.is_disk_full(line):
                disk_full = line.strip()[:500]
            # show models as they are built and every test that did not pass; passing tests are
            # counted in dbt's closing "Done. PASS=… WARN=… ERROR=…" line, which is shown too.
            message = line.split("  ", 1)[-1].strip()
            if (_DBT_PROGRESS.match(line) and ("OK created" in line or any(w in line for w in ("WARN", "ERROR", "FAIL")))) \
                    or message.startswith("Done. PASS="):
                log("  dbt " + message)
    if proc.returncode != 0:
        raise DbtFailed("dbt build failed; the previous warehouse is unchanged. Last output:\n" + "\n".join(tail),
                        disk_full=disk_full)


def _detail_without_prefix(detail: str, name: str, reason: str) -> str:
    """The detail as stored starts with the file name (and sometimes the reason); the line already
    says both, so drop them rather than print 'scan.txt: binary: scan.txt: binary: …'."""
    for prefix in (f"{name}: ", f"{reason}: "):
        if detail.startswith(prefix):
            detail = detail[len(prefix):]
    return detail


def collect_summary(summary: RunSummary) -> None:
    con = duckdb.connect(str(summary.warehouse), read_only=True)
    try:
        summary.reports_total = wh.scalar(con, "select count(*) from marts.dim_report")
        summary.gone = wh.scalar(con, "select count(*) from marts.dim_report where not source_present")
        summary.facts_total = wh.scalar(con, "select count(*) from marts.fct_report_facts")
        for rule, severity, n in con.execute(
                "select rule, severity, count(*) from marts.fct_findings group by all order by all").fetchall():
            summary.findings_by_rule.setdefault(rule, {})[severity] = n
        summary.errors = sum(v.get("error", 0) for v in summary.findings_by_rule.values())
        if summary.ingest is not None:
            from xxgk.summary import duplicate_files

            summary.duplicate_files = duplicate_files(con, summary.ingest.run_id)
    finally:
        con.close()


def run(reports_dir: Path, warehouse: Path, *, jobs: int = 0, force: bool = False,
        site_dir: Path | None = None, log: Log = _stderr, wait: bool = False, follow_links: bool = False,
        prune: bool = False) -> RunSummary:
    """One run (see the module doc). ``wait``: wait for another run on this warehouse to finish instead
    of stopping; ``follow_links``: read what links lead to outside the folder; ``prune``: drop the
    reports whose files are no longer in the folder (by default the warehouse keeps them, marked)."""
    reports_dir, warehouse = reports_dir.resolve(), warehouse.resolve()
    if not reports_dir.exists():
        raise ReportsFolderMissing(f"Reports folder {reports_dir} does not exist.")
    wh.check_writable_location(warehouse)
    with run_lock(warehouse, wait=wait, log=log) as lock_fd:
        return _run_locked(reports_dir, warehouse, lock_fd, jobs=jobs, force=force, site_dir=site_dir,
                           log=log, follow_links=follow_links, prune=prune)


def _run_locked(reports_dir: Path, warehouse: Path, lock_fd: int, *, jobs: int, force: bool,
                site_dir: Path | None, log: Log, follow_links: bool, prune: bool) -> RunSummary:
    summary = RunSummary(warehouse=warehouse, reports_dir=reports_dir)
    t0 = time.perf_counter()
    wh.check_not_locked(warehouse)

    folder = check_folder(warehouse, reports_dir, follow_links=follow_links, prune=prune, force=force)
    summary.not_read, summary.skipped = folder.walk.refused, folder.walk.skipped
    if folder.up_to_date:
        summary.up_to_date = True
        summary.timings["check"] = time.perf_counter() - t0
        log(f"Up to date: every report under {reports_dir} is already in {warehouse}; nothing rebuilt "
            "(use --force to rebuild anyway).")
    else:
        summary.timings["check"] = time.perf_counter() - t0
        build = wh.start_build(warehouse)
        free_at_start = wh.free_bytes(warehouse.parent)
        stage = "ingesting the reports"
        try:
            try:
                t = time.perf_counter()
                log(f"Ingesting {reports_dir} …")
                from xxgk.load.ingest import ensure_schema, ingest

                con = duckdb.connect(str(build.path), config={"memory_limit": "1GB"})
                try:
                    ensure_schema(con)
                    summary.ingest = ingest(con, reports_dir, jobs=jobs, progress=_progress_printer(log, "ingest"),
                                            unchanged=folder.unchanged, walk=folder.walk, prune=prune)
                finally:
                    con.close()
                summary.pruned = summary.ingest.pruned
                summary.timings["ingest"] = time.perf_counter() - t
                for path, reason, detail in summary.ingest.quarantined:
                    log(f"  quarantined {path}: {reason}: {_detail_without_prefix(detail, Path(path).name, reason)}")

                t = time.perf_counter()
                stage = "dbt build was writing"
                log("Building models and running quality checks (dbt build) …")
                if (why := full_refresh_reason(build.path)) is not None:
                    log(f"  every model is rebuilt: {why}")
                from xxgk.quality.gx_project import prepare_warehouse_gx_root

                run_dbt_build(build.path, warehouse, log, lock_fd=lock_fd,
                              gx_root=prepare_warehouse_gx_root(warehouse))
                summary.timings["dbt_build"] = time.perf_counter() - t

                stage = "publishing the build"
                wh.check_not_locked(warehouse)  # a BI tool may have opened it for writing meanwhile
                wh.publish(build)
            except (duckdb.Error, OSError, DbtFailed) as exc:
                # A full disk is the user's to fix, not a bug: one clear line (exit 2), not dbt's or
                # DuckDB's traceback. Said before the build is discarded, while the disk is still full.
                evidence = exc.disk_full if isinstance(exc, DbtFailed) else None
                if evidence or wh.is_disk_full(exc):
                    raise wh.disk_full_error(warehouse, stage, evidence or exc, free_at_start,
                                             candidates=_other_write_locations(warehouse)) from exc
                raise
        except BaseException:
            wh.discard_build(build)
            raise

    t = time.perf_counter()
    collect_summary(summary)
    summary.data_docs = _data_docs_index(warehouse)
    summary.site = _build_site(warehouse, site_dir, log, reuse_current=summary.up_to_date)
    summary.timings["site"] = time.perf_counter() - t
    summary.timings["total"] = time.perf_counter() - t0
    return summary


def _newer_or_same(path: Path, than: Path) -> bool:
    try:
        return path.stat().st_mtime_ns >= than.stat().st_mtime_ns
    except OSError:
        return False


def _other_write_locations(warehouse: Path) -> tuple[Path, ...]:
    """Where a run writes besides the warehouse folder: the temp folder and the warehouse's GX project
    (its validation results and Data Docs)."""
    import tempfile

    from xxgk.quality.gx_project import warehouse_gx_root

    return (Path(tempfile.gettempdir()), warehouse_gx_root(warehouse))


def _data_docs_index(warehouse: Path) -> Path | None:
    from xxgk.quality.gx_project import warehouse_gx_root

    index = warehouse_gx_root(warehouse) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return index if index.exists() else None


def _build_site(warehouse: Path, out: Path | None, log: Log, *, reuse_current: bool = False) -> Path | None:
    from xxgk.site import build_site, default_site_dir

    index = (out or default_site_dir(warehouse)) / "index.html"
    # Nothing was rebuilt: a site written after the warehouse was last published shows the same data
    if reuse_current and _newer_or_same(index, warehouse):
        return index
    try:
        return build_site(warehouse, out).index
    except Exception as exc:  # the site is a view of the warehouse; never fail a good run over it
        log(f"  warning: could not write the report site: {type(exc).__name__}: {exc}")
        return None


def format_summary(s: RunSummary) -> str:
    from xxgk.summary import named_files

    lines = ["", "xxgk run summary"]
    if s.ingest:
        i = s.ingest
        lines.append(f"  files seen        {i.files_seen}  (new reports {i.reports_new}, unchanged {i.reports_unchanged}, "
                     f"duplicates {i.duplicates}, quarantined {len(i.quarantined)})")
        lines += named_files(s)
    lines.extend(_not_read_lines(s))
    lines.append(f"  reports           {s.reports_total}")
    if s.gone:
        lines.append(f"  gone from folder  {s.gone} report{'s' if s.gone != 1 else ''} kept from earlier runs "
                     "(source_present = false); `xxgk run --prune` drops them")
    if s.pruned:
        lines.append(f"  pruned            {s.pruned} report{'s' if s.pruned != 1 else ''} whose files are gone")
    lines.append(f"  figures           {s.facts_total}")
    total = sum(sum(v.values()) for v in s.findings_by_rule.values())
    lines.append(f"  findings          {total}  ({s.errors} errors)")
    for rule, sev in sorted(s.findings_by_rule.items()):
        detail = ", ".join(f"{n} {k}" for k, n in sorted(sev.items()))
        lines.append(f"    {rule:<22} {detail}")
    lines.append(f"  warehouse         {s.warehouse}")
    if s.site:
        lines.append(f"  site              {s.site}")
    if s.data_docs:
        lines.append(f"  data docs         {s.data_docs}")
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in s.timings.items())
    lines.append(f"  time              {timing}")
    return "\n".join(lines)


NAMES_PER_REASON = 8   # the summary names this many files per reason; raw.ingest_errors has them all


def _not_read_lines(s: RunSummary) -> list[str]:
    """The folder's entries the walker did not read, by reason, with their names; and the hidden and
    system files skipped."""
    lines: list[str] = []
    if s.not_read:
        lines.append(f"  not read          {len(s.not_read)}  (files listed in raw.ingest_errors, by reason)")
        by_reason: dict[str, list[str]] = {}
        for r in s.not_read:
            by_reason.setdefault(r.reason, []).append(Path(r.path).name)
        for reason, names in sorted(by_reason.items()):
            shown = ", ".join(names[:NAMES_PER_REASON])
            more = f", … and {len(names) - NAMES_PER_REASON} more" if len(names) > NAMES_PER_REASON else ""
            lines.append(f"    {reason:<22} {len(names)}  {shown}{more}")
    if s.skipped:
        lines.append(f"  skipped {s.skipped} hidden or system file{'s' if s.skipped != 1 else ''} "
                     "(names starting with '.' or '~$', Thumbs.db, desktop.ini)")
    return lines
