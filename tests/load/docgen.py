"""Make PDF and DOCX fixtures in tests, without a PDF-writing dependency.

``make_pdf`` writes a small valid PDF whose text layer is Chinese: a Type0 font with Identity-H
encoding whose CIDs are the Unicode code points, plus a ToUnicode CMap — exactly what text
extraction reads (no glyphs are embedded; viewers would show boxes, extractors read the text).
"""

from __future__ import annotations

import io
import zlib


def _obj(n: int, body: bytes) -> bytes:
    return b"%d 0 obj\n" % n + body + b"\nendobj\n"


def _stream(d: bytes, data: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        d = d + b" /Filter /FlateDecode"
    return b"<<" + d + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def _tounicode() -> bytes:
    ranges = b"".join(b"<%02X00> <%02XFF> <%02X00>\n" % (hi, hi, hi) for hi in range(256) if not 0xD8 <= hi <= 0xDF)
    n = 256 - 8
    head = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    body = b""
    for i in range(0, n, 100):  # at most 100 entries per block
        chunk = ranges.splitlines(keepends=True)[i:i + 100]
        body += b"%d beginbfrange\n" % len(chunk) + b"".join(chunk) + b"endbfrange\n"
    return head + body + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def make_pdf(pages: list[list[str]], *, image_only: bool = False) -> bytes:
    """A PDF with one page per item of ``pages`` (each a list of text lines). ``image_only`` draws a
    grey image on each page and no text, like a scan."""
    objs: dict[int, bytes] = {}
    font, descendant, tounicode, descriptor, image = 3, 4, 5, 6, 7
    objs[font] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                  b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>")
    objs[descendant] = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
                        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                        b"/FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>")
    objs[tounicode] = _stream(b"", _tounicode())
    objs[descriptor] = (b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] "
                        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    objs[image] = _stream(b" /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                          b"/BitsPerComponent 8", bytes([128]) * 64)
    kids = []
    next_id = 8
    for lines in pages:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        kids.append(page_id)
        if image_only:
            content = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
        else:
            ops = [b"BT /F1 12 Tf 16 TL 50 800 Td"]
            for line in lines:
                hexed = line.encode("utf-16-be").hex().upper().encode()
                ops.append(b"<" + hexed + b"> Tj T*")
            ops.append(b"ET")
            content = b"\n".join(ops)
        objs[content_id] = _stream(b"", content)
        objs[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                         b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 7 0 R >> >> >>" % content_id)
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for n in sorted(objs):
        offsets[n] = out.tell()
        out.write(_obj(n, objs[n]))
    xref = out.tell()
    size = max(objs) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for n in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_docx(paragraphs_before: list[str], table: list[list[str]] | None = None,
              paragraphs_after: list[str] = (), merge: list[tuple[int, int, int, int]] = ()) -> bytes:
    """A .docx: paragraphs, then a table (rows of cell texts; ``merge`` = (r1, c1, r2, c2) spans to merge),
    then more paragraphs."""
    import docx

    doc = docx.Document()
    for p in paragraphs_before:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        for r1, c1, r2, c2 in merge:
            a = t.cell(r1, c1)
            keep = a.text
            merged = a.merge(t.cell(r2, c2))
            merged.text = keep
    for p in paragraphs_after:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
