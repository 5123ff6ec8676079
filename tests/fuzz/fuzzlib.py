"""Shared pieces of the parser fuzzers (hypothesis tests here, the atheris script for long runs)."""

from __future__ import annotations

import json
import math
import os
import signal
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REAL_DIR = REPO / "tests" / "fixtures" / "reports" / "real"
SAMPLES = sorted((REPO / "sample_reports").glob("*.txt"))


def corpus() -> list[str]:
    files = sorted(REAL_DIR.glob("*.txt")) + SAMPLES
    return [p.read_text(encoding="utf-8") for p in files]


# Tokens that the parser's regexes look for, plus the characters that make regexes backtrack.
VOCAB = [
    "0", "1", "12", "2023", "2019", "9999999999999999999999", "0.5", "160.5964", "1,234", "-3", "—", "-", "/",
    "|", " | ", "||", "| |||", "\n", "\n\n", " ", "\u3000", "\t", "&nbsp;", "\u00a0",
    "年", "月", "日", "万", "万元", "元", "条", "件", "次", "个", "余", "（", "）", "(", ")", "、", "。", "，", "：", ":",
    "一、", "二、", "三、", "四、", "五、", "六、", "（一）", "（二）", "（三）", "（七）", "1.", "2.", "第二十条第（九）项",
    "表二", "表三", "表四", "统计表", "统计指标", "单位", "统计数",
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
    "本年新收", "上年结转", "总计", "结转下年度继续办理", "予以公开", "部分公开", "不予公开", "属于国家秘密",
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "本年制发件数", "本年废止件数", "现行有效件数",
    "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "本年收费金额（单位：万元）",
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
    "主动公开政府信息", "收到申请", "未发生行政复议", "共", "累计",
    "政府信息公开工作年度报告", "人民政府", "办公室", "局", "我局", "市", "县", "区", "镇", "街道", "省", "自治区",
    "湖南省", "常德市", "枣庄市", "0632", "电话：", "地址：", "二〇二三年", "12月31日", "2024年1月20日", "20101231",
    "公開", "資訊", "報告", "（具体网址）", "&#x5e74;", "<br>", "<p>", "</p>",
]

HTML_BITS = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=\"3\">", "<td colspan=\"7\">",
    "<td rowspan=\"99999999\">", "<td colspan=\"0\">", "<td rowspan=\"-1\">", "<td colspan=\"abc\">",
    "<div>", "</div>", "<p>", "<br/>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->",
    "<![CDATA[", "]]>", "<span style=\"display:none\">", "</span>", "&nbsp;", "&amp;", "&#12345;", "&#x0;",
    "<iframe src=\"javascript:alert(1)\">", "<img src=x onerror=alert(1)>", "<meta charset=\"gbk\">", "<tbody>",
    "<table><tr><td>", "</td></tr></table>",
]

# Adversarial units: each repeated k times (alone, and inside a real report) for the linear-time checks.
ADVERSARIAL_UNITS = [
    "1", "12 ", "1 ", "0", "9", "|", "| ", "|0", "| 0 ", "||\n", "\n|", "\n", "\n\n", " ", "\u3000", "年", "2023年", "2023 年",
    "（", "（一）", "(", "（(", "一、", "第", "万", "1万", "1.5万元", "万元", "1.", "1,", "1.1.", "...", "。", "、", "：",
    "-", "—", "/", "共", "件", "条", "余", "月", "日", "12月", "12月31日", "2023-", "二〇二三年", "省", "市", "县",
    "局", "我局", "人民政府", "政府信息公开", "本年新收", "总计", "总计 | ", "本年新收 | 1 | ", "上年结转\n1\n", "规章 | 0 | 0 | 0 |\n",
    "（三）不予公开\n", "1.属于国家秘密 | ", "主动公开政府信息", "收到申请1件，", "未发生行政复议", "表三", "统计指标 | 单位 | 统计数\n",
    "本年新\n", "商业 ", "&nbsp;", "0632", "电话：0632-", "附件", "報告", "公開", "a", "1a", "1 |", "12345678901234567890",
]
# ("<table><tr><td>" nested is a known crash, see test_parser_regressions.py; not a timing case.)
HTML_UNITS = ["<div>", "<td>", "<tr><td>1</td>", "<table>", "<table><tr><td>1</td></tr></table>", "<b><i>", "<p>", "<!--", "<script>",
              "<td rowspan=\"99\">", "<td colspan=\"99\">1", "</td>", "&nbsp;", "&#", "<", "<a", "<br>"]


