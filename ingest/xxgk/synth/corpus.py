"""A synthetic national corpus: reporting bodies over years, rendered in every layout, with ground truth.

``generate_corpus(n, out_dir, seed)`` writes ``n`` report files under ``out_dir/reports/<year>/`` and
the ground truth of each as one line of ``out_dir/truth.jsonl`` (golden format, tests/fixtures/golden,
plus a ``synth`` block saying how it was rendered). The same seed gives the same bytes, whatever the
number of worker processes: every body draws from its own ``Random(f"{seed}:{body}")``.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from xxgk.synth import divisions as dv
from xxgk.synth.figures import (COLS, PLANTABLE, make_legacy, make_t2, make_t3, make_t4, plant)
from xxgk.synth.render import LAYOUTS, render_report

LAYOUT_WEIGHTS = {"pipe": 20, "markdown": 10, "cell_per_line": 20, "cell_per_line_pipe": 20,
                  "alternating_pipe": 10, "html": 20, "fused": 8}
# damage that would make the fused layout's truth a guess (labels lost or split, cells merged or dropped)
NOT_FUSED = ("merged_digits", "drop_empty", "label_loss", "split_headers", "stray_spaces")
DAMAGE_P = {"blank_cells": 0.15, "drop_empty": 0.3, "merged_digits": 0.06, "label_loss": 0.05,
            "split_headers": 0.15, "truncate": 0.08, "traditional": 0.04, "spam": 0.03, "spam_name": 0.01,
            "wrong_unit": 0.01, "no_title": 0.06, "title_no_year": 0.08, "anonymous": 0.03,
            "table_year_mismatch": 0.1, "stray_spaces": 0.1, "chrome": 0.3,
            "signature_only": 0.04}
P_PLANT = 0.04          # a rule violation planted in a report
P_CARRY_BREAK = 0.03    # 上年结转 differs from last year's 结转下年度 (R6)
P_NARRATIVE_OFF = 0.02  # narrative 收到申请 differs from the table (R8)
P_DUPLICATE = 0.02      # a body published a second report for the same year


@dataclass
class SynthSummary:
    reports: int = 0
    bodies: int = 0
    bytes: int = 0
    out_dir: str = ""
    truth_file: str = ""
    by_era: dict = field(default_factory=dict)
    by_layout: dict = field(default_factory=dict)
    by_damage: dict = field(default_factory=dict)
    by_suffix: dict = field(default_factory=dict)
    planted: dict = field(default_factory=dict)
    duplicates: int = 0
    min_bytes: int = 0
    max_bytes: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- bodies

def make_body(rng: random.Random, body_id: int) -> dict:
    """A reporting body: name forms, jurisdiction, contact details and an activity scale."""
    pref = rng.choice(dv.PREFECTURES)
    county = rng.choice(pref.counties)
    u = rng.random()
    level = ("national" if u < 0.02 else "provincial" if u < 0.07 else "prefecture" if u < 0.25
             else "county" if u < 0.65 else "township")
    kind = "department"
    p_name = pref.name or ""
    prov = pref.province
    short = None
    if level == "national":
        name = rng.choice(dv.NATIONAL_BODIES)
        prov = p_name = county = None  # type: ignore[assignment]  # a national body has no place
        scale = rng.uniform(50, 3000)
    elif level == "provincial":
        if rng.random() < 0.3:
            name, kind = f"{prov}人民政府", "government"
        else:
            name = prov + rng.choice(dv.PROVINCE_DEPARTMENTS)
        county = None  # type: ignore[assignment]  # a provincial body has none
        p_name = None  # type: ignore[assignment]
        scale = rng.uniform(20, 800)
    elif level == "prefecture":
        if pref.name is None:  # a municipality's district-level bodies are county-level: re-draw as county
            level = "county"
        else:
            if rng.random() < 0.2:
                name, kind = f"{pref.name}人民政府", "government"
            else:
                name = pref.name + rng.choice(dv.CITY_DEPARTMENTS)
            county = None  # type: ignore[assignment]  # a prefecture body has none
            short = "市" + name[len(pref.name):] if kind == "department" and rng.random() < 0.25 else None
            scale = rng.uniform(3, 150)
    if level == "county":
        dept = "人民政府" if rng.random() < 0.2 else rng.choice(dv.COUNTY_DEPARTMENTS)
        kind = "government" if dept == "人民政府" else "department"
        name = (pref.name or prov) + county + dept if rng.random() < 0.5 else county + dept
        if kind == "department" and rng.random() < 0.25:
            short = county[-1] + dept
        scale = rng.uniform(0.3, 30)
    elif level == "township":
        stem = rng.choice(dv.TOWN_STEMS)
        town = stem + ("街道办事处" if rng.random() < 0.4 else rng.choice(("镇人民政府", "乡人民政府", "镇人民政府")))
        kind = "government"
        name = (pref.name or prov) + county + town if rng.random() < 0.4 else county + town
        if rng.random() < 0.3:
            short = town
        scale = rng.uniform(0, 2.5)
    road = rng.choice(pref.roads)
    address = f"{pref.name or prov}{county or ''}{road}{rng.randint(1, 999)}号" if level != "national" else \
        f"北京市{rng.choice(('东城区', '西城区', '朝阳区', '海淀区'))}{rng.choice(('建国门内大街', '长安街', '西直门外大街'))}{rng.randint(1, 99)}号"
    code = pref.area_code if level != "national" else "010"
    phone = rng.choice((f"{code}-{rng.randint(2000000, 8999999)}", f"（{code}）{rng.randint(2000000, 8999999)}",
                        f"{code}—{rng.randint(2000000, 8999999)}"))
    return {"body_id": body_id, "name": name, "short_name": short, "level": level, "kind": kind,
            "province": prov, "prefecture": p_name or None, "county": county, "pref_province": pref.province,
            "pref_name": pref.name, "address": address, "phone": phone, "area_code": code, "scale": scale,
            "postcode": f"{rng.randint(10, 85)}{rng.randint(0, 9999):04d}"}


def _agency_truth(body: dict, contact: bool, rng: random.Random) -> tuple[dict, dict]:
    """The agency block a careful reader can fill from the text, and render hints."""
    level, kind = body["level"], body["kind"]
    hint = {"phone": None, "address": None, "postcode": None}
    ag = {"name": body["name"], "aliases": [], "province": body["province"], "prefecture": body["prefecture"],
          "county": body["county"] if level in ("county", "township") else None, "level": level, "kind": kind}
    short = body["short_name"]
    need_contact = short is not None or (level in ("county", "township") and body["prefecture"] is not None
                                         and body["prefecture"] not in body["name"])
    if contact or need_contact:
        if rng.random() < 0.6 or level == "national" or short:
            hint["phone"] = body["phone"]
        else:
            hint["address"] = body["address"]
            hint["postcode"] = body["postcode"]
        if need_contact and not hint["phone"] and body["prefecture"] is None and short:
            hint["phone"] = body["phone"]
    # a county name several provinces share, with no contact details and no place above it in the name
    # ("朝阳区李庄镇人民政府"), does not place the body
    if (level in ("county", "township") and not (hint["phone"] or hint["address"])
            and body["county"] in dv.AMBIGUOUS_COUNTIES
            and not any(p and p in body["name"] for p in (body["prefecture"], body["province"]))):
        ag["province"] = ag["prefecture"] = None
    # what the contact details alone establish (for a body the text never names): an area code that
    # several prefectures share (028: 成都, 眉山, 资阳) places the province only
    shared = bool(hint["phone"]) and not hint["address"] and body["area_code"] in dv.SHARED_AREA_CODES and body["prefecture"] is not None
    hint["contact_province"] = ag["province"]
    hint["contact_prefecture"] = None if shared else ag["prefecture"]
    if short:
        hint["short_name"] = short
        if level in ("county", "township") and body["county"] in body["name"]:
            hint["full_county"] = body["county"]
        if body["pref_name"] and body["pref_name"] in body["name"]:
            hint["full_prefecture"], hint["full_province"] = body["pref_name"], body["province"]
        hint["signature_name"] = body["name"]
        ag["name"] = short
        ag["aliases"] = [body["name"]]
        if body["county"] and body["county"] not in short and level in ("county", "township"):
            ag["county"] = None
        if not (hint["phone"] or (hint["address"] and body["pref_name"])):
            ag["prefecture"] = None
            ag["province"] = None if not hint["address"] else body["province"]
        elif shared and body["prefecture"] not in short:
            ag["prefecture"] = None
        # "市统计局" of a county-level city (建德市) reads like a prefecture's bureau: the text cannot tell
        if short.startswith("市") and level == "county":
            ag["level"] = None
    return ag, hint


# ---------------------------------------------------------------- one body-year

def _era(year: int) -> str:
    return "pre2019" if year < 2019 else "v2019" if year < 2021 else "v2021"


def _narrative(rng: random.Random, era: str, v: dict, body: dict, year: int) -> dict:
    n: dict = {}
    big = {"national": 50, "provincial": 20, "prefecture": 6, "county": 2, "township": 0.4}[body["level"]]
    if era == "pre2019" and "legacy.proactive.total" in v:
        n["narrative.proactive.total"] = v["legacy.proactive.total"]
        n["narrative.proactive.normative_docs"] = v["legacy.proactive.normative_docs"]
        n["narrative.apply.received"] = v["legacy.apply.received"]
        n["narrative.review.total"] = v["legacy.review.total"]
        n["narrative.suit.total"] = v["legacy.suit.total"]
        n["narrative.fees.amount_yuan"] = v["legacy.fees.amount_10k_yuan"] * 10000
    elif era == "pre2019":
        n["narrative.proactive.total"] = int(rng.lognormvariate(0, 1) * big * 60) + 1
        n["narrative.proactive.normative_docs"] = int(rng.lognormvariate(0, 1) * big * 2)
        n["narrative.apply.received"] = int(rng.lognormvariate(0, 1) * body["scale"] * 0.5)
        n["narrative.review.total"] = 0 if rng.random() < 0.9 else rng.randint(1, 3)
        n["narrative.suit.total"] = 0 if rng.random() < 0.93 else rng.randint(1, 2)
        n["narrative.fees.amount_yuan"] = Decimal(0)
    else:
        n["narrative.proactive.total"] = int(rng.lognormvariate(0, 1) * big * 80) + 1
        n["narrative.proactive.interpretations"] = int(rng.lognormvariate(0, 1) * big * 3)
        n["narrative.apply.received"] = v["t3.new.total"]
        n["narrative.staff.total"] = rng.randint(1, 6)
        n["narrative.fees.amount_yuan"] = Decimal(0)
    # a report states only some of them
    keep = {k: x for k, x in n.items() if rng.random() < 0.85}
    return keep


def body_truths(seed: int, body: dict, years: list[int], rng: random.Random, plant_ok: bool = True) -> list[dict]:
    """Truth dicts (before rendering) for one body's reports, carrying 表三 over from year to year."""
    out = []
    carried: dict[str, int] | None = None
    for year in years:
        era = _era(year)
        findings: list[dict] = []
        synth: dict = {"body_id": body["body_id"]}
        v: dict = {}
        blank: set = set()
        if era == "pre2019":
            if year >= 2014 and rng.random() < 0.7:
                v = make_legacy(rng, body["level"], body["scale"])
            carried = None
        else:
            if carried is None:
                ci = {c: (rng.randint(0, 2) if rng.random() < 0.2 * min(body["scale"], 5) else 0) for c in COLS}
            else:
                ci = dict(carried)
                if rng.random() < P_CARRY_BREAK:
                    c = rng.choice(COLS)
                    ci[c] += rng.randint(1, 5)
                    synth["planted_carry_over"] = c
            v = make_t3(rng, era, ci, body["scale"])
            v.update(make_t4(rng, v["t3.new.total"]))
            t2, blank = make_t2(rng, era, body["level"], body["kind"], max(body["scale"], 0.5) / 5)
            v.update(t2)
            carried = {c: v[f"t3.carried_forward.{c}"] for c in COLS}
        planted = None
        if v and rng.random() < P_PLANT and plant_ok:
            planted = rng.choice(PLANTABLE[era])
            plant(rng, v, era, planted)  # findings are recomputed from the recoverable facts at render
            synth["planted"] = planted
            if era != "pre2019":
                carried = {c: v[f"t3.carried_forward.{c}"] for c in COLS}
        narr = _narrative(rng, era, v, body, year)
        if era != "pre2019" and "narrative.apply.received" in narr and rng.random() < P_NARRATIVE_OFF:
            narr["narrative.apply.received"] = v["t3.new.total"] + rng.randint(1, 20)
            findings.append({"rule": "narrative_mismatch", "key": "narrative.apply.received",
                             "why": "prose states a different number of new applications than 表三"})
            synth["planted_narrative"] = True
        facts = {k: x for k, x in v.items() if k not in blank}
        facts.update(narr)
        pub_m, pub_d = rng.choice((1, 1, 1, 2, 3, 3, 4)), rng.randint(1, 28)
        ag, hint = _agency_truth(body, rng.random() < 0.7, rng)
        hint.update(synth)
        hint["date_line"] = rng.random() < 0.6
        hint["signature_date"] = rng.random() < 0.5
        hint["signature"] = rng.random() < 0.8
        hint["blank"] = rng.choice(("", "/", "-", "—")) if blank or rng.random() < 0.5 else ""
        hint["filler"] = min(int(rng.expovariate(1 / 4)), 30)
        out.append({"file": None, "agency": ag, "report_year": year, "published": f"{year + 1}-{pub_m:02d}-{pub_d:02d}",
                    "era": era, "facts": facts, "nulls": sorted(blank), "expected_findings": findings,
                    "synth": hint})
    return out


