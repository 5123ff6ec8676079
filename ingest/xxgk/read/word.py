"""Text of Word (.docx) reports (python-docx), or a quarantine reason saying why there is none.

Paragraphs and tables in document order; each table row becomes one line ``cell | cell | cell`` (a
horizontally merged cell once, a vertically continued cell as an empty cell, the paragraphs of a cell
joined by a space), so the table parser sees pipe rows. Errors, limits and time budget:
xxgk.read.document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

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
            text = _docx_text(data, max_chars=max_chars)
    except DocumentError:
        raise
    except ExtractionTimeout:
        raise DocumentError("extraction_failed", f"Word text extraction took longer than {budget:.0f} s; stopped") from None
    except Exception as exc:
        raise DocumentError("corrupt", f"the Word document cannot be read: {type(exc).__name__}: {short_error(exc)}") from None
    if not text.strip():
        raise DocumentError("no_text", "the Word document contains no text (only images or empty paragraphs?)")
    return Extracted(text, (info("text extracted from the .docx with python-docx; each table row is one "
                                 "'cell | cell | cell' line"),))


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
