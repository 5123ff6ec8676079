"""What reading one file gives: the text or a quarantine reason, and notes for a reader of the data.

``ReadResult``: exactly one of ``text`` / ``error`` is set. ``ReadNote``: what the reader did to turn the
bytes into text, with its severity decided where the note is written — ``warn`` when text may have been
lost or guessed (a figure read from it deserves a second look), ``info`` when the note only says how
bytes became text. The ingest stores notes as ``input_converted`` findings; ``xxgk extract`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from xxgk.read.ocr_page import OcrText
    from xxgk.read.locations import Locations

# The fixed vocabulary of quarantine reasons (raw.ingest_errors.reason, `xxgk extract`'s "error").
REASONS: dict[str, str] = {
    "empty": "no content: 0 bytes, only whitespace, only NUL bytes, or a PDF with no pages",
    "binary": "a text-named file (.txt/.html) whose bytes are a binary format (PDF, Word, image, archive…) or not text",
    "mislabeled": "a .pdf/.docx/.doc whose content is something else (e.g. an HTML error page saved as .pdf)",
    "undecodable": "text that no supported encoding decodes (UTF-8/16/32, GB18030/GBK, Big5)",
    "mojibake": "text garbled by an earlier wrong decoding that cannot be repaired losslessly",
    "unreadable": "the operating system refused: permission, vanished, I/O error, not a regular file",
    "too_large": "over the size limit (XXGK_MAX_TEXT_BYTES / XXGK_MAX_DOCUMENT_BYTES)",
    "unsupported": "a known format this reader does not read (RTF saved as .txt/.html)",
    "converter_missing": "a .doc/.wps file, and LibreOffice (which converts it) is not installed",
    "encrypted": "a password-protected PDF or Word file",
    "no_text": "a PDF/Word file without a text layer (a scan: needs OCR)",
    "corrupt": "a damaged PDF or Word file the library cannot open",
    "extraction_failed": "a PDF/Word file that opens but yields no usable text (time limit, fonts without Unicode)",
    "parser_error": "the file was read but the parser raised (a parser bug; set by the ingest, not here)",
    # set by the folder walker (xxgk.read.walk) for entries it does not read
    "unsupported_type": "a file whose type (by its name) is not one of REPORT_SUFFIXES: listed, not read",
    "link_outside_folder": "a symbolic link leading outside the reports folder (read only with --follow-links)",
    "link_loop": "a symbolic link that leads back to itself (a loop)",
    "link_broken": "a symbolic link to a file or folder that does not exist",
}


class ReadNote(NamedTuple):
    severity: Literal["warn", "info"]
    text: str


def info(text: str) -> ReadNote:
    """A note that only says how the bytes became text (an encoding, a repair that lost nothing)."""
    return ReadNote("info", text)


def warn(text: str) -> ReadNote:
    """A note that says text may have been lost or guessed."""
    return ReadNote("warn", text)


@dataclass(frozen=True, slots=True)
class ReadResult:
    path: Path
    source_format: str               # txt | html | pdf | docx | doc | wps
    byte_size: int
    text: str | None = None          # the exact decoded (or extracted) text
    encoding: str | None = None      # utf-8, utf-8-sig, gb18030, cp950, utf-16-le, mixed:utf-8+gb18030,
                                     # utf-8|mojibake:gbk (repaired) …; None for pdf/docx
    error: str | None = None         # a key of REASONS
    detail: str | None = None        # human-readable: the file and the cause
    notes: tuple[ReadNote, ...] = ()  # for loaded files: what a reader of the data should know
    locations: Locations | None = None  # PDF: where each character of text was (page and box)
    ocr: OcrText | None = None       # PDF: what of ``text`` was read by OCR, how surely (xxgk.read.ocr_page)
    markup: str | None = None        # report HTML found inside the text (a JS/JSON string, a CSV field…;
                                     # xxgk.read.embedded_html): parsed as HTML instead of ``text``

    def parser_input(self) -> tuple[str, bool]:
        """(text, is_html) for parse_report: the embedded HTML when the text holds one."""
        if self.markup is not None:
            return self.markup, True
        return self.text or "", self.source_format == "html"


def fail(path: Path, fmt: str, size: int, reason: str, detail: str) -> ReadResult:
    assert reason in REASONS, reason
    return ReadResult(path, fmt, size, error=reason, detail=f"{path.name}: {detail}")
