"""A report whose file is gone from the folder (issue 14): the warehouse is an archive.

Government sites remove old reports and researchers keep them, so a run keeps a report whose file has
vanished, marked ``source_present = false`` with ``last_seen_run``, the run that last saw its file; it
still stands for its body and year (unless a newer version of its file exists). ``xxgk run --prune``
drops such reports, and the warehouse then holds what a clean run over the folder gives.

Before: the deletion went unnoticed ("Up to date"), the report stayed with nothing saying its file was
gone, and the README said nothing about it.
"""

from __future__ import annotations

import re

import pytest

from tests.faults.faultlib import copy_reports, query, require_pipeline, run_xxgk
from tests.warehouse_diff import table_differences

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]

# Columns that say when or by which run a row was made: they differ between two runs by design.
RUN_SPECIFIC = frozenset({"run_id", "ingested_at", "first_seen_run", "last_seen_run", "gx_run"})


def _run(reports, wh, *extra: str):
    proc = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh), *extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    require_pipeline()
    root = tmp_path_factory.mktemp("vanished")
    reports = copy_reports(root / "reports")
    wh = root / "archive" / "xxgk.duckdb"
    _run(reports, wh)
    run1 = query(wh, "select run_id from raw.runs")[0][0]
    gone = sorted(reports.glob("*.txt"))[1]
    gone_id = query(wh, "select report_id from raw.files where file_name = ?", [gone.name])[0][0]
    before = {"agency_year": query(wh, "select agency_id, report_year, report_id from marts.fct_agency_year "
                                       "where report_id = ?", [gone_id]),
              "n_reports": query(wh, "select count(*) from marts.dim_report")[0][0]}
    gone.unlink()
    second = _run(reports, wh)
    snap = {
        "dim": query(wh, "select report_id, source_present, last_seen_run, is_primary from marts.dim_report "
                         "order by report_id"),
        "agency_year": query(wh, "select agency_id, report_year, report_id, source_present "
                                 "from marts.fct_agency_year where report_id = ?", [gone_id]),
        "run2": query(wh, "select run_id from raw.runs order by started_at desc limit 1")[0][0],
    }
    third = _run(reports, wh)
    pruned = _run(reports, wh, "--prune")
    clean = root / "clean" / "xxgk.duckdb"
    _run(reports, clean)
    return {"wh": wh, "clean": clean, "run1": run1, "gone_id": gone_id, "gone": gone, "before": before,
            "snap": snap, "second": second, "third": third, "pruned": pruned}


def test_the_deletion_is_noticed_and_the_report_is_kept_marked(history):
    assert "Up to date" not in history["second"].stderr, "the run did not notice the deleted file"
    dim = {r: (present, last_run, primary) for r, present, last_run, primary in history["snap"]["dim"]}
    assert len(dim) == history["before"]["n_reports"], "the archive keeps every report"
    assert dim.pop(history["gone_id"]) == (False, history["run1"], True)
    assert set(dim.values()) == {(True, history["snap"]["run2"], True)}


def test_the_kept_report_still_stands_for_its_body_and_year(history):
    (agency, year, report), = history["before"]["agency_year"]
    assert history["snap"]["agency_year"] == [(agency, year, report, False)]


def test_the_run_says_what_it_kept_and_how_to_drop_it(history):
    out = history["second"].stdout
    assert re.search(r"gone from folder\s+1 report kept", out), out
    assert "--prune" in out, out
    # the next run has nothing to do: the deletion is recorded
    assert "Up to date" in history["third"].stderr, history["third"].stderr


def test_prune_drops_the_report_and_equals_a_clean_run(history):
    wh, clean = history["wh"], history["clean"]
    assert re.search(r"pruned\s+1 report", history["pruned"].stdout), history["pruned"].stdout
    for table in ("raw.reports", "raw.facts", "raw.parse_findings", "raw.files", "marts.dim_report",
                  "marts.fct_report_facts", "marts.fct_findings", "intermediate.int_rule_checks"):
        assert query(wh, f"select count(*) from {table} where report_id = ?", [history["gone_id"]]) == [(0,)], table
    tables, differences = table_differences(wh, clean, ("raw", "intermediate", "marts"),
                                            leave_out={("raw", "runs"): {"started_at", "finished_at"}},
                                            leave_out_everywhere=RUN_SPECIFIC)
    assert {"reports", "facts", "dim_report", "fct_agency_year", "fct_findings"} <= set(tables)
    # the archive's run history (three runs, its rows in raw.runs) is the one thing a clean run lacks
    assert set(differences) <= {"raw.runs row count", "raw.runs"}, differences
