"""Findings a careful reviewer raises on real reports (issue 18): prose against the table (R8, combined
statements too), impossible statistics periods, section headings with no table, listed parts that do
not add up (two parts too, and "在N条信息中" lists), each with both sides and the sentence."""

from __future__ import annotations

from xxgk.parse.metadata import extract_metadata
from xxgk.parse.normalize import normalize
from xxgk.parse.prose_checks import in_total_parts_findings
from xxgk.parse.report import parse_report
from xxgk.parse.sections import missing_tables, template_sections

T3 = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况 | 自然人 | 法人或其他组织 | | | | | 总计
| | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9
二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1
三、本年度办理结果 | | | | | | |
（一）予以公开 | 5 | 0 | 0 | 0 | 0 | 0 | 5
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1
"""


def _rules(text: str, name: str = "x.txt") -> list[tuple[str, str | None, str]]:
    return [(f.rule, f.key, f.detail) for f in parse_report(text, name).findings]


def _report(prose: str) -> str:
    return f"某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n" + T3


# ---------------------------------------------------------------- R8: prose against 表三

def test_combined_statement_against_the_two_table_rows():
    got = [x for x in _rules(_report("2023年，我局收到政府信息公开申请9件，予以公开及部分公开7件。")) if x[0] == "narrative_mismatch"]
    assert len(got) == 1
    rule, key, detail = got[0]
    assert key == "t3.granted.total"
    assert "予以公开及部分公开7件" in detail and "t3.granted.total + t3.partial.total = 6" in detail
    assert "予以公开及部分公开7件。" not in detail and "收到政府信息公开申请9件" in detail     # the sentence


def test_each_row_stated_in_prose():
    got = {(k, d.split(" but ")[0]) for r, k, d in _rules(_report(
        "2023年，我局共收到申请9件，其中予以公开4件、部分公开1件，上年结转2件。")) if r == "narrative_mismatch"}
    assert got == {("t3.granted.total", "prose says '予以公开4件' (4)"),
                   ("t3.carried_in.total", "prose says '上年结转2件' (2)")}


def test_prose_that_agrees_with_the_table_is_no_finding():
    assert not [x for x in _rules(_report("2023年，我局收到申请9件，予以公开5件，部分公开1件，上年结转1件。"))
                if x[0] == "narrative_mismatch"]


def test_prose_about_one_applicant_kind_or_another_year_is_not_compared():
    for prose in ("2023年，自然人提出申请，予以公开3件。", "2022年，我局予以公开申请3件。",
                  "向市政府提出的申请中予以公开3件。", "予以公开10余件申请。"):
        assert not [x for x in _rules(_report(prose)) if x[0] == "narrative_mismatch"], prose


# ---------------------------------------------------------------- table_missing

SECTIONS = ("某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，我局主动公开信息12条。\n"
            "二、主动公开政府信息情况\n本年度未制发规范性文件，行政许可0件。\n"
            "三、收到和处理政府信息公开申请情况\n2023年，我局未收到政府信息公开申请。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n未发生行政复议、行政诉讼。\n"
            "五、政府信息公开工作存在的主要问题及改进情况\n无。\n")


def test_template_sections_found_in_order():
    assert [h.number for h in template_sections(normalize(SECTIONS))] == ["二", "三", "四", "五"]


def test_sections_without_tables_are_reported():
    got = {(k, d.split(" has ")[0]) for r, k, d in _rules(SECTIONS) if r == "table_missing"}
    assert {k for k, _ in got} == {"t2", "t3", "t4"}
    assert ("t3", "section '三、收到和处理政府信息公开申请情况'") in got


def test_a_section_cut_off_by_the_excerpt_is_not_reported():
    cut = SECTIONS[:SECTIONS.index("四、")]
    assert {k for r, k, _ in _rules(cut) if r == "table_missing"} == {"t2"}


def test_pre2019_outline_without_tables_is_not_reported():
    assert missing_tables(normalize(SECTIONS), set(), 2017) == []


def test_section_with_its_table_is_not_reported():
    text = SECTIONS.replace("2023年，我局未收到政府信息公开申请。\n", T3.split("\n", 1)[1])
    assert "t3" not in {k for r, k, _ in _rules(text) if r == "table_missing"}


# ---------------------------------------------------------------- date_inconsistent

def _dates(period: str, sig: str = "2024年1月20日", title_year: int = 2023) -> list[str]:
    text = (f"某县统计局{title_year}年政府信息公开工作年度报告\n本报告所列数据的统计期限自{period}止。\n"
            f"一、总体情况\n{title_year}年，我局主动公开信息12条。\n某县统计局\n{sig}\n")
    return [f.detail for f in extract_metadata(normalize(text)).findings if f.rule == "date_inconsistent"]


def test_possible_period_is_no_finding():
    assert _dates("2023年1月1日起至2023年12月31日") == []


def test_mistyped_year_makes_the_period_longer_than_a_year():
    assert "spans more than a year" in _dates("2013年1月1日起至2023年12月31日")[0]


def test_period_ending_before_it_starts():
    assert "before it starts" in _dates("2023年1月1日起至2022年12月31日")[0]


def test_a_day_that_does_not_exist():
    assert "does not exist" in _dates("2023年1月1日起至2023年2月30日")[0]


def test_period_of_another_year_than_the_title():
    assert "statistics period of 2022 in a report titled 2023" in _dates("2022年1月1日起至2022年12月31日")[0]


def test_signature_before_the_period_ends_whatever_its_year():
    assert _dates("2023年1月1日起至2023年12月31日", sig="2023年1月20日") == [
        "signed 2023-01-20, before the statistics period ends (2023-12-31)"]


# ---------------------------------------------------------------- parts_sum_mismatch

def test_two_parts_that_do_not_add_up():
    text = "2023年，我局共公开政府信息100条，其中门户网站公开60条、微信公众号公开30条。\n"
    got = [d for r, _, d in _rules(text) if r == "parts_sum_mismatch"]
    assert len(got) == 1 and "60+30 = 90" in got[0] and "共公开政府信息100条" in got[0] and "sentence:" in got[0]


def test_two_parts_far_below_the_total_are_a_partial_list():
    text = "2023年，我局共公开各类信息473条，其中案件信息37条，食品药品安全抽检217条。\n"
    assert "parts_sum_mismatch" not in {r for r, _, _ in _rules(text)}


def test_parts_of_an_in_total_list():
    text = normalize("2019年，在主动公开的90条政府信息中，全文电子化的主动公开信息数共90条，机构设置类信息共1条；"
                     "规范性文件类信息10条；财政资金信息52条；预决算信息5条；其他信息25条。")
    got = in_total_parts_findings(text)
    assert len(got) == 1 and "1+10+52+5+25 = 93" in got[0].detail
    # the parts are no second proactive total
    assert "narrative_conflict" not in {f.rule for f in parse_report(text, "x.txt").findings}
