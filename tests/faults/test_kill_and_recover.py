"""A run killed at any point leaves the warehouse as it was or complete, never half-written, and the
next run recovers by itself. A locked, read-only or full warehouse location gives a clear error.

Design under test (xxgk.warehouse): a run works on a build copy of its own,
``<warehouse>.building-<pid>-<random>``, and publishes with one os.replace(); the next run throws
stale builds away; a read-write holder → exit 3 "locked"; an unusable location → exit 2.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.faultlib import (builds, changed_copy, copy_reports, counts, fresh_copy, require_pipeline,
                                   run_and_kill, run_xxgk, sha256, timed_run)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A complete warehouse over the sample reports, a report folder that has since changed (one
    new report), and the counts a complete run over the changed folder gives."""
    require_pipeline()
    root = tmp_path_factory.mktemp("faults")
    reports = copy_reports(root / "reports")
    wh0 = root / "before" / "xxgk.duckdb"
    proc = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh0))
    assert proc.returncode == 0, f"baseline run failed:\n{proc.stdout}\n{proc.stderr}"
    first = sorted(reports.glob("*.txt"))[0]
    (reports / "zz_new_version.txt").write_text(changed_copy(first.read_text(encoding="utf-8"), "fault test"),
                                                encoding="utf-8")
    ref = fresh_copy(wh0, root, "after")
    seconds = timed_run(reports, ref)
    before, after = counts(wh0), counts(ref)
    assert before != after, "fixture: the changed folder must change the warehouse"
    return {"reports": reports, "wh0": wh0, "before": before, "after": after, "seconds": seconds,
            "hash0": sha256(wh0), "root": root}


def _fresh(base, name: str) -> Path:
    return fresh_copy(base["wh0"], base["root"], name)


def _assert_before_or_complete(base, wh: Path, what: str) -> str:
    assert wh.exists(), f"{what}: the warehouse file is gone"
    if sha256(wh) == base["hash0"]:
        assert counts(wh) == base["before"]
        return "before"
    got = counts(wh)                       # opens read-only: proves it is a valid database
    assert got == base["after"], f"{what}: warehouse is neither as before nor complete: {got}"
    return "complete"


KILL_POINTS = [
    ("building", None, False),      # right as the build copy appears (during the copy / ingest)
    ("dbt", None, False),           # as dbt build starts
    ("checks", None, False),        # while dbt runs its data tests on the marts
    ("checkpoint", None, False),    # while the Great Expectations checkpoint runs (model fct_findings)
    ("time", 0.6, False),           # mid dbt build
    ("time", 0.9, False),           # near the end: publish / report
    ("dbt", None, True),            # only the xxgk process: its dbt child goes on as an orphan
]


