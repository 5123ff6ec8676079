"""Jurisdictions that are not GB/T 2260 divisions: economic and high-tech zones, national new areas,
comprehensive experimental zones, customs districts — and places written in short form inside the
names of zones and vertically managed bodies ("西安高新区", "国家统计局南京调查队").

Data: ``xxgk/data/jurisdictions_extra.csv`` (curated: name, aliases, kind, province, prefecture,
county_like — whether bodies inside it treat it as their county, like 重庆's 万盛经开区). Zones named
after their city ("渭南经开区", "长沙高新技术产业开发区") need no row: the city's short name places them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from xxgk.parse.metadata.gazetteer import DATA, Division, gazetteer
from xxgk.parse.metadata.vocab import VERTICAL_PREFIXES, ZONE_WORDS


@dataclass(frozen=True, slots=True)
class Zone:
    name: str                  # as the curated list or the text writes it
    kind: str                  # new_area | economic_zone | comprehensive_zone | customs | … | city_zone | vertical
    province: str
    prefecture: str | None
    county_like: bool = False  # bodies inside it name it as their county ("万盛经开区东林街道")


@cache
def _curated() -> tuple[dict[str, Zone], re.Pattern[str] | None]:
    by_form: dict[str, Zone] = {}
    with (DATA / "jurisdictions_extra.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            z = Zone(r["name"], r["kind"], r["province"], r["prefecture"] or None, bool(r["county_like"]))
            for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
                by_form.setdefault(form, z)
    if not by_form:
        return by_form, None
    forms = sorted(by_form, key=len, reverse=True)
    return by_form, re.compile("|".join(map(re.escape, forms)))


@cache
def _city_zone() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(ZONE_WORDS, key=len, reverse=True)))
    return re.compile(rf"([\u4e00-\u9fa5]{{2,7}}?)(?:{words})")


@cache
def _vertical() -> re.Pattern[str]:
    prefixes = "|".join(map(re.escape, sorted(VERTICAL_PREFIXES, key=len, reverse=True)))
    return re.compile(rf"^(?:{prefixes})([\u4e00-\u9fa5]{{2,4}})")


# a pilot free-trade zone is named after its province: "中国(浙江)自由贸易试验区舟山片区"
_FREE_TRADE_ZONE = re.compile(r"^中国\(([\u4e00-\u9fa5]{2,3})\)(?:自由贸易试验区|自由贸易港)")


def _short_place(s: str) -> Division | None:
    """The province or prefecture whose short name ("南京", "内蒙古") ``s`` opens with, if one alone."""
    g = gazetteer()
    for k in (4, 3, 2):
        ds = g.short.get(s[:k])
        if ds and len(ds) == 1:
            return ds[0]
    return None


def _zone_of(d: Division, name: str, kind: str) -> Zone:
    return Zone(name, kind, d.province, d.name if d.level == "prefecture" and d.prefecture else None)


def find_zone(name: str) -> Zone | None:
    """The non-division jurisdiction a body's name places it in, if any: a curated one named in it, a
    zone named after its city at its start, or a vertically managed body's short place name."""
    by_form, rx = _curated()
    if rx is not None:
        m = rx.search(name)
        if m:
            return by_form[m.group(0)]
    m = _FREE_TRADE_ZONE.match(name)
    if m:
        d = _short_place(m.group(1))
        if d is not None and d.level == "province":
            return Zone(m.group(0), "free_trade_zone", d.province, None)
    m = _city_zone().match(name)
    if m:
        d = _short_place(m.group(1))
        if d is not None and len(m.group(1)) == len(d.name) - _suffix_len(d.name):
            return _zone_of(d, m.group(0), "city_zone")
    m = _vertical().match(name)
    if m:
        d = _short_place(m.group(1))
        if d is not None:
            return _zone_of(d, m.group(0), "vertical")
    return None


def _suffix_len(name: str) -> int:
    for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市", "地区", "盟"):
        if name.endswith(suf):
            return len(suf)
    return 0


def zone_in_address(address: str) -> str | None:
    """A curated zone that acts as a county ("重庆市万盛经开区…"), named in an address."""
    by_form, rx = _curated()
    if rx is None:
        return None
    for m in rx.finditer(address):
        z = by_form[m.group(0)]
        if z.county_like:
            return z.name
    return None
