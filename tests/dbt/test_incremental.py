"""Incremental dbt builds give exactly the tables of a full rebuild (docs/incremental.md).

One synthetic corpus, two real `xxgk run`s (real DuckDB, dbt, GX). Between them: two reports are
corrected (new versions: the old ones become superseded, so the pick of their body and year moves, and
the carry-over check of the next year points at the new version), three are added, three are re-parsed
(an older parser_version; their derived rows are removed as an older parser might have left none),
one report is deleted from the warehouse and the folder (what `--prune` does), and one report's file is
deleted from the folder only (the warehouse keeps it, `source_present = false`). The second run must
rebuild only what changed; then a copy of its warehouse is rebuilt with --full-refresh, and every intermediate and marts table must
hold the same rows (gx_run, the name of the GX validation run, is the one run-specific column).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import q, xxgk
from tests.warehouse_diff import table_differences
from xxgk.dbt_run import dbt_build, project_fingerprint, stored_fingerprint
from xxgk.quality.gx_project import copy_gx_project

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

N_REPORTS = 90
SEED = 11
RUN_SPECIFIC = {("marts", "fct_findings"): {"gx_run"}}


def _run(reports: Path, wh: Path, gx_root: Path) -> subprocess.CompletedProcess:
    proc = xxgk("run", "--reports", str(reports), "--warehouse", str(wh),
                env={**os.environ, "XXGK_GX_ROOT": str(gx_root)})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc


def _corrected(text: str) -> str:
    """The same report republished with a note: same body, year and figures, new content."""
    return text + "\n（本报告已更正）\n"


def _figure_changed(text: str) -> str:
    """One figure changed (the first 2–3 digit number, never a year) and a note."""
    m = re.search(r"(?<![\d.])(\d{2,3})(?![\d.])", text)
    assert m, "fixture: the report needs a 2-3 digit figure to change"
    return text[: m.start()] + str(int(m.group(1)) + 7) + text[m.end():] + "\n（数据更正）\n"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    synth = xxgk("synth", str(N_REPORTS), "--out", str(root / "corpus"), "--seed", str(SEED))
    assert synth.returncode == 0, synth.stderr
    reports = root / "reports"
    shutil.copytree(root / "corpus" / "reports", reports)
    gx_root = copy_gx_project(root / "gx_root")
    wh = root / "xxgk.duckdb"
    _run(reports, wh, gx_root)
    assert stored_fingerprint(wh) == project_fingerprint(), "a complete build records its fingerprint"

    path_of = dict(q(wh, "select report_id, min(source_path) from raw.files group by all"))
    # X stands for its body in year t and a picked report Z of year t+1 checks its carry-over against X
    carry = q(wh, """select c.report_id, split_part(c.ref_key, ':', 1) from intermediate.int_rule_checks c
                     where c.rule = 'carry_over' order by 1 limit 1""")
    assert carry, f"fixture: seed {SEED} should give a body with two consecutive years"
    z, x = carry[0]
    others = [r for (r,) in q(wh, """select report_id from marts.dim_report
                                     where report_id not in (?, ?) and era in ('v2019', 'v2021')
                                     order by report_id""", [z, x])]
    w, reparsed, deleted, vanished = others[0], others[1:4], others[4], others[5]
    run1 = q(wh, "select run_id from raw.runs")[0][0]
    vanished_was_primary = q(wh, "select is_primary from marts.dim_report where report_id = ?", [vanished])[0][0]

    # corrections: X with the same figures, W with one figure changed
    for rid, change in ((x, _corrected), (w, _figure_changed)):
        p = Path(path_of[rid])
        p.write_text(change(p.read_text(encoding="utf-8")), encoding="utf-8")
    # three new reports from another corpus
    extra = xxgk("synth", "3", "--out", str(root / "extra"), "--seed", str(SEED + 1000))
    assert extra.returncode == 0, extra.stderr
    for i, p in enumerate(sorted((root / "extra" / "reports").rglob("*.*"))):
        if p.suffix in (".txt", ".html"):
            shutil.copy2(p, reports / f"added_{i}{p.suffix}")
    # a report whose file is gone from the folder: the warehouse keeps it (an archive, README)
    Path(path_of[vanished]).unlink()
    # a report deleted from the folder and the warehouse (as `xxgk run --prune` does)
    Path(path_of[deleted]).unlink()
    con = duckdb.connect(str(wh))
    try:
        for table in ("raw.reports", "raw.facts", "raw.parse_findings", "raw.files"):
            con.execute(f"delete from {table} where report_id = ?", [deleted])
        # three reports stored by an older parser: the run re-parses them. Their derived rows are
        # removed, so a build that skipped them would differ from the full rebuild.
        con.execute("update raw.reports set parser_version = 'old' where report_id in (select unnest(?))", [reparsed])
        for table in ("intermediate.int_report_facts", "intermediate.int_rule_checks"):
            con.execute(f"delete from {table} where report_id in (select unnest(?))", [reparsed])
    finally:
        con.close()

    second = _run(reports, wh, gx_root)
    full = root / "full.duckdb"
    shutil.copy2(wh, full)
    proc = dbt_build(full, target_path=root / "full_target", log_path=root / "full_logs", gx_root=gx_root,
                     args=["--full-refresh"])
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return {"wh": wh, "full": full, "x": x, "z": z, "w": w, "reparsed": reparsed, "deleted": deleted,
            "second": second, "vanished": vanished, "vanished_was_primary": vanished_was_primary, "run1": run1}


def test_second_run_rebuilt_only_the_changed_reports(builds):
    wh = builds["wh"]
    run2 = q(wh, "select run_id from raw.runs order by started_at desc limit 1")[0][0]
    ingested = {r for (r,) in q(wh, "select report_id from raw.reports where run_id = ?", [run2])}
    assert set(builds["reparsed"]) <= ingested and len(ingested) == 2 + 3 + 3  # 2 new versions, 3 added
    changed = {r for (r,) in q(wh, "select report_id from dbt_state.intermediate__int_report_facts__changed")}
    assert changed == ingested | {builds["deleted"]}
    # X (and W) no longer stand for their body: their fact-table rows change (is_primary) though their own did not
    pick_changed = {r for (r,) in q(wh, "select report_id from dbt_state.marts__fct_applications__changed")}
    assert {builds["x"], builds["w"]} <= pick_changed
    # Z did not change, but the year before it now stands the new version of X: its carry-over is redone
    checks_changed = {r for (r,) in q(wh, "select report_id from dbt_state.intermediate__int_rule_checks__changed")}
    assert builds["z"] in checks_changed
    n_reports = q(wh, "select count(*) from raw.reports")[0][0]
    reused = q(wh, "select count(*) from dbt_state.marts__fct_findings__reused")[0][0]
    assert reused == n_reports - len(checks_changed - {builds["deleted"]}) and reused > n_reports // 2


def test_the_carry_over_check_follows_the_new_version(builds):
    wh, z = builds["wh"], builds["z"]
    new_x = q(wh, "select prev_report_id from marts.fct_agency_year where report_id = ?", [z])[0][0]
    assert new_x != builds["x"]
    ref = q(wh, "select ref_key from intermediate.int_rule_checks where rule = 'carry_over' and report_id = ?", [z])
    assert ref == [(f"{new_x}:t3.carried_forward.total",)]


def test_deleted_report_leaves_no_rows(builds):
    wh, gone = builds["wh"], builds["deleted"]
    for table in ("intermediate.int_report_facts", "intermediate.int_rule_checks", "intermediate.int_report_figures",
                  "marts.fct_report_facts", "marts.fct_applications", "marts.fct_review_litigation",
                  "marts.fct_findings", "marts.dim_report"):
        assert q(wh, f"select count(*) from {table} where report_id = ?", [gone]) == [(0,)], table


def test_a_report_whose_file_is_gone_stays_marked_and_is_not_rebuilt(builds):
    wh, gone = builds["wh"], builds["vanished"]
    run2 = q(wh, "select run_id from raw.runs order by started_at desc limit 1")[0][0]
    assert q(wh, "select source_present, last_seen_run, is_primary from marts.dim_report where report_id = ?",
             [gone]) == [(False, builds["run1"], builds["vanished_was_primary"])]
    assert q(wh, "select count(*) from marts.dim_report where source_present and last_seen_run = ?", [run2]) \
        == q(wh, "select count(*) - 1 - 2 from marts.dim_report")   # all but it and X's, W's old versions
    assert q(wh, "select count(*) > 0 from intermediate.int_report_facts where report_id = ?", [gone]) == [(True,)]
    for model in ("intermediate__int_report_facts", "marts__fct_applications", "intermediate__int_rule_checks"):
        changed = {r for (r,) in q(wh, f"select report_id from dbt_state.{model}__changed")}
        assert gone not in changed, f"{model}: a vanished file is not a change of the report"


def test_every_table_equals_a_full_rebuild(builds):
    tables, differences = table_differences(builds["wh"], builds["full"], ("intermediate", "marts"),
                                            leave_out=RUN_SPECIFIC)
    assert set(tables) >= {"int_report_facts", "int_rule_checks", "int_report_figures", "fct_report_facts",
                           "fct_applications", "fct_review_litigation", "fct_findings", "dim_report",
                           "fct_agency_year", "dim_agency"}
    assert not differences, f"incremental build differs from a full rebuild: {differences}"
