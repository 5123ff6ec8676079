"""Report openings and closings the variant generator does not write (issue 18, second pass), each
with the truth a careful reader takes from the text, by rules written here — not by calling the parser.

The bodies are written out by hand (full official names at every level, from the division list and
beyond it: 行政公署, 苏木, 林区, 特区, zones named after a district, party-government offices, vertical
bodies, courts, schools, hospitals); the page forms follow what real 政府信息公开工作年度报告 pages look
like (`/work/shared/reports/real/index.tsv`): titles over two or three lines, the year in brackets on its
own line, 〔2024〕 document numbers, gov.cn metadata tables with 发文机关/成文日期/发布日期, breadcrumbs
with 【字体：大 中 小】 and 分享到, a 来源 line naming the parent, related links to other bodies' reports,
a copyright footer naming the site's owner, signatures dated in Chinese numerals, the body named only
in its signature or its contact line, Traditional copies.

    .venv/bin/python tests/parse/unseen_forms.py [--fails N]     # score the parser on every case
"""

from __future__ import annotations

import itertools
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

YEAR = 2023
SIGNED = "2024年1月18日"
SIGNED_ISO = "2024-01-18"
SIGNED_CN = "二〇二四年一月十八日"
WRITTEN_ISO = "2024-01-16"        # 成文日期 of a metadata table
POSTED_ISO = "2024-01-25"         # 发布日期 / 发布时间 of the page


@dataclass(frozen=True)
class Body:
    """A reporting body: its full name and what that name tells (None: the name does not say)."""

    full: str
    province: str | None
    prefecture: str | None
    county: str | None
    level: str | None
    kind: str | None
    we: str = "我局"
    parent: str = "市人民政府办公室"          # the parent: the site's owner, 来源, the notice it cites
    other: str = "市财政局"                  # another body of the same site (related links)
    # a court, a school, a hospital: not an administrative body; naming it or not are both right
    optional_name: bool = False
    aliases: tuple[str, ...] = ()


def _b(full, province, prefecture, county, level, kind, **kw) -> Body:
    return Body(full, province, prefecture, county, level, kind, **kw)


P, F, C, T = "provincial", "prefecture", "county", "township"
G, D = "government", "department"

