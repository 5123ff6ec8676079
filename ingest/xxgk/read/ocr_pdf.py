"""OCR of the PDF pages that have no usable text layer (scans).

``ocr_pages(data, page_numbers, with_text) -> (scanned, pictures)``: each listed page (0-based) rendered by
PDFium (pypdfium2) and read (xxgk.read.ocr_page). A page is rendered at the resolution of the
largest image on it (the scan's own, so nothing is invented or thrown away), kept within
MIN_DPI–MAX_DPI; a page with no image at all is not read (nothing there to recognise). On the pages in
``with_text`` (a usable text layer) only pictures large enough for a table are read, each with its box,
so that the PDF reader puts their text in place among the lines it reads from the layout.

``needs_ocr(text) -> bool``: a page whose extracted text has fewer than MIN_CHARS visible
characters holds no usable text layer.

``ocr_summary(...)`` says, in one sentence, which pages were read this way and how surely (the
reader's note; the parser's ``input_ocr`` finding carries the same for users to filter on).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from xxgk.read.ocr_page import OcrText, read_page
from xxgk.read.pdf_text import folio, has_words, repeat_key

MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200
# Time and size bounds: OCR takes ~2 s of CPU a page on one core (docs/ocr.md); the reader's time limit
# grows by this much wall time per page to read (a busy machine is slower), and a file with more pages
# to OCR than this is refused (XXGK_OCR_SECONDS_PER_PAGE, XXGK_OCR_MAX_PAGES).
OCR_SECONDS_PER_PAGE = 60.0
MAX_OCR_PAGES = 200
# An image XObject's dictionary (a stream's, so never inside a compressed object stream)
_IMAGE_XOBJECT = re.compile(rb"/Subtype\s*/Image\b")
MIN_CHARS = 20      # fewer visible characters than this on a page with an image: a scan


def needs_ocr(text: str) -> bool:
    return sum(1 for c in text if not c.isspace()) < MIN_CHARS


def read_anything(read: OcrText) -> bool:
    """Did OCR read any character (not only the empty grid of a ruled area: a grey picture's edges)?"""
    return any(not c.isspace() and c != "|" for c in read.text)


def _images(page) -> list[tuple[float, float, float, float, float]]:
    """(left, bottom, right, top, dpi) of each image on the page, clipped to the page (a picture taller
    than a page is drawn on two, each showing a part); dpi = its pixels per inch as placed."""
    import pypdfium2.raw as pdfium_c

    pw, ph = page.get_size()
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
            w_px, _ = obj.get_px_size()
        except Exception:
            continue
        dpi = w_px / max((right - left) / 72.0, 1e-6)
        left, bottom, right, top = max(left, 0), max(bottom, 0), min(right, pw), min(top, ph)
        if right > left and top > bottom:
            out.append((left, bottom, right, top, dpi))
    return out


def _image_dpi(page) -> float | None:
    """Resolution of the largest image on the page, or None: no image."""
    images = _images(page)
    return max(images, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))[4] if images else None


# An image on a page with text is read when it is large enough to hold a table: at least this share of
# the page's area and of its width (logos, seals and signatures are smaller).
MIN_IMAGE_AREA, MIN_IMAGE_WIDTH = 0.06, 0.35


def _large_images(page) -> list[tuple[float, float, float, float, float]]:
    """The images on the page large enough to hold a table, top to bottom."""
    pw, ph = page.get_size()
    out = [b for b in _images(page)
           if (b[2] - b[0]) * (b[3] - b[1]) >= MIN_IMAGE_AREA * pw * ph and b[2] - b[0] >= MIN_IMAGE_WIDTH * pw]
    return sorted(out, key=lambda b: -b[3])


# A picture read in place on a page with a text layer: its box (left, bottom, right, top) in PDF page
# space and what OCR read in it. The PDF reader puts the text where the box stands among the page's lines.
Picture = tuple[tuple[float, float, float, float], OcrText]


