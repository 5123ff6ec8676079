"""Minimal reproductions of what the fuzzers found in the parser (tests/fuzz/test_parser_fuzz.py).

Each test names the input, the failure and where it happens. A test marked ``xfail(strict=True)``
is a known, still-open bug in a module owned by someone else: when it is fixed the test XPASSes,
which fails the run as a reminder to drop the marker and keep the test as a regression guard.
"""

from __future__ import annotations

import json

import pytest

from tests.fuzz.fuzzlib import check_record, time_limit


def parse(text: str, is_html: bool = False):
    from xxgk.parse import parse_report

    with time_limit(20, "parse_report"):
        record = parse_report(text, "r.html" if is_html else "r.txt", is_html=is_html)
    check_record(record, text)
    return record


# Found by test_linear_time_html: nested tables used to be rendered by recursion, so ~500 nested
# <table>s raised RecursionError. html.py now renders them iteratively; this guards the fix.
def test_deeply_nested_html_tables():
    parse("<html><body>" + "<table><tr><td>" * 1000 + "规章 | 0" + "</td></tr></table>" * 1000 + "</body></html>",
          is_html=True)


def test_nested_tables_of_ordinary_depth():
    parse("<table><tr><td>" * 50 + "本年新收 | 1" + "</td></tr></table>" * 50, is_html=True)


# Found by test_huge_numbers: a cell of >= 4,301 digits became a Python int that json.dumps refuses,
# ending `xxgk extract` for the whole batch. The table parser now refuses implausible magnitudes.
@pytest.mark.parametrize("text", [
    "收费金额" + "9" * 4296 + "万元",        # found by test_huge_numbers (narrative; fixed by the windowed
    "主动公开政府信息" + "9" * 5000 + "条",  #  regexes, kept as a guard)
    "本年新收 | " + "9" * 4301 + " | 0 |",
])
def test_huge_numbers_stay_json_serialisable(text):
    record = parse(text)
    json.dumps(record.to_contract_json(), ensure_ascii=False)


def _html_seconds(text: str) -> float:
    import time

    from xxgk.read.html import html_to_text

    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        html_to_text(text)
        best = min(best, time.perf_counter() - t)
    return best


# Found by test_linear_time_html[<div>]: building the DOM of deeply nested elements is quadratic in the
# depth inside selectolax/lexbor itself (4,000 → 8,000 → 16,000 nested <div>: 36 → 180 → 877 ms).
# html.py now flattens nesting past MAX_DEPTH before lexbor sees it; these guard the fix.
def test_deeply_nested_html_is_linear():
    small = "<html><body>" + "<div>" * 2000 + "x</body></html>"
    big = "<html><body>" + "<div>" * 16000 + "x</body></html>"
    with time_limit(60, "html_to_text"):
        ratio = _html_seconds(big) / max(_html_seconds(small), 0.002)
    assert ratio <= 30, f"×8 nesting depth took ×{ratio:.0f} the time"


@pytest.mark.parametrize("unit", ["<div>", "<span>", "<ul><li>", "<li><section>", "<table><tr><td>"])
def test_deeply_nested_html_keeps_its_text_and_says_so(unit):
    record = parse("<html><body>" + (unit + "收到申请") * 20000 + "</body></html>", is_html=True)
    assert record.text.count("收到申请") == 20000
    damaged = [f for f in record.findings if f.rule == "text_damaged" and "nested" in f.detail]
    assert len(damaged) == 1 and "allows 256" in damaged[0].detail, record.findings[:3]


def test_huge_total_with_listed_parts_does_not_overflow():
    """Found by hypothesis: `total / 2` on a 400-digit prose total raised OverflowError."""
    parse("2020年政府信息公开工作年度报告。主动公开政府信息共" + "9" * 400 + "条,其中政策文件1条、解读2条、动态3条。")


# Found while speeding up the narrative parser: prose with many figures grew quadratically — one
# sentence without ends (each figure copied its sentence up to itself), and many sentences (every weak
# statement was tested against every strong one; every finding counted lines from the start).
@pytest.mark.parametrize("end", ["，", "。"])
def test_prose_full_of_figures_is_linear(end):
    from tests.fuzz.fuzzlib import assert_linear, scaled

    unit = ("本机关未发生行政复议，共主动公开条，主动公开政府信息12条其中3条，收到申请5件，"
            "共计12条其中1条、2条，人员3名，未收取费用" + end)
    assert_linear(lambda n: scaled(unit, n), base=400 * len(unit))


# Found by tests/parse/test_tables.py::test_truncated_text_never_yields_a_wrong_cell (helper i18's example
# database): a text cut inside 表三's row 4.保护第三方合法权益 after "41130 0 1 1 53496" read as
# 411|30|0|1|1|53|496, a split that R1 happens to prove (411+30+0+1+1+53 = 496), though the cut had
# taken the row's last two cells. At the end of a cut text a split the identities prove competes with
# the cut (and dropped cells): no cell of the row is kept.
def test_cut_row_is_not_split_by_a_coincidental_identity():
    cells = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构",
             "社会公益组织", "法律服务机构", "其他", "(三)不予公开", "3.危及“三安全一稳定”", "51", "0", "0", "0", "1",
             "90724", "1", "4.保护第三方合法权益", "41130", "0", "1", "1", "53496"]
    record = parse("\n\n".join(cells))
    assert not [f for f in record.facts if f.key.startswith("t3.denied.third_party")]
    assert any(f.rule == "table_ambiguous" and f.key == "t3.denied.third_party" and "41130 | 0 | 1 | 1 | 53496" in f.detail
               for f in record.findings)
