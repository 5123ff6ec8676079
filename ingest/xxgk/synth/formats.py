"""The synthetic reports as users get them: PDF (printed by Chromium, exported by LibreOffice), .docx, .doc.

``render_formats(corpus_dir, formats)`` takes a corpus written with ``generate_corpus(..., layouts=("html",))``
(every report an HTML page) and renders each report in each format, with the same truth:

  ``pdf-chromium``  Chromium's print of the page (A4 or Letter; a running title header and "3/5" or
                    "- 3 -" page numbers on some) — a page saved as PDF from a browser;
  ``docx``          (written whenever an office format is asked for) a Word document written from the
                    page (xxgk.synth.docx_writer: merged cells, office fonts, page-number footers,
                    repeated header rows, rows breaking across pages);
  ``pdf-office``    that .docx exported to PDF by LibreOffice — a Word file "saved as PDF";
  ``doc``           that .docx saved by LibreOffice as Word 97-2003.

Output: ``corpus_dir/<format>/<year>/<stem>.<ext>`` and ``corpus_dir/<format>/truth.jsonl`` (the HTML
report's truth line, its ``file`` renamed; score with xxgk.synth.score). Styles are drawn from the file
name, so a corpus renders the same way every time (the bytes of a PDF carry its creation time).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from xxgk.synth.docx_writer import DocStyle, html_to_docx

FORMATS = ("pdf-chromium", "pdf-office", "docx", "doc")
SUFFIX = {"pdf-chromium": ".pdf", "pdf-office": ".pdf", "docx": ".docx", "doc": ".doc"}


def print_style(stem: str) -> dict:
    """Chromium print options for one file: paper, running header, footer."""
    rng = random.Random(f"print:{stem}")
    return {"paper": rng.choice(("A4", "A4", "Letter")),
            "header": rng.choice(("none", "title")),
            "footer": rng.choice(("none", "n/total", "- n -"))}


def doc_style(stem: str) -> DocStyle:
    return DocStyle.draw(random.Random(f"docx:{stem}"))


def render_formats(corpus_dir: Path, formats: tuple[str, ...] | list[str] = FORMATS) -> dict[str, int]:
    """Render every HTML report of ``corpus_dir`` in ``formats``; returns files written per format."""
    corpus_dir = Path(corpus_dir)
    truths = [json.loads(line) for line in (corpus_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    sources = {p.name: p for p in (corpus_dir / "reports").rglob("*.html")}
    items = [(t, sources[t["file"]]) for t in truths if t["file"] in sources]
    written = render_pages([src for _, src in items], formats,
                           lambda fmt, src: corpus_dir / fmt / src.parent.name / (src.stem + SUFFIX[fmt]))
    for fmt in written:
        with (corpus_dir / fmt / "truth.jsonl").open("w", encoding="utf-8") as fh:
            for t, src in items:
                fh.write(json.dumps({**t, "file": src.stem + SUFFIX[fmt]}, ensure_ascii=False,
                                    separators=(",", ":")) + "\n")
    return written


def render_texts(texts: list[Path], out_dir: Path, formats: tuple[str, ...] | list[str] = FORMATS) -> dict[str, int]:
    """Plain-text reports (the real examples) as HTML pages (``out_dir/html/<stem>.html``, see
    xxgk.synth.text_page) and those in ``formats`` (``out_dir/<format>/<stem>.<ext>``)."""
    from xxgk.synth.text_page import text_to_html

    pages = []
    for t in texts:
        page = Path(out_dir) / "html" / (t.stem + ".html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text_to_html(t.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")
        pages.append(page)
    return render_pages(pages, formats, lambda fmt, src: Path(out_dir) / fmt / (src.stem + SUFFIX[fmt]))


def render_pages(pages: list[Path], formats: tuple[str, ...] | list[str], out_path) -> dict[str, int]:
    """Render HTML ``pages`` in ``formats``; ``out_path(format, page)`` says where each rendering goes."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; known: {', '.join(FORMATS)}")
    written: dict[str, int] = {}
    if "pdf-chromium" in formats:
        from xxgk.synth.chromium import ChromiumPrinter

        with ChromiumPrinter() as printer:
            for src in pages:
                printer.print_pdf(src, out_path("pdf-chromium", src), **print_style(src.stem))
        written["pdf-chromium"] = len(pages)
    if any(f in formats for f in ("docx", "pdf-office", "doc")):
        import tempfile

        from xxgk.synth.office import convert

        docs: list[Path] = []
        for src in pages:
            docx = out_path("docx", src)
            docx.parent.mkdir(parents=True, exist_ok=True)
            docx.write_bytes(html_to_docx(src.read_text(encoding="utf-8"), doc_style(src.stem)))
            docs.append(docx)
        for fmt, ext in (("pdf-office", "pdf"), ("doc", "doc")):
            if fmt in formats:
                with tempfile.TemporaryDirectory(prefix="xxgk-office-") as tmp:   # one LibreOffice start
                    for made, src in zip(convert(docs, ext, Path(tmp)), pages):
                        target = out_path(fmt, src)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        made.replace(target)
                written[fmt] = len(pages)
        written["docx"] = len(pages)          # the source of the LibreOffice renderings: always kept
    return written
