"""The bundled real reports as Word files made by LibreOffice: each real text as its published HTML
page (tests/read/office.py), converted to .docx, and the .docx to .doc (Word 97-2003). Read through
the product's readers (.doc through its own LibreOffice conversion), each must give every ground-truth
cell the text version gives, read nothing wrong, and keep the metadata.

Needs LibreOffice (``scripts/ensure_test_deps.sh`` installs libreoffice-writer-nogui when run as root).
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, REAL, SEEDS
from tests.fixtures.score import score_one
from tests.read.office import convert, report_html, soffice
from xxgk.extract import extract_one

pytestmark = [
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: run "
                       "scripts/ensure_test_deps.sh as root, or apt-get install libreoffice-writer-nogui"),
    pytest.mark.xdist_group("libreoffice"),
]

REPORTS = sorted([*SEEDS.glob("*.txt"), *REAL.glob("*.txt")])


def _gold(name: str) -> dict | None:
    path = GOLDEN / (Path(name).stem + ".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _has_tables(gold: dict) -> bool:
    return any(k.startswith(("t2.", "t3.", "t4.")) for k in (*gold.get("facts", {}), *gold.get("nulls", [])))


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{report stem: {"txt": …, "html": …, "docx": …, "doc": …}} for every bundled real report."""
    root = tmp_path_factory.mktemp("office")
    html_dir = root / "html"
    html_dir.mkdir()
    htmls = []
    for path in REPORTS:
        h = html_dir / (path.stem + ".html")
        h.write_text(report_html(path.read_text(encoding="utf-8"), path.name), encoding="utf-8")
        htmls.append(h)
    docx = convert(htmls, "docx", root / "docx")
    doc = convert(docx, "doc", root / "doc")
    return {p.stem: {"txt": p, "html": h, "docx": d, "doc": o} for p, h, d, o in zip(REPORTS, htmls, docx, doc)}


def _extract(path: Path) -> tuple[dict, float]:
    t0 = time.monotonic()
    rec = extract_one(path)
    return rec, time.monotonic() - t0


def _score(rec: dict, gold: dict) -> dict:
    assert not rec.get("error"), rec.get("error")
    return score_one(gold, {**rec, "file": gold["file"]})


def _found(rec: dict, gold: dict) -> set[str]:
    facts = rec.get("facts") or {}
    return {k for k in gold.get("facts", {}) if facts.get(k) is not None}


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_real_reports_as_html_and_docx_get_every_cell_the_text_gets(renderings, fmt):
    totals = {"found": 0, "text_found": 0, "wrong": 0}
    for stem, files in renderings.items():
        gold = _gold(files["txt"].name)
        if gold is None:
            continue
        text_rec, got = extract_one(files["txt"]), extract_one(files[fmt])
        c = _score(got, gold)
        assert (c["fact_wrong"], c["null_wrong"], c["extra"]) == (0, 0, 0), (stem, fmt, c["problems"])
        assert _found(got, gold) >= _found(text_rec, gold), (stem, fmt, _found(text_rec, gold) - _found(got, gold))
        assert c["meta_ok"] == _score(text_rec, gold)["meta_ok"], (stem, fmt, c["problems"])
        totals["found"] += len(_found(got, gold))
        totals["text_found"] += len(_found(text_rec, gold))
    assert totals["found"] >= totals["text_found"] > 600


def test_real_reports_as_doc_files_through_libreoffice(renderings):
    """The .doc renderings read through the product's converter (one LibreOffice per file, private
    profile), two at a time as the ingest's workers do. Reports with tables, and two without (metadata)."""
    chosen = [s for s, f in renderings.items() if (g := _gold(f["txt"].name)) and _has_tables(g)]
    chosen += [s for s, f in renderings.items() if (g := _gold(f["txt"].name)) and not _has_tables(g)][:2]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip(chosen, pool.map(_extract, [renderings[s]["doc"] for s in chosen])))
    for stem, (rec, _seconds) in results.items():
        gold = _gold(renderings[stem]["txt"].name)
        text_rec = extract_one(renderings[stem]["txt"])
        c = _score(rec, gold)
        assert (c["fact_wrong"], c["null_wrong"], c["extra"]) == (0, 0, 0), (stem, c["problems"])
        assert _found(rec, gold) >= _found(text_rec, gold), stem
        assert c["meta_ok"] == _score(text_rec, gold)["meta_ok"], (stem, c["problems"])
        notes = [f["detail"] for f in rec["findings"] if f["rule"] == "input_converted"]
        assert notes[0].startswith("a Word 97-2003 document converted to .docx with LibreOffice in "), notes
    assert len(results) >= 17