class ParseTimeout(AssertionError):
    pass


@contextmanager
def time_limit(seconds: float, what: str):
    """Fail (not hang) when the block runs longer than ``seconds``. SIGALRM interrupts Python code and
    the `re` engine alike; outside the main thread there is no limit (xdist workers run tests in it)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise ParseTimeout(f"{what} did not finish within {seconds} s (hang or super-linear time)")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_record(record, text: str) -> None:
    """What every parse must satisfy, whatever the input: a well-formed, JSON-able record."""
    from xxgk.parse.model import ReportRecord

    assert isinstance(record, ReportRecord)
    obj = record.to_contract_json()
    json.dumps(obj, ensure_ascii=False, allow_nan=False)
    n = len(record.text)
    for f in record.facts:
        assert isinstance(f.key, str) and f.key
        if f.value is not None:
            assert isinstance(f.value, (int, Decimal)), (f.key, f.value)
            if isinstance(f.value, Decimal):
                assert f.value.is_finite(), (f.key, f.value)
        if f.span is not None:
            assert 0 <= f.span.start <= f.span.end <= n, (f.key, f.span, n)
    for x in record.findings:
        assert isinstance(x.rule, str) and x.severity in ("error", "warn", "info"), x
        if x.span is not None:
            assert 0 <= x.span.start <= x.span.end <= n, (x.rule, x.span, n)
    if record.report_year is not None:
        assert isinstance(record.report_year, int)


def parse_seconds(text: str, *, is_html: bool = False, repeat: int = 3) -> float:
    """Best-of-``repeat`` wall time of one parse (the minimum filters out scheduler noise)."""
    from xxgk.parse import parse_report

    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        parse_report(text, "fuzz.html" if is_html else "fuzz.txt", is_html=is_html)
        best = min(best, time.perf_counter() - t)
    return best


def fuzz_examples(default: int) -> int:
    """Examples per property: XXGK_FUZZ_EXAMPLES (e.g. 100000 for a long local run) or ``default``."""
    try:
        return int(os.environ.get("XXGK_FUZZ_EXAMPLES", default))
    except ValueError:
        return default


# ----------------------------------------------------------------------------- linear time

SCALE = int(os.environ.get("XXGK_FUZZ_SCALE", "1"))
BASE_CHARS = 4000 * SCALE          # n; the check compares n with 8n
RATIO_LIMIT = 30.0                 # linear: ~8; quadratic: ~64
FLOOR = 0.005                      # timer noise, GC pauses, a busy CI core: anything under 5 ms counts as 5 ms
LINEAR_HANG_SECONDS = 3 * float(os.environ.get("XXGK_FUZZ_HANG_SECONDS", "20"))


def scaled(unit: str, chars: int) -> str:
    """``unit`` repeated to about ``chars`` characters (once at least)."""
    return unit * max(1, chars // len(unit))


def assert_linear(make, is_html: bool = False, base: int = 0) -> None:
    """``parse_report(make(8n))`` takes at most RATIO_LIMIT times ``parse_report(make(n))``.

    A ratio of wall times on a shared CI machine is noisy (one run measured ×16 for a parse that is ×10
    at rest), so a ratio over the limit is measured again, best of 3 and of 7, before it fails; the limit
    sits between linear (×8) and quadratic (×64) growth, which is what this guards."""
    import pytest

    base = max(base, BASE_CHARS)
    small, big = make(base), make(8 * base)
    with time_limit(LINEAR_HANG_SECONDS, f"parse_report on {len(big)} chars"):
        for repeat in (1, 3, 7):
            t1 = parse_seconds(small, is_html=is_html, repeat=repeat)
            t8 = parse_seconds(big, is_html=is_html, repeat=repeat)
            ratio = t8 / max(t1, FLOOR)
            if ratio <= RATIO_LIMIT:
                return
    pytest.fail(f"super-linear: {len(small)} chars took {t1 * 1000:.1f} ms, {len(big)} chars took "
                f"{t8 * 1000:.1f} ms (×{ratio:.0f} for ×8 input; limit ×{RATIO_LIMIT:.0f}). "
                f"Input starts {big[:60]!r}")
