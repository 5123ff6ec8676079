"""Metadata and narrative rules found on reports the sample does not hold (issue 4, synthetic corpus
misses), each on a short real-looking text: an undated signature, "我单位" self-references, a spam
title, shared and mis-read area codes, a place name opening with 未, a 表三 label about fees, a 万 too
many for the body's level, ministries, 旗-relative names."""

from __future__ import annotations

from xxgk.parse.metadata import extract_metadata
from xxgk.parse.narrative import extract_narrative
from xxgk.parse.normalize import normalize
from xxgk.parse.report import parse_report

INTRO = ("本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
         "如对本报告有任何疑问，请与{we}办公室联系（电话：{phone}）。\n")


def _report(body: str, *, title: str = "2023年度政府信息公开工作年度报告", we: str = "我局",
            phone: str = "0315-7736628", tail: str = "") -> str:
    return f"{title}\n\n" + INTRO.format(we=we, phone=phone) + body + tail


def _md(text: str):
    return extract_metadata(normalize(text))


def test_undated_signature_names_the_body():
    text = _report("一、总体情况\n2023年，我局主动公开政府信息12条。\n", tail="路南区农业农村局\n")
    ag = _md(text).agency
    assert (ag.name, ag.province, ag.prefecture, ag.county, ag.level) == (
        "路南区农业农村局", "河北省", "唐山市", "路南区", "county")


def test_undated_signature_above_page_chrome():
    text = _report("2023年，我局主动公开政府信息12条。\n", tail="常德市医疗保障局\n【打印本页】【关闭窗口】\n")
    assert _md(text).agency.name == "常德市医疗保障局"


def test_we_unit_is_a_self_reference_not_a_name():
    text = _report("2023年，我单位共收到政府信息公开申请3件。\n", we="我单位")
    rec = parse_report(text, "x.txt")
    assert rec.agency.name is None
    assert "agency_missing" in {f.rule for f in rec.findings}


def test_spam_title_names_no_body_and_is_flagged():
    text = _report("2023年，县交通运输局主动公开政府信息93条。\n", title="新葡京娱乐场★官方网站2023年政府信息公开工作年度报告")
    md = _md(text)
    assert md.agency.name == "县交通运输局"
    assert "text_damaged" in {f.rule for f in md.findings}
    text = _report("2023年，县交通运输局主动公开政府信息93条。\n", title="北京赛车pk10开奖直播网站2023年政府信息公开工作年度报告")
    assert _md(text).agency.name == "县交通运输局"


def test_shared_area_code_places_the_province_only():
    # 028 is dialled in 成都, 眉山 and 资阳: "市审计局" stays relative, no prefecture is guessed
    ag = _md(_report("2023年，市审计局主动公开政府信息12条。\n", title="市审计局2023年度政府信息公开工作年度报告",
                     phone="（028）3531692")).agency
    assert (ag.name, ag.province, ag.prefecture) == ("市审计局", "四川省", None)


def test_area_code_alone_does_not_expand_a_relative_city_name():
    # 0597 places the body in 龙岩's region, which holds the county-level 漳平市 too
    ag = _md(_report("2023年，市民政局主动公开政府信息12条。\n", title="市民政局2023年度政府信息公开工作年度报告",
                     phone="0597-2233445")).agency
    assert (ag.name, ag.province, ag.prefecture) == ("市民政局", "福建省", "龙岩市")


def test_jilin_area_codes_place_their_prefecture():
    # the upstream table writes every 吉林 code as "吉林/吉林"
    ag = _md(_report("2023年，我局主动公开政府信息12条。\n", phone="0439-3212345")).agency
    assert (ag.province, ag.prefecture) == ("吉林省", "白山市")


def test_place_name_opening_with_wei_is_no_negation():
    text = normalize(_report("四、政府信息公开的收费及减免情况\n2017年度，未央区司法局依申请公开政府信息收取费用3800元。\n",
                             title="未央区司法局2017年度政府信息公开工作年度报告"))
    facts = {f.key: f.value for f in extract_narrative(text, 2017).facts}
    assert facts["narrative.fees.amount_yuan"] == 3800


