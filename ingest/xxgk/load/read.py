"""Read one report file: bytes → exact text, or a quarantine reason. Never raises, never blocks.

Contract used by the ingest and `xxgk extract`:
``read_report_file(path) -> ReadResult`` where exactly one of ``text`` / ``error`` is set.
For callers that already hold the bytes (to hash them first), ``read_file_safely(path)`` then
``read_report_data(path, data)`` give the same result with one read.

``text`` is what gets stored and parsed: for .txt/.html the decoded bytes, unnormalised (a BOM is
dropped; mojibake is undone only when the repair is lossless, see xxgk.load.decode); for .pdf/.docx the
extracted text (xxgk.load.documents). ``notes`` says what a reader of the data should know (encoding
repairs, pages without text...).

Every outcome is documented in docs/bad_input.md; ``REASONS`` is the fixed vocabulary of ``error``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from xxgk.load.decode import declared_charset, decode_report_bytes, utf16_without_bom
from xxgk.load.documents import DocumentError, binary_kind, extract_docx, extract_pdf, sniff_kind

REPORT_SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}

# The fixed vocabulary of quarantine reasons (raw.ingest_errors.reason, `xxgk extract`'s "error").
REASONS: dict[str, str] = {
    "empty": "no content: 0 bytes, only whitespace, only NUL bytes, or a PDF with no pages",
    "binary": "a text-named file (.txt/.html) whose bytes are a binary format (PDF, Word, image, archive…) or not text",
    "mislabeled": "a .pdf/.docx whose content is something else (e.g. an HTML error page saved as .pdf)",
    "undecodable": "text that no supported encoding decodes (UTF-8/16/32, GB18030/GBK, Big5)",
    "mojibake": "text garbled by an earlier wrong decoding that cannot be repaired losslessly",
    "unreadable": "the operating system refused: permission, vanished, I/O error, not a regular file",
    "too_large": "over the size limit (XXGK_MAX_TEXT_BYTES / XXGK_MAX_DOCUMENT_BYTES)",
    "unsupported": "a known format this reader does not read (.doc, WPS, RTF)",
    "encrypted": "a password-protected PDF or Word file",
    "no_text": "a PDF/Word file without a text layer (a scan: needs OCR)",
    "corrupt": "a damaged PDF or Word file the library cannot open",
    "extraction_failed": "a PDF/Word file that opens but yields no usable text (time limit, fonts without Unicode)",
    "parser_error": "the file was read but the parser raised (a parser bug; set by the ingest, not here)",
}

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


# A few NUL bytes in otherwise good text (a damaged copy, padding) are kept; more than this share
# of the bytes, or NULs in the first bytes with no UTF-16 pattern, mean "not text".
NUL_SHARE_LIMIT = 0.001
# Control bytes that never occur in text (TAB, LF, FF, CR, ESC and NUL are counted apart or allowed).
_CONTROL_BYTES = bytes((*range(1, 9), 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31))
CONTROL_SHARE_LIMIT = 0.05
# A text of nothing but whitespace (str.strip's, which is re's \s), or nothing but these invisible
# characters a blank page is saved with, is empty. Matched instead of stripped: strip copies the text.
_SPACE = re.compile(r"\s*")
_INVISIBLE = re.compile("[\ufeff\u200b\x00 \t\r\n\u3000]*")
# What may stand before "<html" in a .txt that is really an HTML page.
_LEAD = re.compile("[\ufeff \t\r\n]*")


@dataclass(frozen=True, slots=True)
class ReadResult:
    path: Path
    source_format: str               # txt | html | pdf | docx
    byte_size: int
    text: str | None = None          # the exact decoded (or extracted) text
    encoding: str | None = None      # utf-8, utf-8-sig, gb18030, cp950, utf-16-le, mixed:utf-8+gb18030,
                                     # utf-8|mojibake:gbk (repaired) …; None for pdf/docx
    error: str | None = None         # a key of REASONS
    detail: str | None = None        # human-readable: the file and the cause
    notes: tuple[str, ...] = ()      # for loaded files: what a reader of the data should know
    ocr: object | None = None        # pdf: the OCR layer of pages read by OCR (xxgk.read.ocr_page.OcrText)


def walk_report_files(folder: str) -> tuple[list[str], set[str]]:
    """The report files under ``folder`` as found there, sorted component by component (Path order), and
    which of them are symbolic links to files.

    Does not follow directory links (no cycles) and skips unreadable folders, hidden files and folders
    (``.name``) and Office lock files (``~$name.docx``). One ``scandir`` per folder: the file type comes
    with the listing, so 100,000 files cost no ``stat`` each."""
    found: list[str] = []
    links: set[str] = set()
    folders = [folder]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif name.startswith("~$") or os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES:
                    continue
                elif not entry.is_symlink():
                    found.append(entry.path)
                elif not entry.is_dir():          # a link to a folder is not followed
                    found.append(entry.path)
                    links.add(entry.path)
    found.sort(key=lambda p: p.split(os.sep))
    return found, links


def iter_report_files(root: Path) -> list[Path]:
    """Every report file under ``root`` (or ``root`` itself), sorted for a stable order (see
    walk_report_files for what is skipped)."""
    if root.is_file() or (root.exists() and not root.is_dir()):
        return [root]
    return [Path(p) for p in walk_report_files(str(root))[0]]


def _fail(path: Path, fmt: str, size: int, reason: str, detail: str) -> ReadResult:
    assert reason in REASONS, reason
    return ReadResult(path, fmt, size, error=reason, detail=f"{path.name}: {detail}")


def _format_of(path: Path) -> str:
    return REPORT_SUFFIXES.get(path.suffix.lower(), "txt")


def read_file_safely(path: Path) -> tuple[bytes, os.stat_result] | ReadResult:
    """The file's bytes and the ``stat`` taken before reading them (its size and mtime are what raw.files
    records: callers need not stat the file again), or a ReadResult with ``error`` (unreadable /
    too_large / empty).

    Never blocks (FIFOs and devices are refused before opening) and never reads more than the size
    limit plus one byte, so a huge or growing file costs no memory."""
    fmt = _format_of(path)
    limit = max_document_bytes() if fmt in ("pdf", "docx") else max_text_bytes()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        kind = "a broken symbolic link" if os.path.islink(path) else "gone (deleted or moved during the run)"
        return _fail(path, fmt, 0, "unreadable", f"the file is {kind}")
    except OSError as exc:
        return _fail(path, fmt, 0, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        what = ("a directory" if stat.S_ISDIR(st.st_mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        return _fail(path, fmt, 0, "unreadable", f"not a regular file ({what}); not read")
    if st.st_size > limit:
        return _fail(path, fmt, st.st_size, "too_large", _too_large(st.st_size, limit, fmt))
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
            return _fail(path, fmt, 0, "unreadable", "not a regular file (a directory); not read")
        return _fail(path, fmt, st.st_size, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > limit:   # grew while we read it
        return _fail(path, fmt, len(data), "too_large", _too_large(len(data), limit, fmt) + " (it grew while being read)")
    return data, st


def _too_large(size: int, limit: int, fmt: str) -> str:
    var = "XXGK_MAX_DOCUMENT_BYTES" if fmt in ("pdf", "docx") else "XXGK_MAX_TEXT_BYTES"
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
        if fmt in ("pdf", "docx"):
            return _read_document(path, fmt, data)
        return _read_text(path, fmt, data)
    except Exception as exc:  # a bug here must quarantine one file, never stop the run
        return _fail(path, fmt, len(data), "extraction_failed",
                     f"unexpected error while reading: {type(exc).__name__}: {exc}")


def _read_document(path: Path, fmt: str, data: bytes) -> ReadResult:
    size = len(data)
    if size == 0:
        return _fail(path, fmt, 0, "empty", "the file is empty (0 bytes)")
    try:
        if fmt == "pdf":
            out = extract_pdf(data, max_chars=max_text_bytes())
        else:
            out = extract_docx(data, max_chars=max_text_bytes())
    except DocumentError as exc:
        return _fail(path, fmt, size, exc.reason, exc.detail)
    return ReadResult(path, fmt, size, text=out.text, encoding=None, notes=out.notes, ocr=out.ocr)


def _read_text(path: Path, fmt: str, data: bytes) -> ReadResult:
    size = len(data)
    suffix = path.suffix.lower() or "(none)"
    if size == 0:
        return _fail(path, fmt, 0, "empty", "the file is empty (0 bytes)")
    kind = binary_kind(data)
    if kind:
        hint = {"a PDF document": "rename it to .pdf to have its text read",
                "a Word document (.docx)": "rename it to .docx to have its text read"}.get(kind, "it holds no report text")
        return _fail(path, fmt, size, "binary", f"binary: looks like {kind} saved with a {suffix} name; {hint}")
    if sniff_kind(data) == "an RTF document":
        return _fail(path, fmt, size, "unsupported", f"an RTF document saved with a {suffix} name; save it as .docx or PDF")
    has_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    notes: list[str] = []
    if not has_bom and not utf16_without_bom(data):
        nuls = data.count(0)
        if nuls == size:
            return _fail(path, fmt, size, "empty", f"the file holds only NUL bytes ({size:,}): an incomplete "
                                                   "download or copy")
        if nuls and not data.strip(b"\x00 \t\r\n"):    # (strip copies the bytes: only when NULs)
            return _fail(path, fmt, size, "empty", "the file holds only NUL bytes and whitespace")
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))  # one pass, in C
        if nuls > max(8, NUL_SHARE_LIMIT * size) or controls > max(16, CONTROL_SHARE_LIMIT * size):
            first = data.index(0) if nuls else next(i for i, b in enumerate(data) if b < 32 and b not in (9, 10, 12, 13, 27))
            return _fail(path, fmt, size, "binary",
                         f"binary: not text ({nuls:,} NUL and {controls:,} other control bytes in {size:,}; "
                         f"first at offset {first}) and no known format")
        if nuls:
            notes.append(f"{nuls} NUL byte(s) in otherwise good text (first at offset {data.index(0)}); "
                         "kept as U+0000 characters")
    declared = declared_charset(data) if fmt == "html" or data.lstrip()[:1] == b"<" else None
    dec = decode_report_bytes(data, declared=declared)
    if dec.error:
        return _fail(path, fmt, size, dec.error, dec.detail or "cannot be decoded")
    text = dec.text or ""
    if _SPACE.fullmatch(text) or _INVISIBLE.fullmatch(text):
        return _fail(path, fmt, size, "empty", f"only whitespace ({size:,} bytes)")
    notes.extend(dec.notes)
    if fmt == "txt" and text[(i := _LEAD.match(text).end()):i + 14].lower().startswith(("<!doctype html", "<html")):
        fmt = "html"
        notes.append(f"an HTML page saved with a {suffix} name; read as HTML (scripts and styles dropped, "
                     "never run)")
    return ReadResult(path, fmt, size, text=text, encoding=dec.encoding, notes=tuple(notes))
