"""Metadata variants made from the real report texts, with truth: who reported, where, when.

Each variant takes the body of a real report (``tests/fixtures/reports``: its sentences and tables, its
own names and places scrubbed out), gives it a new reporting body drawn from the whole division list
(``data/admin_divisions.csv``) or the curated non-division jurisdictions (``data/jurisdictions_extra.csv``),
and wraps it the ways real pages do: a title with or without year or 年度, the body before or after the
year, a title over two lines, no title; a scraper's header (标题:/发布时间:/发布机构:/原文链接:), site
navigation, a metadata table, bullet metadata; a signature with or without date; an address or a phone
number that places the body; Traditional characters; spam in the title or the text. A few texts are not
annual reports at all (a notice about preparing them, a news item, a policy) and carry the expected
finding ``not_annual_report``.

The truth holds what a careful reader can recover from the variant's text and nothing more: a field the
text leaves open is ``None`` (not scored), a body the text never names has name ``None`` and any name
the parser gives it counts as wrong. The variants share the parser's assumptions (they are built from
the same vocabulary), so they are a floor, not proof.

    .venv/bin/python -m xxgk.synth.variants 2000 --out /tmp/variants [--seed 0]
    .venv/bin/python -m xxgk.synth.variants 2000 --score       # generate, extract in-process, score
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from typing import Any
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from xxgk.parse.metadata.gazetteer import DATA, Division, find_places, gazetteer
from xxgk.parse.normalize import normalize
from xxgk.synth import divisions as dv

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"

SPAM = ("澳门金沙游戏¥中心大厅", "365体育官网", "北京赛车pk10开奖直播", "新葡京娱乐场★官方网站")
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
VERTICAL_LOCAL = ("气象局", "邮政管理局", "烟草专卖局")
ZONE_BODIES = ("管理委员会", "管委会", "财政金融局", "经济发展局", "党政办公室", "社会事业局", "规划建设局")
ZONE_WORDS = (("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区"))
NOT_REPORTS = (
    ("关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
     "各县（市、区）人民政府，市政府各部门：\n为做好{year}年政府信息公开工作年度报告编制和发布工作，根据《中华人民共和国"
     "政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求，现将有关事项通知如下：\n一、各单位要高度重视"
     "年度报告编制工作，于{next}年1月31日前在本单位政府信息公开专栏发布。\n二、年度报告要严格按照格式编写，数据准确，"
     "内容完整。\n三、请各单位于{next}年2月10日前将报告电子版报送市政府办公室。\n{issuer}\n{next}年1月5日\n"),
    ("{issuer}召开政府信息公开工作推进会",
     "{next}年1月8日，{issuer}召开政府信息公开工作推进会，总结{year}年政府信息公开工作，部署{next}年重点任务。"
     "会议指出，要进一步提高认识，扎实做好政府信息公开工作年度报告编制发布工作。会议要求，各科室要明确专人负责，"
     "按时报送相关材料。\n责任编辑：办公室\n"),
    ("{issuer}关于印发《政府信息公开工作考核办法》的通知",
     "各科室、各直属单位：\n现将《政府信息公开工作考核办法》印发给你们，请认真贯彻执行。\n政府信息公开工作考核办法\n"
     "第一条 为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本办法。\n第二条 本办法适用于本单位"
     "各科室。\n第三条 考核内容包括主动公开、依申请公开、年度报告编制等。\n{issuer}\n{next}年3月2日\n"),
)


# The title forms of real reports (lines; "none": the page has no title line).
TITLE_FORMS: dict[str, tuple[str, ...]] = {
    "plain": ("{body}{year}年政府信息公开工作年度报告",),
    "niandu": ("{body}{year}年度政府信息公开工作年度报告",),
    "year_first": ("{year}年{body}政府信息公开工作年度报告",),
    "no_year": ("{body}政府信息公开工作年度报告",),
    "guanyu": ("{body}关于{year}年度政府信息公开工作的报告",),
    "no_gongzuo": ("{body}{year}年政府信息公开年度报告",),
    "two_lines": ("{body}", "{year}年政府信息公开工作年度报告"),
    "split_after_year": ("{body}{year}年度", "政府信息公开工作年度报告"),
    "three_lines": ("{body}", "{year}年度政府信息公开", "工作年度报告"),
    "year_below": ("{body}政府信息公开工作年度报告", "({year}年度)"),
    "year_bracketed": ("{body}政府信息公开工作年度报告〔{year}年度〕",),
    "book_marks": ("《{body}{year}年政府信息公开工作年度报告》",),
    "page_title": ("{body}{year}年度政府信息公开工作年度报告_政府信息公开专栏",),
    "wrapped": (),          # "{body}{year}年度政府信息公开工作年度报告" broken at a PDF page's width
    "none": (),
}
# forms whose body stands on a line of its own or across lines: spam replaces the whole first line
_MULTI_LINE_TITLES = ("two_lines", "split_after_year", "three_lines", "wrapped")


@dataclass
class Body:
    """A reporting body: the forms its name takes and the truth a reader can get from it."""

    name: str                         # full name (the canonical answer)
    title_form: str                   # the name as the title writes it
    self_ref: str                     # 我局 / 我镇 / 我区 …
    truth: dict                       # agency block (golden format), before what the text leaves open
    place_words: dict[str, str]       # level -> new place name, for scrubbing the source body
    area_code: str | None
    address: str | None
    tag: str
    aliases: list[str] = field(default_factory=list)


@cache
def _extras() -> list[dict]:
    with (DATA / "jurisdictions_extra.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def _divisions() -> tuple[list[Division], list[Division], list[Division]]:
    g = gazetteer()
    by_level: dict[str, list[Division]] = {"province": [], "prefecture": [], "county": []}
    for d in g.by_code.values():
        # a name several divisions share needs more context; 99xxxx rows are no divisions (苏鲁交界, 海域)
        # and no report comes from 台湾 (71), 香港 (81) or 澳门 (82)
        if len(g.by_name[d.name]) == 1 and d.code[:2] not in ("99", "71", "81", "82"):
            by_level[d.level].append(d)
    return by_level["province"], by_level["prefecture"], by_level["county"]


@cache
def _short_forms() -> dict[str, str]:
    """division code -> the short form bodies write for an autonomous division ("大理州", "长阳县")."""
    return {ds[0].code: form for form, ds in gazetteer().by_name.items() if len(ds) == 1 and ds[0].name != form}


@cache
def _area_codes() -> dict[str, str]:
    """division code prefix (4 digits, or 2 for a municipality) -> an area code that places it alone."""
    out: dict[str, str] = {}
    for code, (_prov, pref, _county, dcode) in gazetteer().phone.items():
        if pref is not None:
            out.setdefault(dcode[:4], code)
        elif dcode.endswith("0000") and dcode[:2] in ("11", "12", "31", "50"):
            out.setdefault(dcode[:2], code)
    return out


def _short(name: str) -> str:
    for s in (*PROVINCE_SUFFIXES, "地区", "盟"):
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def _place_truth(d: Division) -> dict:
    g = gazetteer()
    if d.level == "province":
        return {"province": d.name, "prefecture": None, "county": None, "level": "provincial"}
    if d.level == "prefecture":
        return {"province": d.province, "prefecture": d.prefecture, "county": None, "level": "prefecture"}
    pref = d.prefecture
    return {"province": d.province, "prefecture": pref, "county": d.name, "level": "county",
            "_pref_div": g.by_code.get(d.code[:4] + "00") if pref else None}


def _code_of(d: Division) -> str | None:
    ac = _area_codes()
    return ac.get(d.code[:4]) or ac.get(d.code[:2]) if d.level != "province" or d.code[:2] in ("11", "12", "31", "50") else None


def make_body(rng: random.Random) -> Body:
    provs, prefs, counties = _divisions()
    g = gazetteer()
    u = rng.random()
    road = rng.choice(("人民路", "解放路", "建设路", "中山路", "文化路", "府前街", "行政中心路"))
    no = rng.randint(1, 300)
    if u < 0.06:                                            # provincial government or department
        p = rng.choice(provs)
        dept = rng.choice(("人民政府", "人民政府办公厅") + dv.PROVINCE_DEPARTMENTS)
        name = p.name + dept
        kind = "government" if dept == "人民政府" else "department"
        t = {**_place_truth(p), "kind": kind}
        return Body(name, name, "我省" if kind == "government" else "我厅", t, {"province": p.name}, _code_of(p),
                    f"{p.name}{road}{no}号", f"provincial/{kind}")
    if u < 0.22:                                            # prefecture government or department
        d = rng.choice(prefs)
        prov = g.by_code[d.code[:2] + "0000"]
        dept = rng.choice(("人民政府", "人民政府办公室") + dv.CITY_DEPARTMENTS)
        kind = "government" if dept == "人民政府" else "department"
        if d.name.endswith(("地区", "盟")) and dept.startswith("人民政府"):
            dept = dept.replace("人民政府", "行政公署")     # a 地区's or 盟's government is its 行政公署
        name = d.name + dept
        t = {**_place_truth(d), "kind": kind}
        words = {"province": prov.name, "prefecture": d.name}
        title = name
        aliases = []
        if kind == "department" and d.name.endswith("市") and rng.random() < 0.2:
            title = "市" + dept                             # relative name: the address places it
            aliases = [name]
        elif d.code in _short_forms() and rng.random() < 0.5:
            name = title = _short_forms()[d.code] + dept    # "大理州住房和城乡建设局"
            aliases = [d.name + dept]
        return Body(name, title, "我市" if kind == "government" else "我局", t, words, _code_of(d),
                    f"{prov.name}{d.name}{road}{no}号", f"prefecture/{kind}", aliases)
    if u < 0.50:                                            # county government or department
        d = rng.choice(counties)
        pt = _place_truth(d)
        pref_div = pt.pop("_pref_div")
        dept = rng.choice(("人民政府", "人民政府办公室") + dv.COUNTY_DEPARTMENTS)
        kind = "government" if dept == "人民政府" else "department"
        prefix = (pref_div.name if pref_div and rng.random() < 0.3 else "")
        name = prefix + d.name + dept
        t = {**pt, "kind": kind}
        words = {"province": d.province, "prefecture": pref_div.name if pref_div else d.province, "county": d.name}
        title, aliases = name, [d.name + dept, (pref_div.name if pref_div else d.province) + d.name + dept]
        if d.code in _short_forms() and rng.random() < 0.5:
            name = title = _short_forms()[d.code] + dept    # "石柱县人民政府", "长阳县教育局"
            aliases.append(name)
        if kind == "department" and d.name[-1] in "区县旗" and rng.random() < 0.15:
            title = d.name[-1] + dept                       # "区统计局": the address places it
            aliases.append(title)
        addr = f"{d.province}{pref_div.name if pref_div else ''}{d.name}{road}{no}号"
        return Body(name, title, "我县" if kind == "government" else "我局", t, words, _code_of(d), addr,
                    f"county/{kind}", aliases)
    if u < 0.72:                                            # township government or street office
        d = rng.choice(counties)
        pt = _place_truth(d)
        pref_div = pt.pop("_pref_div")
        stem = rng.choice(dv.TOWN_STEMS)
        unit, full = rng.choice((("镇", "镇人民政府"), ("乡", "乡人民政府"), ("街道", "街道办事处")))
        bare = stem + unit
        full_name = stem + full
        prefix = d.name if rng.random() < 0.5 else ""
        name = prefix + full_name
        title = rng.choice((name, prefix + bare))
        t = {**pt, "level": "township", "kind": "government"}
        words = {"province": d.province, "prefecture": pref_div.name if pref_div else d.province, "county": d.name}
        aliases = [full_name, bare, d.name + full_name, d.name + bare,
                   (pref_div.name if pref_div else d.province) + d.name + full_name]
        addr = f"{d.province}{pref_div.name if pref_div else ''}{d.name}{bare}{road}{no}号"
        return Body(name, title, "我" + unit, t, words, _code_of(d), addr, f"township/{unit}", aliases)
    if u < 0.80:                                            # vertical bodies: 税务, 气象, 邮政管理 …
        d = rng.choice(prefs + counties[: len(prefs)])
        pt = _place_truth(d)
        pt.pop("_pref_div", None)
        vert = rng.random()
        if vert < 0.5:
            name = f"国家税务总局{d.name}税务局"
        else:
            name = d.name + rng.choice(VERTICAL_LOCAL)
        t = {**pt, "kind": "department"}
        words = {"province": d.province, "prefecture": d.prefecture or d.province, "county": d.name}
        if d.level == "prefecture":
            words = {"province": d.province, "prefecture": d.name}
        return Body(name, name, "我局", t, words, _code_of(d), f"{d.province}{d.name}{road}{no}号", "vertical")
    if u < 0.88:                                            # curated non-division jurisdictions
        z = rng.choice(_extras())
        if z["kind"] == "customs":
            name = z["name"]
            t = {"province": z["province"], "prefecture": None, "county": None, "level": None, "kind": "department"}
            return Body(name, name, "我关", t, {"province": z["province"]}, None, None, "customs")
        body = rng.choice(ZONE_BODIES)
        name = z["name"] + body
        t = {"province": z["province"], "prefecture": z["prefecture"] or None,
             "county": z["name"] if z["county_like"] else None, "level": None,
             "kind": None if body in ("管理委员会", "管委会") else "department"}
        words = {"province": z["province"], "prefecture": z["prefecture"] or z["province"]}
        aliases = [a + body for a in z["aliases"].split("|") if a]
        return Body(name, name, "我委" if body in ("管理委员会", "管委会") else "我局", t, words, None, None,
                    f"zone/{z['kind']}", aliases)
    if u < 0.95:                                            # zones named after their city
        d = rng.choice([p for p in prefs if p.name.endswith("市")])
        full, short = rng.choice(ZONE_WORDS)
        zone = _short(d.name) + rng.choice((full, short))
        body = rng.choice(("管理委员会", "管委会"))
        name = zone + body
        t = {"province": d.province, "prefecture": d.prefecture, "county": None, "level": None, "kind": None}
        words = {"province": d.province, "prefecture": d.name}
        return Body(name, name, "我委", t, words, _code_of(d), None, "zone/city")
    name = rng.choice(dv.NATIONAL_BODIES)
    t = {"province": None, "prefecture": None, "county": None, "level": "national", "kind": "department"}
    return Body(name, name, "我部" if name.endswith("部") else "我局", t, {}, "010", None, "national")


# ---------------------------------------------------------------- source bodies

@dataclass
class Source:
    file: str
    body: str          # normalised text with {SELF} where the original body was named
    year: int
    places: dict[str, str]   # original place names by level (to swap) and their short forms


_BODY_START = re.compile(r"^\s*(?:一、|本(?:年度)?报告|本年报|根据|按照|依据|积极|\d{4} ?年)")
_SELF_RE = re.compile(r"我(?:局|办|委|厅|署|中心|镇|乡|街道|区|县|市|关|部)")
_PHONE = re.compile(r"\(?0\d{2,3}\)?\s*[-—–]?\s*\d{7,8}")


def load_sources(reports: Path = FIXTURES / "reports", golden: Path = FIXTURES / "golden") -> list[Source]:
    gold = {json.loads(p.read_text("utf-8"))["file"]: json.loads(p.read_text("utf-8")) for p in golden.glob("*.json")}
    out = []
    for p in sorted(reports.glob("*/*.txt")):
        g = gold.get(p.name)
        if not g or not g.get("report_year"):
            continue
        out.append(_scrub(p.name, normalize(p.read_text("utf-8")), g))
    return out


def _scrub(file: str, text: str, g: dict) -> Source:
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines[:15]) if _BODY_START.match(ln) and len(ln.strip()) > 8), 0)
    lines = lines[start:]
    a = g["agency"]
    # the body's names (a bare place among its aliases, "江油市", is swapped as a place instead)
    # (a government's bare place, "上海市", is the body itself)
    names = sorted({n for n in [a.get("name"), *(a.get("aliases") or [])] if n and len(n) >= 2 and (
        a.get("kind") == "government" or not ((h := find_places(n)) and "".join(x.name for x in h) == n))},
        key=len, reverse=True)
    # the signature (the body's name, a date) at the end is the variant's to write
    while lines and (not lines[-1].strip() or len(lines[-1].strip()) < 30 and (
            any(n in lines[-1] for n in names) or re.fullmatch(r"\s*\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日\s*", lines[-1])
            or re.search(r"归档|政府信息公开方式", lines[-1]))):
        lines.pop()
    body = "\n".join(lines)
    for n in names:
        body = body.replace(n, "{SELF}")
    body = body.replace("{SELF}人民政府", "{SELF}").replace("{SELF}政府", "{SELF}")
    # a signature run onto the last line ("…无其他需要报告事项。 {SELF} 2020年1月2日") is the variant's to write too
    body = re.sub(r"\s+\{SELF\}\s+(?:19|20)\d\d ?年 ?\d{1,2} ?月 ?\d{1,2} ?日\s*$", "", body)
    body = _SELF_RE.sub("{WE}", body)
    body = _PHONE.sub("{PHONE}", body)
    return Source(file, body, int(g["report_year"]), {})


@cache
def _source_places(body: str) -> tuple[tuple, tuple[str, ...]]:
    """The division names in a source body, and the province/prefecture short names it holds (per source,
    not per variant)."""
    shorts = tuple(s for s in gazetteer().short if len(s) >= 2 and s in body)
    return tuple(find_places(body)), shorts


def _swap_places(body: str, words: dict[str, str]) -> str:
    """Every division named in the source text becomes the new body's place of the same level (or the
    nearest one above it), so the text never points elsewhere."""
    out, last = [], 0
    hits, shorts = _source_places(body)
    for h in hits:
        d = h.divisions[0]
        new = words.get(d.level) or words.get("prefecture") or words.get("province") or ""
        if d.level == "county" and "county" not in words:
            new = ""
        out.append(body[last:h.start])
        out.append(new)
        last = h.end
    out.append(body[last:])
    body = "".join(out)
    # curated zones the source names ("重庆市万盛经开区") are places of the old body too
    from xxgk.parse.metadata.zones import _curated
    _, zone_rx = _curated()
    if zone_rx is not None:
        body = zone_rx.sub(words.get("county") or words.get("prefecture") or words.get("province") or "", body)
    # short forms of the provinces and prefectures ("渭南日报", "湖北省" done above)
    g = gazetteer()
    for short in shorts:
        if short in body:
            lvl = g.short[short][0].level
            body = body.replace(short, _short(words.get(lvl) or words.get("province") or "") if words else "")
    return body


# ---------------------------------------------------------------- one variant

def _date_str(d: date, rng: random.Random) -> str:
    return rng.choice((f"{d.year}年{d.month}月{d.day}日", d.isoformat(), f"{d.year}-{d.month:02d}-{d.day:02d}"))


def render_variant(src: Source, body: Body, rng: random.Random, idx: int) -> tuple[str, dict, list[str]]:
    year = src.year
    tags = [body.tag]
    signed = date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
    posted = signed + timedelta(days=rng.randint(0, 12))
    name_forms: list[str] = []      # the names the text gives the body

    # title
    tf = rng.choice(("plain", "plain", "niandu", "year_first", "no_year", "guanyu", "no_gongzuo", "two_lines",
                     "none", "none", "split_after_year", "three_lines", "year_below", "year_bracketed", "book_marks",
                     "page_title", "wrapped"))
    tags.append("title:" + tf)
    written = body.title_form
    if tf == "wrapped":
        whole, width = f"{written}{year}年度政府信息公开工作年度报告", rng.choice((12, 16, 20))
        title_lines = [whole[i:i + width] for i in range(0, len(whole), width)]
    else:
        title_lines = [ln.format(body=written, year=year) for ln in TITLE_FORMS[tf]]
    title_spam = bool(title_lines) and rng.random() < 0.06
    if title_spam:
        if tf in _MULTI_LINE_TITLES:
            title_lines = [rng.choice(SPAM), f"{year}年政府信息公开工作年度报告"]
        else:
            spam = rng.choice(SPAM)
            title_lines = [ln.replace(written, spam) for ln in title_lines]
        tags.append("spam_title")
    elif title_lines:
        name_forms.append(written)

    # page header
    hf = rng.choice(("none", "none", "chrome", "breadcrumb", "scraper", "scraper_junk", "meta_table", "bullets",
                     "govcn", "capture"))
    tags.append("header:" + hf)
    header: list[str] = []
    header_date = None
    publisher = None
    full_title = f"{written}{year}年政府信息公开工作年度报告" if not title_lines or tf in (
        "wrapped", "year_below", "book_marks", "page_title") else "".join(title_lines)
    if hf == "chrome":
        header_date = posted
        header = [f"发布日期:{posted.isoformat()}  来源:{rng.choice(('本站', '办公室', '1'))}  字体:【大 中 小】 打印 分享"]
    elif hf == "breadcrumb":
        header = [rng.choice(("当前位置:首页 > 政务公开 > 政府信息公开年报", "| 当前位置: 首页 > 信息公开 > 政府信息公开年度报告 |",
                              "您当前的位置：首页 > 政府信息公开 > 年度报告"))]
        if rng.random() < 0.5:
            header_date = posted
            header.append(f"日期:{posted.isoformat()}    字号:【大 中 小】")
    elif hf in ("scraper", "scraper_junk"):
        header_date = posted
        publisher = "1" if hf == "scraper_junk" else (body.name if not title_spam else None)
        header = [f"标题: {full_title if not title_spam else title_lines[-1] if title_lines else full_title}",
                  f"发布时间: {posted.isoformat()} {rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}", "文号: ",
                  f"发布机构: {publisher or ''}", "栏目: 政府信息公开年报",
                  f"原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/{year + 1}01/t{posted:%Y%m%d}_{idx}.htm",
                  "==================== 正文 ===================="]
        if title_spam:
            header[0] = f"标题: {title_lines[-1] if title_lines else ''}"
    elif hf == "meta_table":
        header_date = posted
        publisher = body.name
        header = [f"索 引 号 | 0142{idx:04d}-9/{year + 1}-00012 | 分 类 | 综合政务/其他 / 报告 |",
                  f"发布机构 | {publisher} | 发文日期 | {posted.isoformat()} |",
                  f"标 题 | {full_title} | ||", "文 号 | 无〔〕号 | 主 题 词 | |"]
        if title_spam:
            header[2] = f"标 题 | {''.join(title_lines)} | ||"
    elif hf == "govcn":
        # a gov.cn metadata table: 成文日期 (the document's own date, the signature's) and 发布日期 (posted)
        header_date = signed
        publisher = body.name
        dated = [f"成文日期: | {signed.isoformat()} |", f"发布日期: | {posted.isoformat()} |"]
        rng.shuffle(dated)
        header = [f"索引号: | 11330000002482870P/{year + 1}-{idx:05d} | 主题分类: | 政务公开 |",
                  f"发文机关: | {publisher} | {dated[0]}", f"标题: | {full_title} |", f"发文字号: | | {dated[1]}"]
        if title_spam:
            header[2] = f"标题: | {''.join(title_lines)} |"
    elif hf == "capture":
        # a crawler's header: when it fetched the page is no publication date
        header_date = posted
        header = [f"标题:{full_title if not title_spam else ''.join(title_lines)}",
                  f"抓取时间:{posted + timedelta(days=rng.randint(30, 400)):%Y-%m-%d} 10:00:00",
                  f"发布时间:{posted.isoformat()} 09:{rng.randint(10, 59)}"]
    elif hf == "bullets":
        header_date = posted
        publisher = body.name
        header = [f"  • 索 引 号:XM0{idx:04d}-0101-{year + 1}-00001", f"  • 发布机构:{publisher}",
                  f"  • 公文生成日期:{posted.isoformat()}"]
    if publisher and publisher != "1":
        name_forms.append(publisher)
    if hf in ("scraper", "scraper_junk", "meta_table", "govcn", "capture") and not title_spam:
        name_forms.append(written)              # the header repeats the title

    # the body's own sentences: named, or only "我局"
    mention = rng.random() < 0.5
    src_body = _swap_places(src.body, body.place_words)
    filled = src_body.replace("{SELF}", written if mention else body.self_ref).replace("{WE}", body.self_ref)
    if mention and "{SELF}" in src_body:
        name_forms.append(written)
    phone = (f"{body.area_code}-{rng.randint(2000000, 8999999)}" if body.area_code else "略")
    filled = filled.replace("{PHONE}", phone)
    if rng.random() < 0.08:
        cut = filled.find("。")
        if cut > 0:
            filled = filled[:cut] + rng.choice(SPAM) + filled[cut:]
            tags.append("spam_text")

    # contact, signature
    tail: list[str] = []
    placed_by = set()
    if body.address and rng.random() < 0.4:
        tail.append(f"联系地址:{body.address}  联系电话:{phone}")
        placed_by.add("address")
        if body.tag.startswith("township"):
            name_forms.append(body.aliases[3])  # the address names the town: "…德化县西城街道人民路12号"
    elif body.area_code and rng.random() < 0.4:
        tail.append(f"咨询电话:{phone}")
        placed_by.add("phone")
    if "{PHONE}" in src_body and body.area_code:
        placed_by.add("phone")
    sf = rng.choice(("name_date", "name_date", "date", "name", "none", "name_date_cn", "same_line", "month_only"))
    tags.append("signature:" + sf)
    sig_name = body.name if rng.random() < 0.7 else written
    if sf in ("name_date", "name", "name_date_cn", "month_only"):
        tail.append(sig_name)
        name_forms.append(sig_name)
    if sf in ("name_date", "date"):
        tail.append(f"{signed.year}年{signed.month}月{signed.day}日")
    elif sf == "name_date_cn":
        tail.append(_chinese_date(signed))
    elif sf == "same_line":
        tail.append(f"{sig_name}  {signed.year}年{signed.month}月{signed.day}日")
        name_forms.append(sig_name)
    elif sf == "month_only":
        tail.append(f"{signed.year}年{signed.month}月")
    if rng.random() < 0.25:
        # the page below the report: links to another body's report, the site's owner (neither is the body)
        tags.append("footer")
        tail += ["相关链接:", f"上一篇:{_neighbour(body)}{year}年度政府信息公开工作年度报告", "【打印本页】 【关闭窗口】",
                 f"主办:{_site_owner(body)}  版权所有  网站标识码:{rng.randint(1000000000, 9999999999)}"]

    text = "\n".join([*header, *title_lines, "", filled.strip(), *tail]) + "\n"
    trad = rng.random() < 0.12
    if trad:
        import zhconv
        text = zhconv.convert(text, rng.choice(("zh-tw", "zh-hant", "zh-hk")))
        tags.append("traditional")

    # truth: what the text lets a reader know
    published = signed.isoformat() if sf in ("name_date", "date", "name_date_cn", "same_line") else \
        header_date.isoformat() if header_date else None
    forms = [f for f in dict.fromkeys(name_forms) if f]
    truth = {"agency": _known(body, forms, placed_by), "report_year": year, "published": published,
             "tags": tags, "source": src.file}
    return text, truth, tags


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese_date(d: date) -> str:
    """"二〇二四年一月十八日", as formal documents date their signature."""
    def num(n: int) -> str:
        return (("" if n < 20 else _CN_DIGITS[n // 10]) + "十" if n >= 10 else "") + (_CN_DIGITS[n % 10] if n % 10 else "")
    return "".join(_CN_DIGITS[int(c)] for c in str(d.year)) + f"年{num(d.month)}月{num(d.day)}日"


def _neighbour(body: Body) -> str:
    """Another body of the same site (a related link's)."""
    place = body.place_words.get("county") or body.place_words.get("prefecture") or body.place_words.get("province") or ""
    return place + ("审计局" if body.name.endswith("财政局") else "财政局")


def _site_owner(body: Body) -> str:
    """Whose site the page is on: the government above the body (a footer's 主办)."""
    place = body.place_words.get("county") or body.place_words.get("prefecture") or body.place_words.get("province") or ""
    return place + "人民政府办公室" if place else "国务院办公厅"


def _known(body: Body, forms: list[str], placed_by: set[str]) -> dict:
    """The agency block as far as the names written in the text (and an address or phone) establish it."""
    t = body.truth
    ag: dict[str, Any] = {"name": None, "aliases": [], "province": None, "prefecture": None, "county": None, "level": None,
          "kind": None}
    if not forms:
        return ag
    ag["name"] = body.name
    ag["aliases"] = sorted({*forms, *body.aliases, *_bare_forms(forms)})
    ag["kind"] = t["kind"]
    joined = " ".join(forms)
    hits = [h.divisions[0] for h in find_places(joined) if len(h.divisions) == 1]
    levels = {d.level for d in hits}
    if "address" in placed_by or "county" in levels or body.tag in ("customs", "national") \
            or body.tag.startswith("zone/") and any(_zone_named(body, f) for f in forms):
        known = {"province", "prefecture", "county"}
    elif "prefecture" in levels:
        known = {"province", "prefecture"}
    elif "province" in levels:
        known = {"province"} | ({"prefecture"} if t.get("prefecture") is None and t.get("level") != "county" else set())
    else:
        known = set()
    if "phone" in placed_by and body.area_code:
        known |= {"province", "prefecture"}
    for f in ("province", "prefecture", "county"):
        if f in known:
            ag[f] = t.get(f)
    if hits or body.tag == "national" or body.tag.startswith("township"):
        ag["level"] = t.get("level")
    elif any(f[:1] in "区县旗" for f in forms):
        ag["level"] = "county"
    return ag


def _zone_named(body: Body, form: str) -> bool:
    return form == body.name or form in body.aliases


def _bare_forms(forms: list[str]) -> set[str]:
    out = set()
    for f in forms:
        for bare, full in (("镇", "镇人民政府"), ("乡", "乡人民政府"), ("街道", "街道办事处")):
            if f.endswith(bare):
                out.add(f + full[len(bare):])
        if f.endswith(("市", "县", "区", "旗")) and len(f) <= 8:
            out.add(f + "人民政府")
    return out


def render_not_report(rng: random.Random, body: Body, year: int) -> tuple[str, dict, list[str]]:
    title, text = rng.choice(NOT_REPORTS)
    fill = {"year": year, "next": year + 1, "issuer": body.name}
    out = title.format(**fill) + "\n" + text.format(**fill)
    return out, {"agency": {}, "report_year": None, "published": None, "tags": ["not_report"],
                 "expected_findings": [{"rule": "not_annual_report", "key": None}]}, ["not_report"]


# How a body refers to itself, by its name's ending: a 委员会's report says 我委, a district's 我区 (the bodies
# above are drawn with one word per level; real reports use their own)
_SELF_BY_ENDING = (("管理委员会", "我委"), ("管委会", "我委"), ("委员会", "我委"), ("办公室", "我办"), ("海关", "我关"),
                   ("中心", "我中心"), ("厅", "我厅"), ("局", "我局"), ("署", "我署"), ("部", "我部"), ("队", "我队"),
                   ("委", "我委"))


def _self_ref_of(body: Body) -> str:
    if body.tag.startswith("township"):
        return body.self_ref
    for end, we in _SELF_BY_ENDING:
        if body.name.endswith(end):
            return we
    if body.name.endswith("人民政府") and body.name[-5] in "省市县区旗州盟":
        return "我" + body.name[-5]
    return body.self_ref


def generate_variants(n: int, seed: int = 0, sources: list[Source] | None = None,
                      not_reports: float = 0.04) -> list[tuple[str, str, dict]]:
    """(file name, text, truth) for n variants, deterministic for a seed."""
    rng = random.Random(seed)
    srcs = sources if sources is not None else load_sources()
    out = []
    for i in range(n):
        body = make_body(rng)
        body.self_ref = _self_ref_of(body)
        src = rng.choice(srcs)
        if rng.random() < not_reports:
            text, truth, _ = render_not_report(rng, body, src.year)
        else:
            text, truth, _ = render_variant(src, body, rng, i)
        name = f"v{seed}_{i:05d}.txt"
        truth["file"] = name
        out.append((name, text, truth))
    return out


# ---------------------------------------------------------------- scoring

def _norm(s) -> str:
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(s or "")) if not ch.isspace())


