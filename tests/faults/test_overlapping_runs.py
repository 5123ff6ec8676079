"""Two `xxgk run`s on one warehouse at the same time never lose it (issue 14).

The setting of the issue: a warehouse built from 60 reports, then `xxgk run` over 100 reports (the 60
and 40 new ones) and a second identical run on the same warehouse, started at several points of the
first: at the same moment, while the first ingests, as its dbt build starts, while its Great
Expectations checkpoint runs, and at its "dbt Done"; one with --wait; and one waiting while the first
is killed with kill -9. Before the run lock, both runs failed with tracebacks and the warehouse became
an empty 12 KB database, or the first run published the second's half-built copy (raw 101 reports,
marts 60) and later runs said "Up to date" over the stale marts.

Design under test (xxgk.run_lock, xxgk.warehouse): a run holds an exclusive lock on
``<warehouse>.lock`` from start to end; a second run exits 3 at once naming the first's PID and start
time, or waits for it with --wait; the lock dies with the process (kill -9). Every case must end with
the warehouse intact and equal to one run's complete result: the reference, a single run over the
100 reports from the same 60-report warehouse.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import xxgk
from tests.faults.faultlib import (DBT_LOG_TRIGGERS, DbtLog, LiveRun, builds, counts, fresh_copy, query,
                                   require_pipeline, sha256, timed_run)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]

N_FIRST, N_ALL, SEED = 60, 100, 14


def _signature(wh: Path) -> dict:
    """What a complete run leaves: the row count of every raw and marts table, which reports raw and the
    marts hold, and which report stands for each body and year."""
    return {
        "counts": counts(wh),
        "raw_reports": sorted(r for (r,) in query(wh, "select report_id from raw.reports")),
        "dim_report": sorted(r for (r,) in query(wh, "select report_id from marts.dim_report")),
        "picked": sorted(query(wh, "select agency_id, report_year, report_id from marts.fct_agency_year")),
        "runs": query(wh, "select count(*), count(finished_at) from raw.runs")[0],
    }


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    require_pipeline()
    root = tmp_path_factory.mktemp("overlap")
    synth = xxgk("synth", str(N_ALL), "--out", str(root / "corpus"), "--seed", str(SEED))
    assert synth.returncode == 0, synth.stderr
    files = sorted(p for p in (root / "corpus" / "reports").rglob("*") if p.is_file())
    assert len(files) == N_ALL
    reports = root / "reports"
    reports.mkdir()
    for p in files[:N_FIRST]:
        shutil.copy2(p, reports / p.name)
    wh60 = root / "wh60" / "xxgk.duckdb"
    timed_run(reports, wh60)
    for p in files[N_FIRST:]:
        shutil.copy2(p, reports / p.name)
    ref = fresh_copy(wh60, root, "ref")
    seconds = timed_run(reports, ref)
    signature = _signature(ref)
    assert len(signature["raw_reports"]) == len(signature["dim_report"]) > N_FIRST
    measured: dict = {}
    yield {"root": root, "reports": reports, "wh60": wh60, "ref": signature, "seconds": seconds,
           "timings": measured}
    # for the record (pytest -s): what the tests below measured
    print(f"\noverlap timings: reference run {seconds:.1f} s; {measured}")


def _fresh(setting, name: str) -> Path:
    return fresh_copy(setting["wh60"], setting["root"], name)


def _args(setting, wh: Path, *extra: str) -> list[str]:
    return ["run", "--reports", str(setting["reports"]), "--warehouse", str(wh), *extra]


def _assert_complete_result(setting, wh: Path, what: str) -> None:
    assert wh.exists(), f"{what}: the warehouse file is gone"
    got = _signature(wh)
    assert got == setting["ref"], f"{what}: the warehouse is not one run's complete result"
    assert not builds(wh), f"{what}: build copies left behind: {builds(wh)}"


def _assert_refused_by(second: LiveRun, first: LiveRun, what: str) -> None:
    """The second run stopped at once with exit 3, naming the first run's PID and start time."""
    rc = second.finish(timeout=120)
    out = second.output
    assert rc == 3, f"{what}: exit {rc}\n{out}"
    assert "Traceback" not in out, out
    assert f"PID {first.pid}" in out, out
    assert re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", out), out
    assert "--wait" in out and "unchanged" in out, out
    assert "Ingesting" not in out, f"{what}: the refused run did work:\n{out}"


def test_two_runs_started_together_one_builds_the_other_stops(setting):
    wh = _fresh(setting, "together")
    a = LiveRun(_args(setting, wh))
    b = LiveRun(_args(setting, wh))
    rc = {a.finish(): a, b.finish(): b}
    assert sorted(rc) == [0, 3], f"a: {a.output}\n\nb: {b.output}"
    _assert_refused_by(rc[3], rc[0], "started together")
    _assert_complete_result(setting, wh, "started together")
    setting["timings"]["together"] = {"winner_s": rc[0].ended, "refused_s": rc[3].ended}


# Points of the first run at which a second run starts: a line of the first run's output, or (for
# the checkpoint, which prints nothing) dbt's own log saying the node started.
POINTS = ["Ingesting", "dbt build", "checkpoint", "dbt Done."]


