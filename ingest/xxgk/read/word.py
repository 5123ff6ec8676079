"""Text of Word (.docx) reports, or a quarantine reason saying why there is none.

The body in document order (xxgk.read.wordml): paragraphs, text boxes once, and tables on their grid
as pipe rows, rendered like HTML tables (xxgk.read.grid: a merged cell's covered slots are padding, an
empty cell is a blank cell), so the table parser sees the same rows. Errors, limits and time budget:
xxgk.read.document.
"""

from __future__ import annotations

import io
import zipfile

from xxgk.read.document import DocumentError, Extracted, ExtractionTimeout, deadline, short_error, time_budget
from xxgk.read.result import info
from xxgk.read.sniff import OLE2_MAGIC, sniff_kind, zip_kind

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024      # a .docx whose parts inflate beyond this is a zip bomb


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
        raise DocumentError("corrupt", f"the .docx (a ZIP archive) is damaged: {short_error(exc)}") from None
    if "word/document.xml" not in names:
        raise DocumentError("mislabeled", f"named .docx but it is {zip_kind(names)}, not a Word document")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise DocumentError("too_large", f"the .docx inflates to {unzipped} bytes (limit {MAX_UNZIPPED_BYTES}): "
                                         "a damaged or hostile file")
    budget = time_budget()
    try:
        with deadline(budget):
            text, note = _docx_text(zf, max_chars=max_chars)
    except DocumentError:
        raise
    except ExtractionTimeout:
        raise DocumentError("extraction_failed", f"Word text extraction took longer than {budget:.0f} s; stopped") from None
    except Exception as exc:
        raise DocumentError("corrupt", f"the Word document cannot be read: {type(exc).__name__}: {short_error(exc)}") from None
    if not text.strip():
        raise DocumentError("no_text", "the Word document contains no text (only images or empty paragraphs?)")
    return Extracted(text, (info(note),))


def _docx_text(zf: zipfile.ZipFile, *, max_chars: int) -> tuple[str, str]:
    from xxgk.read.wordml import TextLimitExceeded, body_text

    try:
        body = body_text(zf.read("word/document.xml"), max_chars=max_chars)
    except TextLimitExceeded:
        raise DocumentError("too_large", f"the Word document's text exceeds {max_chars} characters") from None
    return body.text, body.note()
