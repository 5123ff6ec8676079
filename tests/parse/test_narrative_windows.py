"""narrative._finditer (opening-word positions, whole-text matches reused) yields exactly what running
each pattern's finditer window by window yields, on random texts dense in anchors and figures."""

from __future__ import annotations

import random

from xxgk.parse import narrative as N

_PIECES = ["主动", "公开", "录入", "政策解读", "解读", "行政规范性文件", "规范性文件", "收到", "受理", "新收", "接到", "接收",
           "申请", "未", "没有", "无", "行政复议", "行政诉讼", "收费", "费用", "收取", "不", "名", "人员", "工作人员", "信息",
           "政府信息", "共", "共计", "条", "条次", "件", "万", "元", "余", "多", "约", "1", "23", "4,5", "0.5", " ", ",", "。",
           "\n", "及", "和", "部分", "不予", "政策", "次", "人", "其中", "依申请公开", "事项", "|",
           # whole figures, so that every pattern matches often (and windows overlap and cut matches short)
           "公开政府信息共12条", "录入信息3条次", "主动公开文件共1,234条", "主动公开政务信息12条次", "收到申请12件",
           "收到3件申请", "受理信息公开申请共5件", "接到2封申请", "未收到申请", "无依申请公开事项", "政策解读稿件8篇",
           "规范性文件3件", "行政复议案件2起", "行政诉讼1件", "未收取任何费用", "收取费用0元", "收费1.5万元",
           "配备3名专职工作人员", "工作人员共4人", "人员2名", "约300余条", "近2万条"]


def _reference(rx, text):
    anchors, before, after = N._WINDOWS[rx.pattern]
    last_end = -1
    n = len(text)
    for a in N._anchor_re(anchors).finditer(text):
        lo = max(0, a.start() - before, last_end)
        for m in rx.finditer(text, lo, min(n, a.end() + after)):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def test_finditer_equals_window_by_window():
    rng = random.Random(5)
    windowed = [getattr(N, k) for k in dir(N) if k.startswith("RE_") and getattr(N, k).pattern in N._WINDOWS]
    assert len(windowed) >= 12
    for _ in range(500):
        t = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 200)))
        for rx in windowed:
            got = [(m.span(), m.groupdict()) for m in N._finditer(rx, t)]
            want = [(m.span(), m.groupdict()) for m in _reference(rx, t)]
            assert got == want, (rx.pattern, t)
