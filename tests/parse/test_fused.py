"""Tables whose cells ran together: the two real examples, the solver's guarantees, and the findings."""

from __future__ import annotations

import csv
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from xxgk.parse.report import parse_report  # first: importing narrative before metadata is circular (damage)

from xxgk.parse.catalog import catalog
from xxgk.parse.narrative import extract_narrative
from xxgk.parse.normalize import normalize
from xxgk.parse.tables import extract_tables
from xxgk.parse.tables.cellsplit import Budget, row_splits
from xxgk.parse.tables.identities import IDENTITIES_CSV, Domain, domain, identities
from xxgk.parse.tables.regions import mask
from xxgk.parse.tables.solver import RowSystem, solve
from xxgk.paths import SEEDS_DIR
from xxgk.synth.figures import t3_rows
from xxgk.synth.render import _T3_LABELS

FIX = Path(__file__).resolve().parents[1] / "fixtures"
FUSED = FIX / "reports" / "real_fused"
TABLE = ("t2.", "t3.", "t4.")
COLS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
I, S = Domain("int"), Domain("int", signed=True)  # noqa: E741 (int and signed domains, as the tables read)


def _gold(name: str) -> dict:
    return json.loads((FIX / "golden" / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


def _values(rec) -> dict:
    return {f.key: f.value for f in rec.facts if f.value is not None}


# ---------------------------------------------------------------- the two real examples

@pytest.mark.parametrize("name", ["f_r06.txt", "f_r09.txt"])
def test_real_fused_reports_give_every_cell_of_their_truth_and_nothing_else(name):
    gold = _gold(name)
    rec = parse_report((FUSED / name).read_text(encoding="utf-8"), name)
    got = _values(rec)
    want = {k: v for k, v in gold["facts"].items() if k.startswith(TABLE)}
    assert {k: float(got[k]) if isinstance(got.get(k), Decimal) else got.get(k) for k in want} == want
    assert {k for k in got if k.startswith(TABLE)} == set(want)          # nothing beyond the truth
    for f in rec.facts:                                                  # provenance: span = the piece
        if f.key.startswith(TABLE) and f.value is not None:
            assert rec.text[f.span.start:f.span.end] == f.raw
            assert f.placement in ("split", "label")
            if f.placement == "split":
                assert f.sentence and "split of" in f.sentence


def test_f_r06_ambiguous_runs_are_flagged_with_the_run_as_written():
    rec = parse_report((FUSED / "f_r06.txt").read_text(encoding="utf-8"), "f_r06.txt")
    amb = {f.key: f.detail for f in rec.findings if f.rule == "table_ambiguous"}
    assert set(amb) == {"t2.normative_docs", "t2.penalty", "t2.procurement"}
    for key, run in (("t2.normative_docs", "'1077'"), ("t2.penalty", "'3500'"), ("t2.procurement", "'2832995元'")):
        assert run in amb[key]
    assert "1|0|77" in amb["t2.normative_docs"] and "10|7|7" in amb["t2.normative_docs"]
    got = _values(rec)
    assert not any(k.startswith(("t2.normative_docs", "t2.penalty", "t2.procurement")) for k in got)
    # 300 has one split only (3|0|0), and says so
    lic = next(f for f in rec.facts if f.key == "t2.licensing.prev_items")
    assert (lic.value, lic.placement, lic.raw) == (3, "split", "3") and "the only valid split" in lic.sentence
    assert not any(f.rule in ("table_incomplete", "table_unreadable") for f in rec.findings)


def test_f_r09_spaced_zeros_and_fused_row_numbers():
    rec = parse_report((FUSED / "f_r09.txt").read_text(encoding="utf-8"), "f_r09.txt")
    facts = {f.key: f for f in rec.facts}
    # "0 0 0 0 0 002.其他法律…": the "2." is the next row's number, not a cell
    row = [facts[f"t3.denied.state_secret.{c}"].value for c in COLS]
    assert row == [0] * 7
    assert facts["t2.fees.amount_10k_yuan"].value == Decimal("5949.09")
    assert facts["t2.licensing.decisions"].placement == "label"       # one cell, nothing to split
    assert not [f for f in rec.findings if f.rule.startswith("table_")]


# ---------------------------------------------------------------- splits

def test_row_splits_are_every_valid_split():
    def vals(chunks, doms, local=()):
        return sorted((tuple(p[3] for p in s) for s in row_splits(chunks, doms, local)), key=str)
    assert vals(["1077"], [I, I, I]) == [(1, 0, 77), (10, 7, 7)]
    assert vals(["300"], [I, S, I]) == [(3, 0, 0)]
    assert vals(["3-10"], [I, S, I]) == [(3, -1, 0), (3, None, 10)]      # "-" is a sign or a blank cell
    assert vals(["3-10"], [I, I, I]) == [(3, None, 10)]                  # a count has no sign
    assert vals(["0", "0", "00"], [I] * 4) == [(0, 0, 0, 0)]             # spaces are certain boundaries
    assert vals(["12"], [I] * 3) == []
    money = domain("t2.procurement.amount_yuan", "v2019")
    assert len(vals(["2832995元"], [I, money])) == 6
    r1 = ((6, 1), *((i, -1) for i in range(6)))
    assert vals(["1010000", "11"], [I] * 7, [r1]) == [(1, 0, 10, 0, 0, 0, 11), (10, 1, 0, 0, 0, 0, 11)]


def test_a_pathological_run_is_bounded_and_ends_unknown():
    t0 = time.process_time()
    assert row_splits(["1" * 60], [I] * 12, (), Budget(5_000)) is None
    assert time.process_time() - t0 < 1.0
    # a whole 表三 of 40-digit runs: the work stops at the table's bound, every row unknown and flagged
    import random
    rng = random.Random(1)
    rows = {r: None for r in t3_rows("v2021")}
    text = "申请人情况" + "".join(_T3_LABELS[r] + "".join(rng.choice("0123456789") for _ in range(40)) for r in rows)
    t0 = time.process_time()
    ex = extract_tables(normalize(text))
    assert time.process_time() - t0 < 2.0
    assert not [f for f in ex.facts if f.value is not None]
    assert len([f for f in ex.findings if f.rule == "table_ambiguous"]) == len(rows)


def _t3_text(rows: dict[str, tuple[int, ...]], era: str = "v2021", sep: str = "") -> str:
    parts = ["三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    for r in t3_rows(era):
        if r == "granted":
            parts.append("三、本年度办理结果")
        parts.append(_T3_LABELS[r] + sep.join(str(v) for v in rows.get(r, (0,) * 7)))
    return "".join(parts) + "四、政府信息公开行政复议、行政诉讼情况"


def test_column_identities_settle_a_row_its_own_sum_cannot():
    # 本年新收 "1010000" + "11": 10|1|0|0|0|0|11 and 1|0|10|0|0|0|11 both satisfy R1; 予以公开 fixes
    # the 自然人 column at 10 (R2 for the (七)总计, then R0 for 本年新收)
    rows = {"new": (10, 1, 0, 0, 0, 0, 11), "total": (10, 1, 0, 0, 0, 0, 11),
            "granted": (10, 0, 0, 0, 0, 0, 10), "partial": (0, 1, 0, 0, 0, 0, 1)}
    ex = extract_tables(normalize(_t3_text(rows)))
    v = {f.key: f.value for f in ex.facts}
    assert [v[f"t3.new.{c}"] for c in COLS] == list(rows["new"])
    assert [v[f"t3.total.{c}"] for c in COLS] == list(rows["total"])
    f = next(f for f in ex.facts if f.key == "t3.new.natural_person")
    assert f.placement == "split" and "R0 balance" in f.sentence
    assert not [x for x in ex.findings if x.rule.startswith("table_") and x.key.startswith("t3")]


def test_a_table_whose_identities_fail_keeps_only_rows_with_one_split():
    # (七)总计 disagrees with the outcome rows: the column identities are not trusted
    rows = {"new": (10, 1, 0, 0, 0, 0, 11), "total": (10, 1, 0, 0, 0, 0, 11), "granted": (3, 0, 0, 0, 0, 0, 3)}
    ex = extract_tables(normalize(_t3_text(rows)))
    v = {f.key: f.value for f in ex.facts}
    assert "t3.new.natural_person" not in v and v["t3.granted.total"] == 3
    amb = [x for x in ex.findings if x.rule == "table_ambiguous"]
    assert {x.key for x in amb} == {"t3.new", "t3.total"} and all("'1010000" in x.detail for x in amb)


def test_solver_prunes_across_rows_and_names_the_identity():
    from xxgk.parse.tables.identities import Identity
    ident = Identity("balance", "R0", "R0 balance x", (("a", 1), ("b", -1)))
    a = row_splits(["12"], [I, I])        # 1|2 only
    b = row_splits(["1", "2"], [I, I])
    c = row_splits(["112"], [I, I])       # 1|12 or 11|2
    rows = [RowSystem(("a", "z1"), a), RowSystem(("b", "z2"), b), RowSystem(("c1", "c2"), c)]
    out = solve(rows, [ident], Budget(1000))
    assert [v.split is not None for v in out] == [True, True, False] and out[2].candidates == 2


def test_a_blank_cell_leaves_only_its_own_reading_unassessed():
    # a synthetic fused 表三 (seed 41, s0000779): 本年新收 "1950-1126" has a blank whose column differs
    # between readings, so R1 cannot choose and some readings leave a column's sums unassessed; the
    # readings that assess them still settle 本年新收 and 总计 (R0, R2)
    rows = {"new": "1950-1126", "carried_in": "0001001", "granted": "112-1-115", "partial": "3000-03",
            "denied.internal_affairs": "00 0 00 0 0", "denied.process_info": "0100001",
            "denied.enforcement_file": "0 0 000 0 0", "unable.not_held": "3100 - 0 4",
            "unable.needs_creation": "-000000", "rejected.petition": "21000-3", "rejected.duplicate": "0 00 00 00",
            "rejected.publication": "0 0 - 0 0 0 -", "rejected.mass_repeat": "00 00 0 0 0",
            "rejected.confirm_reissue": "000 - 0 0 0", "other_handling.no_correction": "0 00 00 00",
            "other_handling.no_fee": "00000-0", "other_handling.misc": "0 00000 0", "total": "195010126",
            "carried_forward": "0000101"}
    text = _t3_text({})
    for r, run in rows.items():
        text = text.replace(_T3_LABELS[r] + "0000000", _T3_LABELS[r] + run, 1)
    ex = extract_tables(normalize(text))
    v = {f.key: f.value for f in ex.facts}
    assert [v.get(f"t3.new.{c}") for c in COLS] == [19, 5, 0, None, 1, 1, 26]
    assert "t3.new.nonprofit" in v                     # a blank cell, known to be blank
    assert [v[f"t3.total.{c}"] for c in COLS] == [19, 5, 0, 1, 0, 1, 26]
    assert {x.key for x in ex.findings if x.rule == "table_ambiguous"} == {"t3.granted"}


def test_a_table_on_one_line_with_spaces_between_cells():
    text = ("第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 3 行政规范性文件 1 0 12\n"
            "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 一、本年新收政府信息公开申请数量 "
            "1 0 0 0 0 0 1 二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0")
    v = {f.key: f.value for f in extract_tables(normalize(text)).facts}
    assert [v[f"t3.new.{c}"] for c in COLS] == [1, 0, 0, 0, 0, 0, 1]
    assert [v[f"t3.carried_in.{c}"] for c in COLS] == [0] * 7
    assert v["t2.normative_docs.in_force"] == 12


# ---------------------------------------------------------------- findings and prose

def test_header_without_readable_rows_is_table_unreadable():
    text = ("二、主动公开政府信息情况\n第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数 规章 甲乙丙 行政规范性文件 丁\n"
            "三、收到和处理政府信息公开申请情况 申请人情况 本年新收政府信息公开申请数量 甲乙丙丁 2023年共…")
    ex = extract_tables(normalize(text))
    assert not ex.facts
    assert {(f.rule, f.severity) for f in ex.findings} >= {("table_unreadable", "warn")}


def test_section_headings_without_tables_are_table_missing():
    text = ("XX局2022年政府信息公开工作年度报告\n一、总体情况\n本年度…。\n二、主动公开政府信息情况\n(见附图)\n"
            "三、收到和处理政府信息公开申请情况\n(见附图)\n四、政府信息公开行政复议、行政诉讼情况\n(见附图)\n")
    # the table side says nothing (no table region); the sections say which tables are missing
    assert extract_tables(normalize(text)).findings == []
    got = parse_report(text, "missing.txt").findings
    assert {(f.rule, f.key, f.severity) for f in got if f.rule == "table_missing"} == {
        ("table_missing", "t2", "warn"), ("table_missing", "t3", "warn")}    # 四 is not closed by a heading
    # before 2019 there was no table under these headings: nothing to miss
    old = text.replace("2022年", "2017年").replace("收到和处理政府信息公开申请情况", "依申请公开政府信息情况")
    assert not [f for f in parse_report(old, "old.txt").findings if f.rule == "table_missing"]


def test_prose_never_reads_a_fused_table():
    # "行政事业性收费0.5万元" is a 表二 cell: read as prose it would be a fee of 5000 yuan
    text = ("2022年,我局主动公开政府信息15条。\n二、主动公开政府信息情况 第二十条第(一)项信息内容本年制发件数本年废止件数"
            "现行有效件数规章000行政规范性文件008第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费0.5万元"
            "三、收到和处理政府信息公开申请情况。2022年,我局共收到政府信息公开申请7件。")
    norm = normalize(text)
    ex = extract_tables(norm)
    assert {f.key: f.value for f in ex.facts}["t2.fees.amount_10k_yuan"] == Decimal("0.5")
    plain = {f.key: f.value for f in extract_narrative(norm, 2022).facts}
    masked = {f.key: f.value for f in extract_narrative(norm, 2022, table_regions=ex.regions).facts}
    assert plain["narrative.fees.amount_yuan"] == 5000                  # what the prose reader alone sees
    assert masked == {"narrative.proactive.total": 15, "narrative.apply.received": 7}
    rec = parse_report(text, "x.txt")
    assert "narrative.fees.amount_yuan" not in _values(rec)
    assert mask("ab12cd", [(2, 4)]) == "ab!!cd" and len(mask(norm, ex.regions)) == len(norm)


# ---------------------------------------------------------------- the pre-2019 统计表

def test_legacy_rows_with_the_next_row_number_fused_to_the_value():
    from xxgk.parse.legacy import extract_legacy
    text = ("附件：2016年度政府信息公开工作情况统计表 统计指标单位统计数一、主动公开情况1.主动公开政府信息数条86420012."
            "政府网站公开政府信息数条5003.政务微博公开政府信息数条12二、依申请公开情况(一)收到申请数件121.当面申请数件5"
            "2.网络申请数件7三、其他 2017年1月5日")
    ex = extract_legacy(normalize(text), 2016)
    facts = {f.key: f for f in ex.facts}
    # "86420012." : the rows are numbered 1, 2, 3 under the heading, so the "2" is the next row's number
    assert {k: f.value for k, f in facts.items()} == {
        "legacy.proactive.total": 8642001, "legacy.channel.website": 500, "legacy.channel.weibo": 12,
        "legacy.apply.received": 12, "legacy.apply.in_person": 5, "legacy.apply.online": 7}
    f = facts["legacy.proactive.total"]
    assert f.placement == "split" and f.raw == "8642001" and "'86420012'" in f.sentence
    assert text[f.span.start:f.span.end] == f.raw
    assert ex.regions and ex.regions[0][1] <= text.index("三、其他")
    assert not ex.findings


def test_legacy_run_whose_row_number_cannot_be_told_is_flagged():
    from xxgk.parse.legacy import extract_legacy
    # numbered 15., 16. under a heading: "1215." is 121 + "5." or 12 + "15.", and R7 (办结 = 按时 + 延期)
    # holds either way
    text = "统计指标单位统计数(一)收到申请数件12 (二)申请办结数件1215.按时办结数件1216.延期办结数件0"
    ex = extract_legacy(normalize(text), 2016)
    v = {f.key: f.value for f in ex.facts}
    assert "legacy.apply.closed" not in v and "legacy.apply.closed_on_time" not in v
    assert v["legacy.apply.closed_extended"] == 0
    amb = {f.key: f.detail for f in ex.findings if f.rule == "table_ambiguous"}
    assert "'1215'" in amb["legacy.apply.closed"] and "121 or 12" in amb["legacy.apply.closed"]


# ---------------------------------------------------------------- the identities as data

def test_identities_agree_with_the_catalog_and_the_legacy_seed():
    for era in ("v2019", "v2021"):
        ids = identities(era)
        assert {i.rule for i in ids} == {"R0", "R1", "R2", "R3"}
        assert len([i for i in ids if i.rule == "R1"]) == len(t3_rows(era))
        r2 = next(i for i in ids if i.rule == "R2")
        assert len(r2.terms) == len([r for r in t3_rows(era) if r not in ("new", "carried_in", "carried_forward")])
    with (SEEDS_DIR / "rule_legacy_identities.csv").open(encoding="utf-8") as fh:
        seed = {(r["whole_key"], r["part_key"]) for r in csv.DictReader(fh)}
    data = {(i.terms[0][0], k) for i in identities("pre2019") for k, c in i.terms if c < 0}
    assert data == seed
    for key, m in catalog().items():              # cell domains say what the catalog's value types say
        if m.section not in ("t2", "t3", "t4", "legacy"):
            continue
        era = "pre2019" if m.section == "legacy" else ("v2021" if m.era == "v2021" else "v2019")
        d = domain(key, era)
        assert d.kind == ("decimal" if m.value_type == "decimal" else "int"), key
        assert d.signed == m.may_be_negative, key
    assert IDENTITIES_CSV.name == "identities.csv"


def test_a_keyword_inside_the_row_before_names_no_row():
    # cut after (二)部分公开: its label's "不计其他情形" holds "其他", the keyword of 3.其他 (v2021); the run
    # after it is 部分公开's, not 3.其他's (found by the synthetic corpus, seed 23)
    text = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
            "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量851100 2 4 102二、上年结转政府信息公开申请数量2 2 0 2 1 1 8"
            "三、本年度办理结果（一）予以公开236012133（二）部分公开（区分处理的，只计这一情形，不计其他情形）150000015\n")
    ex = extract_tables(normalize(text))
    assert ex.era == "v2021"
    v = {f.key: f.value for f in ex.facts}
    assert not any(k.startswith("t3.other_handling") for k in v)
    assert [v.get(f"t3.partial.{c}") for c in COLS] == [15, 0, 0, 0, 0, 0, 15]