def test_table_label_about_fee_notices_is_not_no_fees():
    text = normalize(_report("2023年，我局共收到政府信息公开申请3件。\n\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n\n0\n"))
    assert "narrative.fees.amount_yuan" not in {f.key for f in extract_narrative(text, 2023).facts}


def test_implausible_magnitude_depends_on_the_body():
    county = normalize(_report("（一）主动公开。2023年，县统计局主动公开政府信息149万条。\n",
                               title="县统计局2023年度政府信息公开工作年度报告"))
    found = extract_narrative(county, 2023).findings
    assert [f.key for f in found if f.rule == "implausible_magnitude"] == ["narrative.proactive.total"]
    prov = normalize(_report("（一）主动公开。2023年，全省主动公开政府信息149万条。\n",
                             title="河南省人民政府2023年度政府信息公开工作年度报告"))
    assert not [f for f in extract_narrative(prov, 2023).findings if f.rule == "implausible_magnitude"]
    facts = {f.key: f.value for f in extract_narrative(county, 2023).facts}
    assert facts["narrative.proactive.total"] == 1_490_000          # kept as written


def test_ministries_are_national():
    for name in ("水利部", "审计署"):
        ag = _md(_report("2023年，我部主动公开政府信息12条。\n", title=f"{name}2023年度政府信息公开工作年度报告",
                         phone="010-63202114")).agency
        assert (ag.name, ag.level, ag.province) == (name, "national", None)


def test_banner_relative_name_is_county_level():
    ag = _md(_report("2015年，旗林业局主动公开政府信息12条。\n", title="旗林业局关于2015年度政府信息公开工作的报告",
                     phone="0482-8261234")).agency
    assert (ag.name, ag.level, ag.province, ag.prefecture) == ("旗林业局", "county", "内蒙古自治区", "兴安盟")


def test_signature_with_place_prefix_completes_a_town_name():
    text = _report("2023年，新庄镇人民政府主动公开政府信息12条。\n", title="新庄镇人民政府2023年度政府信息公开工作年度报告",
                   tail="漳平市新庄镇人民政府\n2024年1月5日\n")
    assert _md(text).agency.name == "漳平市新庄镇人民政府"


def test_welfare_lottery_prose_is_not_spam():
    # a 民政 report accounts for the lottery's public-welfare fund: that is the report's own text
    text = _report("二、主动公开政府信息情况\n2023年，我局主动公开政府信息86条，其中公开福利彩票公益金使用情况3条。"
                   "全年共筹集福利彩票公益金1250万元，资助养老服务等社会福利项目17个，"
                   "并对全市126个福利彩票投注站开展安全检查，体育彩票销售网点同步纳入检查范围。\n",
                   title="唐山市民政局2023年度政府信息公开工作年度报告")
    md = _md(text)
    assert "text_damaged" not in {f.rule for f in md.findings}
    assert md.agency.name == "唐山市民政局"
    facts = {f.key: f.value for f in extract_narrative(normalize(text), 2023).facts}
    assert facts["narrative.proactive.total"] == 86


def test_lottery_centre_is_a_body_name():
    text = _report("2023年，我中心主动公开政府信息21条。\n", we="我中心", title="河北省福利彩票发行中心2023年度政府信息公开工作年度报告")
    md = _md(text)
    assert md.agency.name == "河北省福利彩票发行中心"
    assert (md.agency.province, md.agency.kind) == ("河北省", "department")
    assert "text_damaged" not in {f.rule for f in md.findings}


def test_spam_glued_to_a_lottery_word_is_still_spam():
    text = _report("2023年，县交通运输局主动公开政府信息93条。\n【福利彩票注册送彩金】北京赛车pk10开奖直播\n")
    flagged = [f for f in _md(text).findings if f.rule == "text_damaged"]
    assert flagged and "注册送彩金" in flagged[0].detail
