"""Planted violations of each rule, each caught by name, in one real `dbt build` (checkpoint inside).

Every plant starts from a clean hand-checked report (ground truth), changes a few cells, and must
yield exactly the findings listed for it; the untouched copies must yield none.
"""

from __future__ import annotations

import copy
from collections import Counter
from decimal import Decimal as D
from pathlib import Path

import duckdb
import pytest

from xxgk.dbt_run import dbt_build
from xxgk.quality.gx_project import copy_gx_project
from tests.golden import RawReport, from_golden, load_golden_warehouse

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
pytestmark = pytest.mark.e2e

FULL_V2021 = "003_8e2ae5a13d6d1592.json"   # all three tables, all zeros, no findings
LEGACY = "002_d0ad4e6dd563e698.json"        # pre-2019 统计表 (has its own part_exceeds_whole)
NARRATIVE = "031.json"                      # prose and table agree on 56 requests


def _variant(base: str, name: str, *, facts=None, drop=(), meta=None, agency_suffix=True) -> RawReport:
    r = from_golden(GOLDEN / base)
    r = copy.deepcopy(r)
    r.report_id = f"plant_{name}"
    r.file_name = f"plant_{name}.txt"
    r.parse_findings = []   # only the checkpoint's findings are under test here
    for k, v in (facts or {}).items():
        r.facts[k] = None if v is None else D(str(v))
    for k in drop:
        r.facts.pop(k)
    if agency_suffix and r.meta["agency"].get("name"):
        r.meta["agency"] = dict(r.meta["agency"], name=r.meta["agency"]["name"] + f"（{name}）")
    for k, v in (meta or {}).items():
        if k.startswith("agency."):
            r.meta["agency"] = dict(r.meta["agency"], **{k[7:]: v})
        else:
            r.meta[k] = v
    return r


# name -> (report, expected Counter of (rule, key))
def plants() -> dict[str, tuple[RawReport, Counter]]:
    no_agency = {f"agency.{k}": None for k in ("name", "province", "prefecture", "county", "level", "kind")}
    p = {
        "clean_v2021": (_variant(FULL_V2021, "clean_v2021"), Counter()),
        "clean_legacy": (_variant(LEGACY, "clean_legacy", facts={"legacy.channel.wechat": 300}), Counter()),
        "balance": (_variant(FULL_V2021, "balance", facts={"t3.new.natural_person": 2, "t3.new.total": 2}),
                    Counter({("balance", "t3.total.natural_person"): 1, ("balance", "t3.total.total"): 1})),
        "row_total": (_variant(FULL_V2021, "row_total", facts={"t3.granted.commercial": 2, "t3.total.commercial": 2,
                                                              "t3.new.commercial": 2}),
                      Counter({("row_total", "t3.granted.total"): 1, ("row_total", "t3.total.total"): 1,
                               ("row_total", "t3.new.total"): 1})),
        "outcome_total": (_variant(FULL_V2021, "outcome_total", facts={"t3.granted.natural_person": 3,
                                                                      "t3.granted.total": 3}),
                          Counter({("outcome_total", "t3.total.natural_person"): 1,
                                   ("outcome_total", "t3.total.total"): 1})),
        "review_total": (_variant(FULL_V2021, "review_total", facts={"t4.review.upheld": 1}),
                         Counter({("review_total", "t4.review.total"): 1})),
        "invalid_value": (_variant(FULL_V2021, "invalid_value", facts={"t2.licensing.decisions": -3,
                                                                      "t2.penalty.decisions": 2.5}),
                          Counter({("invalid_value", "t2.licensing.decisions"): 1,
                                   ("invalid_value", "t2.penalty.decisions"): 1})),
        "part_exceeds_whole": (_variant(LEGACY, "part_exceeds_whole", facts={"legacy.channel.website": 500}),
                               Counter({("part_exceeds_whole", "legacy.channel.website"): 1,
                                        ("part_exceeds_whole", "legacy.channel.wechat"): 1})),
        # a part over its row total while the row identity has a blank cell (R1 not assessable)
        "part_when_blank": (_variant(FULL_V2021, "part_when_blank", facts={"t3.partial.research": None,
                                                                          "t3.partial.natural_person": 4}),
                            Counter({("part_exceeds_whole", "t3.partial.natural_person"): 1,
                                     ("outcome_total", "t3.total.natural_person"): 1})),
        "legacy_identity": (_variant(LEGACY, "legacy_identity", facts={
            "legacy.channel.wechat": 300, "legacy.apply.received": 5, "legacy.apply.in_person": 1,
            "legacy.apply.fax": 1, "legacy.apply.online": 1, "legacy.apply.letter": 1, "legacy.apply.other": 0,
            "narrative.apply.received": 5}),
                            Counter({("legacy_identity", "legacy.apply.received"): 1})),
        "narrative_mismatch": (_variant(NARRATIVE, "narrative_mismatch", facts={"narrative.apply.received": 57}),
                               Counter({("narrative_mismatch", "narrative.apply.received"): 1})),
        "table_incomplete": (_variant(FULL_V2021, "table_incomplete", drop=["t3.partial.research"]),
                             Counter({("table_incomplete", "t3.partial"): 1})),
        "year_missing": (_variant(FULL_V2021, "year_missing", meta={"report_year": None}),
                         Counter({("year_missing", None): 1})),
        "agency_missing": (_variant(FULL_V2021, "agency_missing", meta=no_agency, agency_suffix=False),
                           Counter({("agency_missing", None): 1})),
        "era_missing": (_variant(FULL_V2021, "era_missing", meta={"era": None}),
                        Counter({("era_missing", None): 1})),
    }
    # the parser reporting one doubt twice gives one finding (details joined)
    dup = _variant(FULL_V2021, "parse_dupes")
    dup.parse_findings = [{"rule": "table_incomplete", "key": "t2.fees", "severity": "warn", "detail": "1 of 2"},
                          {"rule": "table_incomplete", "key": "t2.fees", "severity": "warn", "detail": "21 of 22"}]
    p["parse_dupes"] = (dup, Counter({("table_incomplete", "t2.fees"): 1}))
    # a file the parser found to be no annual report: its finding passes through, and it is never picked
    nr = _variant(FULL_V2021, "not_report")
    nr.parse_findings = [{"rule": "not_annual_report", "key": None, "severity": "warn", "detail": "a notice"}]
    p["not_report"] = (nr, Counter({("not_annual_report", None): 1}))
    # R6: the same body in 2024 carries in 1 request while its 2023 report carried forward 0
    # (the 2024 tables balance on their own)
    y23 = _variant(FULL_V2021, "carry_2023", agency_suffix=False)
    y24 = _variant(FULL_V2021, "carry_2024", agency_suffix=False, meta={"report_year": 2024}, facts={
        "t3.carried_in.natural_person": 1, "t3.carried_in.total": 1, "t3.granted.natural_person": 1,
        "t3.granted.total": 1, "t3.total.natural_person": 1, "t3.total.total": 1})
    p["carry_2023"] = (y23, Counter())
    p["carry_over"] = (y24, Counter({("carry_over", "t3.carried_in.total"): 1}))
    # a second, thinner copy of the 2023 report: the fuller one must be picked, deterministically
    thin = _variant(FULL_V2021, "carry_2023_thin", agency_suffix=False, drop=["t2.fees.amount_10k_yuan"])
    p["carry_2023_thin"] = (thin, Counter())
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("planted")
    wh = tmp / "w.duckdb"
    ps = plants()
    load_golden_warehouse(wh, [r for r, _ in ps.values()])
    proc = dbt_build(wh, target_path=tmp / "target", log_path=tmp / "logs", gx_root=copy_gx_project(tmp / "exp"))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    con = duckdb.connect(str(wh), read_only=True)
    yield con, ps, tmp
    con.close()


