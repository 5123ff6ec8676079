"""The metadata variant corpus (xxgk.synth.variants): deterministic, its truth is what the text says,
and the parser meets the issue-18 bar on it (≥ 99% metadata, no wrong body name, every non-report
flagged and no report called one)."""

from __future__ import annotations

import pytest

from xxgk.parse.normalize import normalize
from xxgk.synth.variants import extract_all, generate_variants, load_sources, score_metadata


@pytest.fixture(scope="module")
def items():
    return generate_variants(600, seed=3)


def test_sources_are_the_real_texts_scrubbed():
    srcs = load_sources()
    assert len(srcs) >= 30
    assert all("{SELF}" in s.body or "{WE}" in s.body or s.body for s in srcs)
    # the original body's own names are gone from its text
    by_file = {s.file: s for s in srcs}
    assert "济宁市生态环境局汶上县分局" not in by_file["049.txt"].body


def test_deterministic(items):
    again = generate_variants(600, seed=3)
    assert [(n, t) for n, t, _ in items] == [(n, t) for n, t, _ in again]


def test_truth_names_are_written_in_the_text(items):
    for name, text, truth in items:
        forms = [truth["agency"].get("name"), *truth["agency"].get("aliases", [])]
        forms = [f for f in forms if f]
        if forms:
            assert any(f in normalize(text) for f in forms), name


def test_kinds_of_bodies_and_headers_are_all_there(items):
    tags = {t for _, _, truth in items for t in truth["tags"]}
    for want in ("zone/city", "customs", "vertical", "township/街道", "county/department", "national",
                 "header:scraper", "header:breadcrumb", "header:meta_table", "header:bullets", "title:two_lines",
                 "title:no_year", "traditional", "spam_title", "not_report"):
        assert want in tags


def test_parser_meets_the_bar_on_the_variants(items):
    res = score_metadata([t for _, _, t in items], extract_all(items))
    assert res["meta_accuracy"] >= 0.99, res["fails"][:20]
    assert res["wrong_names"] == 0, [f for f in res["fails"] if " name:" in f][:20]
    found, n = map(int, res["not_report_recall"].split("/"))
    assert n > 0 and found == n
    assert res["not_report_false_alarms"] == 0
