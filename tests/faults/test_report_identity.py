"""Same report under two names → stored once; a changed version → a new report, both kept, the path
points at the latest; two different reports claiming the same body and year → both kept; bad files
→ quarantined with a reason while the good ones load.

One folder, two runs (each run is a full `xxgk run`, dbt included), checked in order.
"""

from __future__ import annotations


import pytest

from tests.faults.faultlib import SAMPLES, changed_copy, query, require_pipeline, run_xxgk

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    require_pipeline()
    root = tmp_path_factory.mktemp("identity")
    reports = root / "reports"
    reports.mkdir()
    src = sorted(SAMPLES.glob("*.txt"))[0]
    text = src.read_text(encoding="utf-8")
    (reports / "a.txt").write_text(text, encoding="utf-8")
    (reports / "a_copy.txt").write_text(text, encoding="utf-8")                 # same bytes, two names
    (reports / "b_same_body_year.txt").write_text(changed_copy(text, "another copy"), encoding="utf-8")
    (reports / "empty.txt").write_bytes(b"")                                    # quarantined
    (reports / "scan.txt").write_bytes(b"%PDF-1.4\n%binary")                    # quarantined
    wh = root / "xxgk.duckdb"
    first = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert first.returncode == 0, first.stdout + first.stderr
    snap1 = {
        "files": dict(query(wh, "select file_name, report_id from raw.files")),
        "reports": {r for (r,) in query(wh, "select report_id from raw.reports")},
        "errors": query(wh, "select file_name, reason, detail from raw.ingest_errors order by file_name"),
        "dim": query(wh, "select report_id, agency_name, report_year from marts.dim_report"),
        "pick": _pick(wh),
    }
    (reports / "a.txt").write_text(changed_copy(text, "corrected version"), encoding="utf-8")  # new version
    # b is corrected too, and no other file holds its old text: that old version is superseded
    (reports / "b_same_body_year.txt").write_text(changed_copy(changed_copy(text, "another copy"), "b corrected"),
                                                  encoding="utf-8")
    second = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert second.returncode == 0, second.stdout + second.stderr
    return {"wh": wh, "first": first, "second": second, "snap1": snap1}


def _pick(wh) -> dict:
    """Per report: (is_primary, n_reports_for_year, pick_reason), and the fct_agency_year rows."""
    return {
        "dim": {r: (primary, n, reason) for r, primary, n, reason in query(
            wh, "select report_id, is_primary, n_reports_for_year, pick_reason from marts.dim_report")},
        "superseded": {r for (r,) in query(wh, "select report_id from marts.dim_report where is_superseded")},
        "agency_year": query(wh, "select agency_id, report_year, report_id, n_reports_for_year, pick_reason "
                                 "from marts.fct_agency_year"),
    }


def test_same_report_under_two_names_is_stored_once(runs):
    files = runs["snap1"]["files"]
    assert files["a.txt"] == files["a_copy.txt"]
    assert len(runs["snap1"]["reports"]) == 2        # a(=a_copy) and b
    dim_ids = [r[0] for r in runs["snap1"]["dim"]]
    assert sorted(dim_ids) == sorted(set(dim_ids)) and len(dim_ids) == 2


def test_two_reports_claiming_the_same_body_and_year_are_both_kept(runs):
    dim = runs["snap1"]["dim"]
    assert len(dim) == 2
    (ida, agency_a, year_a), (idb, agency_b, year_b) = dim
    assert ida != idb
    assert (agency_a, year_a) == (agency_b, year_b), "fixture: both should claim the same body and year"
    # both are counted for the body and year; one stands for it in fct_agency_year, with the reason
    pick = runs["snap1"]["pick"]["dim"]
    assert sorted((primary, n) for primary, n, _ in pick.values()) == [(False, 2), (True, 2)]
    primary, other = (ida, idb) if pick[ida][0] else (idb, ida)
    assert pick[other][2] == "not picked: another report of this body for this year ranks higher"
    assert pick[primary][2].startswith(("most table figures", "most figures", "latest publication", "tie"))
    (agency_year,) = runs["snap1"]["pick"]["agency_year"]
    assert agency_year[2:] == (primary, 2, pick[primary][2])


def test_changed_version_gets_a_new_id_and_both_are_kept(runs):
    wh, old = runs["wh"], runs["snap1"]["files"]
    files = dict(query(wh, "select file_name, report_id from raw.files"))
    assert files["a.txt"] != old["a.txt"], "the changed file must point at its new content"
    assert files["a_copy.txt"] == old["a_copy.txt"]
    reports = {r for (r,) in query(wh, "select report_id from raw.reports")}
    assert old["a.txt"] in reports and files["a.txt"] in reports, "both versions are kept"
    assert len(reports) == 4        # a (still in a_copy.txt), a corrected, b, b corrected
    # in the marts old versions stay reports of their body and year: four now, one picked
    pick = _pick(wh)
    assert set(pick["dim"]) == reports
    assert sorted(n for _, n, _ in pick["dim"].values()) == [4, 4, 4, 4]
    assert sum(primary for primary, _, _ in pick["dim"].values()) == 1
    assert len(pick["agency_year"]) == 1
    # b's old text is at no path any more: superseded, never picked, and it says so
    b_old = old["b_same_body_year.txt"]
    assert pick["superseded"] == {b_old}
    assert pick["dim"][b_old] == (False, 4, "not picked: an earlier version of a file that now holds a newer report")


def test_bad_files_are_quarantined_with_reasons_and_the_run_goes_on(runs):
    errors = runs["snap1"]["errors"]
    assert [(f, r) for f, r, _ in errors] == [("empty.txt", "empty"), ("scan.txt", "binary")]
    assert "PDF" in errors[1][2]
    out = runs["first"].stdout + runs["first"].stderr
    assert "quarantined" in out and "scan.txt" in out
