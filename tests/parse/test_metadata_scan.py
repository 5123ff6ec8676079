"""The metadata patterns run in windows around years (metadata/scan.py) find exactly what a
finditer over the whole text finds, on random texts dense in years, names and boundaries."""

from __future__ import annotations

import random

from xxgk.parse.metadata import body, dates

_PIECES = ["2020年", "2019 年", "2021年度", "编制", "编制形成", "现将", "公布", "截至", "截止", "在", "到", "以来", "全年",
           ",", "。", ";", ":", "\n", " ", "\t", "\u3000", "我", "共", "1", "20", "19", "年", "度", "县人民政府", "市商务局",
           "办公室", "政府信息公开", "信息公开", "工作年度报告", "认真", "坚持", "(", ")", "某某", "12.", "2020年2020年",
           "\n市商务局编制2020年度", "。某某县人民政府编制2019 年", ",某某镇编制2021年", "现将2020年度某某市人民政府信息公开",
           "\n2020年,某某县人民政府认真", "。截至2020年以来, 某某局坚持", "2020年度政府信息公开工作年度报告",
           "截至2020年12月31日", "\n  2021年共"]


def _texts(n: int = 600):
    rng = random.Random(11)
    for _ in range(n):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 120)))


def test_windowed_patterns_equal_full_finditer():
    for t in _texts():
        spans = lambda it: [(m.span(), m.groups()) for m in it]  # noqa: E731
        assert spans(dates.scan(dates.RE_SENT_YEAR, t, dates._sent_year_windows(t))) == spans(
            dates.RE_SENT_YEAR.finditer(t))
        assert spans(dates.scan(dates.RE_YEAR_REPORT, t, dates._year_report_windows(t), 0, 4000)) == spans(
            dates.RE_YEAR_REPORT.finditer(t[:4000]))
        assert spans(body.scan(body.RE_SUBJECT, t, body._subject_windows(t), 0, 12000)) == spans(
            body.RE_SUBJECT.finditer(t, 0, 12000))
        assert spans(body.scan(body.RE_INTRO[2], t, body._intro_year_windows(t), 0, 6000)) == spans(
            body.RE_INTRO[2].finditer(t[:6000]))
        assert spans(body.scan(body.RE_INTRO[4], t, body._intro_compiled_windows(t), 0, 6000)) == spans(
            body.RE_INTRO[4].finditer(t[:6000]))


def test_windowed_patterns_still_find_names():
    t = "\n  市商务局编制2020年度政府信息公开工作年度报告。\n2020年,某某县人民政府认真贯彻"
    assert [m.group("name") for m in body.scan(body.RE_INTRO[4], t, body._intro_compiled_windows(t))] == ["市商务局"]
    assert [m.group("name") for m in body.scan(body.RE_SUBJECT, t, body._subject_windows(t))] == ["某某县人民政府"]


def test_year_anchors_and_dates_equal_full_finditer():
    from xxgk.parse.metadata import scan
    rng = random.Random(3)
    pieces = ["19", "20", "2020", "201", "0", "1", "9", " ", "年", "月", "日", "-", "/", ".", "12", "31", "３", "x"]
    for t in list(_texts(300)) + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(3000)]:
        assert list(scan.year_anchors(t)) == [(m.start(), m.end() - 1) for m in scan.RE_YEAR_ANCHOR.finditer(t)], t
        assert [(m.span(), m.groups()) for m in dates._dates(t)] == [
            (m.span(), m.groups()) for m in dates.RE_DATE.finditer(t)], t