def choose_style(rng: random.Random, era: str, layouts: tuple[str, ...] | None = None) -> tuple[str, list[str]]:
    weights = {k: w for k, w in LAYOUT_WEIGHTS.items() if layouts is None or k in layouts}
    layout = rng.choices(list(weights), weights=list(weights.values()))[0]
    dmg = [d for d, p in DAMAGE_P.items() if rng.random() < p]
    if layout == "fused":
        dmg = [d for d in dmg if d not in NOT_FUSED]
    if "drop_empty" in dmg and ("blank_cells" not in dmg or layout == "html"):
        dmg.remove("drop_empty")
    if layout == "html":
        dmg = [d for d in dmg if d not in ("merged_digits", "split_headers")]
    if era != "pre2019":
        dmg = [d for d in dmg if d != "table_year_mismatch"]
    if "anonymous" in dmg:
        dmg = [d for d in dmg if d not in ("signature_only", "spam_name")]
    return layout, dmg


# ---------------------------------------------------------------- the corpus

def plan(n: int, seed: int) -> list[tuple[int, list[int]]]:
    """(body id, consecutive report years) until n reports are planned: cheap, sequential, deterministic."""
    rng = random.Random(f"{seed}:plan")
    out = []
    total = 0
    bid = 0
    while total < n:
        k = min(n - total, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)))
        start = rng.choices(range(2008, 2025), weights=[1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 5, 5, 6, 6, 6, 6])[0]
        start = min(start, 2025 - k)
        years = []
        for y in range(start, start + k):
            years.append(y)
            if rng.random() < P_DUPLICATE and total + len(years) < n:
                years.append(y)  # the body published two reports for this year
        out.append((bid, years))
        total += len(years)
        bid += 1
    return out


