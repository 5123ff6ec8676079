"""Text of PDF reports (pypdf), or a quarantine reason saying why there is none.

The text layer, page by page, pages joined by a newline. pypdf gives no table structure: table rows
arrive as whitespace-separated lines, which the table parser reads like any other text rendering.
Encrypted files open when the user password is empty (permissions-only encryption, common on
government sites); otherwise ``encrypted``. A file without a text layer (a scan) is ``no_text``; a
text layer whose fonts have no Unicode mapping (private-use or control characters instead of Chinese)
is ``extraction_failed``. Errors, limits and time budget: xxgk.read.document.
"""

from __future__ import annotations

import io
import time

from xxgk.read.document import DocumentError, Extracted, ExtractionTimeout, deadline, short_error, time_budget
from xxgk.read.result import ReadNote, info, warn
from xxgk.read.sniff import sniff_kind

MAX_PAGES = 5000


def _unusable_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if 0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd" or ord(c) < 0x20
              or 0x7F <= ord(c) <= 0x9F)
    return bad / len(chars)


def extract_pdf(data: bytes, *, max_chars: int) -> Extracted:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise DocumentError("mislabeled", f"named .pdf but the content is not a PDF ({sniff_kind(data)})")
    budget = time_budget()
    try:
        with deadline(budget + 5):
            return _extract_pdf(data, max_chars=max_chars, budget=budget)
    except DocumentError:
        raise
    except ExtractionTimeout:
        raise DocumentError("extraction_failed", f"PDF text extraction took longer than {budget:.0f} s; stopped") from None
    except RecursionError:
        raise DocumentError("corrupt", "the PDF's object structure is nested too deeply to read (damaged or hostile file)") from None
    except MemoryError:
        raise DocumentError("extraction_failed", "PDF text extraction ran out of memory") from None
    except Exception as exc:  # pypdf raises many kinds; none may take the run down
        raise DocumentError("corrupt", f"the PDF cannot be read: {type(exc).__name__}: {short_error(exc)}") from None


def _extract_pdf(data: bytes, *, max_chars: int, budget: float) -> Extracted:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # damaged-file chatter is summarised in notes
    t0 = time.monotonic()
    notes: list[ReadNote] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        raise DocumentError("corrupt", f"the PDF cannot be read: {short_error(exc)}") from None
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:
            raise DocumentError("encrypted", f"the PDF is encrypted and cannot be decrypted here: {short_error(exc)}") from None
        if not ok:
            raise DocumentError("encrypted", "the PDF is password-protected (a password is needed to open "
                                             "it); ask the publisher for an unprotected copy")
        notes.append(info("the PDF is encrypted with an empty user password (permissions only); decrypted"))
    n_pages = len(reader.pages)
    if n_pages == 0:
        raise DocumentError("empty", "the PDF has no pages")
    if n_pages > MAX_PAGES:
        raise DocumentError("too_large", f"the PDF has {n_pages} pages (limit {MAX_PAGES})")
    pages: list[str] = []
    failed: list[int] = []
    blank: list[int] = []
    images = 0
    total = 0
    for i, page in enumerate(reader.pages, start=1):
        if time.monotonic() - t0 > budget:
            raise DocumentError("extraction_failed",
                                f"PDF text extraction took longer than {budget:.0f} s (stopped at page {i} of {n_pages})")
        try:
            text = page.extract_text() or ""
        except Exception:
            failed.append(i)
            text = ""
        if not text.strip():
            blank.append(i)
            try:
                images += len(page.images)
            except Exception:
                pass
        pages.append(text)
        total += len(text)
        if total > max_chars:
            raise DocumentError("too_large", f"the PDF's text exceeds {max_chars} characters (at page {i})")
    text = "\n".join(pages)
    if failed and len(failed) == n_pages:
        raise DocumentError("extraction_failed", f"no page's text could be extracted ({n_pages} pages)")
    visible = sum(1 for c in text if not c.isspace())
    if visible < 20:
        what = f"{images} image(s)" if images else "no text"
        raise DocumentError("no_text", f"the PDF has {n_pages} page(s) and {what} but no text layer: probably a "
                                       "scanned document; run OCR on it (e.g. ocrmypdf) and add the result")
    bad = _unusable_share(text)
    if bad > 0.3:
        raise DocumentError("extraction_failed",
                            f"the PDF's text layer is unusable: {bad:.0%} of its characters are private-use or "
                            "control codes (fonts without a Unicode mapping); OCR the document instead")
    notes.append(info(f"text extracted from {n_pages} PDF page(s) with pypdf; tables arrive as plain lines"))
    if blank:
        notes.append(warn(f"page(s) without text (scanned images?): {_ranges(blank)}"))
    if failed:
        notes.append(warn(f"page(s) whose text could not be extracted: {_ranges(failed)}"))
    return Extracted(text, tuple(notes))



def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)