def _read_pictures(page) -> list[Picture]:
    """The pictures large enough for a table on a page with a text layer (a table pasted as a picture),
    each read by OCR, top to bottom; the page's own text is read from its layout, not here."""
    images = _large_images(page)
    if not images:
        return []
    textpage = page.get_textpage()
    try:
        # a picture with text drawn over it is a background (letterhead, watermark), not a pasted table
        images = [b for b in images if needs_ocr(textpage.get_text_bounded(b[0], b[1], b[2], b[3]))]
    finally:
        textpage.close()
    ph = page.get_size()[1]
    out: list[Picture] = []
    top = ph
    for left, bottom, right, img_top, dpi in images:
        if img_top > top:                    # overlapping images: read the first only
            continue
        dpi = min(MAX_DPI, max(MIN_DPI, dpi))
        img = render_page(page, dpi)
        f = dpi / 72.0
        x0, x1 = int(left * f), int(right * f)
        y0, y1 = int((ph - img_top) * f), int((ph - bottom) * f)
        got = read_page(np.ascontiguousarray(img[max(0, y0):y1, max(0, x0):x1]), dpi)
        if read_anything(got):
            out.append(((left, bottom, right, img_top), got))
        top = bottom
    return out


def render_page(page, dpi: float) -> np.ndarray:
    """The page as a BGR image at ``dpi`` (colour kept: red seals are removed by colour)."""
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=False)
    img = bitmap.to_numpy()
    if img.ndim == 3 and img.shape[2] == 4:
        img = img[:, :, :3]
    return np.ascontiguousarray(img)


def ocr_pages(data: bytes, pages: list[int], with_text: Sequence[int] = ()
              ) -> tuple[dict[int, OcrText], dict[int, list[Picture]]]:
    """OCR the given pages (0-based) of the PDF ``data``; pages without any image are left out.
    ``with_text``: pages with a usable text layer whose large images (tables pasted as pictures) are
    read (second result; a page is there only when it has such a picture)."""
    import pypdfium2 as pdfium

    out: dict[int, OcrText] = {}
    pictures: dict[int, list[Picture]] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for i in sorted({*pages, *with_text}):
            page = pdf[i]
            try:
                if i not in pages:
                    found = _read_pictures(page)
                    if found:
                        pictures[i] = found
                    continue
                dpi = _image_dpi(page)
                if dpi is None:
                    continue
                dpi = min(MAX_DPI, max(MIN_DPI, dpi))
                got = read_page(render_page(page, dpi), dpi)
                if read_anything(got):
                    out[i] = got
            finally:
                page.close()
    finally:
        pdf.close()
    return out, pictures


def ocr_summary(scanned: dict[int, OcrText], pictures: dict[int, list[Picture]], n_pages: int) -> str:
    read = [*scanned.values(), *(t for found in pictures.values() for _, t in found)]
    cells = [p for t in read for p in t.pieces if p.kind == "cell"]
    tables = sum(t.tables for t in read)
    what = []
    if scanned:
        what.append(f"page(s) {_ranges(sorted(i + 1 for i in scanned))} of {n_pages} have no text layer "
                    "(scanned images)")
    if pictures:
        what.append(f"page(s) {_ranges(sorted(i + 1 for i in pictures))} hold pictures large enough for a table")
    low = sum(1 for p in cells if p.confidence < 0.9)
    turned = [f"{i + 1} ({t.turned}°)" for i, t in sorted(scanned.items()) if t.turned]
    return (f"{' and '.join(what)}: read by OCR (PP-OCRv6, offline): {tables} table(s), {len(cells)} table "
            f"cell(s) read, {low} of them with confidence below 0.9; figures from OCR carry placement 'ocr' "
            "and their confidence" + (f"; page(s) {', '.join(turned)} read turned clockwise" if turned else ""))


def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


class OcrTooLong(Exception):
    """More pages need OCR than XXGK_OCR_MAX_PAGES allows."""


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def read_scanned_pages(data: bytes, page_texts: list[str], on_start: Callable[[float], None] | None = None
                       ) -> tuple[dict[int, OcrText], dict[int, list[Picture]], str] | None:
    """The hook for a PDF reader: OCR the pages whose text layer is unusable (``needs_ocr``), and the
    pictures large enough for a table on the other pages.

    ``page_texts``: the text the reader got from each page. Returns the OCR text of each scanned page
    (0-based), the pictures read on pages with a text layer (0-based page → its pictures, top to
    bottom) and a note for the reader's notes; None when no page needs OCR or none could be read."""
    if not _IMAGE_XOBJECT.search(data):
        return None                          # no image in the file at all: nothing to read (and no cost)
    wanted = [i for i, t in enumerate(page_texts) if needs_ocr(t)]
    limit = int(_env_number("XXGK_OCR_MAX_PAGES", MAX_OCR_PAGES))
    if len(wanted) > limit:
        raise OcrTooLong(f"{len(wanted)} pages have no text layer and would need OCR, over the limit of {limit} "
                         "(XXGK_OCR_MAX_PAGES): an annual report is far shorter; split the file or raise the limit")
    if on_start is not None and wanted:      # the caller's time limit grows with the pages to read
        on_start(_env_number("XXGK_OCR_SECONDS_PER_PAGE", OCR_SECONDS_PER_PAGE) * len(wanted))
    wanted_set = set(wanted)
    others = [i for i in range(len(page_texts)) if i not in wanted_set]
    scanned, pictures = ocr_pages(data, wanted, others)
    if not scanned and not pictures:
        return None
    dropped = drop_running_lines(scanned, len(page_texts))
    note = ocr_summary(scanned, pictures, len(page_texts))
    return scanned, pictures, note + (f"; {dropped} running header/footer line(s) of the scans dropped" if dropped else "")


