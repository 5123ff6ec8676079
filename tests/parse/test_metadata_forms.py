"""Who reported, where, when — on the forms unseen reports take (issue 18): titles behind a scraper's
header, site navigation, a metadata table or bullets, over two lines, with or without year or 年度;
bodies that are zones, customs districts, vertical bodies or street offices; sentence fragments that
must not become names; places known only from an address; the signature date; files that are not
annual reports."""

from __future__ import annotations

import pytest

from xxgk.parse.metadata import extract_metadata
from xxgk.parse.metadata.body import find_title, from_title, valid
from xxgk.parse.metadata.gazetteer import MAX_LEN, gazetteer
from xxgk.parse.metadata.zones import _curated, find_zone
from xxgk.parse.normalize import normalize

BODY = ("一、总体情况\n{year}年，{we}认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息86条。\n"
        "二、主动公开政府信息情况\n本年度未制发规范性文件。\n")


def _md(text: str):
    return extract_metadata(normalize(text))


def _report(head: str, *, year: int = 2023, we: str = "我局", tail: str = "") -> str:
    return head + "\n" + BODY.format(year=year, we=we) + tail


# ---------------------------------------------------------------- titles and page headers

SCRAPER = ("标题: {title}\n发布时间: 2024-01-31 20:04\n文号: \n发布机构: 1\n栏目: 政府信息公开年报\n"
           "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/202401/t20240131_86688.htm\n"
           "本地目录: zwgk/zfxxgknb/202401/86688_{title}\n==================== 正文 ====================")


@pytest.mark.parametrize("head,name", [
    (SCRAPER.format(title="平潭综合实验区财政金融局2023年度政府信息公开工作年度报告"), "平潭综合实验区财政金融局"),
    ("当前位置:首页 > 政务公开 > 政府信息公开年报\n眉山市东坡区统计局2023年政府信息公开工作年度报告\n日期:2024-01-20  字号:【大 中 小】",
     "眉山市东坡区统计局"),
    ("索 引 号 | 01425845-9/2024-00012 | 分 类 | 综合政务/其他 / 报告 |\n发布机构 | 宿城街道 | 发文日期 | 2024-01-04 |\n"
     "标 题 | 连云港市连云区宿城街道办事处2023年政府信息公开工作年度报告 | ||", "连云港市连云区宿城街道办事处"),
    ("  • 索 引 号:XM02100-0101-2024-00001\n  • 发布机构:湖里区人民政府办公室\n  • 公文生成日期:2024-01-04\n"
     "湖里区人民政府2023年政府信息公开工作年度报告", "湖里区人民政府"),
    ("甘谷县人民政府办公室\n2023年政府信息公开工作年度报告", "甘谷县人民政府办公室"),
    ("潍坊市财政局关于2023年度政府信息公开工作的报告", "潍坊市财政局"),
    ("2023年潍坊市财政局政府信息公开工作年度报告", "潍坊市财政局"),
    ("潍坊市财政局2023年政府信息公开年度报告", "潍坊市财政局"),
    ("潍坊市財政局2023年度政府信息公開工作年度報告", "潍坊市财政局"),         # Traditional
    ("武汉海关2023年政府信息公开工作年度报告", "武汉海关"),                     # not "武汉海关政府"
])
def test_title_forms_name_the_body(head, name):
    md = _md(_report(head))
    assert md.agency.name == name
    assert md.report_year == 2023


def test_title_without_year_takes_the_year_from_the_text():
    md = _md(_report("潍坊市财政局政府信息公开工作年度报告"))
    assert (md.agency.name, md.report_year) == ("潍坊市财政局", 2023)


def test_a_notice_about_reports_is_no_title_and_no_report():
    text = ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知\n各县（市、区）人民政府，市政府各部门：\n"
            "为做好年度报告编制和发布工作，现将有关事项通知如下：\n一、各单位要于2024年1月31日前发布。\n"
            "潍坊市人民政府办公室\n2024年1月5日\n")
    lines = [(0, ln) for ln in normalize(text).split("\n")]
    assert find_title(lines) == (None, None)
    md = _md(text)
    assert [f.rule for f in md.findings] == ["not_annual_report"]


@pytest.mark.parametrize("text", [
    "潍坊市财政局召开政府信息公开工作推进会\n2024年1月8日，市财政局召开政府信息公开工作推进会，部署年度报告编制工作。\n",
    "潍坊市财政局关于印发《政府信息公开工作考核办法》的通知\n各科室、各直属单位：\n现将考核办法印发给你们，请认真贯彻执行。\n",
])
def test_news_and_policies_are_not_annual_reports(text):
    assert "not_annual_report" in {f.rule for f in _md(text).findings}


