"""narrative.scan.finditer (opening-word positions, whole-text matches reused) yields exactly what running
each pattern's finditer window by window yields, on random texts dense in anchors and figures; the
sentences found on demand are those of the full list."""

from __future__ import annotations

import bisect
import random
import re

from xxgk.parse.narrative import patterns as P, scan as N, sentences as S

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
    windowed = [getattr(P, k) for k in dir(P) if k.startswith("RE_") and getattr(P, k).pattern in N._WINDOWS]
    assert len(windowed) >= 12
    for _ in range(500):
        t = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 200)))
        for rx in windowed:
            got = [(m.span(), m.groupdict()) for m in N.finditer(rx, t)]
            want = [(m.span(), m.groupdict()) for m in _reference(rx, t)]
            assert got == want, (rx.pattern, t)


# --- sentences found on demand (narrative.sentences.Sentences) against the list of all readable sentences ---------

_RUN_END = re.compile(r"[^。!?\n]{2,}")


def _all_sentences(text, report_year):
    """Every readable sentence, in order: what Sentences finds around a given offset."""
    out = []
    for m in _RUN_END.finditer(text):
        s = m.group()
        if "|" in s and (len(s) < 60 or s.count("|") >= 2):
            continue
        if report_year:
            ym = P.RE_YEAR_START.match(s)
            if ym and int(ym.group(1)) != report_year:
                continue
        out.append(m.span())
    return out


def test_sentences_on_demand_equal_the_full_list():
    rng = random.Random(11)
    pieces = ["2019年", "2020 年", "(一)", "一、", "1.", "截至", "在", " ", "\t", "\u3000", "|", "。", "!", "?", "\n",
              "其中", "共", "中文", "1", "年", "(", ")", "、", "x" * 30, "a|b", "条"]
    for _ in range(600):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        for year in (None, 2019, 2020):
            spans = _all_sentences(t, year)
            starts = [s for s, _ in spans]
            sents = S.Sentences(t, year)
            for pos in range(len(t) + 1):
                i = bisect.bisect_right(starts, pos) - 1
                want = spans[i] if i >= 0 and pos < spans[i][1] else None
                assert sents.at(pos) == want, (t, year, pos)
                for end in range(pos + 1, min(len(t), pos + 8) + 1):
                    want_of = spans[i] if i >= 0 and end <= spans[i][1] else None
                    assert sents.of(pos, end) == want_of, (t, year, pos, end)
                if pos < len(t) and t[pos] not in "。!?\n":
                    continue
                # from a sentence end: the next sentence, if only " \t。" stand between
                j = bisect.bisect_right(starts, pos - 1)
                want_after = (spans[j] if j < len(spans) and t[pos:spans[j][0]].strip(" \t。") == "" else None)
                assert sents.after(pos) == want_after, (t, year, pos)