def test_kill_at_any_point_then_recover(base):
    """SIGKILL at each point in turn on the same warehouse (each run also has to clean up after the
    previous killed one), check it after every kill, then let a run finish."""
    wh = _fresh(base, "kill")
    args = ["run", "--reports", str(base["reports"]), "--warehouse", str(wh)]
    states = []
    for trigger, fraction, parent_only in KILL_POINTS:
        after = fraction * base["seconds"] if fraction is not None else None
        killed = run_and_kill(args, wh, trigger, after=after, parent_only=parent_only)
        label = f"kill at {trigger}{f' {after:.1f}s' if after else ''}{' (parent only)' if parent_only else ''}"
        state = _assert_before_or_complete(base, wh, label)
        states.append((label, killed.fired, state))
        if state == "complete":          # the run had already published: start again from the old one
            shutil.copy2(base["wh0"], wh)
    # the kills at named points land before the publish, every time: the warehouse is as before
    for label, fired, state in states:
        if label.split()[2] in ("building", "dbt", "checks", "checkpoint"):
            assert fired and state == "before", f"{label}: fired={fired}, warehouse {state}: {states}"
    # whatever the kills left behind, plus the worst case: a half-written build and its WAL (under
    # the name an older version used, and a name of this version)
    for stale in (wh.name + ".building", wh.name + ".building-99999-deadbeef"):
        wh.with_name(stale).write_bytes(b"half-written garbage from a killed run")
        wh.with_name(stale + ".wal").write_bytes(b"garbage")
    proc = run_xxgk(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert counts(wh) == base["after"]
    assert not builds(wh), f"stale build copies were not cleaned up: {builds(wh)}"


def test_locked_warehouse_exit_3(base):
    wh = _fresh(base, "locked")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(300)",
         str(wh)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = run_xxgk("run", "--reports", str(base["reports"]), "--warehouse", str(wh), timeout=300)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "locked" in proc.stderr
    assert sha256(wh) == base["hash0"]
    assert not builds(wh)


def _userns_available() -> str | None:
    if not shutil.which("unshare"):
        return "unshare(1) is not installed"
    probe = subprocess.run(["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt && echo ok"],
                           capture_output=True, text=True)
    if probe.stdout.strip() != "ok":
        return f"cannot mount in a user namespace here: {probe.stderr.strip()[:200]}"
    return None


def _in_namespace(setup: str, args: list[str], after: str = "true") -> subprocess.CompletedProcess:
    """Run ``args`` in a new user+mount namespace after ``setup`` (mounts), then ``after``."""
    script = f"set -e; {setup}; set +e; \"$@\"; rc=$?; {after}; exit $rc"
    return subprocess.run(["unshare", "-Urm", "sh", "-c", script, "sh", *args],
                          capture_output=True, text=True, timeout=900)


def test_read_only_warehouse_location_exit_2(base):
    """A warehouse on a read-only mount (root ignores chmod, so a real read-only bind mount is used)."""
    why = _userns_available()
    if why:
        pytest.skip(why)
    wh = _fresh(base, "readonly")
    d = wh.parent
    from tests.faults.faultlib import XXGK

    proc = _in_namespace(f"mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}'",
                         [str(XXGK), "run", "--reports", str(base["reports"]), "--warehouse", str(wh)])
    assert proc.returncode == 2, proc.stdout + proc.stderr
    err = proc.stderr.lower()
    assert "error:" in err and ("not writable" in err or "read-only" in err or "permission" in err), proc.stderr
    assert "traceback" not in err
    assert sha256(wh) == base["hash0"]


FIXTURE_REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "real"


@pytest.mark.parametrize("room", ["none", "dbt", "ingest"])
def test_full_disk_gives_a_clear_error_and_keeps_the_warehouse(base, room):
    """The warehouse on a tiny tmpfs: no room for the build copy ('none': refused before copying),
    room for the copy but not for dbt's build ('dbt': dbt's files and the build fill the disk), or
    room for so little that ingesting 30 real reports fills it ('ingest'). Each time: exit 2, one
    line naming the full location, saying the previous warehouse is untouched and how to re-run,
    no traceback, the old warehouse byte for byte the same and no build copy left behind."""
    why = _userns_available()
    if why:
        pytest.skip(why)
    d = base["root"] / f"full-{room}"
    d.mkdir()
    size = base["wh0"].stat().st_size
    # the tmpfs also holds the warehouse itself
    tmpfs = {"none": size + 256 * 1024, "dbt": 2 * size + 512 * 1024, "ingest": 2 * size + 64 * 1024}[room]
    reports = FIXTURE_REPORTS if room == "ingest" else base["reports"]
    from tests.faults.faultlib import XXGK

    wh = d / "xxgk.duckdb"
    check = (f"cmp -s '{base['wh0']}' '{wh}' && ! ls -A '{d}' | grep -qF '{wh.name}.building' "
             f"&& echo INTACT >&2 || echo DAMAGED >&2")
    proc = _in_namespace(
        f"mount -t tmpfs -o size={tmpfs} tmpfs '{d}' && cp '{base['wh0']}' '{wh}'",
        [str(XXGK), "run", "--reports", str(reports), "--warehouse", str(wh)], after=check)
    err = proc.stderr
    assert proc.returncode == 2, proc.stdout + err
    assert "traceback" not in err.lower(), err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    line = errors[0]
    assert f"The disk holding {d} is full" in line, line
    assert "previous warehouse is untouched" in line and "run the same `xxgk run` command again" in line, line
    if room == "none":
        assert "Ingesting" not in err, "a copy that cannot fit must be refused before any work"
        assert re.search(r"the build copy of the warehouse needs [\d.]+ MiB and only [\d.]+ KiB is free", line), line
    else:
        stage = {"dbt": "while dbt build was writing", "ingest": "while ingesting the reports"}[room]
        assert stage in line, line
        assert "was free there after copying the warehouse" in line, line
    assert "INTACT" in err, err
