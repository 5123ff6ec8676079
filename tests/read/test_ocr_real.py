"""Real reports, printed and scanned (issue 20): three hand-checked reports (a 2021-template seed, a real
2019-template report with its tables, a short real excerpt) printed to PDF by Chromium as the HTML page
they came from, then scanned at 200 dpi (skew, grain, dust, a seal) into image-only PDFs. OCR must read
them with the metadata the text gives and no wrong figure: a cell it cannot read surely stays unknown.
One of them is also read with its pages turned (sideways, upside down), as landscape tables are scanned.

The synthetic scan corpus (test_ocr_scans) shares the generator's assumptions; these texts do not."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import cv2
import pytest

from tests.conftest import REPO
from tests.golden import golden_scorer
from xxgk.extract import extract_one
from xxgk.read import ocr_page
from xxgk.read.ocr_page import OcrText
from xxgk.synth.chromium import chromium_path
from xxgk.synth.formats import render_texts
from xxgk.synth.scan import ScanStyle, images_to_pdf, rasterise, scan_pdf

FIXTURES = REPO / "tests" / "fixtures"
REPORTS = ("seeds/003_8e2ae5a13d6d1592.txt", "real/011.txt", "real/059.txt")
TURNED = "059.txt"          # also read with its pages turned

pytestmark = [
    pytest.mark.browser, pytest.mark.xdist_group("ocr"),
    pytest.mark.skipif(chromium_path() is None, reason="chromium not installed (scripts/ensure_test_deps.sh)"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, tuple[dict, dict, dict]]:
    """report file → (the scorer's counters for the text, for the scan; the scan's extraction); "turned" →
    (the upright scan's counters, the turned scan's; its extraction)."""
    texts = [FIXTURES / "reports" / r for r in REPORTS]
    out = tmp_path_factory.mktemp("real_scans")
    render_texts(texts, out, ("pdf-chromium",))
    score_one = golden_scorer()
    result = {}
    for k, text in enumerate(texts):
        golden = json.loads((FIXTURES / "golden" / (text.stem + ".json")).read_text(encoding="utf-8"))
        printed = (out / "pdf-chromium" / (text.stem + ".pdf")).read_bytes()
        scan = out / (text.stem + ".scan.pdf")
        scan.write_bytes(scan_pdf(printed, ScanStyle(dpi=200, color=k % 2 == 0), random.Random(k)))
        got = extract_one(scan)
        assert "error" not in got, (text.name, got.get("error"))
        result[text.name] = (score_one(golden, extract_one(text)), score_one(golden, got), got)
        if text.name == TURNED:
            # the same scan with its first page sideways and its second upside down
            pages = rasterise(scan.read_bytes(), 200)
            pages = [cv2.rotate(p, (cv2.ROTATE_90_COUNTERCLOCKWISE, cv2.ROTATE_180)[i]) if i < 2 else p
                     for i, p in enumerate(pages)]
            turned = out / (text.stem + ".turned.pdf")
            turned.write_bytes(images_to_pdf(pages, 200, 85))
            got = extract_one(turned)
            result["turned"] = (result[text.name][1], score_one(golden, got), got)
    return result


@pytest.fixture(scope="module")
def misjudged(scored, tmp_path_factory) -> tuple[OcrText, OcrText]:
    """An upright scanned page read as it is, and read when it is wrongly judged to be sideways."""
    path = next(tmp_path_factory.getbasetemp().rglob(Path(TURNED).stem + ".scan.pdf"))
    page = rasterise(path.read_bytes(), 200)[0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr_page, "quarter_turned", lambda ink: True)
        wrong = ocr_page.read_page(page, 200)
    return ocr_page.read_page(page, 200), wrong


@pytest.mark.parametrize("report", [Path(r).name for r in REPORTS])
def test_a_printed_and_scanned_real_report_keeps_its_metadata_and_reads_no_wrong_figure(scored, report):
    text, scan, got = scored[report]
    assert any(f["rule"] == "input_ocr" for f in got["findings"])
    assert scan["meta_ok"] == text["meta_ok"], scan["problems"]
    assert scan["fact_wrong"] == 0 and scan["null_wrong"] == 0 and scan["extra"] == 0, scan["problems"]


def test_pages_scanned_sideways_or_upside_down_are_turned_and_read_as_the_upright_scan(scored):
    upright, turned, got = scored["turned"]
    note = " ".join(str(f["detail"]) for f in got["findings"] if f["rule"] == "input_converted")
    assert "1 (90°), 2 (180°) read turned clockwise" in note
    # the turned pages are the scan rasterised and compressed once more: a doubtful cell may go unknown
    assert turned["meta_ok"] == upright["meta_ok"] and turned["fact_ok"] >= upright["fact_ok"] - 1 > 5
    assert turned["fact_wrong"] == 0 and turned["extra"] == 0, turned["problems"]


def test_a_page_wrongly_judged_sideways_is_still_read_upright(misjudged):
    upright, wrong = misjudged
    assert upright.turned == 0 and len(upright.text) > 200
    assert wrong.turned == 0 and wrong.text == upright.text


def test_the_scans_read_most_of_what_the_texts_read(scored):
    text_ok = sum(t["fact_ok"] for name, (t, _, _) in scored.items() if name != "turned")
    scan_ok = sum(s["fact_ok"] for name, (_, s, _) in scored.items() if name != "turned")
    assert text_ok > 250 and scan_ok >= 0.95 * text_ok, (scan_ok, text_ok)