def _render_body(seed: int, bid: int, years: list[int],
                 layouts: tuple[str, ...] | None = None) -> list[tuple[dict, str, str]]:
    """All reports of one body, in year order; a repeated year is a second report for that year."""
    rng = random.Random(f"{seed}:{bid}")
    body = make_body(rng, bid)
    items = []
    # a corpus of fused tables only has no planted violations (see synth/fused.py: a fused table that
    # breaks its identities can be split wrongly by any reader who trusts them)
    truths = body_truths(seed, body, sorted(set(years)), rng, plant_ok=layouts != ("fused",))
    by_year = {t["report_year"]: t for t in truths}
    seen: set[int] = set()
    for y in years:
        t = by_year[y]
        if y in seen:  # a second report for the same year (a mirror copy, in another layout)
            t = copy.deepcopy(t)
            t["synth"]["duplicate"] = True
        seen.add(y)
        layout, dmg = choose_style(rng, t["era"], layouts)
        if layout == "fused" and t["synth"].get("planted") and (layouts is None or "pipe" in layouts):
            layout = "pipe"       # fused only where the tables obey their identities (synth/fused.py)
        items.append(_render_sized(t, layout, dmg, rng))
    # R6 over what the texts state: 结转下年度 (t) vs 上年结转 (t+1), primary reports only
    primaries = [r for r in items if not r[0]["synth"].get("duplicate")]
    for a, b in zip(primaries, primaries[1:]):
        ta, tb = a[0], b[0]
        if tb["report_year"] != ta["report_year"] + 1:
            continue
        for c in (*COLS, "total"):
            x, y = ta["facts"].get(f"t3.carried_forward.{c}"), tb["facts"].get(f"t3.carried_in.{c}")
            if x is not None and y is not None and x != y:
                tb["expected_findings"].append({"rule": "carry_over", "key": f"t3.carried_in.{c}",
                                                "why": f"{ta['report_year']} 结转下年度 {x} != 上年结转 {y}"})
    return items


