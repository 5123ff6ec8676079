"""Where a reporting body sits: province, prefecture, county and the GB/T 2260 code.

Evidence, strongest first: places in the body's own name (a chain like 南京市 + 鼓楼区 picks the right
鼓楼区), then phone area codes (0632 -> 枣庄市), the contact address, and finally places named in the
text (a cited 《湖北省…通知》, "渭南日报"). Places named in the text only fill what the name leaves
open and never contradict it; a county comes from the name, or from the address of a body whose
name is relative ("区统计局") or a town's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from xxgk.parse.metadata.gazetteer import Division, find_places, gazetteer, parents_ok
from xxgk.parse.metadata.zones import find_zone, zone_in_address
from xxgk.parse.model import Level

RE_PHONE = re.compile(r"(0\d{2,3})\)?\s*[-—–\u2014\u2013 ]?\s*\d{7,8}(?!\d)")   # opens with a literal: fast scan
RE_ADDRESS = re.compile(r"(?:通讯地址|通信地址|办公地址|联系地址|地址|地 址)\s*[:: ]\s*([^,,;;。)\n]{2,50})")
# the body's parent, in the notice it cites as the reason for this report ("根据《眉山市东坡区人民政府办公室关于
# 做好2020年度政府信息公开年度报告编制公布工作的通知》"): its places weigh like the contact address
RE_PARENT_NOTICE = re.compile(r"《([^《》\n]{2,40}?)关于[^《》\n]{0,60}?(?:年度报告|年报)[^《》\n]{0,30}?》")
RE_PSEUDO_COUNTY = re.compile(r"[省市]([\u4e00-\u9fa5]{2,6}?(?:经开区|经济开发区|开发区|高新区|示范区|新区))")
RE_SHORT_CTX = re.compile(r"日报|宣传网|考核网|电视台|晚报|新闻网|发布|政务网|政府网")
# division names too generic to count as evidence when met in running text
_GENERIC = {"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "市中区", "新区", "中区", "新市区", "新城区", "市辖区"}


@dataclass(slots=True)
class Place:
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    code: str | None = None
    level: Level | None = None      # provincial | prefecture | county, from the name
    evidence: str | None = None
    in_name: bool = False           # the name itself names a place
    name_is_place: bool = False     # the name is nothing but a place ("江油市")
    # the prefecture rests on an area code alone: the code's region holds county-level cities too, so it
    # places the body but does not make "市统计局" the prefecture's own bureau
    prefecture_by_phone: bool = False


# a name opening with its level's word is relative ("市统计局", "旗林业局": 旗 is a county-level unit)
_RELATIVE_LEVEL: dict[str, Level] = {"省": "provincial", "市": "prefecture", "区": "county", "县": "county", "旗": "county"}
_LEVEL: dict[str, Level] = {"province": "provincial", "prefecture": "prefecture", "county": "county"}


def _support(text: str, name_relative: str | None) -> tuple[Counter, Counter, list[str]]:
    """Votes per division code prefix (2 digits = province, 4 = prefecture, 6 = county), and the part of
    them that came from area codes."""
    g = gazetteer()
    votes: Counter = Counter()
    ev: list[str] = []
    for m in RE_PHONE.finditer(text):
        if m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "-"):
            continue
        hit = g.phone.get(m.group(1))
        if hit:
            code = hit[3]
            votes[code[:2]] += 20
            if not code.endswith("0000"):
                votes[code[:4]] += 20
            ev.append(f"area code {m.group(1)}")
    phone_votes = votes.copy()
    for m in [*RE_ADDRESS.finditer(text), *RE_PARENT_NOTICE.finditer(text, 0, 6000)]:
        for h in find_places(text, m.start(1), m.end(1)):
            if len(h.divisions) == 1:
                d = h.divisions[0]
                votes[d.code[:2]] += 20
                if d.level != "province":
                    votes[d.code[:4]] += 20
                if d.level == "county":
                    votes[d.code] += 20
        ev.append("address" if m.re is RE_ADDRESS else "parent notice")
    n_mention = 0
    for h in find_places(text):
        if h.name in _GENERIC or len(h.divisions) != 1 or n_mention > 60:
            continue
        d = h.divisions[0]
        n_mention += 1
        votes[d.code[:2]] += 2
        if d.level != "province":
            votes[d.code[:4]] += 2
        if d.level == "county":
            votes[d.code] += 1
    if n_mention:
        ev.append("places named in the text")
    if name_relative == "市":
        for m in RE_SHORT_CTX.finditer(text):
            for k in (2, 3, 4):
                ds = g.short.get(text[max(0, m.start() - k):m.start()])
                if ds and len(ds) == 1 and ds[0].level == "prefecture":
                    votes[ds[0].code[:2]] += 3
                    votes[ds[0].code[:4]] += 3
                    ev.append(f"'{ds[0].name[:-1]}' named in the text")
                    break
    return votes, phone_votes, ev


def _from_division(d: Division, place: Place) -> None:
    place.province = d.province
    if d.level == "prefecture":
        place.prefecture = d.name if d.prefecture else None
    elif d.level == "county":
        place.prefecture = d.prefecture
        place.county = d.name
    place.code = d.code


def resolve(name: str | None, text: str) -> Place:
    g = gazetteer()
    place = Place()
    relative = name[0] if name and name[0] in _RELATIVE_LEVEL else None
    hits = find_places(name) if name else []
    if hits:
        votes: Counter | None = None     # the text's votes, counted only when a name's place is ambiguous
        place.in_name = True
        place.name_is_place = len(hits) == 1 and hits[0].name == name
        chosen: Division | None = None
        for h in hits:
            opts = list(h.divisions)
            if chosen is not None:
                inside = [d for d in opts if parents_ok(d, chosen)]
                opts = inside or opts
            if len(opts) > 1:
                if votes is None:
                    votes = _support(text, relative)[0]
                tally = votes
                scored = sorted(opts, key=lambda d: tally[d.code[:4]] * 2 + tally[d.code[:2]], reverse=True)
                top = scored[0]
                if tally[top.code[:4]] * 2 + tally[top.code[:2]] == 0 or (
                        votes[scored[1].code[:4]] * 2 + votes[scored[1].code[:2]]
                        == votes[top.code[:4]] * 2 + votes[top.code[:2]]):
                    # still ambiguous: keep only what all options share
                    if chosen is None or chosen.level == "province":
                        place.county = h.name if top.level == "county" else place.county
                        place.level = _LEVEL[top.level]
                        continue
                opts = [top]
            if chosen is None or opts[0].level != "province" or chosen.level == "province":
                if chosen is None or _rank(opts[0]) >= _rank(chosen):
                    chosen = opts[0]
        if chosen is not None:
            _from_division(chosen, place)
            place.level = _LEVEL[chosen.level]
            place.evidence = "name"
        return place
    zone = find_zone(name) if name else None
    if zone is not None:
        # a zone, a customs district or a vertical body's short place: the curated list or the city's
        # short name places it; its level is not a division's (a zone is none of province/prefecture/county)
        place.in_name = True
        place.province, place.prefecture = zone.province, zone.prefecture
        place.county = zone.name if zone.county_like else None
        pref = next((d for d in g.by_name.get(zone.prefecture or "", ()) if d.province == zone.province), None)
        prov = next((d for d in g.by_name.get(zone.province, ()) if d.level == "province"), None)
        seat = pref or prov
        place.code = seat.code if seat else None
        if zone.kind == "vertical":
            place.level = "prefecture" if zone.prefecture else "provincial"
        place.evidence = f"{zone.kind} '{zone.name}' in the name"
        return place
    # no place in the name: the text decides, province first
    votes, phone_votes, ev = _support(text, relative)
    provs = [(v, k) for k, v in votes.items() if len(k) == 2]
    if not provs:
        if relative:
            place.level = _RELATIVE_LEVEL[relative]
        return place
    _, pcode = max(provs)
    prov = g.by_code.get(pcode + "0000")
    if prov is None:
        return place
    place.province, place.code = prov.name, prov.code
    prefs = [(v, k) for k, v in votes.items() if len(k) == 4 and k[:2] == pcode]
    if prefs:
        _, fcode = max(prefs)
        pref = g.by_code.get(fcode + "00")
        if pref is not None and pref.prefecture:
            place.prefecture, place.code = pref.name, pref.code
            place.prefecture_by_phone = votes[fcode] <= phone_votes[fcode]
    if relative == "市":
        city = _county_city_in_address(text, pcode)
        if city is not None:
            # "市审计局" whose address is in 兴仁市 (a county-level city): the city's bureau, not the prefecture's
            place.county, place.prefecture, place.code = city.name, city.prefecture, city.code
            place.level = "county"
            place.evidence = ", ".join(dict.fromkeys(ev)) or None
            return place
    if relative in ("区", "县", "旗") or (name and name.endswith(("镇", "乡", "街道", "苏木", "办事处", "人民政府"))):
        counties = [(v, k) for k, v in votes.items() if len(k) == 6 and k[:2] == pcode and v >= 20]
        if counties:
            _, ccode = max(counties)
            c = g.by_code[ccode]
            place.county, place.prefecture, place.code = c.name, c.prefecture, c.code
        else:
            for m in [*RE_ADDRESS.finditer(text), *RE_PARENT_NOTICE.finditer(text, 0, 6000)]:
                pm = RE_PSEUDO_COUNTY.search(m.group(1))
                if pm:
                    place.county = pm.group(1)
                    break
                zc = zone_in_address(m.group(1))
                if zc:
                    place.county = zc
                    break
    if relative:
        place.level = _RELATIVE_LEVEL[relative]
    place.evidence = ", ".join(dict.fromkeys(ev)) or None
    return place


def _county_city_in_address(text: str, pcode: str) -> Division | None:
    """The one county-level city (a 市 of county level) the contact address names, inside the province."""
    found = {d.code: d for m in RE_ADDRESS.finditer(text) for h in find_places(text, m.start(1), m.end(1))
             for d in h.divisions if d.level == "county" and d.name.endswith("市") and d.code[:2] == pcode}
    return next(iter(found.values())) if len(found) == 1 else None


def _rank(d: Division) -> int:
    return {"province": 0, "prefecture": 1, "county": 2}[d.level]
