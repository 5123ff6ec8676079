"""The synthetic corpus generator (issue #6): determinism, truth consistency, coverage, sizes, parseability."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from xxgk.synth import DAMAGES, LAYOUTS, generate_corpus, render_report, sample_truth
from xxgk.synth.figures import rule_failures

N = 400


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "c"
    summ = generate_corpus(N, out, seed=11, jobs=2)
    truths = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, summ, truths


def test_exact_count_and_truth_per_file(corpus):
    out, summ, truths = corpus
    files = sorted(p.name for p in (out / "reports").rglob("*") if p.is_file())
    assert summ.reports == N == len(files) == len(truths)
    assert sorted(t["file"] for t in truths) == files


def test_same_seed_same_bytes_whatever_the_workers(corpus, tmp_path):
    out, _, _ = corpus
    again = tmp_path / "again"
    generate_corpus(N, again, seed=11, jobs=1)
    assert _digest(again) == _digest(out)
    other = tmp_path / "other"
    generate_corpus(50, other, seed=12, jobs=1)
    assert (other / "truth.jsonl").read_bytes()[:2000] != (out / "truth.jsonl").read_bytes()[:2000]


def test_every_era_layout_and_common_damage(corpus):
    _, summ, truths = corpus
    assert set(summ.by_era) == {"pre2019", "v2019", "v2021"}
    assert set(summ.by_layout) == set(LAYOUTS)
    common = {"blank_cells", "merged_digits", "truncate", "traditional", "spam", "no_title", "title_no_year",
              "split_headers", "label_loss", "stray_spaces", "chrome", "signature_only", "drop_empty"}
    assert common <= set(summ.by_damage), common - set(summ.by_damage)
    assert summ.duplicates >= 1
    assert {".txt", ".html"} == set(summ.by_suffix)


def test_sizes_in_range(corpus):
    out, summ, _ = corpus
    sizes = [p.stat().st_size for p in (out / "reports").rglob("*") if p.is_file()]
    assert min(sizes) >= 2000 and max(sizes) <= 40 * 1024, (min(sizes), max(sizes))


def test_rules_hold_in_truth_unless_planted(corpus):
    _, _, truths = corpus
    planted_seen = 0
    for t in truths:
        table = {k: v for k, v in t["facts"].items() if not k.startswith("narrative.")}
        fails = set(rule_failures(table, t["era"]))
        listed = {(f["rule"], f["key"]) for f in t["expected_findings"]}
        assert fails <= listed, (t["file"], fails - listed)
        if not t["synth"].get("planted"):
            assert not fails, (t["file"], fails)
        else:
            planted_seen += 1
    assert planted_seen >= 3


def test_carry_over_holds_across_years_unless_planted(corpus):
    _, _, truths = corpus
    by_body: dict = {}
    for t in truths:
        if not t["synth"].get("duplicate"):
            by_body.setdefault(t["synth"]["body_id"], []).append(t)
    checked = 0
    for reps in by_body.values():
        reps.sort(key=lambda t: t["report_year"])
        for a, b in zip(reps, reps[1:]):
            if b["report_year"] != a["report_year"] + 1:
                continue
            for c in ("natural_person", "commercial", "total"):
                x, y = a["facts"].get(f"t3.carried_forward.{c}"), b["facts"].get(f"t3.carried_in.{c}")
                if x is None or y is None:
                    continue
                checked += 1
                listed = any(f["rule"] == "carry_over" and f["key"] == f"t3.carried_in.{c}"
                             for f in b["expected_findings"])
                assert (x != y) == listed, (b["file"], c, x, y)
                if x != y:
                    assert b["synth"].get("planted_carry_over") or a["synth"].get("planted") \
                        or b["synth"].get("planted")
    assert checked > 50


def test_narrative_agrees_with_table_unless_planted(corpus):
    _, _, truths = corpus
    for t in truths:
        f = t["facts"]
        if "narrative.apply.received" in f and "t3.new.total" in f and "wrong_unit" not in t["synth"]["damage"]:
            off = f["narrative.apply.received"] != f["t3.new.total"]
            assert off == bool(t["synth"].get("planted_narrative")) or t["synth"].get("planted"), t["file"]


def test_truth_values_appear_in_text(corpus):
    out, _, truths = corpus
    for t in truths[:150]:
        if "traditional" in t["synth"]["damage"]:
            continue
        text = next((out / "reports").rglob(t["file"])).read_text(encoding="utf-8")
        for k, v in t["facts"].items():
            if k.startswith("t2.procurement.amount") or k == "narrative.proactive.total":
                continue  # may be stated in 万元 / with a wrong 万
            s = str(int(v)) if float(v).is_integer() else str(v)
            assert s in text, (t["file"], k, v)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("era", ["pre2019", "v2019", "v2021"])
def test_render_report_keeps_every_fact_without_damage(layout, era):
    rng = random.Random(f"{layout}:{era}")
    for _ in range(3):
        t = sample_truth(rng, era)
        r = render_report(t, layout, random.Random(1))
        assert r.suffix == (".html" if layout == "html" else ".txt")
        want = {k: (int(v) if float(v).is_integer() else float(v)) for k, v in t["facts"].items()}
        got = dict(r.truth["facts"])
        if layout == "fused":    # cells the run-together text does not determine are optional, not lost
            got.update(r.truth["optional_facts"])
        if "legacy.channel.gazette" not in got:  # provinces' tables often leave the 政府公报 row out
            want.pop("legacy.channel.gazette", None)
        assert got == want
        nulls = set(r.truth["nulls"]) - {"legacy.channel.gazette"}
        if layout == "fused":    # a blank in an undetermined row is not known to be blank
            assert nulls <= set(t["nulls"])
        else:
            assert nulls == set(t["nulls"]) - {"legacy.channel.gazette"}


@pytest.mark.parametrize("damage", DAMAGES)
def test_every_damage_renders_and_truth_shrinks_only(damage):
    rng = random.Random(damage)
    for era in ("pre2019", "v2019", "v2021"):
        t = sample_truth(rng, era, year=2016 if era == "pre2019" else None)
        layout = "cell_per_line" if damage in ("merged_digits", "drop_empty") else "pipe"
        dmg = [damage, "blank_cells"] if damage == "drop_empty" else [damage]
        r = render_report(t, layout, random.Random(2), dmg)
        assert len(r.text) > 500
        for k, v in r.truth["facts"].items():
            if damage == "wrong_unit" and k == "narrative.proactive.total":
                assert v == t["facts"][k] * 10000
                continue
            assert float(v) == float(t["facts"][k]), (damage, k)


def test_merged_digit_run_is_kept_only_when_unambiguous():
    rng = random.Random(5)
    t = sample_truth(rng, "v2021")
    for c in ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org"):
        t["facts"][f"t3.new.{c}"] = 12 if c == "natural_person" else 1
        t["facts"][f"t3.granted.{c}"] = 0
    r = render_report(t, "cell_per_line", random.Random(3), ["merged_digits"])
    merged = [line for line in r.text.splitlines() if line.strip().isdigit() and len(line.strip()) >= 6]
    if any(line.strip() == "1211111" for line in merged):
        assert "t3.new.natural_person" not in r.truth["facts"]
    if any(line.strip() == "000000" for line in merged):
        assert r.truth["facts"].get("t3.granted.commercial") == 0


def test_truncation_drops_cells_and_flags_table_incomplete():
    rng = random.Random(9)
    t = sample_truth(rng, "v2021")
    r = render_report(t, "pipe", random.Random(4), ["truncate"])
    assert len(r.truth["facts"]) < len(t["facts"])
    assert any(f["rule"] == "table_incomplete" for f in r.truth["expected_findings"])


def test_small_corpus_goes_through_extract_without_errors(corpus):
    from xxgk.extract import extract_paths

    out, _, truths = corpus
    recs = list(extract_paths([out / "reports"], jobs=1))
    assert len(recs) == len(truths)
    assert not [r for r in recs if r.get("error")]


def test_truth_metadata_only_what_the_text_shows(corpus):
    """A body the text never names (anonymous, or its only signature cut off) has no name, level or
    county in the truth and expects agency_missing; a signature cut off takes its date with it."""
    out, _summ, truths = corpus
    for t in truths:
        ag, syn = t["agency"], t["synth"]
        missing = [f for f in t["expected_findings"] if f["rule"] == "agency_missing"]
        assert bool(missing) == (ag["name"] is None), t["file"]
        if ag["name"] is None:
            assert ag["level"] is None and ag["county"] is None, t["file"]
            text = next(out.rglob(t["file"])).read_text(encoding="utf-8")
            for alias in ag.get("aliases") or []:
                assert alias not in text, t["file"]
        if "wrong_unit" in syn["damage"] and "narrative.proactive.total" in t["facts"]:
            planted = [f for f in t["expected_findings"] if f["rule"] == "implausible_magnitude"]
            assert len(planted) + len(syn.get("undetectable") or []) == 1, t["file"]
