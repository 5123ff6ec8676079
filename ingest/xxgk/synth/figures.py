"""Internally consistent figures for one report, per era, and planted rule violations.

Everything here works on plain dicts ``key -> int | Decimal`` over catalog keys, so the same values
feed the renderer and the ground truth. Rules (DOMAIN.md) that hold unless a violation is planted:
R0 balance, R1 row_total, R2 outcome_total, R3 review_total, R4 non-negative, R5 part ≤ whole,
R7 legacy identities, R8 narrative = table; R6 (carry-over) is handled across years in corpus.py.
"""

from __future__ import annotations

import random
from decimal import Decimal

from xxgk import templates as tpl

# 表三 from the template data: the six applicant columns (and the total)
ALL_COLS = tuple(c.applicant_type for c in tpl.t3_columns())
COLS = ALL_COLS[:-1]                                    # without "total"


def outcome_rows(era: str) -> list[str]:
    return [r.key for r in tpl.t3_group_rows("outcomes", era)]


def t3_rows(era: str) -> list[str]:
    return [r.key for r in tpl.t3_era_rows(era)]


# relative weights of outcomes (a typical body mostly grants or does not hold the information)
_OUTCOME_W = {"granted": 45, "partial": 8, "denied.state_secret": 0.3, "denied.law_prohibited": 0.5,
              "denied.security_stability": 0.3, "denied.third_party": 1.5, "denied.internal_affairs": 1,
              "denied.process_info": 1.5, "denied.enforcement_file": 0.5, "denied.query_matter": 0.5,
              "unable.not_held": 20, "unable.needs_creation": 3, "unable.unclear": 3,
              "rejected.petition": 4, "rejected.duplicate": 3, "rejected.publication": 1,
              "rejected.mass_repeat": 1, "rejected.confirm_reissue": 1, "other_handling": 6,
              "other_handling.no_correction": 3, "other_handling.no_fee": 0.4, "other_handling.misc": 2.6}
_COL_W = (80, 10, 1, 1.5, 4, 3.5)

T4_BLOCKS = tpl.t4_blocks()
T4_PARTS = tuple(c for c in tpl.t4_columns() if c != "total")


def allocate(rng: random.Random, n: int, weights) -> list[int]:
    """Split ``n`` into len(weights) non-negative ints summing to n, noisily proportional."""
    if n <= 0:
        return [0] * len(weights)
    if n <= 12:
        out = [0] * len(weights)
        for i in rng.choices(range(len(weights)), weights=weights, k=n):
            out[i] += 1
        return out
    noisy = [w * rng.uniform(0.3, 1.7) for w in weights]
    s = sum(noisy)
    out = [int(n * w / s) for w in noisy]
    rest = n - sum(out)
    for i in rng.choices(range(len(weights)), weights=noisy, k=rest):
        out[i] += 1
    return out


def scale_draw(rng: random.Random, scale: float) -> int:
    """A count around ``scale`` with a heavy right tail; often 0 for tiny scales."""
    if scale <= 0:
        return 0
    x = rng.lognormvariate(0, 0.8) * scale
    if x < 0.5:
        return 0 if rng.random() < 0.7 else 1
    return int(x)


def make_t3(rng: random.Random, era: str, carried_in: dict[str, int], scale: float) -> dict[str, int]:
    """A 表三 satisfying R0, R1 and R2. ``carried_in`` maps the six columns to last year's carry."""
    v: dict[str, int] = {}
    new_total = scale_draw(rng, scale)
    new = allocate(rng, new_total, _COL_W)
    outs = outcome_rows(era)
    weights = [_OUTCOME_W[r] for r in outs]
    for i, c in enumerate(COLS):
        ci = carried_in.get(c, 0)
        avail = new[i] + ci
        cf = 0
        if avail and rng.random() < 0.35:
            cf = min(avail, max(1, int(avail * rng.uniform(0, 0.12))))
        done = avail - cf
        v[f"t3.new.{c}"] = new[i]
        v[f"t3.carried_in.{c}"] = ci
        v[f"t3.carried_forward.{c}"] = cf
        v[f"t3.total.{c}"] = done
        for r, n in zip(outs, allocate(rng, done, weights)):
            v[f"t3.{r}.{c}"] = n
    for r in t3_rows(era):
        v[f"t3.{r}.total"] = sum(v[f"t3.{r}.{c}"] for c in COLS)
    return v


