"""Text of PDF and Word (.docx) reports, or a quarantine reason saying why there is none.

``extract_pdf(data) / extract_docx(data) -> Extracted``; both raise ``DocumentError(reason, detail)``
when no usable text can be had. They never raise anything else (a library bug becomes
``extraction_failed``) and are bounded in time (``XXGK_DOCUMENT_SECONDS``, default 120 s, enforced
between pages and, in a process's main thread, also by an interval timer) and in output size.

- PDF (pypdf): the text layer, page by page, pages joined by a newline. pypdf gives no table
  structure: table rows arrive as whitespace-separated lines, which the table parser reads like any
  other text rendering. Encrypted files open when the user password is empty (permissions-only
  encryption, common on government sites); otherwise ``encrypted``. A file without a text layer (a
  scan) is ``no_text``; a text layer whose fonts have no Unicode mapping (private-use or control
  characters instead of Chinese) is ``extraction_failed``.
- DOCX (python-docx): paragraphs and tables in document order; each table row becomes one line
  ``cell | cell | cell`` (a horizontally merged cell once, a vertically continued cell as an empty
  cell, the paragraphs of a cell joined by a space), so the table parser sees pipe rows.
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


class DocumentError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    notes: tuple[str, ...] = ()
    ocr: object | None = None      # xxgk.read.ocr_page.OcrText: what of ``text`` was read by OCR, how surely


def _seconds() -> float:
    try:
        return float(os.environ.get("XXGK_DOCUMENT_SECONDS", "120"))
    except ValueError:
        return 120.0


MAX_PAGES = 5000
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024      # a .docx whose parts inflate beyond this is a zip bomb


class _Timeout(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Hard limit via SIGALRM where possible (main thread, POSIX, no other timer in use)."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _unusable_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if 0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd" or ord(c) < 0x20
              or 0x7F <= ord(c) <= 0x9F)
    return bad / len(chars)


# ----------------------------------------------------------------------------- PDF

def extract_pdf(data: bytes, *, max_chars: int) -> Extracted:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise DocumentError("mislabeled", f"named .pdf but the content is not a PDF ({sniff_kind(data)})")
    budget = _seconds()
    try:
        with _deadline(budget + 5):
            return _extract_pdf(data, max_chars=max_chars, budget=budget)
    except DocumentError:
        raise
    except _Timeout:
        raise DocumentError("extraction_failed", f"PDF text extraction took longer than {budget:.0f} s; stopped") from None
    except RecursionError:
        raise DocumentError("corrupt", "the PDF's object structure is nested too deeply to read (damaged or hostile file)") from None
    except MemoryError:
        raise DocumentError("extraction_failed", "PDF text extraction ran out of memory") from None
    except Exception as exc:  # pypdf raises many kinds; none may take the run down
        raise DocumentError("corrupt", f"the PDF cannot be read: {type(exc).__name__}: {_short(exc)}") from None


def _extract_pdf(data: bytes, *, max_chars: int, budget: float) -> Extracted:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # damaged-file chatter is summarised in notes
    t0 = time.monotonic()
    notes: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        raise DocumentError("corrupt", f"the PDF cannot be read: {_short(exc)}") from None
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:
            raise DocumentError("encrypted", f"the PDF is encrypted and cannot be decrypted here: {_short(exc)}") from None
        if not ok:
            raise DocumentError("encrypted", "the PDF is password-protected (a password is needed to open "
                                             "it); ask the publisher for an unprotected copy")
        notes.append("the PDF is encrypted with an empty user password (permissions only); decrypted")
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
    ocr = _ocr_scanned_pages(data, pages, notes)     # OCR hook (xxgk.read.ocr_pdf): scans get their text
    if ocr is not None:
        blank = [i for i in blank if not pages[i - 1].strip()]
    text = "\n".join(pages)
    if failed and len(failed) == n_pages:
        raise DocumentError("extraction_failed", f"no page's text could be extracted ({n_pages} pages)")
    visible = sum(1 for c in text if not c.isspace())
    if visible < 20:
        what = f"{images} image(s)" if images else "no text"
        raise DocumentError("no_text", f"the PDF has {n_pages} page(s) and {what} but no text layer, and OCR read "
                                       "no text in its images (blank pages, or a scan too faint or small to read)")
    bad = _unusable_share(text)
    if bad > 0.3:
        raise DocumentError("extraction_failed",
                            f"the PDF's text layer is unusable: {bad:.0%} of its characters are private-use or "
                            "control codes (fonts without a Unicode mapping); OCR the document instead")
    notes.append(f"text extracted from {n_pages} PDF page(s) with pypdf; tables arrive as plain lines")
    if blank:
        notes.append(f"page(s) without text (scanned images?): {_ranges(blank)}")
    if failed:
        notes.append(f"page(s) whose text could not be extracted: {_ranges(failed)}")
    return Extracted(text, tuple(notes), ocr)


def _extend_deadline(seconds: float) -> None:
    """Give the running _deadline more time (OCR's time grows with the pages it reads)."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + seconds)


def _ocr_scanned_pages(data: bytes, pages: list[str], notes: list[str]) -> object | None:
    """Pages without a usable text layer read by OCR, in place in ``pages``; the OCR layer, or None."""
    from xxgk.read.ocr_engine import OcrUnavailable
    from xxgk.read.ocr_pdf import OcrTooLong, read_scanned_pages

    try:
        got = read_scanned_pages(data, pages, on_start=_extend_deadline)
    except OcrUnavailable as exc:
        notes.append(f"pages without text were not read: {exc}")
        return None
    except OcrTooLong as exc:
        raise DocumentError("too_large", str(exc)) from None
    if got is None:
        return None
    pages[:], layer, note = got
    notes.append(note)
    return layer


# ----------------------------------------------------------------------------- DOCX

def extract_docx(data: bytes, *, max_chars: int) -> Extracted:
    if data.startswith(OLE2_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:1 << 20]:
            raise DocumentError("encrypted", "the Word document is password-protected; ask the publisher for "
                                             "an unprotected copy")
        raise DocumentError("unsupported", "named .docx but it is an old Word 97-2003 (.doc) or WPS file; "
                                           "convert it to .docx or PDF (e.g. libreoffice --convert-to docx)")
    if not data.startswith(b"PK"):
        raise DocumentError("mislabeled", f"named .docx but the content is not a Word document ({sniff_kind(data)})")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        unzipped = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError("corrupt", f"the .docx (a ZIP archive) is damaged: {_short(exc)}") from None
    if "word/document.xml" not in names:
        raise DocumentError("mislabeled", f"named .docx but it is {_zip_kind(names)}, not a Word document")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise DocumentError("too_large", f"the .docx inflates to {unzipped} bytes (limit {MAX_UNZIPPED_BYTES}): "
                                         "a damaged or hostile file")
    budget = _seconds()
    try:
        with _deadline(budget):
            text = _docx_text(data, max_chars=max_chars)
    except DocumentError:
        raise
    except _Timeout:
        raise DocumentError("extraction_failed", f"Word text extraction took longer than {budget:.0f} s; stopped") from None
    except Exception as exc:
        raise DocumentError("corrupt", f"the Word document cannot be read: {type(exc).__name__}: {_short(exc)}") from None
    if not text.strip():
        raise DocumentError("no_text", "the Word document contains no text (only images or empty paragraphs?)")
    return Extracted(text, ("text extracted from the .docx with python-docx; each table row is one "
                            "'cell | cell | cell' line",))


def _docx_text(data: bytes, *, max_chars: int) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    total = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            new = [block.text]
        elif isinstance(block, Table):
            new = list(_table_lines(block))
        else:  # pragma: no cover - python-docx yields only these two
            continue
        for line in new:
            total += len(line) + 1
            if total > max_chars:
                raise DocumentError("too_large", f"the Word document's text exceeds {max_chars} characters")
            lines.append(line)
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _table_lines(table) -> Iterator[str]:
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            tcPr = tc.tcPr
            vmerge = tcPr.find(_W + "vMerge") if tcPr is not None else None
            if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                cells.append("")                       # continuation of a vertically merged cell
                continue
            cell = _Cell(tc, table)
            parts: list[str] = []
            for inner in cell.iter_inner_content():
                if isinstance(inner, Paragraph):
                    if inner.text.strip():
                        parts.append(inner.text.strip())
                elif isinstance(inner, Table):        # a table inside a cell: flattened into the cell
                    parts.extend(line for line in _table_lines(inner) if line.strip(" |"))
            cells.append(" ".join(p.replace("\n", " ") for p in parts))
        yield " | ".join(cells)


# ----------------------------------------------------------------------------- sniffing

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (OLE2_MAGIC, "an old Microsoft Office (.doc/.xls/.ppt) or WPS file"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x7fELF", "a Linux executable"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"DUCK", "a DuckDB database"),
)


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint file (.pptx)"
    if "OFD.xml" in names:
        return "an OFD document (the Chinese fixed-layout format)"
    if "mimetype" in names:
        return "an OpenDocument file"
    return "a ZIP archive"


def sniff_kind(data: bytes) -> str:
    """A human name for what a file's bytes look like ("a PDF document", "a PNG image", "an HTML page"…)."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "a WebP image"
    if data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypavif"):
        return "an HEIC/AVIF image"
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            return _zip_kind(set(zipfile.ZipFile(io.BytesIO(data)).namelist()))
        except Exception:
            return "a ZIP archive (damaged)"
    if b"%PDF-" in data[:1024]:
        return "a PDF document"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta")):
        return "an HTML page"
    if head.startswith(b"<?xml"):
        return "an XML document"
    if not data:
        return "an empty file"
    return "unrecognised content"


def binary_kind(data: bytes) -> str | None:
    """The binary format a file's first bytes announce, or None when they announce none."""
    kind = sniff_kind(data)
    if kind in ("an HTML page", "an XML document", "unrecognised content", "an empty file", "an RTF document"):
        return None
    return kind


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"


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
