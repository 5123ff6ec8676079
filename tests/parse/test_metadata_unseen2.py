"""Who reported, where, when — second pass (issue 18) on forms the variant generator does not write: titles
wrapped over lines or inside the body's name, years in brackets, gov.cn tables with 发文机关/成文日期, a page's
<title> suffix, related links and site footers naming other bodies, signatures dated in Chinese numerals or
beside the name, short forms of autonomous divisions, 行政公署/苏木/驻京办/free-trade zones, and names from the
page header that belong to the parent. The truth of each case is written here by hand; `unseen_forms.py`
crosses the bodies with every opening and closing."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.parse.unseen_forms import BODIES, MIDDLE, build_cases, score, traditional
from tests.parse.unseen_forms_b import build_b
from xxgk.parse.metadata import extract_metadata
from xxgk.parse.metadata.body import find_title, plausible, self_reference
from xxgk.parse.metadata.dates import date_alone
from xxgk.parse.normalize import normalize
from xxgk.parse.report import parse_report

BODY = ("一、总体情况\n{year}年，{we}认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息86条。\n"
        "二、主动公开政府信息情况\n本年度未制发规范性文件。\n")


def _md(text: str):
    return extract_metadata(normalize(text))


def _report(head: str, *, we: str = "我局", tail: str = "", year: int = 2023) -> str:
    return head + "\n" + BODY.format(year=year, we=we) + tail


def _lines(*lines: str) -> list[tuple[int, str]]:
    out, off = [], 0
    for ln in lines:
        out.append((off, ln))
        off += len(ln) + 1
    return out


# ---------------------------------------------------------------- every body, every opening and closing

def test_every_form_of_every_body():
    cases = build_cases(every=16)
    cases += traditional(cases, every=5)
    res = score(cases)
    assert res["wrong_names"] == 0, res["wrong"][:10]
    assert res["ok"] == res["n"], res["fails"][:10]


def test_the_held_out_batch():
    res = score(build_b(every=3))
    assert res["wrong_names"] == 0, res["wrong"][:10]
    assert res["ok"] == res["n"], res["fails"][:10]


def test_the_cases_say_what_their_truth_says():
    """A case that names its body writes one of its names; the middle text never does on its own."""
    for c in build_cases(every=16):
        norm = normalize(c.text).replace("\n", "")      # a wrapped title breaks the name over lines
        if c.name_known:
            assert any(normalize(n) in norm for n in c.names), c.form
    assert all(b.full not in MIDDLE for b in BODIES)


# ---------------------------------------------------------------- titles

@pytest.mark.parametrize("lines,title", [
    (("四川省生态环境厅2023年度", "政府信息公开工作年度报告"), "四川省生态环境厅2023年度政府信息公开工作年度报告"),
    (("浙江省人民政府", "2023年度政府信息公开", "工作年度报告"), "浙江省人民政府2023年度政府信息公开工作年度报告"),
    # a PDF's title wrapped at the page width, inside the body's name
    (("国家金融监督管理总局温州监管", "分局2023年度政府信息公开工作", "年度报告"),
     "国家金融监督管理总局温州监管分局2023年度政府信息公开工作年度报告"),
    (("大理白族自治州住房和城乡", "建设局2023年度政府信", "息公开工作年度报告"),
     "大理白族自治州住房和城乡建设局2023年度政府信息公开工作年度报告"),
    (("《嘉兴市医疗保障局2023年政府信息公开工作年度报告》",), "嘉兴市医疗保障局2023年政府信息公开工作年度报告"),
    (("嘉兴市医疗保障局政府信息公开工作年度报告〔2023年度〕",), "嘉兴市医疗保障局政府信息公开工作年度报告(2023年度)"),
    (("嘉兴市医疗保障局政府信息公开工作年度报告", "(2023年度)"), "嘉兴市医疗保障局政府信息公开工作年度报告(2023年度)"),
    (("【年度报告】嘉兴市医疗保障局2023年度政府信息公开工作年度报告",), "嘉兴市医疗保障局2023年度政府信息公开工作年度报告"),
    (("嘉兴市医疗保障局2023年度政府信息公开工作年度报告_嘉兴市人民政府",), "嘉兴市医疗保障局2023年度政府信息公开工作年度报告"),
    # a date after the title is the day it was written, not the report's year
    (("嘉兴市医疗保障局政府信息公开工作年度报告(2024年1月)",), "嘉兴市医疗保障局政府信息公开工作年度报告"),
    # spaces set inside a title are its own, not a separator before page chrome
    (("嘉兴市医疗保障局\u3000\u30002023年度政府信息公开工作年度报告",), "嘉兴市医疗保障局2023年度政府信息公开工作年度报告"),
    (("嘉兴市医疗保障局政府信息公开工作年度报告2023",), "嘉兴市医疗保障局政府信息公开工作年度报告(2023年度)"),
    (("嘉兴市医疗保障局2023年度政府信息公开工作年度报告  发布时间:2024-01-20",),
     "嘉兴市医疗保障局2023年度政府信息公开工作年度报告"),
])
def test_title_forms(lines, title):
    assert find_title(_lines(*lines))[0] == title


def test_a_logo_above_a_title_names_no_body_when_the_signature_names_another():
    text = _report("苏州市人民政府\n2023年度政府信息公开工作年度报告\n发布时间:2024-01-25", we="我委",
                   tail="苏州市发展和改革委员会\n2024年1月18日\n")
    assert _md(text).agency.name == "苏州市发展和改革委员会"


def test_a_title_line_naming_its_body_is_not_joined_to_the_logo_above():
    text = _report("苏州市人民政府\n苏州市发展和改革委员会2023年度政府信息公开工作年度报告", we="我委")
    assert _md(text).agency.name == "苏州市发展和改革委员会"


@pytest.mark.parametrize("head", [
    # a site's column header, then the page's own title
    "政府信息公开工作年度报告\n嘉兴市医疗保障局2023年政府信息公开工作年度报告",
    "2023年政府信息公开工作年度报告\n发布时间:2024-01-25\n嘉兴市医疗保障局2023年政府信息公开工作年度报告",
])
def test_a_title_naming_no_body_gives_way_to_the_named_title_below(head):
    assert _md(_report(head)).agency.name == "嘉兴市医疗保障局"


@pytest.mark.parametrize("title", ["嘉兴市医疗保障局\u3000\u30002023年度政府信息公开工作年度报告",
                                   "嘉兴市医疗保障局政府信息公开2023年度工作报告"])
def test_the_body_of_a_title_with_spaces_or_the_year_after_the_subject(title):
    assert _md(_report(title)).agency.name == "嘉兴市医疗保障局"


def test_a_named_title_far_below_an_unnamed_one_is_not_taken():
    rows = ["政府信息公开工作年度报告", "一", "二", "三", "四", "嘉兴市医疗保障局2023年政府信息公开工作年度报告"]
    assert find_title(_lines(*rows))[0] == "政府信息公开工作年度报告"


def test_chinese_numeral_year_in_the_title():
    md = _md(_report("嘉兴市医疗保障局二〇二三年度政府信息公开工作年度报告"))
    assert (md.agency.name, md.report_year) == ("嘉兴市医疗保障局", 2023)


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("s,iso", [
    ("二〇二四年一月十八日", "2024-01-18"), ("二○二四年十二月三十一日", "2024-12-31"), ("二零二四年十月一日", "2024-10-01"),
    ("2024年1月18日", "2024-01-18"), ("2024/01/18", "2024-01-18"), ("二〇二四年二月三十日", None), ("二〇二四年一月", None),
    ("2024 年 1 月 18 日", "2024-01-18"), ("2024年元月18日", "2024-01-18"), ("二〇二四年元月十八日", "2024-01-18"),
    ("2024年1月18日印发", "2024-01-18"),
])
def test_date_alone(s, iso):
    assert date_alone(s) == iso


@pytest.mark.parametrize("tail", [
    "嘉兴市医疗保障局\n二〇二四年一月十八日\n",
    "嘉兴市医疗保障局  2024年1月18日\n",
    "嘉兴市医疗保障局\n2024年1月18日\n(此件公开发布)\n",
    "嘉兴市医疗保障局\n2024年1月18日\n相关链接:\n上一篇:嘉兴市财政局2023年度政府信息公开工作年度报告\n"
    "主办:嘉兴市人民政府办公室  承办:嘉兴市大数据中心\n版权所有:嘉兴市人民政府  网站标识码:3304000001\n",
])
def test_signature_forms_name_the_body_and_date_the_report(tail):
    md = _md(_report("2023年度政府信息公开工作年度报告\n发布时间:2024-01-25", tail=tail))
    assert (md.agency.name, md.published) == ("嘉兴市医疗保障局", "2024-01-18")


@pytest.mark.parametrize("tail,we,name", [
    ("嘉兴市医疗保障局办公室\n2024年1月18日\n", "我局", "嘉兴市医疗保障局"),             # the office signs for its body
    ("酉阳县教育委员会办公室\n2024年1月18日\n", "我委", "酉阳县教育委员会"),            # 我委: the committee's
    ("嘉兴市机构编制委员会办公室\n2024年1月18日\n", "我办", "嘉兴市机构编制委员会办公室"),  # 编委办: a body itself
    ("中共嘉兴市南湖区凤桥镇委员会\n嘉兴市南湖区凤桥镇人民政府\n2024年1月18日\n", "我镇", "嘉兴市南湖区凤桥镇人民政府"),
])
def test_who_signs(tail, we, name):
    assert _md(_report("2023年度政府信息公开工作年度报告", we=we, tail=tail)).agency.name == name


def test_a_signature_dated_by_its_month_names_the_body_but_not_the_day():
    md = _md(_report("2023年度政府信息公开工作年度报告\n发布时间:2024-01-25", tail="嘉兴市医疗保障局\n2024年1月\n"))
    assert (md.agency.name, md.published) == ("嘉兴市医疗保障局", "2024-01-25")


@pytest.mark.parametrize("head", [
    "发文机关: | 嘉兴市医疗保障局 | 成文日期: | 2024-01-16 |\n发文字号: | | 发布日期: | 2024-01-25 |",
    "发布日期:2024-01-25  成文日期:2024-01-16\n发文机关:嘉兴市医疗保障局",
])
def test_the_documents_own_date_wins_over_the_day_it_was_posted(head):
    md = _md(_report(head))
    assert (md.agency.name, md.published) == ("嘉兴市医疗保障局", "2024-01-16")


YEARLESS = ("嘉兴市医疗保障局政府信息公开工作年度报告\n发布日期:2024-01-25\n一、总体情况\n{s}\n"
            "2023年,我局主动公开政府信息86条。\n五、存在的主要问题及改进情况\n2024年,我局将继续做好政务公开工作。\n")


@pytest.mark.parametrize("sentence", [
    "本报告中所列数据的统计时段为2023年1月1日至2023年12月31日。",
    "本报告所列数据统计期间为2023年1月1日至12月31日。",
    "本报告中所列数据统计截至2023年12月31日。",
    "",       # one sentence about 2023, one about the plans for 2024
])
def test_report_year_of_a_title_without_one(sentence):
    md = _md(YEARLESS.format(s=sentence))
    assert (md.report_year, md.published) == (2023, "2024-01-25")


def test_a_capture_time_is_no_publication_date():
    head = ("标题:嘉兴市医疗保障局2023年度政府信息公开工作年度报告\n抓取时间:2024-03-02 10:00:00\n"
            "发布时间:2024-01-25 09:12")
    assert _md(_report(head)).published == "2024-01-25"


# ---------------------------------------------------------------- page chrome naming other bodies

def test_related_links_do_not_name_the_town():
    text = BODY.format(year=2023, we="我镇") + ("相关链接:\n上一篇:淳安县石林镇人民政府2023年度政府信息公开工作年度报告\n"
                                              "下一篇:淳安县石林镇2024年预算公开说明\n")
    assert _md(text).agency.name is None


def test_a_related_reading_list_is_no_signature():
    text = _report("嘉兴市医疗保障局2023年度政府信息公开工作年度报告",
                   tail="嘉兴市医疗保障局\n2024年1月18日\n相关阅读\n嘉兴市财政局2023年度政府信息公开工作年度报告\n")
    assert _md(text).agency.name == "嘉兴市医疗保障局"


# ---------------------------------------------------------------- body kinds

@pytest.mark.parametrize("name,province,prefecture,county,level,kind", [
    ("阿勒泰地区行政公署", "新疆维吾尔自治区", "阿勒泰地区", None, "prefecture", "government"),
    ("鄂温克族自治旗伊敏苏木人民政府", "内蒙古自治区", "呼伦贝尔市", "鄂温克族自治旗", "township", "government"),
    ("吉林市人民政府驻北京办事处", "吉林省", "吉林市", None, "prefecture", "department"),
    ("大理州住房和城乡建设局", "云南省", "大理白族自治州", None, "prefecture", "department"),
    ("长阳县教育局", "湖北省", "宜昌市", "长阳土家族自治县", "county", "department"),
    ("石柱县人民政府", "重庆市", None, "石柱土家族自治县", "county", "government"),
    ("中国(浙江)自由贸易试验区舟山片区管理委员会", "浙江省", None, None, None, "department"),
    ("中华人民共和国拱北海关", "广东省", None, None, None, "department"),
])
def test_body_kinds(name, province, prefecture, county, level, kind):
    ag = _md(_report(f"{name}2023年政府信息公开工作年度报告")).agency
    assert (ag.name, ag.province, ag.prefecture, ag.county, ag.level, ag.kind) == (
        name, province, prefecture, county, level, kind)


def test_a_bodys_other_name_in_brackets_is_dropped():
    ag = _md(_report("泰顺县民族宗教事务局(县委统战部)2023年度政府信息公开工作年度报告")).agency
    assert (ag.name, ag.county) == ("泰顺县民族宗教事务局", "泰顺县")


# ---------------------------------------------------------------- names that belong to the parent

@pytest.mark.parametrize("publisher,we", [
    ("淳安县人民政府", "我镇"),               # the county posts its town's report
    ("湖里区人民政府办公室", "我区"),         # the office posts its government's report
    ("湖北省人民政府", "我州"),               # a government of another level
    ("江苏省气象局", "我委"),                 # a body that does not end as the report calls itself
])
def test_the_page_headers_publisher_of_another_kind_is_not_the_body(publisher, we):
    head = f"  • 索 引 号:XM02100-0101-2024-00001\n  • 发布机构:{publisher}\n  • 公文生成日期:2024-01-25"
    assert _md(_report(head, we=we)).agency.name is None


def test_a_contact_office_of_a_town_answers_for_the_town():
    text = BODY.format(year=2023, we="我镇") + "如对本报告有疑问,请与淳安县千岛湖镇党政办公室联系。\n"
    assert _md(text).agency.name == "淳安县千岛湖镇人民政府"


def test_a_department_speaking_of_its_province_is_a_department():
    assert self_reference("我省主动公开。我省推进。我省落实。我厅主动公开。我厅推进。") == "厅"
    assert self_reference("我县主动公开。我县推进。我县落实。我办汇总。") == "县"


# ---------------------------------------------------------------- the real texts survive page chrome

_HEAD = "当前位置:首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报\n【字体:大 中 小】 【打印】 【关闭】 分享到:\n"
_TAIL = ("相关链接:\n上一篇:邻县人民政府2023年度政府信息公开工作年度报告\n下一篇:关于做好防汛工作的通知\n"
         "【打印本页】 【关闭窗口】\n主办:邻县人民政府办公室  承办:信息中心\n版权所有  网站标识码:3300000001  ICP备05012345号\n"
         "扫一扫在手机打开当前页\n")


@pytest.mark.parametrize("path", sorted((FIXTURES / "reports").glob("*/*.txt")), ids=lambda p: p.name)
def test_real_reports_keep_their_metadata_inside_page_chrome(path):
    """Navigation above a real report, related links naming another body and a site footer below it change
    nothing the parser says about who reported and when."""
    text = path.read_text(encoding="utf-8")
    want = parse_report(text, path.name).to_contract_json()
    got = parse_report(_HEAD + text.rstrip("\n") + "\n" + _TAIL, path.name).to_contract_json()
    assert (got["agency"], got["report_year"], got["published"], got["era"]) == (
        want["agency"], want["report_year"], want["published"], want["era"])


@pytest.mark.parametrize("name,ok", [
    ("道办事处", False), ("办事处", False), ("民政府", False), ("人民政府办公室", False), ("员会", False),
    ("和平街道办事处", True), ("民和回族土族自治县人民政府", True), ("道县人民政府", True), ("嘉兴市民政局", True),
])
def test_a_name_cut_out_of_a_compound_word_is_no_name(name, ok):
    assert plausible(name) is ok