def make_t4(rng: random.Random, apps: int) -> dict[str, int]:
    v: dict[str, int] = {}
    for b, share in zip(T4_BLOCKS, (0.04, 0.02, 0.01)):
        n = scale_draw(rng, apps * share) if apps else (1 if rng.random() < 0.02 else 0)
        parts = allocate(rng, n, (5, 1.5, 2, 1.5))
        for p, x in zip(T4_PARTS, parts):
            v[f"t4.{b}.{p}"] = x
        v[f"t4.{b}.total"] = n
    return v


def _money(rng: random.Random, scale: float, places: int | None = None) -> Decimal:
    if rng.random() < 0.6:
        return Decimal(0)
    places = rng.choice((0, 1, 2, 2, 4)) if places is None else places
    x = rng.lognormvariate(0, 1.2) * scale
    return Decimal(str(round(x, places))).normalize() if places else Decimal(int(x))


def make_t2(rng: random.Random, era: str, level: str, kind: str, scale: float) -> tuple[dict, set]:
    """表二 values and the keys a body of this kind leaves blank ("/" or empty: no competence)."""
    v: dict = {}
    blank: set[str] = set()
    makes_rules = level in ("national", "provincial") or (level == "prefecture" and kind == "government")
    big = {"national": 50, "provincial": 20, "prefecture": 6, "county": 2, "township": 0.4}[level]
    if era == "v2021":
        for doc in ("regulations", "normative_docs"):
            if doc == "regulations" and not makes_rules:
                if rng.random() < 0.5:
                    blank.update(f"t2.regulations.{c}" for c in ("issued", "repealed", "in_force"))
                for c in ("issued", "repealed", "in_force"):
                    v[f"t2.regulations.{c}"] = 0
                continue
            issued = scale_draw(rng, big * (0.5 if doc == "regulations" else 3))
            repealed = scale_draw(rng, big * 0.5)
            v[f"t2.{doc}.issued"] = issued
            v[f"t2.{doc}.repealed"] = repealed
            v[f"t2.{doc}.in_force"] = issued + scale_draw(rng, big * 10)
        v["t2.licensing.decisions"] = scale_draw(rng, big * 300 * scale)
        v["t2.penalty.decisions"] = scale_draw(rng, big * 40 * scale)
        v["t2.coercion.decisions"] = scale_draw(rng, big * 3 * scale)
        v["t2.fees.amount_10k_yuan"] = _money(rng, big * 20)
    else:
        for doc in ("regulations", "normative_docs"):
            if doc == "regulations" and not makes_rules:
                if rng.random() < 0.5:
                    blank.update(f"t2.regulations.{c}" for c in ("new_made", "new_published", "total_published"))
                for c in ("new_made", "new_published", "total_published"):
                    v[f"t2.regulations.{c}"] = 0
                continue
            made = scale_draw(rng, big * (0.5 if doc == "regulations" else 3))
            pub = min(made, scale_draw(rng, max(made, 1)))
            v[f"t2.{doc}.new_made"] = made
            v[f"t2.{doc}.new_published"] = pub
            v[f"t2.{doc}.total_published"] = pub + scale_draw(rng, big * 10)
        for item, mult in (("licensing", 1), ("other_services", 0.5), ("penalty", 1), ("coercion", 0.3)):
            prev = scale_draw(rng, big * 8 * mult)
            ch = rng.randint(-min(prev, 5), 5) if rng.random() < 0.3 else 0
            v[f"t2.{item}.prev_items"] = prev
            v[f"t2.{item}.change"] = ch
            v[f"t2.{item}.decisions"] = scale_draw(rng, big * 200 * mult * scale) if prev + ch > 0 else 0
        prev = scale_draw(rng, big * 2)
        v["t2.fees.prev_items"] = prev
        v["t2.fees.change"] = rng.randint(-min(prev, 2), 2) if rng.random() < 0.2 else 0
        items = scale_draw(rng, big * 2)
        v["t2.procurement.items"] = items
        v["t2.procurement.amount_yuan"] = (_money(rng, big * 50, places=rng.choice((0, 2))) * 10000
                                           if items else Decimal(0))
    return v, blank


