"""Figures in prose, against the golden files and on small sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.parse.narrative import extract_narrative
from xxgk.parse.normalize import normalize

FIX = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = {json.loads(p.read_text("utf-8"))["file"]: json.loads(p.read_text("utf-8"))
          for p in (FIX / "golden").glob("*.json")}
CASES = [p for p in sorted((FIX / "reports").glob("*/*.txt")) if p.name in GOLDEN]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden_narrative(path):
    g = GOLDEN[path.name]
    ex = extract_narrative(normalize(path.read_text("utf-8")))
    exact = {f.key: f.value for f in ex.facts if not f.approximate}
    approx = {f.key: f.value for f in ex.facts if f.approximate}
    want = {k: v for k, v in g["facts"].items() if k.startswith("narrative.")}
    optional = {k: v for k, v in (g.get("optional_facts") or {}).items() if k.startswith("narrative.")}
    for k, v in want.items():
        assert exact.get(k) == v, k
    for k, v in exact.items():
        assert k in want or optional.get(k) == v, (k, v)
    for k, v in (g.get("approx_facts") or {}).items():
        assert approx.get(k) == v
    for f in ex.facts:
        assert f.placement == "prose" and f.sentence and f.span


@pytest.mark.parametrize("sentence,key,value,approx", [
    ("2020年,我局主动公开政府信息300余条。", "narrative.proactive.total", 300, True),
    ("2020年,我局未收到政府信息公开申请。", "narrative.apply.received", 0, False),
    ("全年收到政府信息公开申请共计54件。", "narrative.apply.received", 54, False),
    ("没有发生因政府信息公开引发的行政复议或行政诉讼。", "narrative.review.total", 0, False),
    ("被提起行政诉讼2起。", "narrative.suit.total", 2, False),
    ("全年收取信息处理费0.02万元,均已上缴。", "narrative.fees.amount_yuan", 200, False),
    ("配备从事政府信息公开工作人员5名。", "narrative.staff.total", 5, False),
    ("发布政策解读稿件12篇。", "narrative.proactive.interpretations", 12, False),
])
def test_sentences(sentence, key, value, approx):
    facts = {f.key: f for f in extract_narrative(normalize(sentence)).facts}
    assert facts[key].value == value and facts[key].approximate is approx
    assert facts[key].sentence


def test_magnitude_parts_and_missing_number():
    ex = extract_narrative(normalize(
        "2015年,主动公开各类信息达43254万条,其中重点领域类信息9188条,工作动态信息30459条,计划总结类信息502条。"))
    assert ex.facts[0].value == 432540000
    assert [f.rule for f in ex.findings] == ["implausible_magnitude"]
    ex = extract_narrative(normalize("2018年,共主动公开政府信息100条,其中网站40条,微信30条,公开栏20条。"))
    assert [f.rule for f in ex.findings] == ["parts_sum_mismatch"]
    ex = extract_narrative(normalize("全年在政府网上共主动公开条,其中信息公开指南0条。"))
    assert "missing_number" in {f.rule for f in ex.findings}


def test_other_year_sentences_ignored():
    ex = extract_narrative(normalize("2020年政府信息公开工作年度报告\n2019年,配备了1名工作人员负责政务公开。\n"))
    assert not ex.facts


def test_linear_time_on_hostile_input():
    import time
    text = normalize("主动公开" + "公开信息" * 20000 + "收到申请" * 5000 + "1" * 20000)
    t = time.perf_counter()
    extract_narrative(text)
    assert time.perf_counter() - t < 2.0


# f_r06 ("在主动公开的90条政府信息中, …工作进展动态和其他应主动公开的政府信息25条"): the 25 is one of the listed
# categories — "其他应主动公开的政府信息" names a kind of information (the regulation's own words) — and a
# part listed after the total is no second statement of it. The same list, written in other ways:
_HEAD = "一、总体情况\n2019年，我局主动公开政府信息90条"
_LIST = "机构设置类信息1条，财政资金信息52条，工作进展动态和其他应主动公开的政府信息25条。\n"


@pytest.mark.parametrize("text", [
    _HEAD + "。其中，" + _LIST,                       # the list in the next sentence, opening with 其中
    _HEAD + "。主要类别：" + _LIST,                   # a list without 其中
    _HEAD + "。在主动公开的政府信息中，" + _LIST,      # 在…中 without the number
    _HEAD + "。其中通过政府网站主动公开信息80条。\n",  # a channel's part in the next sentence
], ids=["next-sentence", "no-qizhong", "zai-zhong", "channel-part"])
def test_listed_parts_and_categories_are_no_second_total(text):
    ex = extract_narrative(normalize(text), 2019)
    assert {f.key: f.value for f in ex.facts}["narrative.proactive.total"] == 90
    assert "narrative_conflict" not in {f.rule for f in ex.findings}


def test_a_second_total_still_conflicts():
    for text in (_HEAD + "。2019年共主动公开政府信息100条。\n",
                 # 037: the total's own sentence lists its parts; a later 其中 sentence restates the total
                 _HEAD + "，其中机构设置类信息1条、财政资金信息89条。其中主动公开政府信息17条，不予公开信息数8条。\n",
                 _HEAD + "。我局应急管理局响应主动公开要求，主动公开政府信息17条。\n"):
        ex = extract_narrative(normalize(text), 2019)
        assert "narrative_conflict" in {f.rule for f in ex.findings}, text