@pytest.mark.parametrize("text", [
    _report("潍坊市财政局2023年政府信息公开工作年度报告"),
    # an excerpt without a title, opening with the outline: a report
    BODY.format(year=2023, we="我局"),
    # a work summary with headings of its own ("工作总结如下")
    "2023年市文广旅局政务公开工作按照省、市要求，取得了一定成效，现将工作总结如下：\n一、全面加强组织领导\n组织实施。\n",
])
def test_reports_are_never_called_not_reports(text):
    assert "not_annual_report" not in {f.rule for f in _md(text).findings}


# ---------------------------------------------------------------- body kinds and their places

@pytest.mark.parametrize("name,province,prefecture,county,level,kind", [
    ("平潭综合实验区财政金融局", "福建省", None, None, None, "department"),
    ("西安高新技术产业开发区管理委员会", "陕西省", "西安市", None, None, "department"),
    ("渭南经开区管委会", "陕西省", "渭南市", None, None, "department"),
    ("青岛西海岸新区管理委员会", "山东省", "青岛市", None, None, "department"),
    ("杨凌示范区审计局", "陕西省", None, None, None, "department"),
    ("拱北海关", "广东省", None, None, None, "department"),
    ("海关总署", None, None, None, "national", "department"),
    ("国家税务总局南京市税务局", "江苏省", "南京市", None, "prefecture", "department"),
    ("国家统计局南京调查队", "江苏省", "南京市", None, "prefecture", "department"),
    ("扬州市气象局", "江苏省", "扬州市", None, "prefecture", "department"),
    ("江苏省邮政管理局", "江苏省", None, None, "provincial", "department"),
    ("沈阳市于洪区迎宾路街道办事处", "辽宁省", "沈阳市", "于洪区", "township", "government"),
    ("积石山保安族东乡族撒拉族自治县人民政府", "甘肃省", "临夏回族自治州", "积石山保安族东乡族撒拉族自治县", "county",
     "government"),
])
def test_body_kinds(name, province, prefecture, county, level, kind):
    ag = _md(_report(f"{name}2023年政府信息公开工作年度报告")).agency
    assert (ag.name, ag.province, ag.prefecture, ag.county, ag.level, ag.kind) == (
        name, province, prefecture, county, level, kind)


def test_curated_zones_are_no_divisions():
    """A row of jurisdictions_extra.csv that is a GB/T 2260 division would shadow the division list."""
    forms, _ = _curated()
    divisions = gazetteer().by_name
    assert forms and not [f for f in forms if f in divisions]
    assert find_zone("万盛经开区东林街道办事处").county_like


def test_longest_division_name_fits_the_place_finder():
    assert max(map(len, gazetteer().by_name)) <= MAX_LEN


def test_zone_street_gets_the_zone_as_county_from_the_address():
    text = _report("东林街道办事处2023年政府信息公开工作年度报告", we="我街道",
                   tail="联系地址:重庆市万盛经开区东林大道55号\n")
    ag = _md(text).agency
    assert (ag.name, ag.province, ag.county, ag.level) == ("东林街道办事处", "重庆市", "万盛经开区", "township")


# ---------------------------------------------------------------- the county from an address or signature

def test_relative_city_name_with_a_county_level_city_address():
    """"市审计局" whose address lies in 兴仁市 (a county-level city) is 兴仁市's bureau, not the prefecture's."""
    text = _report("市审计局2023年政府信息公开工作年度报告",
                   tail="联系地址:贵州省黔西南布依族苗族自治州兴仁市九莲南路399号 电话:0859-2465303\n")
    ag = _md(text).agency
    assert (ag.name, ag.prefecture, ag.county, ag.level) == ("兴仁市审计局", "黔西南布依族苗族自治州", "兴仁市", "county")


def test_county_from_the_address_of_a_relative_county_body():
    text = _report("县财政局2023年政府信息公开工作年度报告", tail="通讯地址:河南省南阳市唐河县建设路12号\n")
    ag = _md(text).agency
    assert (ag.name, ag.province, ag.prefecture, ag.county) == ("唐河县财政局", "河南省", "南阳市", "唐河县")


