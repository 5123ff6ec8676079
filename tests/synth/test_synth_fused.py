"""The fused layout (cells run together, pages on one line): what the generator renders, and the
property the parser must keep on it: every determined cell recovered, nothing wrong, the rest flagged,
no prose figure taken from a table."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from xxgk.extract import extract_paths
from xxgk.synth import generate_corpus, render_report, sample_truth
from xxgk.synth.fused import undetermined

N = 120
TABLES = ("t2.", "t3.", "t4.", "legacy.")


@pytest.fixture(scope="module")
def fused_corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("fused") / "c"
    summ = generate_corpus(N, out, seed=23, jobs=2, layouts=("fused",))
    truths = {t["file"]: t for t in map(json.loads, (out / "truth.jsonl").read_text(encoding="utf-8").splitlines())}
    got = {Path(r["file"]).name: r for r in extract_paths([out / "reports"], jobs=2)}
    return summ, truths, got


def test_fused_pages_run_cells_together_after_the_navigation():
    rng = random.Random(4)
    t = sample_truth(rng, "v2021")
    r = render_report(t, "fused", random.Random(5))
    assert "|" not in r.text
    assert r.text.lstrip().startswith(("首页", "当前位置", "索引号"))      # the site's navigation first
    assert "本年新收政府信息公开申请数量" in r.text
    head = r.text.index("本年新收政府信息公开申请数量") + len("本年新收政府信息公开申请数量")
    assert r.text[head].isdigit() or r.text[head] == " "                 # the run touches its label
    assert r.truth["synth"]["layout"] == "fused"


def test_truth_marks_what_a_run_leaves_open():
    keys = ("t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force")
    lost, amb = undetermined([(keys, ("1077",)), (("t2.regulations.issued", "t2.regulations.repealed",
                                                     "t2.regulations.in_force"), ("008",))], "v2021")
    assert lost == set(keys) and amb == {"t2.normative_docs": "1077"}
    # 表三: 本年新收 has two splits of its own; the 予以公开 row fixes the 自然人 column (R2, then R0)
    cols = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
    from xxgk.synth.figures import t3_rows
    rows = {"new": "1010000" "11", "total": "1010000" "11", "granted": "1000000" "10", "partial": "0100001"}
    runs = [(tuple(f"t3.{r}.{c}" for c in cols), (rows.get(r, "0000000"),)) for r in t3_rows("v2021")]
    assert undetermined(runs, "v2021") == (set(), {})


def test_parser_recovers_every_determined_cell_and_nothing_wrong(fused_corpus):
    summ, truths, got = fused_corpus
    assert summ.by_layout == {"fused": summ.reports}
    ok = wrong = missing = 0
    for name, t in truths.items():
        facts = got[name]["facts"]
        for k, v in t["facts"].items():
            if not k.startswith(TABLES):
                continue
            if k not in facts:
                missing += 1
            elif abs(float(facts[k]) - float(v)) < 1e-9:
                ok += 1
            else:
                wrong += 1
        for k, v in (t.get("optional_facts") or {}).items():       # undetermined: if given, right
            if k in facts:
                assert abs(float(facts[k]) - float(v)) < 1e-9, (name, k, facts[k], v)
        extra = [k for k in facts if k.startswith(TABLES) and k not in t["facts"]
                 and k not in (t.get("optional_facts") or {})]
        assert not extra, (name, extra)
    assert wrong == 0
    assert ok >= 0.99 * (ok + missing) and ok > 10_000, (ok, missing)


def test_undetermined_rows_are_flagged(fused_corpus):
    _, truths, got = fused_corpus
    n = 0
    for name, t in truths.items():
        flagged = {(f["rule"], f["key"]) for f in got[name]["findings"]}
        for row in t.get("ambiguous") or {}:
            keys = [k for k in t["optional_facts"] if k.startswith(row + ".") or row == "t4" and k.startswith("t4.")]
            settled = keys and all(k in got[name]["facts"] for k in keys)     # the parser went further
            assert settled or ("table_ambiguous", row) in flagged, (name, row)
            n += 1
    assert n > 20


def test_no_prose_figure_from_a_table(fused_corpus):
    _, truths, got = fused_corpus
    seen = 0
    for name, t in truths.items():
        prose = {k: v for k, v in got[name]["facts"].items() if k.startswith("narrative.")}
        for k, v in prose.items():
            assert k in t["facts"] and abs(float(t["facts"][k]) - float(v)) < 1e-9, (name, k, v)
            seen += 1
    assert seen > N