BODIES: tuple[Body, ...] = (
    # provinces
    _b("浙江省人民政府", "浙江省", None, None, P, G, we="我省", parent="浙江省人民政府办公厅", other="浙江省财政厅"),
    _b("广西壮族自治区人民政府办公厅", "广西壮族自治区", None, None, P, D, we="我厅", parent="广西壮族自治区人民政府",
       other="广西壮族自治区财政厅"),
    _b("四川省生态环境厅", "四川省", None, None, P, D, we="我厅", parent="四川省人民政府", other="四川省财政厅"),
    _b("内蒙古自治区林业和草原局", "内蒙古自治区", None, None, P, D, parent="内蒙古自治区人民政府",
       other="内蒙古自治区水利厅"),
    _b("江西省人民政府国有资产监督管理委员会", "江西省", None, None, P, D, we="我委", parent="江西省人民政府",
       other="江西省财政厅"),
    _b("重庆市规划和自然资源局", "重庆市", None, None, P, D, parent="重庆市人民政府", other="重庆市财政局"),
    # prefectures
    _b("阿勒泰地区行政公署", "新疆维吾尔自治区", "阿勒泰地区", None, F, G, we="我地区", parent="新疆维吾尔自治区人民政府",
       other="阿勒泰地区财政局"),
    _b("锡林郭勒盟行政公署", "内蒙古自治区", "锡林郭勒盟", None, F, G, we="我盟", parent="内蒙古自治区人民政府",
       other="锡林郭勒盟财政局"),
    _b("延边朝鲜族自治州人民政府", "吉林省", "延边朝鲜族自治州", None, F, G, we="我州", parent="吉林省人民政府",
       other="延边朝鲜族自治州财政局"),
    _b("大理白族自治州住房和城乡建设局", "云南省", "大理白族自治州", None, F, D, parent="大理白族自治州人民政府",
       other="大理白族自治州财政局"),
    _b("苏州市发展和改革委员会", "江苏省", "苏州市", None, F, D, we="我委", parent="苏州市人民政府",
       other="苏州市财政局"),
    _b("吉林市人民政府办公室", "吉林省", "吉林市", None, F, D, we="我办", parent="吉林市人民政府", other="吉林市财政局"),
    _b("黔东南苗族侗族自治州民族宗教事务委员会", "贵州省", "黔东南苗族侗族自治州", None, F, D, we="我委",
       parent="黔东南苗族侗族自治州人民政府", other="黔东南苗族侗族自治州财政局"),
    _b("儋州市自然资源和规划局", "海南省", "儋州市", None, F, D, parent="儋州市人民政府", other="儋州市财政局"),
    _b("嘉兴市医疗保障局", "浙江省", "嘉兴市", None, F, D, parent="嘉兴市人民政府", other="嘉兴市财政局"),
    # counties
    _b("神农架林区人民政府", "湖北省", None, "神农架林区", C, G, we="我区", parent="湖北省人民政府",
       other="神农架林区财政局"),
    _b("六枝特区人民政府", "贵州省", "六盘水市", "六枝特区", C, G, we="我区", parent="六盘水市人民政府",
       other="六枝特区财政局"),
    _b("鄂伦春自治旗人民政府", "内蒙古自治区", "呼伦贝尔市", "鄂伦春自治旗", C, G, we="我旗", parent="呼伦贝尔市人民政府",
       other="鄂伦春自治旗财政局"),
    _b("科尔沁右翼前旗教育局", "内蒙古自治区", "兴安盟", "科尔沁右翼前旗", C, D, parent="科尔沁右翼前旗人民政府",
       other="科尔沁右翼前旗财政局"),
    _b("积石山保安族东乡族撒拉族自治县人民政府", "甘肃省", "临夏回族自治州", "积石山保安族东乡族撒拉族自治县", C, G,
       we="我县", parent="临夏回族自治州人民政府", other="积石山保安族东乡族撒拉族自治县财政局"),
    _b("昆山市人民政府", "江苏省", "苏州市", "昆山市", C, G, we="我市", parent="苏州市人民政府", other="昆山市财政局"),
    _b("福州市鼓楼区财政局", "福建省", "福州市", "鼓楼区", C, D, parent="福州市鼓楼区人民政府",
       other="福州市鼓楼区审计局"),
    _b("仙桃市人民政府", "湖北省", None, "仙桃市", C, G, we="我市", parent="湖北省人民政府", other="仙桃市财政局"),
    _b("义乌市市场监督管理局", "浙江省", "金华市", "义乌市", C, D, parent="义乌市人民政府", other="义乌市财政局"),
    _b("长丰县农业农村局", "安徽省", "合肥市", "长丰县", C, D, parent="长丰县人民政府", other="长丰县财政局"),
    _b("广州市天河区卫生健康局", "广东省", "广州市", "天河区", C, D, parent="广州市天河区人民政府",
       other="广州市天河区财政局"),
    _b("于洪区人民政府", "辽宁省", "沈阳市", "于洪区", C, G, we="我区", parent="沈阳市人民政府", other="于洪区财政局"),
    _b("乐东黎族自治县人民政府", "海南省", None, "乐东黎族自治县", C, G, we="我县", parent="海南省人民政府",
       other="乐东黎族自治县财政局"),
    # townships and street offices
    _b("北京市海淀区中关村街道办事处", "北京市", None, "海淀区", T, G, we="我街道", parent="北京市海淀区人民政府",
       other="北京市海淀区学院路街道办事处"),
    _b("昆山市周市镇人民政府", "江苏省", "苏州市", "昆山市", T, G, we="我镇", parent="昆山市人民政府",
       other="昆山市陆家镇人民政府"),
    _b("鄂温克族自治旗伊敏苏木人民政府", "内蒙古自治区", "呼伦贝尔市", "鄂温克族自治旗", T, G, we="我苏木",
       parent="鄂温克族自治旗人民政府", other="鄂温克族自治旗巴彦托海镇人民政府"),
    _b("科尔沁右翼前旗满族屯满族乡人民政府", "内蒙古自治区", "兴安盟", "科尔沁右翼前旗", T, G, we="我乡",
       parent="科尔沁右翼前旗人民政府", other="科尔沁右翼前旗归流河镇人民政府"),
    _b("盘州市红果街道办事处", "贵州省", "六盘水市", "盘州市", T, G, we="我街道", parent="盘州市人民政府",
       other="盘州市亦资街道办事处"),
    _b("淳安县千岛湖镇人民政府", "浙江省", "杭州市", "淳安县", T, G, we="我镇", parent="淳安县人民政府",
       other="淳安县石林镇人民政府"),
    _b("乐东黎族自治县万冲镇人民政府", "海南省", None, "乐东黎族自治县", T, G, we="我镇",
       parent="乐东黎族自治县人民政府", other="乐东黎族自治县大安镇人民政府"),
    # zones, new areas, free-trade zones
    _b("苏州工业园区管理委员会", "江苏省", "苏州市", None, None, None, we="我委", parent="苏州市人民政府",
       other="苏州工业园区财政局"),
    _b("成都高新技术产业开发区管理委员会", "四川省", "成都市", None, None, None, we="我委", parent="成都市人民政府",
       other="成都高新技术产业开发区财政金融局"),
    _b("中国(上海)自由贸易试验区临港新片区管理委员会", "上海市", None, None, None, None, we="我委",
       parent="上海市人民政府", other="上海市财政局"),
    _b("河北雄安新区管理委员会", "河北省", None, None, None, None, we="我委", parent="河北省人民政府",
       other="河北省财政厅"),
    _b("重庆两江新区管理委员会", "重庆市", None, None, None, None, we="我委", parent="重庆市人民政府",
       other="重庆市财政局"),
    _b("宁东能源化工基地管理委员会", "宁夏回族自治区", "银川市", None, None, None, we="我委",
       parent="宁夏回族自治区人民政府", other="宁夏回族自治区财政厅"),
    _b("江宁经济技术开发区管理委员会", None, None, None, None, None, we="我委", parent="南京市江宁区人民政府",
       other="南京市江宁区财政局"),
    # vertical bodies
    _b("中华人民共和国拱北海关", "广东省", None, None, None, D, we="我关", parent="海关总署", other="中华人民共和国黄埔海关",
       aliases=("拱北海关",)),
    _b("国家税务总局苏州工业园区税务局", "江苏省", "苏州市", None, None, D, parent="国家税务总局苏州市税务局",
       other="国家税务总局苏州市吴中区税务局"),
    _b("国家统计局宁波调查队", "浙江省", "宁波市", None, F, D, we="我队", parent="国家统计局浙江调查总队",
       other="国家统计局温州调查队"),
    _b("国家统计局江苏调查总队", "江苏省", None, None, P, D, we="我总队", parent="国家统计局", other="国家统计局浙江调查总队"),
    _b("南通市气象局", "江苏省", "南通市", None, F, D, parent="江苏省气象局", other="南通市财政局"),
    _b("温州市邮政管理局", "浙江省", "温州市", None, F, D, parent="浙江省邮政管理局", other="温州市财政局"),
    _b("湖南省烟草专卖局", "湖南省", None, None, P, D, parent="国家烟草专卖局", other="湖南省财政厅"),
    _b("杭州市消防救援支队", "浙江省", "杭州市", None, F, D, we="我支队", parent="浙江省消防救援总队", other="杭州市财政局"),
    _b("国家金融监督管理总局温州监管分局", "浙江省", "温州市", None, F, D, parent="国家金融监督管理总局浙江监管局",
       other="温州市财政局"),
    # party-government offices
    _b("中共宁波市委机构编制委员会办公室", "浙江省", "宁波市", None, F, D, we="我办", parent="宁波市人民政府",
       other="宁波市财政局"),
    _b("中共云南省委网络安全和信息化委员会办公室", "云南省", None, None, P, D, we="我办", parent="云南省人民政府",
       other="云南省财政厅"),
    # national
    _b("水利部", None, None, None, "national", D, we="我部", parent="国务院办公厅", other="自然资源部"),
    _b("国家林业和草原局", None, None, None, "national", D, parent="国务院办公厅", other="自然资源部"),
    _b("国务院国有资产监督管理委员会", None, None, None, "national", D, we="我委", parent="国务院办公厅", other="财政部"),
    # short forms of autonomous prefectures and counties, as their bodies write them
    _b("大理州住房和城乡建设局", "云南省", "大理白族自治州", None, F, D, parent="大理州人民政府", other="大理州财政局"),
    _b("恩施州人民政府", "湖北省", "恩施土家族苗族自治州", None, F, G, we="我州", parent="湖北省人民政府",
       other="恩施州财政局"),
    _b("黔东南州生态环境局", "贵州省", "黔东南苗族侗族自治州", None, F, D, parent="黔东南州人民政府",
       other="黔东南州财政局"),
    _b("凉山州甘洛县人民政府", "四川省", "凉山彝族自治州", "甘洛县", C, G, we="我县", parent="凉山州人民政府",
       other="甘洛县财政局"),
    _b("长阳县教育局", "湖北省", "宜昌市", "长阳土家族自治县", C, D, parent="长阳县人民政府", other="长阳县财政局"),
    # a liaison office in the capital, free-trade zones, a body with its other name in brackets
    _b("吉林市人民政府驻北京办事处", "吉林省", "吉林市", None, F, D, we="我办", parent="吉林市人民政府",
       other="吉林市财政局"),
    _b("中国(广东)自由贸易试验区深圳前海蛇口片区管理委员会", "广东省", None, None, None, None, we="我委",
       parent="深圳市人民政府", other="深圳市财政局"),
    _b("中国(浙江)自由贸易试验区舟山片区管理委员会", "浙江省", None, None, None, None, we="我委",
       parent="舟山市人民政府", other="舟山市财政局"),
    _b("泰顺县民族宗教事务局(县委统战部)", "浙江省", "温州市", "泰顺县", C, D, parent="泰顺县人民政府",
       other="泰顺县财政局", aliases=("泰顺县民族宗教事务局",)),
    _b("福州市公安局鼓楼分局", "福建省", "福州市", None, None, D, parent="福州市公安局", other="福州市公安局台江分局"),
    # not administrative bodies, yet they publish such reports
    _b("宁波市鄞州区人民法院", "浙江省", "宁波市", "鄞州区", C, None, we="我院", parent="宁波市鄞州区人民政府",
       other="宁波市鄞州区财政局", optional_name=True),
    _b("杭州市第一人民医院", "浙江省", "杭州市", None, F, None, we="我院", parent="杭州市卫生健康委员会",
       other="杭州市第三人民医院", optional_name=True),
    _b("温州职业技术学院", "浙江省", "温州市", None, None, None, we="我院", parent="温州市人民政府",
       other="温州市财政局", optional_name=True),
)

