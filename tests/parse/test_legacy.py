"""Pre-2019 统计表: label matching, units, blanks, the table's own year."""

from __future__ import annotations

import json
from pathlib import Path

from xxgk.parse.legacy import extract_legacy
from xxgk.parse.normalize import normalize

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def test_seed_002_against_golden():
    g = json.loads((FIX / "golden/002_d0ad4e6dd563e698.json").read_text("utf-8"))
    ex = extract_legacy(normalize((FIX / "reports/seeds/002_d0ad4e6dd563e698.txt").read_text("utf-8")), 2016)
    vals = {f.key: f.value for f in ex.facts}
    assert {k: v for k, v in vals.items() if v is not None} == {
        k: v for k, v in g["facts"].items() if k.startswith("legacy.")}
    assert sorted(k for k, v in vals.items() if v is None) == sorted(k for k in g["nulls"] if k.startswith("legacy."))
    assert [f.rule for f in ex.findings] == ["table_year_mismatch"]
    assert all(f.placement == "label" and f.span for f in ex.facts)


def test_pipe_rows_other_numbering_and_units():
    text = normalize(
        "2014年度政府信息公开工作情况统计表\n统计指标 | 单位 | 统计数 |\n"
        "| 一、主动公开情况 | —— | |\n| 1.主动公开政府信息数(不同渠道公开相同信息计1条) | 条 | 1,204 |\n"
        "| 四、行政复议数量 | 件 | 2 |\n| 1.维持具体行政行为数 | 件 | 1 |\n| 2.被依法纠错数 | 件 | / |\n"
        "| 五、行政诉讼数量 | 件 | 3 |\n| 1.维持具体行政行为或者驳回原告诉讼请求数 | 件 | 3 |\n| 2.被依法纠错数 | 件 | 0 |\n"
        "| 八、依申请公开信息收取的费用 | 元 | 250 |\n")
    ex = extract_legacy(text, 2014)
    v = {f.key: f.value for f in ex.facts}
    assert v["legacy.proactive.total"] == 1204
    assert v["legacy.review.total"] == 2 and v["legacy.review.upheld"] == 1 and v["legacy.review.corrected"] is None
    assert v["legacy.suit.corrected"] == 0 and v["legacy.suit.upheld"] == 3
    assert float(v["legacy.fees.amount_10k_yuan"]) == 0.025
    assert not ex.findings


def test_no_table_no_facts():
    assert not extract_legacy(normalize("主动公开政府信息207条。"), 2017).facts


def test_pipe_rows_without_closing_pipe_keep_their_last_cell():
    text = normalize("统计指标 | 单位 | 统计数\n一、主动公开情况 |  | \n（一）主动公开政府信息数 | 条 | 231 |\n"
                     "3、政务微博公开政府信息数 | 条 | 46\n4、政务微信公开政府信息数 | 条 | \n"
                     "5、其他方式公开政府信息数 | 条 | 22\n")
    v = {f.key: f.value for f in extract_legacy(text, 2016).facts}
    assert v["legacy.proactive.total"] == 231 and v["legacy.channel.weibo"] == 46
    assert v["legacy.channel.other"] == 22 and v.get("legacy.channel.wechat") is None


def test_cells_separated_by_lone_pipe_lines():
    # each cell on its own line, a "|" line after each; a "|" right after a "|" is an empty cell
    rows = [("统计指标", "单位", "统计数"), ("一、主动公开情况",), ("（一）主动公开政府信息数", "条", "5"),
            ("其中：主动公开规范性文件数", "条", ""), ("制发规范性文件总数", "件", "1"),
            ("四、行政复议数量", "件", "0"), ("（一）维持具体行政行为数", "件", "2")]
    text = normalize("".join(c + "\n|\n" for r in rows for c in r))
    ex = extract_legacy(text, 2016)
    v = {f.key: f.value for f in ex.facts}
    assert v == {"legacy.proactive.total": 5, "legacy.proactive.normative_docs": None,
                 "legacy.proactive.normative_docs_issued": 1, "legacy.review.total": 0, "legacy.review.upheld": 2}
    f = next(f for f in ex.facts if f.key == "legacy.review.upheld")
    assert text[f.span.start:f.span.end].endswith("2")


def test_split_header_and_traditional_variants():
    text = normalize("統計\n  指標\n單位\n統計數\n（三）申請答覆數\n件\n7\n2、同意公開答覆數\n件\n3\n"
                     "涉及個人私隱\n件\n1\n")
    v = {f.key: f.value for f in extract_legacy(text, 2016).facts}
    assert v == {"legacy.reply.total": 7, "legacy.reply.granted": 3, "legacy.reply.denied.privacy": 1}