def test_a_second_run_at_any_point_of_the_first_exits_3_at_once_or_waits(setting):
    """Second runs at each point of the first stop at once; one started with --wait at the first's
    "dbt build" waits, then runs and finds the warehouse up to date."""
    wh = _fresh(setting, "points")
    dbt_log = DbtLog(wh)
    a = LiveRun(_args(setting, wh))
    waiting: LiveRun | None = None
    refused: dict[str, tuple] = {}
    for point in POINTS:
        if point == "checkpoint":
            reached = a.wait_until(lambda: bool(DBT_LOG_TRIGGERS["checkpoint"].search(dbt_log.new_text())))
        else:
            reached = a.wait_for(point)
        assert reached, f"the first run ended before {point!r}:\n{a.output}"
        at = time.monotonic() - a.started
        b = LiveRun(_args(setting, wh))
        rc = b.finish(timeout=120)
        if point == "dbt Done." and a.proc.poll() is not None and f"PID {a.pid}" not in b.output:
            # the first run had finished (publish and report take a second) before the second took the
            # lock: the waiting run holds it now, or the second found the warehouse up to date
            assert (rc == 3 and waiting is not None and f"PID {waiting.pid}" in b.output) \
                or (rc == 0 and "Up to date" in b.output), b.output
            refused[point] = (round(at, 1), "first run already done")
            continue
        _assert_refused_by(b, a, f"second run at {point!r} ({at:.1f} s)")
        refused[point] = (round(at, 1), round(b.ended, 2))
        if point == "dbt build":
            waiting = LiveRun(_args(setting, wh, "--wait"))
            assert waiting.wait_for("Waiting for", timeout=120), waiting.output
            assert f"PID {a.pid}" in waiting.output, waiting.output
    assert a.finish() == 0, a.output
    assert waiting is not None and waiting.finish() == 0, waiting.output
    assert "Up to date" in waiting.output and "Ingesting" not in waiting.output, waiting.output
    _assert_complete_result(setting, wh, "second runs at every point, and one waiting")
    setting["timings"]["points"] = {"first_run_s": round(a.ended, 1), "seen": dict(a.seen),
                                    "second_run_at_s_and_exit_3_in_s": refused,
                                    "waiting_run_s": round(waiting.ended, 1)}


def test_kill_9_releases_the_lock_and_the_waiting_run_completes(setting):
    """kill -9 of the whole first run (no chance to clean up): the OS drops its lock, the waiting run
    goes on at once, throws the dead run's build away and publishes its own complete result."""
    wh = _fresh(setting, "kill")
    a = LiveRun(_args(setting, wh))
    assert a.wait_for("dbt build"), a.output
    b = LiveRun(_args(setting, wh, "--wait"))
    assert b.wait_for("Waiting for", timeout=120), b.output
    killed_at = time.monotonic()
    a.kill_group()
    a.finish()
    assert b.wait_for("Ingesting", timeout=120), b.output
    took_over = time.monotonic() - killed_at
    assert b.finish() == 0, b.output
    _assert_complete_result(setting, wh, "after kill -9")
    assert took_over < 30, f"the waiting run took {took_over:.1f} s to take over"
    setting["timings"]["kill"] = {"took_over_s": took_over, "waiting_run_s": b.ended}



# ------------------------------------------------------------------ the parts, on real files (no dbt)

def _small_warehouse(path: Path) -> str:
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("create table t as select 42 as answer")
    con.close()
    return sha256(path)


def test_publish_refuses_a_build_that_is_gone_or_not_its_own(tmp_path):
    """publish() used to reopen the build by path: a build deleted by another run became a new empty
    database, published over the warehouse."""
    from xxgk import warehouse as wh

    live = tmp_path / "xxgk.duckdb"
    before = _small_warehouse(live)
    build = wh.start_build(live)
    assert build.path.name.startswith("xxgk.duckdb.building-") and build.path.exists()
    build.path.unlink()                                     # another program removed it
    with pytest.raises(wh.BuildLost, match="gone"):
        wh.publish(build)
    assert not build.path.exists(), "publish created a file where the build was"
    assert sha256(live) == before

    build = wh.start_build(live)
    other = build.path.with_name("other")
    _small_warehouse(other)
    os.replace(other, build.path)                           # replaced by a file this run did not make
    with pytest.raises(wh.BuildLost, match="did not make|no longer"):
        wh.publish(build)
    assert sha256(live) == before
    wh.discard_build(build)
    assert not builds(live)


def test_the_run_lock_names_its_holder_and_dies_with_it(tmp_path):
    """The lock held by another process: RunInProgress (exit 3) with its PID and start time; once that
    process is killed with SIGKILL, the lock is free at once."""
    from xxgk.run_lock import RunInProgress, lock_path, run_lock

    live = tmp_path / "xxgk.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from xxgk.run_lock import run_lock\n"
         "with run_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(300)", str(live)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunInProgress) as refused:
            with run_lock(live):
                pass
        assert refused.value.exit_code == 3
        message = str(refused.value)
        assert f"PID {holder.pid}" in message and re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", message)
        assert "--wait" in message and "unchanged" in message
    finally:
        holder.kill()
        holder.wait()
    started = time.monotonic()
    with run_lock(live) as fd:
        assert fd >= 0
        assert f"pid={os.getpid()}" in lock_path(live).read_text()
    assert time.monotonic() - started < 1
    assert lock_path(live).read_text() == "", "a finished run leaves no PID behind"