# ---------------------------------------------------------------- the report's own text

MIDDLE = """本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《{parent}关于做好{y}年度政府信息公开工作年度报告编制发布工作的通知》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。{period}
一、总体情况
{y}年,{subject}坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实《条例》和上级关于政务公开工作的部署要求,不断提升政务公开质量。
(一)主动公开。全年通过门户网站主动公开政府信息326条,其中政策文件12条、工作动态214条、人事信息9条。
(二)依申请公开。{y}年,{we}共收到政府信息公开申请9件,均在法定期限内予以答复。
(三)政府信息管理。严格落实保密审查制度,对拟公开信息逐条审核。
(四)平台建设。持续优化政府信息公开专栏,及时更新栏目内容。
(五)监督保障。{we}将政务公开工作纳入年度绩效考核,接受{parent}的监督指导。
二、主动公开政府信息情况
第二十条第(一)项 | | | |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 2 | 0 | 15 |
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
四、政府信息公开行政复议、行政诉讼情况
{y}年,{we}因政府信息公开被申请行政复议1件,复议机关{parent}维持原行政行为;被提起行政诉讼1件。
{y}年,{court}审结涉及政府信息公开的行政诉讼案件1件,判决驳回原告诉讼请求。
五、存在的主要问题及改进情况
{y}年,{we}政务公开工作取得一定成效,但仍存在信息发布不够及时等问题。{y1}年,{we}将进一步加强业务培训,提升公开质量。
六、其他需要报告的事项
{y}年,{we}未收取信息处理费。{contact}
"""
PERIOD = "本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
CONTACT_NAMED = "如对本报告有疑问,请与{name}办公室联系(电话:{phone})。"
CONTACT_PLAIN = "如对本报告有疑问,请与{we}办公室联系。"
COURT = "市中级人民法院"


