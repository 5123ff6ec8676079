"""Bytes of a .txt/.html report → its exact text (xxgk.read.decode picks the encoding), or why not.

A binary file saved under a text name, a file of NUL bytes or whitespace, and an RTF document are
refused here, before decoding; a .txt that is really an HTML page is read as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from xxgk.read.decode import declared_charset, decode_report_bytes, utf16_without_bom
from xxgk.read.embedded_html import find_embedded_html, find_html_in_scripts
from xxgk.read.result import ReadNote, ReadResult, fail, info
from xxgk.read.sniff import binary_kind, sniff_kind

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


def read_text(path: Path, fmt: str, data: bytes) -> ReadResult:
    size = len(data)
    suffix = path.suffix.lower() or "(none)"
    if size == 0:
        return fail(path, fmt, 0, "empty", "the file is empty (0 bytes)")
    kind = binary_kind(data)
    if kind:
        hint = {"a PDF document": "rename it to .pdf to have its text read",
                "a Word document (.docx)": "rename it to .docx to have its text read"}.get(kind, "it holds no report text")
        return fail(path, fmt, size, "binary", f"binary: looks like {kind} saved with a {suffix} name; {hint}")
    if sniff_kind(data) == "an RTF document":
        return fail(path, fmt, size, "unsupported", f"an RTF document saved with a {suffix} name; save it as .docx or PDF")
    has_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    notes: list[ReadNote] = []
    if not has_bom and not utf16_without_bom(data):
        nuls = data.count(0)
        if nuls == size:
            return fail(path, fmt, size, "empty", f"the file holds only NUL bytes ({size:,}): an incomplete "
                                                  "download or copy")
        if nuls and not data.strip(b"\x00 \t\r\n"):    # (strip copies the bytes: only when NULs)
            return fail(path, fmt, size, "empty", "the file holds only NUL bytes and whitespace")
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))  # one pass, in C
        if nuls > max(8, NUL_SHARE_LIMIT * size) or controls > max(16, CONTROL_SHARE_LIMIT * size):
            first = data.index(0) if nuls else next(i for i, b in enumerate(data) if b < 32 and b not in (9, 10, 12, 13, 27))
            return fail(path, fmt, size, "binary",
                        f"binary: not text ({nuls:,} NUL and {controls:,} other control bytes in {size:,}; "
                        f"first at offset {first}) and no known format")
        if nuls:
            notes.append(info(f"{nuls} NUL byte(s) in otherwise good text (first at offset {data.index(0)}); "
                              "kept as U+0000 characters"))
    declared = declared_charset(data) if fmt == "html" or data.lstrip()[:1] == b"<" else None
    dec = decode_report_bytes(data, declared=declared)
    if dec.error:
        return fail(path, fmt, size, dec.error, dec.detail or "cannot be decoded")
    text = dec.text or ""
    if _SPACE.fullmatch(text) or _INVISIBLE.fullmatch(text):
        return fail(path, fmt, size, "empty", f"only whitespace ({size:,} bytes)")
    notes.extend(dec.notes)
    lead = _LEAD.match(text)        # always matches (a starred class): the whitespace before the first tag
    i = lead.end() if lead else 0
    if fmt == "txt" and text[i:i + 14].lower().startswith(("<!doctype html", "<html")):
        fmt = "html"
        notes.append(info(f"an HTML page saved with a {suffix} name; read as HTML (scripts and styles dropped, "
                          "never run)"))
    embedded = find_embedded_html(text) if fmt == "txt" else find_html_in_scripts(text)
    if embedded is not None:
        notes.append(info(embedded.note))
    return ReadResult(path, fmt, size, text=text, encoding=dec.encoding, notes=tuple(notes),
                      markup=embedded.html if embedded else None)
