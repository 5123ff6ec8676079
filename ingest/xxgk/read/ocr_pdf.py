"""OCR of the PDF pages that have no usable text layer (scans).

``ocr_pages(data, page_numbers) -> dict[int, OcrText]``: each listed page (0-based) rendered by
PDFium (pypdfium2) and read (xxgk.read.ocr_page). A page is rendered at the resolution of the
largest image on it (the scan's own, so nothing is invented or thrown away), kept within
MIN_DPI–MAX_DPI; a page with no image at all is not read (nothing there to recognise).

``needs_ocr(text) -> bool``: a page whose extracted text has fewer than MIN_CHARS visible
characters holds no usable text layer.

``ocr_summary(...)`` says, in one sentence, which pages were read this way and how surely (the
reader's note; the parser's ``input_ocr`` finding carries the same for users to filter on).
"""

from __future__ import annotations

import numpy as np

from xxgk.read.ocr_page import OcrText, Piece, read_page

MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200
MIN_CHARS = 20      # fewer visible characters than this on a page with an image: a scan


def needs_ocr(text: str) -> bool:
    return sum(1 for c in text if not c.isspace()) < MIN_CHARS


def _image_dpi(page) -> float | None:
    """Resolution of the largest image on the page (pixels per inch as placed), or None: no image."""
    import pypdfium2.raw as pdfium_c

    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
            w_px, _h_px = obj.get_px_size()
        except Exception:
            continue
        width_in = max(right - left, 1e-6) / 72.0
        area = (right - left) * (top - bottom)
        if best is None or area > best[0]:
            best = (area, w_px / width_in)
    return None if best is None else best[1]


def render_page(page, dpi: float) -> np.ndarray:
    """The page as a BGR image at ``dpi`` (colour kept: red seals are removed by colour)."""
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=False)
    img = bitmap.to_numpy()
    if img.ndim == 3 and img.shape[2] == 4:
        img = img[:, :, :3]
    return np.ascontiguousarray(img)


def ocr_pages(data: bytes, pages: list[int]) -> dict[int, OcrText]:
    """OCR the given pages (0-based) of the PDF ``data``; pages without any image are left out."""
    import pypdfium2 as pdfium

    out: dict[int, OcrText] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for i in pages:
            page = pdf[i]
            try:
                dpi = _image_dpi(page)
                if dpi is None:
                    continue
                dpi = min(MAX_DPI, max(MIN_DPI, dpi))
                out[i] = read_page(render_page(page, dpi), dpi)
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def ocr_summary(read: dict[int, OcrText], n_pages: int) -> str:
    cells = [p for t in read.values() for p in t.pieces if p.kind == "cell"]
    tables = sum(t.tables for t in read.values())
    pages = _ranges(sorted(i + 1 for i in read))
    low = sum(1 for p in cells if p.confidence < 0.9)
    return (f"page(s) {pages} of {n_pages} have no text layer (scanned images) and were read by OCR "
            f"(PP-OCRv6, offline): {tables} table(s), {len(cells)} table cell(s) read, {low} of them with "
            "confidence below 0.9; figures from these pages carry placement 'ocr' and their confidence")


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


def read_scanned_pages(data: bytes, page_texts: list[str]) -> tuple[list[str], OcrText, str] | None:
    """The hook for a PDF reader: OCR the pages whose text layer is unusable (``needs_ocr``).

    ``page_texts`` are the texts the reader got from each page, to be joined with newlines. Returns
    the page texts with the scanned pages' replaced by their OCR text, the OCR layer (pieces with
    offsets into the joined text) and a note for the reader's notes; None when no page needs OCR or
    none could be read."""
    wanted = [i for i, t in enumerate(page_texts) if needs_ocr(t)]
    if not wanted:
        return None
    read = ocr_pages(data, wanted)
    read = {i: t for i, t in read.items() if t.text.strip()}
    if not read:
        return None
    texts = list(page_texts)
    layer = OcrText()
    offset = 0
    for i, t in enumerate(texts):
        if i in read:
            texts[i] = read[i].text
            page = read[i]
            layer.pieces.extend(Piece(p.start + offset, p.end + offset, p.chars, p.kind,
                                      p.table + layer.tables if p.table >= 0 else -1) for p in page.pieces)
            layer.tables += page.tables
        offset += len(texts[i]) + 1
    layer.text = "\n".join(texts)
    return texts, layer, ocr_summary(read, len(page_texts))