@dataclass
class Case:
    """One page: its text and what a careful reader takes from it."""

    body: Body
    form: str
    text: str
    name_known: bool                      # the text names the body in a place that says who reports
    published: str | None
    report_year: int | None = YEAR
    names: tuple[str, ...] = ()           # the accepted forms of the name
    tags: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- openings: (lines, names the body?, header date)

def _openings(b: Body) -> dict[str, tuple[list[str], bool, str | None]]:
    y, n = YEAR, b.full
    title = f"{n}{y}年度政府信息公开工作年度报告"
    return {
        # titles
        "title_plain": ([f"{n}{y}年政府信息公开工作年度报告"], True, None),
        "title_nianbao": ([f"{n}{y}年度信息公开年报"], True, None),
        "title_zhengwu": ([f"{n}{y}年政务公开工作年度报告"], True, None),
        "title_no_gongzuo_niandu": ([f"{n}{y}年度政府信息公开年度报告"], True, None),
        "title_split_after_year": ([f"{n}{y}年度", "政府信息公开工作年度报告"], True, None),
        "title_three_lines": ([n, f"{y}年度政府信息公开", "工作年度报告"], True, None),
        "title_year_in_brackets_below": ([f"{n}政府信息公开工作年度报告", f"({y}年度)"], True, None),
        "title_year_in_brackets": ([f"{n}政府信息公开工作年度报告({y}年度)"], True, None),
        "title_year_in_lenticular": ([f"{n}政府信息公开工作年度报告〔{y}年度〕"], True, None),
        "title_in_book_marks": ([f"《{n}{y}年政府信息公开工作年度报告》"], True, None),
        "title_with_doc_number": ([title, f"〔{y + 1}〕1号"], True, None),
        "title_with_doc_number_line": ([title, f"文号:{b.full[:2]}办发〔{y + 1}〕3号"], True, None),
        "title_spaced_year": ([f"{n} {y} 年度政府信息公开工作年度报告"], True, None),
        "title_quanwen": ([f"{n}{y}年度政府信息公开工作年度报告(全文)"], True, None),
        # gov.cn metadata tables: 发文机关 / 成文日期 / 发布日期
        "govcn_table": ([f"索引号: | 11330000002482870P/{y + 1}-00012 | 主题分类: | 政务公开 |",
                         f"发文机关: | {n} | 成文日期: | {WRITTEN_ISO} |",
                         f"标题: | {title} |",
                         f"发文字号: | | 发布日期: | {POSTED_ISO} |", title], True, WRITTEN_ISO),
        "govcn_table_posted_first": ([f"索引号:11330000002482870P/{y + 1}-00012  主题分类:政务公开",
                                      f"发布日期:{POSTED_ISO}  成文日期:{WRITTEN_ISO}",
                                      f"发文机关:{n}", title], True, WRITTEN_ISO),
        "govcn_table_no_title": ([f"索引号 | 11330000002482870P/{y + 1}-00012 | 发文机关 | {n} |",
                                  f"成文日期 | {WRITTEN_ISO} | 发布日期 | {POSTED_ISO} |"], True, WRITTEN_ISO),
        # navigation, font-size chrome, share buttons, a 来源 naming the parent
        "breadcrumb_chrome": (["当前位置:首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报", title,
                               f"发布时间:{POSTED_ISO} 10:30:00  来源:{b.parent}  浏览次数:1234",
                               "【字体:大 中 小】 【打印】 【关闭】", "分享到:"], True, POSTED_ISO),
        "breadcrumb_arrows": (["首页 › 信息公开 › 年度报告 › 正文", f"{title}  分享到:微信 微博",
                               f"{POSTED_ISO}  来源:本站  作者:办公室  【字体:大 中 小】"], True, POSTED_ISO),
        "site_logo_then_nav": ([b.parent, "首页 | 政务公开 | 政务服务 | 互动交流", "当前位置:首页 > 政务公开 > 年度报告",
                                title, f"信息来源:{b.parent}  发布时间:{POSTED_ISO}"], True, POSTED_ISO),
        "source_parent_no_title": ([f"来源:{b.parent}  发布日期:{POSTED_ISO}  【字体:大 中 小】"], False, POSTED_ISO),
        "site_logo_no_body_title": ([b.parent, "当前位置:首页 > 政务公开 > 年度报告",
                                     f"{y}年度政府信息公开工作年度报告", f"发布时间:{POSTED_ISO}"], False, POSTED_ISO),
        "title_tagged": ([f"【年度报告】{n}{y}年度政府信息公开工作年度报告"], True, None),
        # a title wrapped at the width of the page (a PDF's lines), inside the name for long ones
        "title_wrapped_18": ([title[:18], title[18:]], True, None),
        "title_wrapped_12": ([title[:12], title[12:24], title[24:]], True, None),
        "title_cn_year": ([f"{n}二〇二三年度政府信息公开工作年度报告"], True, None),
        "title_indented": ([f"\u3000\u3000{title}"], True, None),
        "html_title_tag": ([f"{title}_{b.parent}", f"{title} - {b.parent}门户网站"], True, None),
        "html_title_tag_only": ([f"{n}政府信息公开工作年度报告-{b.parent}", f"发布时间:{POSTED_ISO}"], True, POSTED_ISO),
        "title_with_written_month": ([f"{n}政府信息公开工作年度报告({y + 1}年1月)"], True, None),
        "scraper_capture_first": ([f"标题:{title}", f"抓取时间:{y + 1}-03-02 10:00:00", f"发布时间:{POSTED_ISO} 09:12",
                                   f"原文链接:http://www.example.gov.cn/art/{y + 1}/1/25/art_1_1.html"], True, POSTED_ISO),
        "updated_then_posted": ([title, f"更新时间:{y + 1}-02-01  发布时间:{POSTED_ISO}  【发布机构:{b.full}】"], True,
                                POSTED_ISO),
        "publisher_parent_no_title": ([f"  • 索 引 号:XM02100-0101-{y + 1}-00001", f"  • 发布机构:{b.parent}",
                                       f"  • 公文生成日期:{POSTED_ISO}"], False, POSTED_ISO),
        "logo_then_year_title": ([b.parent, f"{y}年度政府信息公开工作年度报告", f"发布时间:{POSTED_ISO}"], False,
                                 POSTED_ISO),
        "no_title": ([], False, None),
        "title_no_body": ([f"{y}年度政府信息公开工作年度报告"], False, None),
    }


