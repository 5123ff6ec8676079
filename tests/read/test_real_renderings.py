"""The hand-checked real reports, published the other ways (issue 16): each scraped text as the HTML page it
came from (xxgk.synth.text_page), that page printed to PDF by Chromium and, as a Word file, exported to PDF
by LibreOffice. Each rendering must read every cell the text version reads, none wrong, with the same
metadata."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO
from tests.golden import golden_scorer
from xxgk.extract import extract_one
from xxgk.synth.chromium import chromium_path
from xxgk.synth.formats import render_texts
from xxgk.synth.office import soffice_path

FIXTURES = REPO / "tests" / "fixtures"
FORMATS = ("pdf-chromium", "pdf-office")

pytestmark = [
    pytest.mark.browser, pytest.mark.office, pytest.mark.xdist_group("renderings"),
    pytest.mark.skipif(chromium_path() is None, reason="chromium not installed (scripts/ensure_test_deps.sh)"),
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed (scripts/ensure_test_deps.sh)"),
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """format → report file name (the golden's) → the scorer's counters."""
    texts = sorted((FIXTURES / "reports").rglob("*.txt"))
    out = tmp_path_factory.mktemp("real")
    render_texts(texts, out, FORMATS)
    golden = {g["file"]: g for g in (json.loads(p.read_text(encoding="utf-8"))
                                     for p in (FIXTURES / "golden").glob("*.json"))}
    score_one = golden_scorer()
    result: dict[str, dict[str, dict]] = {"text": {}, "html": {}, **{f: {} for f in FORMATS}}
    for text in texts:
        if text.name not in golden:
            continue
        paths = {"text": text, "html": out / "html" / (text.stem + ".html"),
                 **{f: out / f / (text.stem + ".pdf") for f in FORMATS}}
        for kind, path in paths.items():
            got = extract_one(path)
            assert "error" not in got, (kind, text.name, got.get("error"))
            result[kind][text.name] = score_one(golden[text.name], got)
    return result


def test_the_html_pages_read_like_the_texts(scored):
    for name, c in scored["text"].items():
        assert scored["html"][name]["fact_ok"] == c["fact_ok"], name


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_cell_the_text_reads_and_none_wrong(scored, fmt):
    total = {"text": 0, fmt: 0}
    for name, c in scored["text"].items():
        got = scored[fmt][name]
        assert got["fact_wrong"] == 0 and got["null_wrong"] == 0 and got["extra"] == 0, (name, got["problems"])
        assert got["fact_ok"] >= c["fact_ok"], (name, got["problems"])
        assert got["meta_ok"] == c["meta_ok"], (name, got["problems"])
        total["text"] += c["fact_ok"]
        total[fmt] += got["fact_ok"]
    assert total[fmt] >= total["text"] > 600
