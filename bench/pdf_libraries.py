#!/usr/bin/env python3
"""Which library gives the geometry of a PDF page? The comparison behind docs/formats.md.

    .venv/bin/python bench/pdf_libraries.py --corpus DIR     # a corpus from bench/pdf.py or xxgk synth --formats

For each candidate — PDFium (pypdfium2, what xxgk uses), pdfplumber, pdfminer.six directly — on the same
PDF files: the time to get every page's character boxes and ruling lines, and the accuracy of the same
layout code (xxgk.read: tables, lines, paragraphs) and parser fed with that library's geometry, scored
against the truth. pdfplumber and pdfminer.six are not dependencies of the project: install them into
the venv to include them (`.venv/bin/uv pip install pdfplumber`), else they are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ingest"))

from xxgk.read.pdf_page import THIN, Page  # noqa: E402


def _rule(page: Page, x0: float, top: float, x1: float, bottom: float) -> None:
    if bottom - top <= THIN and x1 - x0 >= 4:
        page.hrules.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= THIN and bottom - top >= 4:
        page.vrules.append(((x0 + x1) / 2, top, bottom))


def pdfium_pages(path: Path) -> list[Page]:
    from xxgk.read.pdf_page import open_document, read_page

    doc = open_document(path.read_bytes())
    try:
        return [read_page(doc, i) for i in range(len(doc))]
    finally:
        doc.close()


def pdfplumber_pages(path: Path) -> list[Page]:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for n, p in enumerate(pdf.pages, start=1):
            page = Page(n, float(p.width), float(p.height))
            page.chars = [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in p.chars
                          if c["text"].strip() or c["text"] == " "]
            for e in p.edges:
                _rule(page, e["x0"], e["top"], e["x1"], e["bottom"])
            out.append(page)
    return out


def pdfminer_pages(path: Path) -> list[Page]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer, LTCurve
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)     # no layout analysis: the raw objects
    interpreter = PDFPageInterpreter(manager, device)
    out = []
    with open(path, "rb") as fh:
        layouts = []
        for p in PDFPage.get_pages(fh):
            interpreter.process_page(p)
            layouts.append(device.get_result())
    for n, lt in enumerate(layouts, start=1):
        h = lt.height
        page = Page(n, lt.width, h)
        stack = list(lt)
        while stack:
            obj = stack.pop()
            if isinstance(obj, LTChar):
                t = obj.get_text()
                if t.strip() or t == " ":
                    page.chars.append((t, obj.x0, h - obj.y1, obj.x1, h - obj.y0))
            elif isinstance(obj, LTCurve):             # LTLine and LTRect are curves
                if obj.width <= THIN or obj.height <= THIN:
                    _rule(page, obj.x0, h - obj.y1, obj.x1, h - obj.y0)
                else:                                  # a stroked box: its four sides
                    _rule(page, obj.x0, h - obj.y1, obj.x1, h - obj.y1)
                    _rule(page, obj.x0, h - obj.y0, obj.x1, h - obj.y0)
                    _rule(page, obj.x0, h - obj.y1, obj.x0, h - obj.y0)
                    _rule(page, obj.x1, h - obj.y1, obj.x1, h - obj.y0)
            elif isinstance(obj, LTContainer):          # figures (form XObjects)
                stack.extend(obj)
        out.append(page)
    return out


LIBRARIES = {"pypdfium2 (PDFium)": pdfium_pages, "pdfplumber": pdfplumber_pages, "pdfminer.six": pdfminer_pages}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--limit", type=int, default=30, help="files per renderer (default 30)")
    args = ap.parse_args()
    from xxgk.parse import parse_report
    from xxgk.read.pdf_layout import layout_text
    from xxgk.synth.score import score_one, summarize

    corpus = Path(args.corpus)
    rows = []
    for name, read in LIBRARIES.items():
        try:
            read(next((corpus / "pdf-office").rglob("*.pdf")))
        except ImportError:
            rows.append((name, None))
            continue
        c: Counter = Counter()
        seconds = pages = 0.0
        for renderer in ("pdf-chromium", "pdf-office"):
            truths = {json.loads(line)["file"]: json.loads(line)
                      for line in (corpus / renderer / "truth.jsonl").read_text(encoding="utf-8").splitlines()}
            for path in sorted((corpus / renderer).rglob("*.pdf"))[:args.limit]:
                t0 = time.perf_counter()
                got_pages = read(path)
                seconds += time.perf_counter() - t0
                pages += len(got_pages)
                text = layout_text(got_pages)[0].text()
                record = parse_report(text, path.name).to_contract_json()
                score_one(truths[path.name], record, c)
        rows.append((name, {"pages": int(pages), "seconds": round(seconds, 2), "pages_per_s": round(pages / seconds, 1),
                            **{k: v for k, v in summarize(c).items()
                               if k in ("cells_in_truth", "fact_ok", "fact_wrong", "cell_accuracy", "meta_accuracy")}}))
    print("| library | pages | geometry time | pages/s | cells | wrong | metadata |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        if r is None:
            print(f"| {name} | not installed |  |  |  |  |  |")
        else:
            print(f"| {name} | {r['pages']} | {r['seconds']} s | {r['pages_per_s']} | "
                  f"{r.get('fact_ok', 0)}/{r['cells_in_truth']} = {r['cell_accuracy']} | {r.get('fact_wrong', 0)} | "
                  f"{r['meta_accuracy']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