def test_relative_county_name_is_not_completed_by_a_zone():
    """"县财政局" in 万盛经开区 is not "万盛经开区财政局": a 县 relative name needs a 县."""
    text = _report("县财政局2023年政府信息公开工作年度报告", tail="联系地址:重庆市万盛经开区东林大道55号\n")
    assert _md(text).agency.name == "县财政局"


def test_town_from_the_signature_with_its_county():
    text = _report("河包镇2023年政府信息公开工作年度报告", we="我镇", tail="重庆市荣昌区河包镇人民政府\n2024年1月20日\n")
    ag = _md(text).agency
    assert (ag.name, ag.province, ag.county, ag.level) == ("重庆市荣昌区河包镇人民政府", "重庆市", "荣昌区", "township")


def test_a_town_mentioned_in_an_address_is_not_the_body_of_another_kind():
    """A 乡 that never names itself is not the 街道 its address names."""
    text = BODY.format(year=2023, we="我乡") + "联系地址:梨树县中都街道明星路2280号\n我乡将继续做好政务公开工作。\n"
    assert _md(text).agency.name is None


# ---------------------------------------------------------------- precision: fragments are no names

@pytest.mark.parametrize("fragment", [
    "向市政府", "对区政府", "及县财政局", "通过市政府门户网站", "县人民政府网站", "收到市政府", "市政府及市政府办公室",
    "申请人向区政府", "共受理政府", "(二)组织推动办公室", "建立市城市管理局", "突出强化海关", "乡镇", "全市辖区",
])
def test_sentence_fragments_are_not_names(fragment):
    assert not valid(fragment)


@pytest.mark.parametrize("name", [
    "于洪区人民政府", "向阳区财政局", "和平街道办事处", "和平镇人民政府", "同心乡人民政府", "会同县人民政府", "园区",
    "物流区", "区统计局", "海关总署", "经开区财政局", "机构编制委员会办公室", "中国(上海)自由贸易试验区管理委员会",
    "济宁市生态环境局汶上县分局", "西城镇",
])
def test_real_names_stay_valid(name):
    assert valid(name)


def test_clause_about_applications_never_names_the_body():
    text = ("2023年，向市政府及市政府办公室提出的政府信息公开申请5件。\n一、总体情况\n2023年，我街道主动公开信息12条。\n")
    md = _md(text)
    assert md.agency.name is None


def test_title_split_before_xinxi_gongkai_keeps_the_place():
    assert from_title("2023年上海市政府信息公开工作年度报告") == "上海市"


# ---------------------------------------------------------------- dates

def test_signature_date_wins_over_the_header_date():
    text = SCRAPER.format(title="潍坊市财政局2023年政府信息公开工作年度报告") + "\n" + BODY.format(year=2023, we="我局") + \
        "潍坊市财政局\n2024年1月20日\n"
    assert _md(text).published == "2024-01-20"


def test_header_date_when_there_is_no_signature_date():
    text = SCRAPER.format(title="潍坊市财政局2023年政府信息公开工作年度报告") + "\n" + BODY.format(year=2023, we="我局")
    assert _md(text).published == "2024-01-31"


def test_signature_on_the_last_line_of_a_run_together_text():
    text = ("潍坊市财政局2023年度政府信息公开工作年度报告 一、总体情况2023年，我局主动公开信息12条。"
            "六、其他需要报告的事项无其他需要报告事项。 潍坊市财政局 2024年1月2日")
    assert _md(text).published == "2024-01-02"


def test_a_signature_date_opens_no_sentence_about_the_year():
    text = "2020年,我局主动公开政府信息217条。\n我局将继续做好政务公开工作。\n2021年2月14日\n"
    assert _md(text).report_year == 2020


def test_town_county_from_the_parent_notice_it_cites():
    text = ("崇礼镇2020年政府信息公开工作年度报告\n本年度报告根据《中华人民共和国政府信息公开条例》和《眉山市东坡区人民政府办公室"
            "关于做好2020年度政府信息公开年度报告编制公布工作的通知》要求，结合我镇实际编制而成。\n"
            + BODY.format(year=2020, we="我镇"))
    ag = _md(text).agency
    assert (ag.name, ag.province, ag.prefecture, ag.county, ag.level) == (
        "崇礼镇人民政府", "四川省", "眉山市", "东坡区", "township")


def test_title_with_page_chrome_on_its_line():
    md = _md(_report("潍坊市财政局2023年政府信息公开工作年度报告  发布时间:2024-01-29 浏览次数:123"))
    assert (md.agency.name, md.report_year, md.published) == ("潍坊市财政局", 2023, "2024-01-29")
