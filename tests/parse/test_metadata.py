"""Metadata against the golden files, and over variants made from the sample texts
(no title, body only in the signature, Traditional copies, spam injected)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import zhconv

from xxgk.parse.metadata import extract_metadata
from xxgk.parse.normalize import normalize
from xxgk.parse.report import parse_report

FIX = Path(__file__).resolve().parents[1] / "fixtures"
REPORTS = sorted((FIX / "reports").glob("*/*.txt"))
GOLDEN = {json.loads(p.read_text("utf-8"))["file"]: json.loads(p.read_text("utf-8"))
          for p in (FIX / "golden").glob("*.json")}
CASES = [p for p in REPORTS if p.name in GOLDEN]


def _n(s):
    return "".join(ch for ch in unicodedata.normalize("NFKC", s or "") if not ch.isspace())


def _names(g):
    return {_n(g["agency"]["name"])} | {_n(a) for a in g["agency"].get("aliases", [])} - {""}


def _check(md, g, *, name=True):
    a = g["agency"]
    if name and a.get("name"):
        assert _n(md.agency.name) in _names(g), md.agency
    for f in ("province", "prefecture", "county", "level", "kind"):
        if a.get(f) is not None:
            assert _n(getattr(md.agency, f)) == _n(a[f]), (f, md.agency)
    if g.get("report_year") is not None:
        assert md.report_year == g["report_year"]
    if g.get("published") is not None:
        assert md.published == g["published"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden_metadata(path):
    g = GOLDEN[path.name]
    md = extract_metadata(normalize(path.read_text("utf-8")))
    _check(md, g)
    if g["agency"].get("name") is None:
        assert md.agency.name is None


# Known gap (narrative, not tables): f_r06 lists its categories after "在主动公开的90条政府信息中" with no
# 其中 (1+10+52+5+25 = 93), which the prose reader's parts check does not take as a list yet.
_KNOWN_GAPS = {"f_r06.txt": "parts_sum_mismatch of a category list opened by 在…N条…中 (no 其中) is not checked yet"}


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=_KNOWN_GAPS[p.name]))
                                  if p.name in _KNOWN_GAPS else p for p in CASES], ids=lambda p: p.name)
def test_golden_findings_and_era(path):
    g = GOLDEN[path.name]
    rec = parse_report(path.read_text("utf-8"), path.name)
    got = {f.rule for f in rec.findings}
    mine = {"text_damaged", "template_placeholder", "missing_number", "table_year_mismatch", "implausible_magnitude",
            "parts_sum_mismatch", "narrative_conflict", "date_inconsistent", "year_missing"}
    want = {f["rule"] for f in g.get("expected_findings", []) if f["rule"] in mine
            and len(f.get("seen_by", ["A", "B"])) == 2 or f["rule"] in mine and "seen_by" not in f}
    assert want <= got
    if g.get("era"):
        assert rec.era == g["era"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_traditional_copy(path):
    """A mirror's Traditional copy gives the same metadata (after the parser's own normalisation)."""
    g = GOLDEN[path.name]
    raw = path.read_text("utf-8")
    md = extract_metadata(normalize(zhconv.convert(raw, "zh-hant")))
    _check(md, g)


SPAM = "澳门金沙游戏¥中心大厅365体育官网"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_spam_injected(path):
    """Spam injected into the first sentences never becomes metadata, and is reported."""
    g = GOLDEN[path.name]
    raw = path.read_text("utf-8")
    cut = [m.end() for m in re.finditer("。", raw)][:3]
    for c in reversed(cut):
        raw = raw[:c] + SPAM + raw[c:]
    md = extract_metadata(normalize(raw))
    assert "text_damaged" in {f.rule for f in md.findings}
    assert md.agency.name is None or "体育" not in md.agency.name and "澳门" not in md.agency.name
    _check(md, g)


def test_no_title_body_in_signature():
    raw = (FIX / "reports/seeds/000_e8af1e46dab51bcc.txt").read_text("utf-8")
    body = raw.replace("钦州市行政审批局围绕", "我局围绕")
    md = extract_metadata(normalize(body))
    assert md.agency.name == "钦州市行政审批局"          # from the signature
    assert md.agency.prefecture == "钦州市" and md.report_year == 2017 and md.published == "2018-01-22"


@pytest.mark.parametrize("title,year,name", [
    ("江油市2015年政府信息公开工作年度报告", 2015, "江油市人民政府"),
    ("2023年上海市政府信息公开工作年度报告", 2023, "上海市人民政府"),
    ("南京市鼓楼区人民政府华侨路街道办事处2021年政府信息公开年度报告", 2021, "南京市鼓楼区人民政府华侨路街道办事处"),
    ("济宁市生态环境局汶上县分局政府信息公开工作年度报告", None, "济宁市生态环境局汶上县分局"),
    ("关于2022年度政府信息公开情况的报告", 2022, None),
])
def test_titles(title, year, name):
    md = extract_metadata(normalize(title + "\n正文。\n"))
    assert md.report_year == year
    assert md.agency.name == name


def test_publication_year_is_not_report_year():
    md = extract_metadata(normalize("发布日期:2021-01-29\n现将我局政府信息公开工作情况报告如下。\n"))
    assert md.report_year is None and md.published == "2021-01-29"


def test_merged_dates_do_not_make_years():
    md = extract_metadata(normalize("钦州市行政审批局政府信息公开工作年度报告\n20101231\n"))
    assert md.report_year is None


def test_area_code_gives_jurisdiction():
    md = extract_metadata(normalize("区统计局2016年政府信息公开工作年度报告\n如有疑问请联系(电话:0632-6616110)。\n"))
    assert (md.agency.province, md.agency.prefecture, md.agency.level) == ("山东省", "枣庄市", "county")
    assert md.agency.division_code == "370400"


def test_placeholder_and_period_findings():
    md = extract_metadata(normalize(
        "某县统计局2020年政府信息公开工作年度报告\n本报告统计期限自2020年1月1日起至2019年12月31日止。"
        "电子版可在(具体网址)下载。\n"))
    rules = {f.rule for f in md.findings}
    assert {"template_placeholder", "date_inconsistent"} <= rules


def test_gazetteer_loads_fast_and_once():
    import time
    from xxgk.parse.metadata.gazetteer import find_places, gazetteer
    t = time.perf_counter()
    g = gazetteer()
    assert gazetteer() is g
    assert time.perf_counter() - t < 1.0
    hits = find_places("南京市鼓楼区人民政府")
    assert [h.name for h in hits] == ["南京市", "鼓楼区"]


def test_linear_time_on_hostile_input():
    import time
    text = normalize("2020年," + "市" * 30000 + "与" + "局" * 20000 + "联系" + "0632-" * 5000 + "共公开" * 5000)
    t = time.perf_counter()
    extract_metadata(text)
    assert time.perf_counter() - t < 2.0


def test_year_title_without_body_does_not_name_a_body_from_nian_du():
    """'2019年度政府信息公开…' once yielded the body '度政府' (the 度 of 年度 + 政府)."""
    from xxgk.parse.metadata import extract_metadata
    from xxgk.parse.normalize import normalize

    text = "2019年度政府信息公开工作年度报告\n\n一、总体情况\n2019年度政府信息公开工作稳步推进。\n"
    assert extract_metadata(normalize(text)).agency.name != "度政府"
