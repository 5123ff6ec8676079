"""Helpers for the fault tests: run `xxgk run` as a user would, kill it, look at the warehouse."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from tests.conftest import q as query  # noqa: F401  (re-exported: the fault tests call it query)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_reports"
XXGK = Path(sys.executable).parent / "xxgk"


def require_pipeline() -> None:
    try:
        import xxgk.pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"xxgk.pipeline is not importable yet ({exc}); these tests start working when it lands")


def run_xxgk(*args: str, timeout: float = 900, env: dict | None = None,
             prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), str(XXGK), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(warehouse: Path) -> dict[str, int]:
    """Row count of every table in the raw and marts schemas (opening read-only proves it opens)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('raw', 'marts') order by 1").fetchall()]
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def copy_reports(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(SAMPLES.glob("*.txt")):
        shutil.copy2(p, dest / p.name)
    return dest


def changed_copy(text: str, marker: str) -> str:
    """The same report with one figure changed and a marker line: different content, same body/year."""
    import re

    m = re.search(r"(?<![\d.])(\d{2,})(?![\d.])", text)
    assert m, "fixture: need a number to change"
    changed = text[: m.start()] + str(int(m.group(1)) + 1) + text[m.end():]
    return changed + f"\n（{marker}）\n"


@dataclass
class KilledRun:
    trigger: str
    fired: bool
    seconds: float
    returncode: int | None
    output: list[str] = field(default_factory=list)


def run_and_kill(args: list[str], warehouse: Path, trigger: str, *, after: float | None = None,
                 parent_only: bool = False, timeout: float = 600) -> KilledRun:
    """Start `xxgk run`, SIGKILL it when ``trigger`` happens, return what happened.

    Triggers: "building" (the build copy appears), "dbt" (the run announces dbt build), "checks"
    (dbt starts its first data test on a mart), "checkpoint" (dbt starts the model that runs the
    Great Expectations checkpoint), "time" (``after`` seconds). The last two watch dbt's own log,
    which says when each node starts. The whole process group is killed (like a power cut or the
    OOM killer), or only the xxgk process (``parent_only``: its dbt child lives on as an orphan,
    like `kill -9 <pid>` typed by a user) — then we wait for the orphan."""
    dbt_log = DbtLog(warehouse)
    proc = subprocess.Popen([str(XXGK), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    out: list[str] = []
    event = threading.Event()

    def reader() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.append(line.rstrip("\n"))
            if trigger == "dbt" and "dbt build" in line.lower():
                event.set()

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    t0 = time.monotonic()
    fired = False
    while proc.poll() is None and time.monotonic() - t0 < timeout:
        if trigger == "building" and builds(warehouse):
            fired = True
        elif trigger == "time" and after is not None and time.monotonic() - t0 >= after:
            fired = True
        elif trigger == "dbt" and event.is_set():
            fired = True
        elif trigger in DBT_LOG_TRIGGERS and DBT_LOG_TRIGGERS[trigger].search(dbt_log.new_text()):
            fired = True
        if fired:
            try:
                if parent_only:
                    os.kill(proc.pid, signal.SIGKILL)
                else:
                    os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                fired = False
            break
        time.sleep(0.005)
    rc = proc.wait(timeout=60)
    if parent_only:      # let the orphaned dbt finish (or kill it after a while), then clean the group
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _group_alive(proc.pid):
            time.sleep(0.2)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    th.join(5)
    return KilledRun(trigger, fired, time.monotonic() - t0, rc, out)


# dbt's log lines: "… 45 of 169 START test not_null_fct_report_facts_key … [RUN]"
DBT_LOG_TRIGGERS = {
    "checks": re.compile(r"START test \S*(?:fct_|dim_)"),
    "checkpoint": re.compile(r"START python table model marts\.fct_findings"),
}


class DbtLog:
    """What dbt appends to its log for builds of ``warehouse`` from now on (the log accumulates
    across runs, so only text written after construction counts)."""

    def __init__(self, warehouse: Path) -> None:
        self.path = warehouse.parent / ".dbt" / (warehouse.name + ".building") / "logs" / "dbt.log"
        self.offset = self.path.stat().st_size if self.path.exists() else 0
        self.text = ""

    def new_text(self) -> str:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except FileNotFoundError:
            return self.text
        self.offset += len(chunk)
        self.text = (self.text + chunk.decode("utf-8", "replace"))[-20_000:]
        return self.text


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def builds(warehouse: Path) -> list[Path]:
    """Every build copy of ``warehouse`` on disk (a run names its own; older versions used one name)."""
    return sorted(warehouse.parent.glob(warehouse.name + ".building*"))


class LiveRun:
    """`xxgk run` started in its own process group, its output (stdout and stderr merged) read as it
    comes, so a test can act when the run reaches a point ("dbt build", "dbt Done") and kill it."""

    def __init__(self, args: list[str], *, env: dict | None = None) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen([str(XXGK), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        self.lines: list[str] = []
        self.seen: dict[str, float] = {}      # text -> seconds after start when a line first held it
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.ended: float | None = None

    WATCH = ("Ingesting", "dbt build", "dbt Done.", "Waiting for", "Up to date", "xxgk run summary")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            for text in self.WATCH:
                if text in line and text not in self.seen:
                    self.seen[text] = time.monotonic() - self.started

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 600) -> bool:
        """Until a line holds ``text`` (True) or the run ends without one (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.seen:
                return True
            if self.proc.poll() is not None:
                self._reader.join(5)
                return text in self.seen
            time.sleep(0.01)
        raise AssertionError(f"no {text!r} after {timeout} s:\n{self.output}")

    def wait_until(self, condition, timeout: float = 600) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if condition():
                return True
            time.sleep(0.005)
        return bool(condition())

    def finish(self, timeout: float = 900) -> int:
        rc = self.proc.wait(timeout=timeout)
        if self.ended is None:
            self.ended = time.monotonic() - self.started
        self._reader.join(10)
        return rc

    def kill_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def fresh_copy(warehouse: Path, root: Path, name: str) -> Path:
    """A copy of ``warehouse`` alone in a new folder ``root/name`` (so its lock, build files and dbt
    folder are its own)."""
    d = root / name
    d.mkdir()
    copy = d / warehouse.name
    shutil.copy2(warehouse, copy)
    return copy


def timed_run(reports: Path, warehouse: Path) -> float:
    """A complete `xxgk run` (it must succeed); its wall-clock seconds."""
    t = time.monotonic()
    proc = run_xxgk("run", "--reports", str(reports), "--warehouse", str(warehouse))
    seconds = time.monotonic() - t
    assert proc.returncode == 0, f"run failed:\n{proc.stdout}\n{proc.stderr}"
    return seconds
