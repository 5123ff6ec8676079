""".doc (Word 97-2003) and .wps (Kingsoft WPS) reports: converted to .docx by LibreOffice, then read
exactly as a .docx (``xxgk.read.wordml``: tables on their grid, text boxes once).

``extract_old_word(data, suffix=..., max_chars=..., seconds=...) -> Extracted`` raises
``DocumentError`` like the other readers. What a file named .doc/.wps really holds decides the way:

- a ZIP with ``word/document.xml`` (a .docx saved under an old name) is read as .docx directly;
- an OLE2 compound file (the Word 97-2003 container) is converted; one whose Word header says
  "encrypted" is quarantined as ``encrypted`` and an Excel or PowerPoint file as ``mislabeled``,
  both without starting LibreOffice;
- RTF, HTML and Word 2003 XML saved as .doc (common on government sites) are converted too:
  LibreOffice detects the format from the content;
- a PDF, image, archive or program named .doc is ``mislabeled``.
Without LibreOffice the file is quarantined as ``converter_missing`` with the package to install.
"""

from __future__ import annotations

from xxgk.read.document import DocumentError, Extracted
from xxgk.read.result import info
from xxgk.read.sniff import OLE2_MAGIC, sniff_kind
from xxgk.read.word import extract_docx
from xxgk.read.office_convert import to_docx

_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OTHER_OFFICE = (("Workbook".encode("utf-16-le"), "an Excel workbook (.xls)"),
                 ("PowerPoint Document".encode("utf-16-le"), "a PowerPoint presentation (.ppt)"))
_FIB_MAGIC = b"\xec\xa5"          # wIdent of the Word File Information Block (FIB)
_F_ENCRYPTED = 0x0100             # FibBase flags: fEncrypted
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
        return Extracted(out.text, (info(f"a .docx saved with a {name} name; read as .docx"), *out.notes))
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
    conv = to_docx(data, timeout=seconds, input_name=copy_name)
    out = extract_docx(conv.docx, max_chars=max_chars)
    return Extracted(out.text, (info(f"{what} converted to .docx with LibreOffice in {conv.seconds:.1f} s"),
                                 *out.notes))


def _ole2_word_kind(data: bytes, name: str) -> tuple[str, str]:
    """What an OLE2 file named .doc/.wps is and the name its copy gets for LibreOffice, or
    DocumentError when it cannot be a readable Word file."""
    if _ENCRYPTED_PACKAGE in data[:1 << 20]:
        raise DocumentError("encrypted", "the Word document is password-protected; ask the publisher for an "
                                         "unprotected copy")
    if data.find(_WORD_STREAM) < 0:
        for stream, kind in _OTHER_OFFICE:
            if data.find(stream) >= 0:
                raise DocumentError("mislabeled", f"named {name} but it is {kind}, not a Word document")
        # no Word stream name found: a WPS/Works file, or a damaged one; LibreOffice decides
        return ("a WPS/Works file" if name.lower() == ".wps" else "an old Office file"), "report" + name
    if _fib_encrypted(data):
        raise DocumentError("encrypted", "the Word 97-2003 document is password-protected; ask the publisher "
                                         "for an unprotected copy")
    if name.lower() == ".wps":
        return "a WPS document in Word 97-2003 format", "report.doc"
    return "a Word 97-2003 document", "report.doc"


def _fib_encrypted(data: bytes) -> bool:
    """Whether the Word header (the FIB that opens the WordDocument stream) has the fEncrypted flag.
    Reads just enough of the compound file (header, FAT, directory) to find the stream's first bytes;
    a file it cannot follow is left to LibreOffice (which then fails as ``corrupt``)."""
    try:
        fib = _stream_head(data, _WORD_STREAM, 12)
    except (IndexError, ValueError):
        return False
    return fib is not None and fib[:2] == _FIB_MAGIC and bool(int.from_bytes(fib[10:12], "little") & _F_ENCRYPTED)


def _u32(data: bytes, off: int) -> int:
    if off + 4 > len(data):
        raise IndexError(off)
    return int.from_bytes(data[off:off + 4], "little")


def _stream_head(data: bytes, name: bytes, n: int) -> bytes | None:
    """The first ``n`` bytes of the stream ``name`` (UTF-16-LE) of an OLE2 compound file, or None."""
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if shift not in (9, 12):                                   # 512- or 4096-byte sectors
        return None
    size = 1 << shift
    per = size // 4
    fat_sectors = [x for x in (_u32(data, 0x4C + 4 * i) for i in range(109)) if x < 0xFFFFFFFA]

    def next_sector(s: int) -> int:
        return _u32(data, (fat_sectors[s // per] + 1) * size + 4 * (s % per))

    def chain(s: int, limit: int = 1 << 16):
        while s < 0xFFFFFFFA and limit:
            yield s
            s, limit = next_sector(s), limit - 1

    root_start = None
    for sector in chain(_u32(data, 0x30)):
        for e in range((sector + 1) * size, (sector + 2) * size, 128):
            name_len = int.from_bytes(data[e + 0x40:e + 0x42], "little")
            entry_name = data[e:e + max(0, name_len - 2)]
            if data[e + 0x42] == 5:                            # the root entry: owner of the mini stream
                root_start = _u32(data, e + 0x74)
            if entry_name == name:
                start, length = _u32(data, e + 0x74), _u32(data, e + 0x78)
                if length >= _u32(data, 0x38):                 # a regular stream
                    return data[(start + 1) * size:(start + 1) * size + n]
                if root_start is None:                         # a mini stream: 64-byte sectors in the root's
                    return None
                mini = start * 64
                for i, s in enumerate(chain(root_start)):
                    if i == mini // size:
                        off = (s + 1) * size + mini % size
                        return data[off:off + n]
                return None
    return None
