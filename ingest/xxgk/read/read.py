"""Read one report file: bytes → exact text, or a quarantine reason. Never raises, never blocks.

Contract used by the ingest and `xxgk extract`:
``read_report_file(path) -> ReadResult`` where exactly one of ``text`` / ``error`` is set.
For callers that already hold the bytes (to hash them first), ``read_file_safely(path)`` then
``read_report_data(path, data)`` give the same result with one read.

``text`` is what gets stored and parsed: for .txt/.html the decoded bytes, unnormalised (a BOM is
dropped; mojibake is undone only when the repair is lossless, see xxgk.read.decode); for .pdf/.docx the
extracted text (xxgk.read.pdf, xxgk.read.word); for .doc/.wps the text of their LibreOffice conversion to
.docx (xxgk.read.old_word). ``notes`` says what a reader of the data should know (encoding
repairs, pages without text...).

Every outcome is documented in docs/bad_input.md; ``REASONS`` is the fixed vocabulary of ``error``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from xxgk.read.document import DocumentError, time_budget
from xxgk.read.old_word import extract_old_word
from xxgk.read.pdf import extract_pdf
from xxgk.read.result import REASONS, ReadResult, fail
from xxgk.read.sniff import OLE2_MAGIC
from xxgk.read.text import read_text
from xxgk.read.word import extract_docx

__all__ = ["REASONS", "REPORT_SUFFIXES", "ReadResult", "read_file_safely", "read_report_data", "read_report_file"]

# The file types read, by name (the one list: the folder walker, xxgk.read.walk, lists every other
# file as `unsupported_type`; a format added here is walked, read and documented in docs/bad_input.md).
REPORT_SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
                   ".doc": "doc", ".wps": "wps"}
DOCUMENT_FORMATS = ("pdf", "docx", "doc", "wps")   # read by a document reader, under the document size limit

MiB = 1024 * 1024
READ_STEP = 1 * MiB   # read size after the first read of a file (which asks for its stat size)


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def max_text_bytes() -> int:
    """Size limit for .txt/.html files: 16 MiB (the largest real report is well under 1 MB)."""
    return _limit("XXGK_MAX_TEXT_BYTES", 16 * MiB)


def max_document_bytes() -> int:
    """Size limit for .pdf/.docx files: 100 MiB (scanned PDFs are big; their text is small)."""
    return _limit("XXGK_MAX_DOCUMENT_BYTES", 100 * MiB)


def _format_of(path: Path) -> str:
    return REPORT_SUFFIXES.get(path.suffix.lower(), "txt")


def read_file_safely(path: Path) -> tuple[bytes, os.stat_result] | ReadResult:
    """The file's bytes and the ``stat`` taken before reading them (its size and mtime are what raw.files
    records: callers need not stat the file again), or a ReadResult with ``error`` (unreadable /
    too_large / empty).

    Never blocks (FIFOs and devices are refused before opening) and never reads more than the size
    limit plus one byte, so a huge or growing file costs no memory."""
    fmt = _format_of(path)
    limit = max_document_bytes() if fmt in DOCUMENT_FORMATS else max_text_bytes()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        kind = "a broken symbolic link" if os.path.islink(path) else "gone (deleted or moved during the run)"
        return fail(path, fmt, 0, "unreadable", f"the file is {kind}")
    except OSError as exc:
        return fail(path, fmt, 0, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        what = ("a directory" if stat.S_ISDIR(st.st_mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        return fail(path, fmt, 0, "unreadable", f"not a regular file ({what}); not read")
    if st.st_size > limit:
        return fail(path, fmt, st.st_size, "too_large", _too_large(st.st_size, limit, fmt))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            # The first read asks for the size stat gave, plus one byte to see the end: os.read allocates
            # what it is asked for, and a fixed 8 MiB request cost more than reading a 20 KB report.
            # A file that grew, or reports no size (/proc), is read on in bounded steps.
            chunks: list[bytes] = []
            got = 0
            want = st.st_size + 1
            while got <= limit:
                chunk = os.read(fd, min(want, limit + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                want = READ_STEP
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            return fail(path, fmt, 0, "unreadable", "not a regular file (a directory); not read")
        return fail(path, fmt, st.st_size, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > limit:   # grew while we read it
        return fail(path, fmt, len(data), "too_large", _too_large(len(data), limit, fmt) + " (it grew while being read)")
    return data, st


def _too_large(size: int, limit: int, fmt: str) -> str:
    var = "XXGK_MAX_DOCUMENT_BYTES" if fmt in DOCUMENT_FORMATS else "XXGK_MAX_TEXT_BYTES"
    return (f"{size:,} bytes is over the {limit:,}-byte limit for .{fmt} files (a single report is far smaller: "
            f"is this several reports in one file, or a dump?). Split it, or raise the limit with {var}=BYTES")


def read_report_file(path: Path) -> ReadResult:
    got = read_file_safely(path)
    if isinstance(got, ReadResult):
        return got
    return read_report_data(path, got[0])


def read_report_data(path: Path, data: bytes) -> ReadResult:
    """Decode or extract ``data`` (the bytes of ``path``). Never raises."""
    fmt = _format_of(path)
    try:
        if fmt in DOCUMENT_FORMATS:
            return _read_document(path, fmt, data)
        return read_text(path, fmt, data)
    except Exception as exc:  # a bug here must quarantine one file, never stop the run
        return fail(path, fmt, len(data), "extraction_failed",
                    f"unexpected error while reading: {type(exc).__name__}: {exc}")


def _read_document(path: Path, fmt: str, data: bytes) -> ReadResult:
    size = len(data)
    if size == 0:
        return fail(path, fmt, 0, "empty", "the file is empty (0 bytes)")
    try:
        if fmt == "pdf":
            out = extract_pdf(data, max_chars=max_text_bytes())
        elif fmt in ("doc", "wps") or data.startswith(OLE2_MAGIC):   # also an old Word file named .docx
            out = extract_old_word(data, suffix=path.suffix.lower(), max_chars=max_text_bytes(),
                                   seconds=time_budget())
        else:
            out = extract_docx(data, max_chars=max_text_bytes())
    except DocumentError as exc:
        return fail(path, fmt, size, exc.reason, exc.detail)
    return ReadResult(path, fmt, size, text=out.text, encoding=None, notes=out.notes, locations=out.locations,
                      ocr=out.ocr)
