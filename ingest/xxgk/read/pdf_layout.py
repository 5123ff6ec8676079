"""A PDF report → the text the parser reads, built from the page layout, with where every character was.

``extract_pdf_layout(data, max_chars=…, budget=…) -> Extracted`` (text, notes, locations) or raises
``DocumentError`` with a quarantine reason, as xxgk.read.document promises. Per page (PDFium:
xxgk.read.pdf_page):

1. ruled tables from the lines the page draws (xxgk.read.pdf_tables), each rendered like an HTML
   table (xxgk.read.grid): one pipe row per grid row, a blank cell blank, a merged cell as padding;
2. the other characters in lines and paragraphs (xxgk.read.pdf_text), running headers, footers and
   page numbers dropped, lines broken only by the page width joined; rows of tables without ruling
   lines where their columns are certain (xxgk.read.pdf_columns);
3. tables and paragraphs in the order they stand on the page; a table that goes on over a page break
   continues in the text (xxgk.read.pdf_continued): header rows repeated by the next page given once,
   a row broken by the page put back together.

The text therefore looks like the text view of the same report as an HTML page, and the parser reads it
unchanged (``parse_report(text)``: parsing stays a pure function of the text). ``Extracted.locations``
maps text offsets back to page and box (xxgk.read.locations), for the provenance of each figure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from typing import TYPE_CHECKING

from xxgk.read.document import DocumentError, Extracted, extend_deadline, short_error
from xxgk.read.pdf import MAX_PAGES, page_ranges, unusable_share
from xxgk.read.result import ReadNote, info, warn
from xxgk.read.grid import render_row, slot_offsets
from xxgk.read.locations import Locations
from xxgk.read.pdf_columns import Block, aligned_blocks
from xxgk.read.pdf_continued import Row, continued
from xxgk.read.pdf_page import Char, Page, is_encrypted, open_document, read_page
from xxgk.read.pdf_tables import Table, find_tables
from xxgk.read.pdf_text import Line, Margins, continues, joiner, make_lines, running_lines

if TYPE_CHECKING:
    from xxgk.read.ocr_page import OcrText
    from xxgk.read.ocr_pdf import Picture


@dataclass(frozen=True, slots=True)
class _Picture:
    """A picture on a page with a text layer, as OCR read it (an item among the page's lines)."""
    read: OcrText


class _Text:
    """The text being built, and where its characters were."""

    __slots__ = ("parts", "pos", "locations", "page", "ocr")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.locations = Locations()
        self.page: Page | None = None
        self.ocr: OcrText | None = None           # what of the text OCR read (pictures), offsets into it

    def add_ocr(self, read: OcrText) -> None:
        """Append a picture's OCR text as a block of its own."""
        from xxgk.read.ocr_page import OcrText

        if self.pos:
            self.add("\n")
        if self.ocr is None:
            self.ocr = OcrText()
        self.ocr.add_shifted(read, self.pos)
        self.add(read.text + "\n")

    def add(self, text: str, located: list[Char | None] | None = None) -> None:
        """Append ``text``; ``located[k]`` is where its k-th character was drawn on ``self.page``."""
        if located:
            self.locate(located, self.pos)
        self.parts.append(text)
        self.pos += len(text)

    def locate(self, located: list[Char | None], offset: int) -> None:
        """Record that the characters from ``offset`` on were drawn at ``located`` on ``self.page``."""
        assert self.page is not None
        self.locations.add(offset, self.page, located)

    def text(self) -> str:
        return "".join(self.parts)


def extract_pdf_layout(data: bytes, *, max_chars: int, budget: float) -> Extracted:
    import pypdfium2 as pdfium

    t0 = time.monotonic()
    notes: list[ReadNote] = []
    try:
        doc = open_document(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:          # FPDF_ERR_PASSWORD
            raise DocumentError("encrypted", "the PDF is password-protected (a password is needed to open it); "
                                             "ask the publisher for an unprotected copy") from None
        raise DocumentError("corrupt", f"the PDF cannot be read: {short_error(exc)}") from None
    try:
        if is_encrypted(doc):
            notes.append(info("the PDF is encrypted with an empty user password (permissions only); decrypted"))
        n_pages = len(doc)
        if n_pages == 0:
            raise DocumentError("empty", "the PDF has no pages")
        if n_pages > MAX_PAGES:
            raise DocumentError("too_large", f"the PDF has {n_pages} pages (limit {MAX_PAGES})")
        pages: list[Page] = []
        failed: list[int] = []
        total = 0
        for i in range(n_pages):
            if time.monotonic() - t0 > budget:
                raise DocumentError("extraction_failed", f"PDF text extraction took longer than {budget:.0f} s "
                                                         f"(stopped at page {i + 1} of {n_pages})")
            try:
                page = read_page(doc, i)
            except pdfium.PdfiumError:
                failed.append(i + 1)
                page = Page(i + 1, 0.0, 0.0)
            pages.append(page)
            total += len(page.chars)
            if total > max_chars:
                raise DocumentError("too_large", f"the PDF's text exceeds {max_chars} characters (at page {i + 1})")
    finally:
        doc.close()
    if failed and len(failed) == n_pages:
        raise DocumentError("extraction_failed", f"no page's text could be extracted ({n_pages} pages)")
    scans, pictures = _read_scans(data, pages, notes) if any(p.images for p in pages) else ({}, {})
    if scans or pictures:
        text, locations, ocr, (n_tables, dropped, uncertain) = _with_scans(pages, scans, pictures)
    else:
        out, (n_tables, dropped, uncertain) = layout_text(pages)
        text, locations, ocr = out.text(), out.locations, None
    visible = sum(len(p.chars) for p in pages)
    if visible < 20 and not scans:
        images = sum(p.images for p in pages)
        what = f"{images} image(s)" if images else "no text"
        raise DocumentError("no_text", f"the PDF has {n_pages} page(s) and {what} but no text layer, and OCR read "
                                       "no text in its images (blank pages, or a scan too faint or small to read)")
    bad = unusable_share(text)
    if bad > 0.3:
        raise DocumentError("extraction_failed",
                            f"the PDF's text layer is unusable: {bad:.0%} of its characters are private-use or "
                            "control codes (fonts without a Unicode mapping); OCR the document instead")
    notes.append(info(f"text and tables read from the layout of {n_pages} PDF page(s): {n_tables} ruled table(s)"
                      + (f", {dropped} running header/footer line(s) dropped" if dropped else "")))
    blank = [p.number for p in pages if not p.chars and p.number not in failed and p.number - 1 not in scans]
    if blank:
        notes.append(warn(f"page(s) without text (scanned images?): {page_ranges(blank)}"))
    if failed:
        notes.append(warn(f"page(s) whose text could not be extracted: {page_ranges(failed)}"))
    if uncertain:
        notes.append(warn(f"{uncertain} row(s) of tables without ruling lines whose columns are uncertain: their "
                          "figures were left out (labels kept)"))
    turned = [p.number for p in pages if p.turn]
    if turned:
        notes.append(info(f"page(s) whose text runs sideways, read turned upright: {page_ranges(turned)}"))
    return Extracted(text, tuple(notes), locations, ocr)


# ----------------------------------------------------------------------------- pages read by OCR

def _page_text(page: Page) -> str:
    return "".join(c[0] for c in page.chars)


def _read_scans(data: bytes, pages: list[Page], notes: list[ReadNote]
                ) -> tuple[dict[int, OcrText], dict[int, list[Picture]]]:
    """OCR of the pages without a usable text layer and of pictures large enough for a table
    (xxgk.read.ocr_pdf): page index (0-based) → its OCR text, and → the pictures read on it."""
    from xxgk.read.ocr_engine import OcrUnavailable
    from xxgk.read.ocr_pdf import OcrTooLong, read_scanned_pages

    try:
        got = read_scanned_pages(data, [_page_text(p) for p in pages], on_start=extend_deadline)
    except OcrUnavailable as exc:
        notes.append(warn(f"pages without text were not read: {exc}"))
        return {}, {}
    except OcrTooLong as exc:
        raise DocumentError("too_large", str(exc)) from None
    if got is None:
        return {}, {}
    scanned, pictures, note = got
    notes.append(info(note))
    return scanned, pictures


def _with_scans(pages: list[Page], scans: dict[int, OcrText], pictures: dict[int, list[Picture]]
                ) -> tuple[str, Locations, OcrText, tuple[int, int, int]]:
    """The text of a PDF some of whose pages were read by OCR: each stretch of pages read from their
    layout as usual (pictures read by OCR in place among their lines), each scanned page as OCR read
    it, in page order. Locations hold the layout pages'; the OCR layer (pieces with offsets into the
    text) what OCR read."""
    from xxgk.read.ocr_page import OcrText

    parts: list[str] = []
    locations = Locations()
    layer = OcrText()
    counts = [0, 0, 0]
    pos = 0
    run: list[Page] = []

    def add(text: str) -> int:
        nonlocal pos
        if parts:
            parts.append("\n")
            pos += 1
        start = pos
        parts.append(text)
        pos += len(text)
        return start

    def flush() -> None:
        if not run:
            return
        out, found = layout_text(run, pictures)
        start = add(out.text())
        locations.extend(out.locations, start)
        if out.ocr is not None:
            layer.add_shifted(out.ocr, start)
        for k in range(3):
            counts[k] += found[k]
        run.clear()

    for i, page in enumerate(pages):
        if i not in scans:
            run.append(page)
            continue
        flush()
        page_ocr = scans[i]
        start = add(page_ocr.text)
        layer.add_shifted(page_ocr, start)
    flush()
    text = "".join(parts)
    layer.text = text
    return text, locations, layer, (counts[0], counts[1], counts[2])


# ----------------------------------------------------------------------------- the text, page by page

def layout_text(pages: list[Page], pictures: dict[int, list[Picture]] | None = None
                ) -> tuple[_Text, tuple[int, int, int]]:
    """The text (with its locations) of pages read by any geometry source, and how many ruled tables,
    running lines dropped and uncertain unruled rows it has. ``pictures``: page index (0-based) → the
    pictures OCR read on it, whose text goes where they stand among the page's lines."""
    tables: list[list[Table]] = []
    lines: list[list[Line]] = []
    for page in pages:
        found, rest = find_tables(page)
        tables.append(found)
        lines.append(make_lines(page.number, rest))
    out, dropped, uncertain = _assemble(pages, tables, lines, pictures or {})
    return out, (sum(map(len, tables)), dropped, uncertain)


def _assemble(pages: list[Page], tables: list[list[Table]], lines: list[list[Line]],
              pictures: dict[int, list[Picture]]) -> tuple[_Text, int, int]:
    drop = running_lines(lines, [(p.width, p.height) for p in pages])
    margins = Margins.of([ln for page_lines in lines for ln in page_lines if id(ln) not in drop])
    out = _Text()
    by_number = {p.number: p for p in pages}      # a stretch of pages (others read by OCR) may not start at 1
    para: list[Line] = []                          # the lines of the paragraph going on
    table: list[tuple[Table, Page]] = []           # the pieces of the table going on
    uncertain = 0                                  # rows of unruled tables whose figures were left out

    def flush() -> None:
        # blocks apart by a blank line, as in the text view of an HTML page (paragraphs, tables)
        if (para or table) and out.pos:
            out.add("\n")
        if para:
            for k, ln in enumerate(para):
                if k:
                    out.add(joiner(para[k - 1].text, ln.text))
                out.page = by_number[ln.page]
                out.add(ln.text, ln.located)
            out.add("\n")
            para.clear()
        if table:
            _write_rows(out, continued(table))
            table.clear()

    for page, page_tables, page_lines in zip(pages, tables, lines):
        shown = [(page.reading_box(*box), ocr) for box, ocr in pictures.get(page.number - 1, ())]
        # a stray character drawn over a picture (a scanner's text layer of a few marks) is not a line
        prose = [ln for ln in page_lines if id(ln) not in drop
                 and not any(top <= ln.top < bottom for (_, top, _, bottom), _ in shown)]
        aligned = aligned_blocks(page, prose)
        taken = {id(ln) for b in aligned for ln in b.lines}
        items: list[tuple[float, Line | Table | Block | _Picture]] = [
            (ln.top, ln) for ln in prose if id(ln) not in taken]
        items.extend((t.top, t) for t in page_tables)
        items.extend((b.top, b) for b in aligned)
        items.extend((top, _Picture(ocr)) for (_, top, _, _), ocr in shown)
        items.sort(key=lambda it: it[0])
        for n, (_, item) in enumerate(items):
            if isinstance(item, _Picture):
                flush()
                out.add_ocr(item.read)
                continue
            if isinstance(item, Block):
                flush()
                out.add("\n")
                _write_rows(out, item.rows)
                uncertain += item.uncertain
                continue
            if isinstance(item, Table):
                # a table at the top of a page goes on with the one that ended the page before
                if not (n == 0 and table and table[-1][1].number == page.number - 1):
                    flush()
                table.append((item, page))
                continue
            if table or (para and not continues(para[-1], item, margins,
                                                  same_page=para[-1].page == page.number)):
                flush()
            para.append(item)
    flush()
    return out, len(drop), uncertain


def _write_rows(out: _Text, rows: list[Row]) -> None:
    for row in rows:
        segs = [None if p is None else p.text for p in row]
        line = render_row(segs)
        if line is None:
            continue
        start = out.pos
        out.add(line + "\n")
        for piece, at in zip(row, slot_offsets(segs)):
            if piece is not None and at is not None:
                out.page = piece.page
                out.locate(piece.located, start + at)