# ---------------------------------------------------------------- closings: (lines, names the body?, signature date)

def _closings(b: Body) -> dict[str, tuple[list[str], bool, str | None]]:
    footer = ["相关链接:", f"上一篇:{b.other}{YEAR}年度政府信息公开工作年度报告",
              f"下一篇:{b.other}关于{YEAR + 1}年部门预算公开的说明", "【打印本页】 【关闭窗口】",
              f"主办:{b.parent}  承办:{b.parent}信息中心", f"版权所有:{b.parent}  网站标识码:3300000001  浙ICP备05012345号",
              "扫一扫在手机打开当前页"]
    return {
        "sign_date": ([b.full, SIGNED], True, SIGNED_ISO),
        "sign_date_cn": ([b.full, SIGNED_CN], True, SIGNED_ISO),
        "sign_date_cn_zero": ([b.full, "二〇二四年一月十八日".replace("〇", "○")], True, SIGNED_ISO),
        "sign_same_line": ([f"{b.full}  {SIGNED}"], True, SIGNED_ISO),
        "date_only": ([SIGNED], False, SIGNED_ISO),
        "name_only": ([b.full], True, None),
        "none": ([], False, None),
        "sign_then_footer": ([b.full, SIGNED, *footer], True, SIGNED_ISO),
        "footer_only": (footer, False, None),
        "footer_lone_parent": ([SIGNED, "网站地图 | 联系我们", b.parent, "地址:人民路1号 电话:87051234"], False, SIGNED_ISO),
        "attachment": ([b.full, SIGNED, f"附件:{b.full}{YEAR}年度政府信息公开工作年度报告.pdf"], True, SIGNED_ISO),
        "sign_then_note": ([b.full, SIGNED, "(此件公开发布)"], True, SIGNED_ISO),
        "sign_then_cc": ([b.full, SIGNED, f"抄送:{b.parent},{b.other}。"], True, SIGNED_ISO),
        "sign_month_only": ([b.full, "2024年1月"], True, None),
        "sign_slash_date": ([b.full, "2024/01/18"], True, SIGNED_ISO),
        "related_list": ([b.full, SIGNED, "相关阅读", f"{b.other}{YEAR}年度政府信息公开工作年度报告",
                          f"{b.parent}{YEAR}年度政府信息公开工作年度报告"], True, SIGNED_ISO),
        "contact_party_office": ([f"联系单位:{b.full}党政办公室  联系电话:87051234"], False, None),
    }