def _render_sized(t: dict, layout: str, dmg: list[str], rng: random.Random):
    """Render, keeping the file within 2–40 KB by adjusting filler paragraphs."""
    state = rng.getstate()
    for _ in range(6):
        rng.setstate(state)
        r = render_report(t, layout, rng, dmg)
        size = len(r.text.encode("utf-8"))
        if size < 2200:
            t["synth"]["filler"] = t["synth"].get("filler", 3) + 2 + (2200 - size) // 700
        elif size > 39000:
            t["synth"]["filler"] = max(0, t["synth"].get("filler", 3) - 1 - (size - 39000) // 900)
        else:
            break
    return r.truth, r.text, r.suffix


def _num(x):
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    raise TypeError(type(x))


def _write_batch(args) -> tuple[list[str], Counter, int, int, int]:
    """Render a batch of bodies; write their files; return truth lines (in order) and stats."""
    seed, out_dir, batch, layouts = args
    out = Path(out_dir)
    lines = []
    stats: Counter = Counter()
    nbytes = 0
    mn, mx = 1 << 30, 0
    made_dirs: set = set()
    for bid, years, first_index in batch:
        idx = first_index
        for truth, text, suffix in _render_body(seed, bid, years, layouts):
            h = _hex(seed, bid, idx)
            name = f"s{idx:07d}_{h}{suffix}"
            truth["file"] = name
            year = truth["report_year"]
            d = out / "reports" / str(year)
            if year not in made_dirs:
                d.mkdir(parents=True, exist_ok=True)
                made_dirs.add(year)
            data = text.encode("utf-8")
            (d / name).write_bytes(data)
            nbytes += len(data)
            mn, mx = min(mn, len(data)), max(mx, len(data))
            s = truth["synth"]
            stats["era:" + truth["era"]] += 1
            stats["layout:" + s["layout"]] += 1
            stats["suffix:" + suffix] += 1
            for dmg in s["damage"]:
                stats["damage:" + dmg] += 1
            for f in truth["expected_findings"]:
                stats["finding:" + f["rule"]] += 1
            if s.get("duplicate"):
                stats["duplicates"] += 1
            truth["synth"] = {k: v for k, v in s.items() if v is not None}
            lines.append(json.dumps(truth, ensure_ascii=False, default=_num, separators=(",", ":")))
            idx += 1
    return lines, stats, nbytes, mn, mx


def _hex(seed: int, bid: int, idx: int) -> str:
    import hashlib
    return hashlib.blake2b(f"{seed}:{bid}:{idx}".encode(), digest_size=8).hexdigest()


def generate_corpus(n: int, out_dir: Path, seed: int = 0, jobs: int | None = None,
                    layouts: tuple[str, ...] | None = None) -> SynthSummary:
    """Write ``n`` (or a few more, see below) synthetic reports and their truth under ``out_dir``.
    ``layouts`` (of LAYOUTS) renders every report in one of those layouts, with the damage it would have had
    (the sources of the PDF and Word renderings: xxgk.synth.formats).

    Layout: ``out_dir/reports/<year>/s<index>_<hash>.txt|.html``, ``out_dir/truth.jsonl`` (one golden-format
    object per report, in file-index order) and ``out_dir/summary.json``. Reports a body published twice
    for one year come on top of ``n`` (about 2%); ``SynthSummary.reports`` is the exact count.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bodies = plan(n, seed)
    # indices: each body gets a block; duplicates need room, so index by body with a stride
    batches: list[list[tuple[int, list[int], int]]] = []
    cur: list = []
    first = 0
    for bid, years in bodies:
        cur.append((bid, years, first))
        first += len(years)
        if len(cur) >= 50:
            batches.append(cur)
            cur = []
    if cur:
        batches.append(cur)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    args = [(seed, str(out_dir), b, layouts) for b in batches]
    stats: Counter = Counter()
    summ = SynthSummary(out_dir=str(out_dir), truth_file=str(out_dir / "truth.jsonl"), bodies=len(bodies))
    mn, mx = 1 << 30, 0
    tmp = out_dir / "truth.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        results: Iterator[tuple[list[str], Counter, int, int, int]]
        if jobs <= 1 or len(batches) < 2:
            results = map(_write_batch, args)
            pool = None
        else:
            from concurrent.futures import ProcessPoolExecutor
            pool = ProcessPoolExecutor(max_workers=jobs)
            results = pool.map(_write_batch, args)
        try:
            for lines, st, nb, a, b in results:
                for line in lines:
                    fh.write(line + "\n")
                summ.reports += len(lines)
                summ.bytes += nb
                stats.update(st)
                mn, mx = min(mn, a), max(mx, b)
        finally:
            if pool:
                pool.shutdown()
    tmp.replace(out_dir / "truth.jsonl")
    for k, v in sorted(stats.items()):
        group, _, name = k.partition(":")
        target = {"era": summ.by_era, "layout": summ.by_layout, "damage": summ.by_damage,
                  "suffix": summ.by_suffix, "finding": summ.planted}.get(group)
        if target is not None:
            target[name] = v
    summ.duplicates = stats.get("duplicates", 0)
    summ.min_bytes, summ.max_bytes = (mn if summ.reports else 0), mx
    stable = {k: v for k, v in summ.to_dict().items() if k not in ("out_dir", "truth_file")}
    (out_dir / "summary.json").write_text(json.dumps(stable, ensure_ascii=False, indent=1), encoding="utf-8")
    return summ


def sample_truth(rng: random.Random, era: str | None = None, year: int | None = None) -> dict:
    """One consistent truth dict (not yet rendered), for property tests: feed it to ``render_report``."""
    if year is None:
        year = {"pre2019": rng.randint(2014, 2018), "v2019": rng.randint(2019, 2020),
                "v2021": rng.randint(2021, 2024), None: rng.randint(2014, 2024)}[era]
    body = make_body(rng, rng.randint(0, 10**6))
    return body_truths(0, body, [year], rng)[0]


__all__ = ["generate_corpus", "SynthSummary", "sample_truth", "render_report", "LAYOUTS", "make_body", "plan",
           "export_golden"]


def export_golden(truth_jsonl: Path, folder: Path, limit: int | None = None) -> int:
    """Split truth.jsonl into one golden JSON file per report (for tests/fixtures/score.py --golden)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(truth_jsonl, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and n >= limit:
                break
            t = json.loads(line)
            stem = t["file"].rsplit(".", 1)[0]
            (folder / f"{stem}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1), encoding="utf-8")
            n += 1
    return n
