"""End to end: `xxgk run` on real report files into a real DuckDB file, real `dbt build`, real GX.

These run the installed command in a subprocess, exactly as a user does.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import BIN, SEEDS, golden, q, xxgk

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """One full run over the five seed reports, shared by the read-only assertions below."""
    wh = tmp_path_factory.mktemp("wh") / "xxgk.duckdb"
    proc = xxgk("run", "--reports", str(SEEDS), "--warehouse", str(wh))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return wh, proc


def test_summary_names_counts_and_locations(seeds_run):
    wh, proc = seeds_run
    out = proc.stdout
    assert "reports           5" in out
    assert f"warehouse         {wh}" in out
    n_facts = q(wh, "select count(*) from marts.fct_report_facts")[0][0]
    assert f"figures           {n_facts}" in out
    assert f"site              {wh.with_name(wh.stem + '_site') / 'index.html'}" in out


def test_marts_hold_exactly_what_extract_reads(seeds_run):
    """The warehouse and `xxgk extract` share one parser: every extracted figure is in the marts."""
    wh, _ = seeds_run
    extracted = [json.loads(line) for line in xxgk("extract", str(SEEDS), check=True).stdout.splitlines()]
    rows = q(wh, """select d.file_name, f.key, f.value from marts.fct_report_facts f
                    join marts.dim_report d using (report_id) where f.value is not null""")
    in_marts = {(name, key, Decimal(str(value)).normalize()) for name, key, value in rows}
    want = {(obj["file"], k, Decimal(str(v)).normalize()) for obj in extracted for k, v in obj["facts"].items()}
    assert want, "extract produced no figures at all"
    assert want <= in_marts


def test_seed_figures_match_ground_truth(seeds_run):
    """A few figures checked by hand (shared/golden), read back from the warehouse."""
    wh, _ = seeds_run
    g = golden("004_c493ddf6db4f273e.txt")
    got = dict(q(wh, """select f.key, f.value from marts.fct_report_facts f join marts.dim_report d using (report_id)
                        where d.file_name = '004_c493ddf6db4f273e.txt'"""))
    for key in ("t2.licensing.decisions", "t2.penalty.prev_items", "t3.new.total", "narrative.proactive.total"):
        assert got.get(key) is not None and Decimal(str(got[key])) == Decimal(str(g["facts"][key])), key
    for key in g["nulls"]:  # blank cells stay unknown, never 0
        assert got.get(key) is None


def test_dim_report_metadata(seeds_run):
    wh, _ = seeds_run
    rows = q(wh, "select file_name, agency_name, report_year, era from marts.dim_report order by file_name")
    assert len(rows) == 5
    for file_name, agency, year, era in rows:
        g = golden(file_name)
        assert year == g["report_year"], file_name
        assert era == g["era"], file_name


def test_expected_findings_are_reported(seeds_run):
    wh, _ = seeds_run
    for path in sorted(SEEDS.glob("*.txt")):
        got = {(r, k) for r, k in q(wh, """select rule, key from marts.fct_findings f
                 join marts.dim_report d using (report_id) where d.file_name = ?""", [path.name])}
        for exp in golden(path.name)["expected_findings"]:
            assert any(r == exp["rule"] and covers(k, exp["key"]) for r, k in got), (path.name, exp)


def covers(found_key: str | None, expected_key: str | None) -> bool:
    """A finding on a table ('t4') covers an expected finding on one of its cells ('t4.suit_after_review').

    A short row whose cells cannot be placed with certainty leaves the whole row unknown, so the finding
    names the table the figure lives in rather than the figure itself.
    """
    if expected_key is None or found_key == expected_key:
        return True
    return found_key is not None and expected_key.startswith(found_key + ".")


def test_warehouse_opens_in_duckdb_1x_client(seeds_run):
    """BI drivers bundle DuckDB 1.x: the file must open there (storage version v1.0.0)."""
    wh, _ = seeds_run
    cli = BIN / "duckdb"  # duckdb-cli 1.5.6, a dev dependency
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1."), version
    proc = subprocess.run([str(cli), "-readonly", "-csv", "-noheader", str(wh), "-c",
                           "select count(*) from marts.dim_report"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "5"


def test_rerun_unchanged_only_checks_hashes(tmp_path: Path):
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    wh = tmp_path / "wh.duckdb"
    xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True)
    before = wh.stat().st_mtime_ns
    page = tmp_path / "wh_site" / "index.html"
    page_before = page.stat().st_mtime_ns
    again = xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True)
    assert "Up to date" in again.stderr
    assert wh.stat().st_mtime_ns == before  # nothing was rebuilt or rewritten
    assert page.stat().st_mtime_ns == page_before and f"site              {page}" in again.stdout
    page.unlink()   # a missing site is written again, even when nothing else changed
    xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True)
    assert 'id="total-reports" data-value="5"' in page.read_text(encoding="utf-8")

    # marts built by other models (here: a stored fingerprint that is not the project's) are out of date
    con = duckdb.connect(str(wh))
    con.execute("update dbt_state.build_fingerprint set fingerprint = 'models of an older checkout'")
    con.close()
    rebuilt = xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True)
    assert "Up to date" not in rebuilt.stderr
    assert "every model is rebuilt: the models, seeds, checkpoint code or engine versions changed" in rebuilt.stderr
    assert "new reports 0, unchanged 5" in rebuilt.stdout

    # a changed report is re-parsed alone; both versions are kept, the path points at the new one
    changed = reports / "004_c493ddf6db4f273e.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    third = xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True)
    assert "new reports 1, unchanged 4" in third.stdout
    assert q(wh, "select count(*) from raw.reports")[0][0] == 6
    assert q(wh, "select count(*) from raw.files")[0][0] == 5


def test_same_report_under_two_names_is_stored_once(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    src = SEEDS / "003_8e2ae5a13d6d1592.txt"
    shutil.copy(src, reports / "a.txt")
    shutil.copy(src, reports / "copy_of_a.txt")
    wh = tmp_path / "wh.duckdb"
    out = xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True).stdout
    assert "duplicates 1" in out
    assert re.search(r"duplicates +copy_of_a\.txt \(same as a\.txt\)", out)  # named, not only counted
    assert q(wh, "select count(*) from raw.reports")[0][0] == 1
    assert q(wh, "select count(*) from raw.files")[0][0] == 2


def test_bad_files_are_quarantined_and_the_rest_loads(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEEDS / "004_c493ddf6db4f273e.txt", reports)
    (reports / "empty.txt").write_bytes(b"")
    (reports / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    wh = tmp_path / "wh.duckdb"
    proc = xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert proc.returncode == 0, proc.stderr
    assert "quarantined" in proc.stderr and "empty.txt" in proc.stderr and "scan.txt" in proc.stderr
    # the summary names them too (first few, then a count), and --json lists every one
    assert re.search(r"quarantined +\S*empty\.txt: empty", proc.stdout) and "scan.txt: binary" in proc.stdout
    reasons = dict(q(wh, "select file_name, reason from raw.ingest_errors"))
    assert reasons == {"empty.txt": "empty", "scan.txt": "binary"}
    assert q(wh, "select count(*) from marts.dim_report")[0][0] == 1


def test_strict_fails_on_error_findings(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "untitled.txt").write_text("本单位全年工作情况良好，无其他需要报告的事项。\n", encoding="utf-8")
    wh = tmp_path / "wh.duckdb"
    assert xxgk("run", "--reports", str(reports), "--warehouse", str(wh)).returncode == 0
    strict = xxgk("run", "--reports", str(reports), "--warehouse", str(wh), "--strict", "--force")
    assert strict.returncode == 4, strict.stdout + strict.stderr
    rules = {r for (r,) in q(wh, "select rule from marts.fct_findings where severity = 'error'")}
    assert {"year_missing", "agency_missing"} <= rules


def _hold(wh: Path, read_only: bool) -> subprocess.Popen:
    code = (f"import duckdb, sys, time; c = duckdb.connect({str(wh)!r}, read_only={read_only}); "
            "print('ready', flush=True); time.sleep(120)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_locked_warehouse_stops_the_run_with_advice(seeds_run, tmp_path: Path):
    wh = tmp_path / "wh.duckdb"
    shutil.copy(seeds_run[0], wh)
    holder = _hold(wh, read_only=False)
    try:
        proc = xxgk("run", "--reports", str(SEEDS), "--warehouse", str(wh), "--force")
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 3
    assert "locked" in proc.stderr and "read-only" in proc.stderr
    assert str(holder.pid) in proc.stderr  # names the process holding it


def test_read_only_readers_do_not_block_a_run(seeds_run, tmp_path: Path):
    wh = tmp_path / "wh.duckdb"
    shutil.copy(seeds_run[0], wh)
    holder = _hold(wh, read_only=True)
    try:
        started = time.monotonic()
        proc = xxgk("run", "--reports", str(SEEDS), "--warehouse", str(wh), "--force")
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 600
    assert q(wh, "select count(*) from marts.dim_report")[0][0] == 5


def test_readme_example_queries_run(seeds_run):
    """The BI examples in the README are executed against a real warehouse, so they stay true."""
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", readme, re.S).group(1)
    statements = [s for s in (x.strip() for x in block.split(";")) if s]
    assert len(statements) == 3
    for sql in statements:
        rows = q(seeds_run[0], sql)  # runs without error
        # and returns on the bundled samples (the same files as the seeds) what its comment says
        said = re.search(r"-- samples: (\d+) rows?", sql)
        assert said and len(rows) == int(said.group(1)), (sql, rows)