def _names(b: Body) -> tuple[str, ...]:
    """The full name, its aliases, and the full name without its leading province or prefecture where a
    place is left to open it ("北京市海淀区中关村街道办事处" -> "海淀区中关村街道办事处"), as the golden
    files accept them."""
    out = [b.full, *b.aliases]
    rest = b.full
    for lead, then in ((b.province, (b.prefecture, b.county)), (b.prefecture, (b.county,))):
        if lead and rest.startswith(lead) and any(t and rest[len(lead):].startswith(t) for t in then):
            rest = rest[len(lead):]
            out.append(rest)
    return tuple(dict.fromkeys(out))


def build_cases(bodies=BODIES, every: int = 4, openings=None, closings=None) -> list[Case]:
    """Every body with every opening and every closing, one case in ``every`` (deterministic), the body
    named in the report's sentences or only as 我局 in turn."""
    out: list[Case] = []
    for i, b in enumerate(bodies):
        opens, closes = (openings or _openings)(b), (closings or _closings)(b)
        for j, k in itertools.product(range(len(opens)), range(len(closes))):
            if (i + j * 3 + k * 7) % every:
                continue
            (ok, (olines, o_named, o_date)), (ck, (clines, c_named, c_date)) = \
                list(opens.items())[j], list(closes.items())[k]
            for named_in_text in ((i * 7 + j * 5 + k * 3) // 4 % 2 == 1,):
                subject = b.full if named_in_text else b.we
                contact = CONTACT_NAMED.format(name=b.full, phone="87051234") if named_in_text else \
                    CONTACT_PLAIN.format(we=b.we)
                period = PERIOD.format(y=YEAR) if ok in ("no_title", "title_no_body") or named_in_text else ""
                mid = MIDDLE.format(y=YEAR, y1=YEAR + 1, parent=b.parent, period=period, subject=subject,
                                    we=b.we, court=COURT, contact=contact)
                if ok == "logo_then_year_title" and not c_named:
                    continue          # the site's logo above a title without a body reads as a two-line title
                if ok == "publisher_parent_no_title" and (not b.parent.endswith(("人民政府", "办公室", "办公厅")) or (
                        b.parent.endswith("人民政府") and b.parent[-5] == b.we[-1])):
                    continue          # a parent department, or a government of the same unit (苏州市 for 昆山市's
                    # "我市"), posting the page reads as the body that reports
                text = "\n".join([*olines, mid.rstrip("\n"), *clines]) + "\n"
                # the publication date (docs/metadata.md): the signature's, then 成文日期, then the page's
                published = c_date or o_date
                out.append(Case(b, f"{ok}+{ck}+{'named' if named_in_text else 'we'}", text,
                                o_named or c_named or named_in_text, published, YEAR, _names(b),
                                [ok, ck, "named" if named_in_text else "we"]))
    return out


def traditional(cases: list[Case], every: int = 7) -> list[Case]:
    import zhconv
    out = []
    for i, c in enumerate(cases):
        if i % every == 0:
            out.append(Case(c.body, c.form + "+trad", zhconv.convert(c.text, "zh-tw"), c.name_known, c.published,
                            c.report_year, c.names, [*c.tags, "traditional"]))
    return out


def _norm(s) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(s or "")) if not ch.isspace())


