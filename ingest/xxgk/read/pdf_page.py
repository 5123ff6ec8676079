"""What a PDF page draws, as geometry: character boxes and ruling lines (PDFium via pypdfium2).

The only module that talks to PDFium. Everything it returns is plain tuples in the page's *reading
frame*: points from the top-left corner of the page turned so that its text reads left to right (a
landscape table drawn sideways is turned upright, whatever /Rotate says), so the layout code never
thinks about PDF's bottom-up space or rotation. ``Page.display_box`` turns a box back into the frame a
viewer shows (/Rotate applied), for provenance.

- ``Char = (text, x0, top, x1, bottom)``: one drawn character and its loose box (the font's full
  ascent-to-descent height, so characters of one line share a top and bottom). A space is kept only
  where the document has one (text " "); PDFium's guessed spaces are not: where a document has none,
  spacing comes from the gaps between boxes.
- ``HRule = (y, x0, x1)`` / ``VRule = (x, top, bottom)``: a horizontal / vertical ruling line, from
  stroked lines and rectangles and from thin filled rectangles (how Word and browsers draw borders).
  Invisible (white, unpainted) paths are not rules.

Why PDFium (docs/formats.md): its C text engine gives every character's box about ten times faster
than pdfminer.six (and pdfplumber on it), which keeps PDF reading within a few times ``pdftotext``.
"""

from __future__ import annotations

import ctypes
import math
import re
from array import array
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Char = tuple[str, float, float, float, float]
HRule = tuple[float, float, float]
VRule = tuple[float, float, float]

THIN = 2.5            # pt: a filled rectangle this thin (or thinner) is a line
MIN_RULE = 4.0        # pt: shorter segments are glyph parts, bullets or dots, not table borders
_WHITE = 235          # a colour whose channels are all at least this is paper-coloured


@dataclass(slots=True)
class Page:
    number: int                       # 1-based
    width: float                      # of the page turned so that its text reads left to right
    height: float
    chars: list[Char] = field(default_factory=list)
    hrules: list[HRule] = field(default_factory=list)
    vrules: list[VRule] = field(default_factory=list)
    images: int = 0
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)   # left, bottom, right, top (page space)
    turn: int = 0                     # degrees (clockwise) the page was turned to read its text upright
    rotate: int = 0                   # the page's /Rotate: how viewers show it

    def reading_box(self, left: float, bottom: float, right: float, top: float
                    ) -> tuple[float, float, float, float]:
        """A box in PDF page space (bottom-up, as PDFium gives an object's bounds) in this page's reading
        frame: (x0, top, x1, bottom), points from the top-left corner."""
        to_reading = _mapper(self.turn, *self.crop)
        (xa, ya), (xb, yb) = to_reading(left, bottom), to_reading(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def display_box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """A box of this page's reading frame in the frame a viewer shows (/Rotate applied), points from
        the top-left corner: where a user finds it on screen or paper."""
        unmap = _unmapper(self.turn, *self.crop)
        remap = _mapper(self.rotate, *self.crop)
        xs, ys = [], []
        for px, py in ((x0, top), (x1, bottom)):
            X, Y = remap(*unmap(px, py))
            xs.append(X)
            ys.append(Y)
        return min(xs), min(ys), max(xs), max(ys)


def open_document(data: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(data)


def is_encrypted(doc: pdfium.PdfDocument) -> bool:
    return raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1


# Page space → display space: (x, y) in PDF user space (y up) → (X, Y) from the top-left, for each turn.
def _mapper(turn: int, left: float, bottom: float, right: float, top: float):
    if turn == 90:
        return lambda x, y: (y - bottom, x - left)
    if turn == 180:
        return lambda x, y: (right - x, y - bottom)
    if turn == 270:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x - left, top - y)


def _unmapper(turn: int, left: float, bottom: float, right: float, top: float):
    """The inverse of _mapper: display (X, Y) → page space (x, y)."""
    if turn == 90:
        return lambda X, Y: (Y + left, X + bottom)
    if turn == 180:
        return lambda X, Y: (right - X, Y + bottom)
    if turn == 270:
        return lambda X, Y: (right - Y, top - X)
    return lambda X, Y: (X + left, top - Y)


def read_page(doc: pdfium.PdfDocument, index: int) -> Page:
    page = doc[index]
    try:
        return _read(page, index)
    finally:
        page.close()


def _read(page: pdfium.PdfPage, index: int) -> Page:
    left, bottom, right, top = page.get_cropbox()
    tp = page.get_textpage()
    try:
        text, keep, boxes, turn = _char_boxes(tp)
    finally:
        tp.close()
    # the reading frame: turned by the text's direction, whatever /Rotate says (a landscape table is
    # often drawn sideways on a page that /Rotate turns back for viewers: its text is what counts)
    w, h = (right - left, top - bottom) if turn in (0, 180) else (top - bottom, right - left)
    out = Page(index + 1, w, h, crop=(left, bottom, right, top), turn=turn, rotate=page.get_rotation() % 360)
    to_display = _mapper(turn, left, bottom, right, top)
    if keep:
        ls, ts, rs, bs = boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]     # FS_RECTF: left, top, right, bottom
        if turn == 0:                  # the common case, in one pass without calls
            out.chars = [c for c in [(text[i], ls[i] - left, top - ts[i], rs[i] - left, top - bs[i]) for i in keep]
                         if c[3] >= 0 and c[4] >= 0 and c[1] <= w and c[2] <= h]
        else:
            chars = out.chars
            for i in keep:
                x0, y0 = to_display(ls[i], ts[i])
                x1, y1 = to_display(rs[i], bs[i])
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                if x1 >= 0 and y1 >= 0 and x0 <= w and y0 <= h:      # on the visible page
                    chars.append((text[i], x0, y0, x1, y1))
    _rules(page, to_display, out)
    return out