def score_metadata(truths: list[dict], got: dict[str, dict]) -> dict:
    """Metadata accuracy on the variants: fields the truth knows, right names, wrong names (a name given
    where the truth has another or none), not_annual_report recall and false alarms, misses by tag."""
    c: Counter = Counter()
    by_tag: Counter = Counter()
    fails: list[str] = []
    for t in truths:
        r = got.get(t["file"]) or {}
        findings = {f["rule"] for f in r.get("findings") or []}
        if "not_report" in t.get("tags", []):
            c["not_report"] += 1
            c["not_report_found"] += "not_annual_report" in findings
            continue
        c["reports"] += 1
        c["not_report_false"] += "not_annual_report" in findings
        ga, xa = t["agency"], r.get("agency") or {}
        names = {_norm(ga.get("name"))} | {_norm(a) for a in ga.get("aliases") or []}
        names.discard("")
        got_name = _norm(xa.get("name"))
        if got_name and got_name not in names:
            c["wrong_names"] += 1
        # (field, wanted, what was got, whether it is right), for the fields the truth knows
        checks = [("name", ga.get("name"), xa.get("name"), got_name in names)] if names else []
        checks += [(f, ga[f], xa.get(f), _norm(xa.get(f)) == _norm(ga[f]))
                   for f in ("province", "prefecture", "county", "level", "kind") if ga.get(f) is not None]
        checks += [(f, t[f], r.get(f), str(r.get(f)) == str(t[f]))
                   for f in ("report_year", "published") if t.get(f) is not None]
        for f, want, have, ok in checks:
            c["meta_n"] += 1
            c["meta_ok"] += ok
            if not ok:
                fails.append(f"{t['file']} {f}: want {want!r} got {have!r} {t['tags']}")
        ok_all = all(ok for *_, ok in checks)
        for tag in t.get("tags", []):
            by_tag[tag + ":n"] += 1
            by_tag[tag + ":bad"] += not ok_all
    tags = sorted({k.rsplit(":", 1)[0] for k in by_tag})
    return {"reports": c["reports"], "meta_ok": c["meta_ok"], "meta_n": c["meta_n"],
            "meta_accuracy": round(c["meta_ok"] / c["meta_n"], 4) if c["meta_n"] else None,
            "wrong_names": c["wrong_names"],
            "not_report_recall": f"{c['not_report_found']}/{c['not_report']}",
            "not_report_false_alarms": c["not_report_false"],
            "reports_with_a_miss_by_tag": {k: f"{by_tag[k + ':bad']}/{by_tag[k + ':n']}" for k in tags
                                           if by_tag[k + ":bad"]},
            "fails": fails}


def extract_all(items: list[tuple[str, str, dict]]) -> dict[str, dict]:
    from xxgk.parse.report import parse_report
    return {name: parse_report(text, name).to_contract_json() for name, text, _ in items}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="write DIR/reports/*.txt and DIR/truth.jsonl")
    ap.add_argument("--score", action="store_true", help="parse the variants in-process and print the score")
    ap.add_argument("--fails", type=int, default=0, help="print this many failures")
    a = ap.parse_args(argv)
    items = generate_variants(a.n, a.seed)
    if a.out:
        (a.out / "reports").mkdir(parents=True, exist_ok=True)
        with (a.out / "truth.jsonl").open("w", encoding="utf-8") as fh:
            for name, text, truth in items:
                (a.out / "reports" / name).write_text(text, encoding="utf-8")
                fh.write(json.dumps(truth, ensure_ascii=False) + "\n")
    if a.score:
        res = score_metadata([t for _, _, t in items], extract_all(items))
        fails = res.pop("fails")
        print(json.dumps(res, ensure_ascii=False, indent=1))
        for f in fails[: a.fails]:
            print("  ", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
