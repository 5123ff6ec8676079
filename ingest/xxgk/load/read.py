"""Read one report file: bytes → exact decoded text, or a quarantine reason.

Contract used by the ingest and `xxgk extract`:
``read_report_file(path) -> ReadResult`` where exactly one of ``text`` / ``error`` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPORT_SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html"}
MAX_BYTES = 64 * 1024 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class ReadResult:
    path: Path
    source_format: str               # txt | html | pdf | docx
    byte_size: int
    text: str | None = None          # the exact decoded text
    encoding: str | None = None
    error: str | None = None         # quarantine reason: empty | binary | undecodable | unreadable | too_large
    detail: str | None = None        # human-readable explanation naming the problem


def iter_report_files(root: Path) -> list[Path]:
    """Every report file under ``root`` (or ``root`` itself), sorted for a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def read_report_file(path: Path) -> ReadResult:
    fmt = REPORT_SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ReadResult(path, fmt, 0, error="unreadable", detail=f"cannot read file: {exc.strerror or exc}")
    size = len(data)
    if size > MAX_BYTES:
        return ReadResult(path, fmt, size, error="too_large", detail=f"{size} bytes exceeds {MAX_BYTES}")
    if not data.strip():
        return ReadResult(path, fmt, size, error="empty", detail="file is empty or whitespace only")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ReadResult(path, fmt, size, error="binary", detail="contains NUL bytes: not a text file")
    text, encoding = _decode(data, fmt)
    if text is None:
        return ReadResult(path, fmt, size, error="undecodable",
                          detail="not valid UTF-8 or GB18030, and no declared charset decodes it")
    return ReadResult(path, fmt, size, text=text, encoding=encoding)


def _decode(data: bytes, fmt: str) -> tuple[str | None, str | None]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    candidates: list[str] = []
    if fmt == "html":
        m = _META_CHARSET.search(data[:4096])
        if m:
            candidates.append(m.group(1).decode("ascii").lower())
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return None, None
