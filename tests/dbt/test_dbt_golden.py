"""dbt build + the checkpoint on a warehouse loaded from the hand-checked ground truth (no parser):
the findings are exactly the expected ones, the marts match CONTRACT.md, docs become comments."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from xxgk.dbt_run import dbt_build
from xxgk.quality.gx_project import copy_gx_project
from tests.golden import from_golden, load_golden_warehouse

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden_wh")
    wh = tmp / "w.duckdb"
    load_golden_warehouse(wh, [from_golden(p) for p in sorted(GOLDEN.glob("*.json"))])
    proc = dbt_build(wh, target_path=tmp / "target", log_path=tmp / "logs", gx_root=copy_gx_project(tmp / "exp"))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    con = duckdb.connect(str(wh), read_only=True)
    yield con, proc, tmp
    con.close()


def test_findings_are_exactly_the_expected_ones(built):
    con, _, _ = built
    got: dict[str, Counter] = {}
    for file_name, rule, key in con.execute(
            "select r.file_name, f.rule, f.key from marts.fct_findings f join marts.dim_report r using (report_id)"
    ).fetchall():
        got.setdefault(file_name, Counter())[(rule, key)] += 1
    for p in sorted(GOLDEN.glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        want = Counter((f["rule"], f.get("key")) for f in g.get("expected_findings") or [])
        assert got.get(g["file"], Counter()) == want, g["file"]


def test_rule_findings_come_from_the_checkpoint_with_both_sides(built):
    con, _, _ = built
    row = con.execute("""select f.source, f.severity, f.lhs, f.rhs, f.diff, f.ref_key, f.detail
                     from marts.fct_findings f join marts.dim_report r using (report_id)
                     where r.file_name like '002_%' and f.rule = 'part_exceeds_whole'""").fetchone()
    assert row[0] == "checkpoint" and row[1] == "error"
    assert (row[2], row[3], row[4]) == (360, 340, 20)
    assert row[5] == "legacy.proactive.total" and "360" in row[6] and "340" in row[6]


def test_no_error_findings_on_clean_reports(built):
    con, _, _ = built
    clean = [json.loads(p.read_text(encoding="utf-8"))["file"] for p in GOLDEN.glob("*.json")
             if not json.loads(p.read_text(encoding="utf-8")).get("expected_findings")]
    n = con.execute("""select count(*) from marts.fct_findings f join marts.dim_report r using (report_id)
                       where r.file_name in (select unnest(?))""", [clean]).fetchone()[0]
    assert n == 0


CONTRACT = {
    "dim_report": ["report_id", "file_name", "agency_name", "province", "prefecture", "county", "level", "kind",
                   "report_year", "published", "era"],
    "fct_report_facts": ["report_id", "key", "value", "raw", "placement", "approximate", "line_start", "line_end",
                         "span_start", "span_end", "sentence"],
    "fct_agency_year": ["agency_id", "report_year", "requests_received", "requests_received_source", "granted",
                        "grant_rate", "review_correction_rate", "litigation_per_100_requests", "pick_reason",
                        "carry_over_status", "requests_received_change"],
    "fct_findings": ["report_id", "rule", "key", "severity", "detail", "lhs", "rhs", "diff", "line_start",
                     "line_end", "source"],
    "dim_agency": ["agency_id", "agency_name", "province", "prefecture", "county", "level", "kind"],
    "fct_applications": ["report_id", "agency_id", "report_year", "applicant_type", "outcome", "count"],
    "fct_review_litigation": ["report_id", "agency_id", "report_year", "proceeding", "outcome", "count"],
}


def test_marts_have_the_contract_columns_with_comments(built):
    con, _, _ = built
    for table, cols in CONTRACT.items():
        have = dict(con.execute("select column_name, comment from duckdb_columns() "
                                "where schema_name = 'marts' and table_name = ?", [table]).fetchall())
        assert set(cols) <= set(have), (table, set(cols) - set(have))
        assert all(have[c] for c in cols), (table, [c for c in cols if not have[c]])
        assert con.execute("""select comment from duckdb_tables() where schema_name = 'marts' and table_name = $t
                              union all
                              select comment from duckdb_views() where schema_name = 'marts' and view_name = $t""",
                           {"t": table}).fetchone()[0], table


def test_facts_keep_every_golden_figure(built):
    con, _, _ = built
    g = json.loads((GOLDEN / "004_c493ddf6db4f273e.json").read_text(encoding="utf-8"))
    rows = dict(con.execute("""select key, value from marts.fct_report_facts f join marts.dim_report r using (report_id)
                           where r.file_name = '004_c493ddf6db4f273e.txt'""").fetchall())
    for k, v in g["facts"].items():
        assert float(rows[k]) == float(v), k
    for k in g["nulls"]:
        assert k in rows and rows[k] is None


def test_agency_year_is_one_row_per_body_and_year(built):
    con, _, _ = built
    n, distinct = con.execute("select count(*), count(distinct (agency_id, report_year)) from marts.fct_agency_year").fetchone()
    assert n == distinct > 0
    row = con.execute("""select requests_received, requests_received_source, total_handled, proactive_total_source
                     from marts.fct_agency_year where agency_name = '常德市行政审批服务局'""").fetchone()
    assert row == (0, "table", 0, "prose")
    # a body known only as 我局 gets no id and stays out of the per-body facts
    assert con.execute("select count(*) from marts.dim_report where agency_id is null and file_name = '023.txt'").fetchone()[0] == 1