def score(cases: list[Case]) -> dict:
    """Fields right of the fields the truth knows; wrong names (a name where the truth has another or none)."""
    from xxgk.parse.report import parse_report

    res = {"cases": len(cases), "ok": 0, "n": 0, "wrong_names": 0, "fails": [], "wrong": []}
    for c in cases:
        rec = parse_report(c.text, "x.txt")
        ag = rec.agency
        got = _norm(ag.name)
        names = {_norm(x) for x in c.names}
        b = c.body
        checks = []
        if c.name_known and not b.optional_name:
            checks.append(("name", c.names[0], ag.name, got in names))
        if got and got not in names:
            res["wrong_names"] += 1
            res["wrong"].append(f"{b.full} [{c.form}] got {ag.name!r}")
        if c.name_known and (got in names or not b.optional_name):
            for f in ("province", "prefecture", "county", "level", "kind"):
                want = getattr(b, f)
                if want is not None:
                    checks.append((f, want, getattr(ag, f), _norm(getattr(ag, f)) == _norm(want)))
        if c.report_year is not None:
            checks.append(("report_year", c.report_year, rec.report_year, rec.report_year == c.report_year))
        # the middle's 表二 has the v2021 columns (本年制发件数 …)
        checks.append(("era", "v2021", rec.era, rec.era == "v2021"))
        if c.published is not None:
            checks.append(("published", c.published, rec.published, str(rec.published) == c.published))
        for f, want, have, ok in checks:
            res["n"] += 1
            res["ok"] += ok
            if not ok:
                res["fails"].append(f"{b.full} [{c.form}] {f}: want {want!r} got {have!r}")
    return res