@pytest.mark.parametrize("name", list(plants()))
def test_each_planted_violation_is_caught_by_name(built, name):
    con, ps, _ = built
    report, want = ps[name]
    got = Counter(con.execute("select rule, key from marts.fct_findings where report_id = ?",
                              [report.report_id]).fetchall())
    assert got == want


def test_rule_findings_carry_both_sides_and_lines(built):
    con, _, _ = built
    rows = con.execute("""select rule, lhs, rhs, diff, detail, line_start, source from marts.fct_findings
                          where source = 'checkpoint' and rule not in ('year_missing', 'agency_missing', 'era_missing')
                       """).fetchall()
    assert rows
    for rule, lhs, rhs, diff, detail, line_start, source in rows:
        assert lhs is not None and rhs is not None and diff == lhs - rhs, rule
        assert detail and line_start is not None, rule


def test_carry_over_pick_and_continuity(built):
    con, _, _ = built
    rows = con.execute("""select report_year, report_id, pick_reason, carry_over_status, carry_over_diff,
                                 requests_carried_in, prev_requests_carried_forward
                          from marts.fct_agency_year where agency_name = '白山市文化广播电视和旅游局'
                          order by report_year""").fetchall()
    assert [r[0] for r in rows] == [2023, 2024]
    assert rows[0][1] == "plant_carry_2023" and rows[0][2].startswith("most table figures")
    assert rows[1][3] == "broken" and rows[1][4] == 1
    # same body across years: one id
    assert con.execute("select count(distinct agency_id) from marts.dim_report "
                       "where report_id like 'plant_carry%'").fetchone()[0] == 1


def test_a_file_that_is_no_annual_report_stays_out_of_agency_year(built):
    con, _, _ = built
    assert con.execute("select count(*) from marts.fct_agency_year where report_id = 'plant_not_report'"
                       ).fetchone() == (0,)
    assert con.execute("select is_primary, pick_reason from marts.dim_report where report_id = 'plant_not_report'"
                       ).fetchone() == (False, "not picked: not an annual report (finding not_annual_report)")


def test_unknown_cells_make_rules_not_assessable(built):
    con, _, _ = built
    a = con.execute("""select assessable from intermediate.int_rule_checks
                       where report_id = 'plant_part_when_blank' and rule = 'row_total' and key = 't3.partial.total'
                    """).fetchone()
    assert a == (False,)


def test_data_docs_are_built(built):
    _, _, tmp = built
    index = tmp / "exp" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.exists() and index.stat().st_size > 1000