# ---------------------------------------------------------------- pre-2019 统计表

LEGACY_CHANNELS = ("gazette", "website", "weibo", "wechat", "other")
LEGACY_APPLY = ("in_person", "fax", "online", "letter", "other")
LEGACY_REPLY = ("already_public", "granted", "partial", "denied", "not_this_agency", "not_exist",
                "needs_amendment", "other_channel")
LEGACY_DENIED = ("state_secret", "commercial_secret", "privacy", "security_stability", "not_gov_info", "other_law")


def make_legacy(rng: random.Random, level: str, scale: float) -> dict:
    big = {"national": 50, "provincial": 20, "prefecture": 6, "county": 2, "township": 0.4}[level]
    v: dict = {}
    total = scale_draw(rng, big * 60) + 1
    v["legacy.proactive.total"] = total
    v["legacy.proactive.normative_docs"] = min(total, scale_draw(rng, big * 3))
    v["legacy.proactive.normative_docs_issued"] = scale_draw(rng, big * 4)
    for ch, share in zip(LEGACY_CHANNELS, (0.05, 0.9, 0.3, 0.3, 0.1)):
        v[f"legacy.channel.{ch}"] = min(total, int(total * share * rng.uniform(0.3, 1.0)))
    v["legacy.response.hotspots"] = scale_draw(rng, big)
    pc = scale_draw(rng, big)
    v["legacy.response.press_conferences"] = pc
    v["legacy.response.press_conferences_by_head"] = rng.randint(0, pc)
    oi = scale_draw(rng, big * 0.5)
    v["legacy.response.online_interviews"] = oi
    v["legacy.response.online_interviews_by_head"] = rng.randint(0, oi)
    v["legacy.response.interpretations"] = scale_draw(rng, big * 3)
    v["legacy.response.weibo_wechat"] = scale_draw(rng, big * 5)
    v["legacy.response.other"] = scale_draw(rng, big)
    received = scale_draw(rng, scale)
    parts = allocate(rng, received, (3, 0.3, 5, 2, 0.5))
    v["legacy.apply.received"] = received
    for k, x in zip(LEGACY_APPLY, parts):
        v[f"legacy.apply.{k}"] = x
    ext = rng.randint(0, received // 10) if received else 0
    v["legacy.apply.closed"] = received
    v["legacy.apply.closed_on_time"] = received - ext
    v["legacy.apply.closed_extended"] = ext
    reply = allocate(rng, received, (15, 40, 8, 4, 8, 12, 3, 5))
    v["legacy.reply.total"] = received
    for k, x in zip(LEGACY_REPLY, reply):
        v[f"legacy.reply.{k}"] = x
    for k, x in zip(LEGACY_DENIED, allocate(rng, v["legacy.reply.denied"], (1, 2, 3, 1, 3, 2))):
        v[f"legacy.reply.denied.{k}"] = x
    for blk, share in (("review", 0.04), ("suit", 0.02), ("complaint", 0.02)):
        n = scale_draw(rng, received * share)
        v[f"legacy.{blk}.total"] = n
        for k, x in zip(("upheld", "corrected", "other"), allocate(rng, n, (6, 1, 2))):
            v[f"legacy.{blk}.{k}"] = x
    arch = scale_draw(rng, big * 10)
    paper = rng.randint(0, arch)
    v["legacy.archive.total"], v["legacy.archive.paper"], v["legacy.archive.electronic"] = arch, paper, arch - paper
    v["legacy.fees.amount_10k_yuan"] = Decimal(0) if rng.random() < 0.9 else Decimal(rng.randint(1, 300)) / 100
    v["legacy.org.units"] = rng.randint(0, 2)
    v["legacy.org.inquiry_points"] = rng.randint(0, 5)
    full, part = rng.randint(0, 4), rng.randint(0, 6)
    v["legacy.org.staff"], v["legacy.org.staff_full_time"], v["legacy.org.staff_part_time"] = full + part, full, part
    v["legacy.org.budget_10k_yuan"] = _money(rng, big * 2, places=rng.choice((0, 1, 2)))
    v["legacy.meeting.meetings"] = rng.randint(0, 6)
    tr = rng.randint(0, 5)
    v["legacy.meeting.trainings"] = tr
    v["legacy.meeting.trainees"] = tr * rng.randint(10, 80)
    return v


# ---------------------------------------------------------------- rule checks (used by tests and truth)

LEGACY_IDENTITIES = (
    ("legacy.apply.received", [f"legacy.apply.{k}" for k in LEGACY_APPLY]),
    ("legacy.apply.closed", ["legacy.apply.closed_on_time", "legacy.apply.closed_extended"]),
    ("legacy.reply.total", [f"legacy.reply.{k}" for k in LEGACY_REPLY]),
    ("legacy.reply.denied", [f"legacy.reply.denied.{k}" for k in LEGACY_DENIED]),
    ("legacy.review.total", [f"legacy.review.{k}" for k in ("upheld", "corrected", "other")]),
    ("legacy.suit.total", [f"legacy.suit.{k}" for k in ("upheld", "corrected", "other")]),
    ("legacy.complaint.total", [f"legacy.complaint.{k}" for k in ("upheld", "corrected", "other")]),
    ("legacy.archive.total", ["legacy.archive.paper", "legacy.archive.electronic"]),
    ("legacy.org.staff", ["legacy.org.staff_full_time", "legacy.org.staff_part_time"]),
)
LEGACY_PARTS = (
    [("legacy.proactive.total", f"legacy.channel.{c}") for c in LEGACY_CHANNELS]
    + [("legacy.proactive.total", "legacy.proactive.normative_docs"),
       ("legacy.response.press_conferences", "legacy.response.press_conferences_by_head"),
       ("legacy.response.online_interviews", "legacy.response.online_interviews_by_head")]
)


def rule_failures(v: dict, era: str) -> list[tuple[str, str]]:
    """(rule, key) for every rule that fails over the *known* values in ``v`` (missing = unknown)."""
    out: list[tuple[str, str]] = []

    def known(*keys):
        return all(v.get(k) is not None for k in keys)

    if era in ("v2019", "v2021"):
        rows = t3_rows(era)
        for c in ALL_COLS:
            ks = [f"t3.new.{c}", f"t3.carried_in.{c}", f"t3.total.{c}", f"t3.carried_forward.{c}"]
            if known(*ks) and v[ks[0]] + v[ks[1]] != v[ks[2]] + v[ks[3]]:
                out.append(("balance", f"t3.carried_forward.{c}"))
            oks = [f"t3.{r}.{c}" for r in outcome_rows(era)]
            if known(f"t3.total.{c}", *oks) and v[f"t3.total.{c}"] != sum(v[k] for k in oks):
                out.append(("outcome_total", f"t3.total.{c}"))
        for r in rows:
            ks = [f"t3.{r}.{c}" for c in COLS]
            if known(f"t3.{r}.total", *ks) and v[f"t3.{r}.total"] != sum(v[k] for k in ks):
                out.append(("row_total", f"t3.{r}.total"))
        for b in T4_BLOCKS:
            ks = [f"t4.{b}.{p}" for p in T4_PARTS]
            if known(f"t4.{b}.total", *ks) and v[f"t4.{b}.total"] != sum(v[k] for k in ks):
                out.append(("review_total", f"t4.{b}.total"))
    else:
        for whole, parts in LEGACY_IDENTITIES:
            if known(whole, *parts) and v[whole] != sum(v[k] for k in parts):
                out.append(("legacy_identity", whole))
        for whole, part in LEGACY_PARTS:
            if known(whole, part) and v[part] > v[whole]:
                out.append(("part_exceeds_whole", part))
    signed = tpl.signed_keys()
    for k, x in v.items():
        if x is not None and x < 0 and k not in signed:
            out.append(("invalid_value", k))
    return out


def plant(rng: random.Random, v: dict, era: str, kind: str) -> list[dict]:
    """Break one rule on purpose in ``v`` (in place); return the expected findings."""
    k = rng.randint(1, 9)
    if kind == "balance":  # new + carried_in != total + carried_forward, rows still add up
        c = rng.choice(COLS)
        v[f"t3.new.{c}"] += k
        v["t3.new.total"] += k
        return [{"rule": "balance", "key": f"t3.carried_forward.{c}", "why": f"本年新收 {c} raised by {k}"},
                {"rule": "balance", "key": "t3.carried_forward.total", "why": f"本年新收 总计 raised by {k}"}]
    if kind == "row_total":  # move k between two outcome rows of one column: both rows' 总计 are off
        c = rng.choice(COLS)
        rows = [r for r in outcome_rows(era) if v[f"t3.{r}.{c}"] > 0]
        if rows:
            r1 = rng.choice(rows)
            r2 = rng.choice([r for r in outcome_rows(era) if r != r1])
            k = min(k, v[f"t3.{r1}.{c}"])
            v[f"t3.{r1}.{c}"] -= k
            v[f"t3.{r2}.{c}"] += k
            return [{"rule": "row_total", "key": f"t3.{r1}.total", "why": f"{c} moved {k} to {r2}"},
                    {"rule": "row_total", "key": f"t3.{r2}.total", "why": f"{c} took {k} from {r1}"}]
        v[f"t3.new.{c}"] += k  # nothing to move: a 本年新收 cell raised without its 总计
        return [{"rule": "row_total", "key": "t3.new.total", "why": f"新收 {c} raised by {k}"},
                {"rule": "balance", "key": f"t3.carried_forward.{c}", "why": f"新收 {c} raised by {k}"}]
    if kind == "outcome_total":  # an outcome row raised in one column and its total: 总计 row is short
        r = rng.choice(outcome_rows(era))
        c = rng.choice(COLS)
        v[f"t3.{r}.{c}"] += k
        v[f"t3.{r}.total"] += k
        return [{"rule": "outcome_total", "key": f"t3.total.{c}", "why": f"{r} raised by {k}"},
                {"rule": "outcome_total", "key": "t3.total.total", "why": f"{r} total raised by {k}"}]
    if kind == "review_total":
        b = rng.choice(T4_BLOCKS)
        v[f"t4.{b}.total"] += k
        return [{"rule": "review_total", "key": f"t4.{b}.total", "why": f"总计 exceeds its parts by {k}"}]
    if kind == "legacy_identity":
        v["legacy.apply.received"] += k
        v["legacy.apply.closed"] += k
        v["legacy.apply.closed_on_time"] += k
        v["legacy.reply.total"] += k
        v["legacy.reply.granted"] += k
        return [{"rule": "legacy_identity", "key": "legacy.apply.received",
                 "why": f"收到申请数 exceeds the sum of its channels by {k}"}]
    if kind == "part_exceeds_whole":
        c = rng.choice(("website", "wechat", "weibo"))
        v[f"legacy.channel.{c}"] = v["legacy.proactive.total"] + k * 7
        return [{"rule": "part_exceeds_whole", "key": f"legacy.channel.{c}",
                 "why": "a channel count exceeds 主动公开政府信息数"}]
    raise ValueError(kind)


PLANTABLE = {"v2019": ("balance", "row_total", "outcome_total", "review_total"),
             "v2021": ("balance", "row_total", "outcome_total", "review_total"),
             "pre2019": ("legacy_identity", "part_exceeds_whole")}
