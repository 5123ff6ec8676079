""".doc (Word 97-2003) and .wps (Kingsoft WPS) reports: converted to .docx by LibreOffice, then read
exactly as a .docx (``xxgk.read.wordml``: tables on their grid, text boxes once).

``extract_old_word(data, suffix=..., max_chars=..., seconds=...) -> Extracted`` raises
``DocumentError`` like the other readers. What a file named .doc/.wps really holds decides the way:

- a ZIP with ``word/document.xml`` (a .docx saved under an old name) is read as .docx directly;
- an OLE2 compound file (the Word 97-2003 container) is converted when it holds a ``WordDocument``
  stream (or is a .wps: WPS and Works files differ); one whose Word header says "encrypted" is
  quarantined as ``encrypted`` without starting LibreOffice; other Office files (Excel,
  PowerPoint) are ``mislabeled``;
- RTF, HTML and Word 2003 XML saved as .doc (common on government sites) are converted too:
  LibreOffice detects the format from the content;
- a PDF, image, archive or program named .doc is ``mislabeled``.
Without LibreOffice the file is quarantined as ``converter_missing`` with the package to install.
"""

from __future__ import annotations

from xxgk.load.documents import OLE2_MAGIC, DocumentError, Extracted, extract_docx, sniff_kind
from xxgk.read.office_convert import ConversionError, to_docx

_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_FIB_MAGIC = b"\xec\xa5"          # wIdent of the Word File Information Block (FIB)
_F_ENCRYPTED = 0x0100             # FibBase flags: fEncrypted
_SECTOR = 512
# text formats LibreOffice reads too; the copy it converts gets the matching suffix as a hint
_TEXT_SUFFIX = {"an RTF document": ".rtf", "an HTML page": ".html", "an XML document": ".xml"}
_CONVERTIBLE_TEXT = (*_TEXT_SUFFIX, "unrecognised content")


def extract_old_word(data: bytes, *, suffix: str, max_chars: int, seconds: float) -> Extracted:
    name = suffix or ".doc"
    if data.startswith(b"PK"):
        kind = sniff_kind(data)
        if kind != "a Word document (.docx)":
            raise DocumentError("mislabeled", f"named {name} but it is {kind}, not a Word document")
        out = extract_docx(data, max_chars=max_chars)
        return Extracted(out.text, (f"a .docx saved with a {name} name; read as .docx", *out.notes))
    if data.startswith(OLE2_MAGIC):
        what, copy_name = _ole2_word_kind(data, name)
        if name not in (".doc", ".wps"):
            what += f" saved with a {name} name"
    else:
        kind = sniff_kind(data)
        if kind not in _CONVERTIBLE_TEXT:
            raise DocumentError("mislabeled", f"named {name} but the content is {kind}, not a Word document")
        what = f"{kind} saved as {name}" if kind != "unrecognised content" else f"a {name} file"
        copy_name = "report" + _TEXT_SUFFIX.get(kind, name)
    try:
        conv = to_docx(data, timeout=seconds, input_name=copy_name)
    except ConversionError as exc:
        raise DocumentError(exc.reason, exc.detail) from None
    out = extract_docx(conv.docx, max_chars=max_chars)
    return Extracted(out.text, (f"{what} converted to .docx with LibreOffice in {conv.seconds:.1f} s", *out.notes))


def _ole2_word_kind(data: bytes, name: str) -> tuple[str, str]:
    """What an OLE2 file named .doc/.wps is and the name its copy gets for LibreOffice, or
    DocumentError when it cannot be a readable Word file."""
    if _ENCRYPTED_PACKAGE in data[:1 << 20]:
        raise DocumentError("encrypted", "the Word document is password-protected; ask the publisher for an "
                                         "unprotected copy")
    if data.find(_WORD_STREAM) < 0:
        if name.lower() == ".wps":
            return "a WPS/Works file", "report.wps"
        raise DocumentError("mislabeled", f"named {name} but it is an old Office file without a Word document "
                                          "inside (Excel or PowerPoint?)")
    if _fib_encrypted(data):
        raise DocumentError("encrypted", "the Word 97-2003 document is password-protected; ask the publisher "
                                         "for an unprotected copy")
    if name.lower() == ".wps":
        return "a WPS document in Word 97-2003 format", "report.doc"
    return "a Word 97-2003 document", "report.doc"


def _fib_encrypted(data: bytes) -> bool:
    """Whether the Word header (the FIB at the start of the WordDocument stream, which starts on a
    sector boundary) has the fEncrypted flag. Word 97+ writes nFib 0x00C1 in the base FIB."""
    for off in range(_SECTOR, len(data) - 12, _SECTOR):
        if data[off:off + 2] == _FIB_MAGIC and data[off + 2:off + 4] == b"\xc1\x00":
            return bool(int.from_bytes(data[off + 10:off + 12], "little") & _F_ENCRYPTED)
    return False