# The lines at a scanned page's top or bottom that may be running headers, footers or page numbers: the
# first and last EDGE_LINES prose lines of the page with no table before (after) them.
EDGE_LINES = 2


# "3/5" as OCR may read it: a speck after it ("3/5."), the slash as a letter ("5f5", "3l5")
_PAGE_OF = re.compile(r"(\d{1,4})\s*[/／fFlI|]\s*(\d{1,4})")


def _scan_folio(text: str, n_pages: int | None) -> tuple[int, bool] | None:
    """The page number a scanned page's edge line states, and whether it is a bare number; None: no folio."""
    s = text.strip().strip(".,·'`:;")
    m = _PAGE_OF.fullmatch(s)
    if m and n_pages is not None and int(m.group(2)) == n_pages and 1 <= int(m.group(1)) <= n_pages:
        return int(m.group(1)), False
    number = folio(s)
    return (number, s.isdigit()) if number is not None and number >= 1 else None


def drop_running_lines(scanned: dict[int, OcrText], n_pages: int | None = None) -> int:
    """Remove from each scanned page (0-based index → what OCR read) its running headers, footers and page
    numbers, by the rules of the text-layer reader (xxgk.read.pdf_text.running_lines), with a page's first
    and last prose lines standing for its edges (OCR knows no page geometry here, so the rules are stricter):

    - a page number: "- 3 -", "第3页", "3/5" (with OCR's noise: "3/5.", "5f5" when 5 is the number of pages
      ``n_pages``) whose number is the page's, or the page's plus the same offset on at least two pages and
      half the scanned ones; a bare number only when at least two pages carry their own number so (a figure
      ending a page may equal its number);
    - a running line: the same words (digits aside) at the same edge of at least half the pages.

    Returns how many lines were dropped."""
    candidates: list[tuple[int, int, int, str]] = []      # (page, start, end, edge + key)
    for index, read in scanned.items():
        pieces = sorted(read.pieces, key=lambda p: p.start)
        for where, seq in (("top", pieces), ("bottom", pieces[::-1])):
            for p in seq[:EDGE_LINES]:
                if p.kind != "line":
                    break                                   # a table stands between it and the edge
                candidates.append((index, p.start, p.end, where + ":" + repeat_key(read.text[p.start:p.end])))
    drop: set[tuple[int, int, int]] = set()
    numbered: dict[tuple[int, int, int], tuple[int, bool]] = {}   # line → (offset, a bare number)
    for index, start, end, _ in candidates:
        found = _scan_folio(scanned[index].text[start:end], n_pages)
        if found is not None:
            numbered[index, start, end] = (found[0] - (index + 1), found[1])
    pages_at = {offset: len({at[0] for at, (o, _) in numbered.items() if o == offset})
                for offset, _ in numbered.values()}
    bare_own = len({at[0] for at, (o, bare) in numbered.items() if o == 0 and bare})
    for at, (offset, bare) in numbered.items():
        if offset == 0 and (not bare or bare_own >= 2):
            drop.add(at)
        elif offset != 0 and not bare and pages_at[offset] >= 2 and pages_at[offset] * 2 >= len(scanned):
            drop.add(at)
    seen = Counter(key for _, key in {(index, key) for index, _, _, key in candidates})   # pages per key
    for index, start, end, key in candidates:
        if len(scanned) >= 2 and seen[key] >= max(2, (len(scanned) + 1) // 2) and has_words(key[key.index(":"):]):
            drop.add((index, start, end))
    for index, start, end in sorted(drop, reverse=True):
        read = scanned[index]
        # the line and the line break before it (after it, for the page's first line)
        if start > 0:
            read.cut(start - 1, end)
        else:
            read.cut(start, min(end + 1, len(read.text)))
    return len(drop)