def print_score(res: dict, argv: list[str]) -> None:
    """The score, the misses by field and by form part, and the first misses (``--fails N``)."""
    from collections import Counter

    def parts(f: str) -> list[str]:
        return f.split("[")[1].split("]")[0].split("+")

    nfail = int(argv[argv.index("--fails") + 1]) if "--fails" in argv else 30
    print(f"cases {res['cases']}  fields {res['ok']}/{res['n']} = {res['ok'] / res['n']:.4f}  "
          f"wrong names {res['wrong_names']}")
    kinds = Counter(f.split("] ")[1].split(":")[0] for f in res["fails"])
    print("fails by field:", dict(kinds))
    for fld in kinds:
        fs = Counter(t for f in res["fails"] if f.split("] ")[1].startswith(fld + ":") for t in parts(f))
        print(f"  {fld}:", dict(fs.most_common(12)))
    print("fails by form part:", dict(Counter(t for f in res["fails"] for t in parts(f)).most_common(40)))
    print("wrong names by form part:", dict(Counter(t for f in res["wrong"] for t in parts(f)).most_common(40)))
    for f in res["wrong"][:nfail]:
        print("  WRONG", f)
    for f in res["fails"][:nfail]:
        print("  ", f)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ingest"))
    cases = build_cases()
    cases += traditional(cases)
    print_score(score(cases), argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
