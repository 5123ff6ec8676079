"""Hostile text and the parser: parse_report never raises, never hangs, and runs in linear time.

The parser is fuzzed as a black box. CI size: about a minute in total. Longer local run:

    XXGK_FUZZ_EXAMPLES=100000 XXGK_FUZZ_SCALE=4 .venv/bin/pytest tests/fuzz -p no:xdist -x

(XXGK_FUZZ_SCALE multiplies the input sizes of the linear-time checks.) For coverage-guided
fuzzing see tests/fuzz/atheris_parse.py. A crash found here gets a minimal regression test in
tests/fuzz/test_parser_regressions.py.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.fuzzlib import (assert_linear, scaled, ADVERSARIAL_UNITS, HTML_BITS, HTML_UNITS, VOCAB, check_record, corpus,
                                fuzz_examples, time_limit)

CORPUS = corpus()
HANG_SECONDS = float(os.environ.get("XXGK_FUZZ_HANG_SECONDS", "20"))


def fuzz_settings(default: int):
    return settings(max_examples=fuzz_examples(default), deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


def parse_checked(text: str, is_html: bool = False) -> None:
    from xxgk.parse import parse_report

    with time_limit(HANG_SECONDS, f"parse_report on {len(text)} chars"):
        record = parse_report(text, "fuzz.html" if is_html else "fuzz.txt", is_html=is_html)
    check_record(record, text)


# ----------------------------------------------------------------------------- strategies

token_soup = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=4)), max_size=400).map("".join)
html_soup = st.lists(st.one_of(st.sampled_from(HTML_BITS), st.sampled_from(VOCAB)), max_size=400).map("".join)
digits = st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n)


@st.composite
def mutated_report(draw) -> str:
    """A real report, damaged the ways real copies are (and worse)."""
    text = draw(st.sampled_from(CORPUS))
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    for _ in range(draw(st.integers(1, 12))):
        op = rnd.randrange(10)
        n = len(text)
        i, j = sorted(rnd.randrange(n + 1) for _ in range(2)) if n else (0, 0)
        if op == 0:                                      # cut a piece out
            text = text[:i] + text[j:]
        elif op == 1:                                    # duplicate a piece
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2:                                    # insert tokens
            text = text[:i] + "".join(rnd.choice(VOCAB) for _ in range(rnd.randint(1, 30))) + text[i:]
        elif op == 3:                                    # truncate
            text = text[:i]
        elif op == 4:                                    # strip 年/月/日 (mirror sites)
            text = text.replace("年", "").replace("月", "").replace("日", "")
        elif op == 5:                                    # pipes everywhere / nowhere
            text = text.replace("|", "") if "|" in text else text.replace(" ", " | ")
        elif op == 6:                                    # one cell per line
            text = text.replace(" | ", "\n")
        elif op == 7:                                    # an adversarial run
            unit = rnd.choice(ADVERSARIAL_UNITS)
            text = text[:i] + unit * rnd.randint(1, 500) + text[i:]
        elif op == 8:                                    # lines shuffled
            lines = text.split("\n")
            rnd.shuffle(lines)
            text = "\n".join(lines)
        else:                                            # Traditional characters
            import zhconv

            text = zhconv.convert(text, "zh-hant")
    return text


# ----------------------------------------------------------------------------- never raises, never hangs

@fuzz_settings(1500)
@given(text=token_soup, is_html=st.booleans())
def test_token_soup(text, is_html):
    parse_checked(text, is_html)


@fuzz_settings(800)
@given(text=st.text(max_size=3000), is_html=st.booleans())
def test_arbitrary_unicode(text, is_html):
    parse_checked(text, is_html)


@fuzz_settings(1000)
@given(text=mutated_report())
def test_mutated_real_reports(text):
    parse_checked(text)


@fuzz_settings(800)
@given(text=html_soup)
def test_html_tag_soup(text):
    parse_checked(text, is_html=True)


@fuzz_settings(200)
@given(number=digits, context=st.sampled_from(["本年新收 | {} | 0 |", "主动公开政府信息{}条", "收费金额{}万元",
                                               "{}年政府信息公开工作年度报告", "规章 | {} | {} | {}", "{}"]))
def test_huge_numbers(number, context):
    parse_checked(context.replace("{}", number))


@pytest.mark.parametrize("text", CORPUS[:40], ids=lambda t: t[:12].replace("\n", " "))
def test_real_reports_as_html_and_text(text):
    parse_checked(text)
    parse_checked("<html><body><pre>" + text + "</pre></body></html>", is_html=True)


# ----------------------------------------------------------------------------- linear time

EMBED = max(CORPUS, key=len)[:5000]


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_linear_time_adversarial_runs(unit):
    assert_linear(lambda n: scaled(unit, n))


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS[::3])
def test_linear_time_runs_inside_a_real_report(unit):
    mid = len(EMBED) // 2
    assert_linear(lambda n: EMBED[:mid] + scaled(unit, n) + EMBED[mid:])


@pytest.mark.parametrize("unit", HTML_UNITS)
def test_linear_time_html(unit):
    assert_linear(lambda n: "<html><body>" + scaled(unit, n) + "</body></html>", is_html=True)


# Nesting that lexbor builds deep (its scope walks make that quadratic), including the ways a tag
# scan could be fooled into counting too shallow: implied end tags that do not apply, end tags out
# of scope, markup inside <select>/<noscript>/<svg> that is not raw text there, attribute quoting,
# and formatting elements that lexbor re-opens in every block.
NESTING_UNITS = [
    "<div>", "<span>", "<ul><li>", "<dl><dd>", "<li><section>", "<option><span>", "<h1><span>",
    "<table><tr><td>", "<div><table><tr><td></div>", "<noscript><div>", "<select><div>",
    "<blockquote>x", "<svg><foreignObject><div>", "<svg><style><g>", "<math><mi><div>", "<a x='>'><div>",
    "<div><b id=1><b id=2><b id=3></div><p>x", "<p><table><td>", "<template><div>",
]


# html.py scans tag nesting only in documents with more than _SCAN_ABOVE '<' (below that lexbor's cost
# is bounded by a constant). Both sizes of a nesting check are above it, so the check compares like with
# like: a small input under the threshold and a big one over it would measure the scan's fixed cost per
# tag (a step, not growth) and fail a longer run (XXGK_FUZZ_SCALE=4) for no super-linear reason.
def _over_scan(unit: str) -> int:
    """Characters of ``unit`` repeated that hold more '<' than html.py's _SCAN_ABOVE."""
    from xxgk.read.html import _SCAN_ABOVE

    return len(unit) * (_SCAN_ABOVE * 6 // 5 // unit.count("<") + 1)


@pytest.mark.parametrize("unit", NESTING_UNITS)
def test_linear_time_deep_nesting(unit):
    assert_linear(lambda n: "<html><body>" + scaled(unit, n) + "</body></html>", is_html=True,
                  base=_over_scan(unit))


@pytest.mark.parametrize("prefix", ["<select><iframe>", "<svg><title>", "<select><textarea>", "<math><style>"])
def test_linear_time_nesting_after_a_raw_text_lookalike(prefix):
    assert_linear(lambda n: "<html><body>" + prefix + scaled("<div>", n) + "</body></html>", is_html=True,
                  base=_over_scan("<div>"))


def test_linear_time_many_table_rows():
    row = "（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
    assert_linear(lambda n: "三、收到和处理政府信息公开申请情况\n" + scaled(row, n))


def test_linear_time_whole_reports_concatenated():
    joined = "\n".join(CORPUS)
    assert_linear(lambda n: (joined * (1 + 8 * n // len(joined)))[:n])
