"""What a file's bytes look like, from their first bytes: "a PDF document", "a PNG image", "an HTML page"…

Used to refuse a binary file saved under a text name, and to say what a mislabelled document really is.
"""

from __future__ import annotations

import io
import zipfile

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


def zip_kind(names: set[str]) -> str:
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
            return zip_kind(set(zipfile.ZipFile(io.BytesIO(data)).namelist()))
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