_INK = re.compile(r"[^\t\n\r\x0b\x0c\x00-\x1f\ufffe]")   # not control or layout characters
_AS_SPACE = {0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}   # wide and fixed spaces: a space
_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)


def _char_boxes(tp) -> tuple[str, list[int], array, int]:
    """The page's text, the indexes of its drawn characters, every character's loose box (page space,
    four floats each: left, top, right, bottom) and the turn (0/90/180/270) that sets the page's main
    text direction upright."""
    handle = tp.raw
    n = raw.FPDFText_CountChars(handle)
    if n <= 0:
        return "", [], array("f"), 0
    buf = ctypes.create_string_buffer(n * 2 + 2)
    raw.FPDFText_GetText(handle, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:n * 2].decode("utf-16-le", "replace").translate(_AS_SPACE)
    generated = raw.FPDFText_IsGenerated
    # drawn characters, and the spaces the document itself has (PDFium adds spaces of its own where it
    # guesses words end: those are not kept, the gaps speak for themselves)
    keep = [i for i in (m.start() for m in _INK.finditer(text)) if text[i] != " " or generated(handle, i) == 0]
    # one C call per character straight into an array (the typed binding converts its arguments on
    # every call, twice the cost)
    rects = (ctypes.c_float * (4 * n))()
    base = ctypes.addressof(rects)
    address = ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    assert address is not None                     # a symbol of the loaded library
    loose = _BOX(address)
    page_text = ctypes.cast(handle, ctypes.c_void_p).value
    for i in keep:
        loose(page_text, i, base + 16 * i)
    boxes = array("f")
    boxes.frombytes(bytes(rects))
    # text direction: a sample of the characters' angles; most characters decide
    turns = [0, 0, 0, 0]
    angle_of = raw.FPDFText_GetCharAngle
    for i in keep[:: max(1, len(keep) // 40)]:
        a = angle_of(handle, i)
        if a >= 0:
            turns[int(round(math.degrees(a) / 90.0)) % 4] += 1
    # PDFium measures the angle clockwise (as on screen): characters drawn at angle a read left to right
    # once the page turns by -a
    quarter = max(range(4), key=turns.__getitem__) if any(turns[1:]) else 0
    return text, keep, boxes, (360 - 90 * quarter) % 360


def _rules(page: pdfium.PdfPage, to_display, out: Page) -> None:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    modes = (ctypes.byref(fill), ctypes.byref(stroke))
    rgba = [ctypes.c_uint() for _ in range(4)]
    colour = tuple(ctypes.byref(c) for c in rgba)
    width = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    x = ctypes.c_float()
    y = ctypes.c_float()
    hr, vr = out.hrules, out.vrules

    def visible(obj, stroked: bool) -> bool:
        get = raw.FPDFPageObj_GetStrokeColor if stroked else raw.FPDFPageObj_GetFillColor
        if not get(obj, *colour):
            return True
        red, green, blue, alpha = (c.value for c in rgba)
        return alpha > 0 and not (red >= _WHITE and green >= _WHITE and blue >= _WHITE)

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        """A line or thin box from (x0, y0) to (x1, y1) in display space."""
        if x0 > x1:
            x0, x1 = x1, x0
        if y0 > y1:
            y0, y1 = y1, y0
        if y1 - y0 <= THIN and x1 - x0 >= MIN_RULE:
            hr.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN and y1 - y0 >= MIN_RULE:
            vr.append(((x0 + x1) / 2, y0, y1))

    def walk(container, count, get, depth: int, outer) -> None:
        for i in range(count(container)):
            obj = get(container, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                out.images += 1
                continue
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
                raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                inner = _compose(m, outer)
                walk(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, depth + 1, inner)
                continue
            if kind != raw.FPDF_PAGEOBJ_PATH:
                continue
            if not raw.FPDFPath_GetDrawMode(obj, *modes):
                continue
            filled, stroked = fill.value != 0, bool(stroke.value)
            if not filled and not stroked:
                continue                                  # a clipping or invisible path
            if not visible(obj, stroked and not filled):
                continue
            if not raw.FPDFPageObj_GetBounds(obj, *bounds):
                continue
            bx0, by0, bx1, by1 = _apply(outer, left.value, bottom.value, right.value, top.value)
            X0, Y0 = to_display(bx0, by1)
            X1, Y1 = to_display(bx1, by0)
            dx, dy = abs(X1 - X0), abs(Y1 - Y0)
            if dx <= THIN or dy <= THIN:                  # a line, or a thin filled box: the box is the rule
                add(X0, Y0, X1, Y1)
                continue
            if not stroked:
                continue                                  # a filled area (cell shading), not a rule
            raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            start = prev = None
            for k in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, k)
                raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
                px, py = m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5]
                pt = to_display(px, py)
                kind_s = raw.FPDFPathSegment_GetType(seg)
                if kind_s == raw.FPDF_SEGMENT_MOVETO:
                    start = prev = pt
                    continue
                if kind_s == raw.FPDF_SEGMENT_LINETO and prev is not None:
                    add(prev[0], prev[1], pt[0], pt[1])
                prev = pt
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    add(pt[0], pt[1], start[0], start[1])
                    prev = start

    walk(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, 0, None)


Matrix = tuple[float, float, float, float, float, float]


def _compose(inner: Matrix, outer: Matrix | None) -> Matrix:
    """inner then outer (PDF row-vector convention)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix | None, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) under the matrix m, as a box."""
    if m is None:
        return x0, y0, x1, y1
    pts = [(m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]) for px, py in
           ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)
