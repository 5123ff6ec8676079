"""One page image → its text in reading order, with the confidence of every piece read by OCR.

``read_page(image, dpi) -> OcrText``. The page is cleaned (xxgk.read.page_image), its tables found
from their rules (xxgk.read.image_tables), and everything else cut into text lines by the rows of
ink between them. Each line and each table cell is recognised (xxgk.read.ocr_engine).

Text produced, the same shape the parser reads from every other format:
- prose: one line per printed line, lines of one paragraph joined (Chinese wraps mid-sentence, so
  they are joined without a space); paragraphs are separated where the gap between lines is wider
  than usual or a line stops short of the right margin;
- tables: one pipe row per grid row, ``| a | b |``, a slot covered by a span an empty segment
  (``||``) and a blank cell a blank one (``|  |``) — the contract of the shared grid renderer
  (xxgk.parse.html's table rendering, to become xxgk.read.grid).

``OcrText.pieces`` says where in the text each recognised piece is and how sure the recogniser was:
table cells carry their own confidence, so a figure can carry it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from xxgk.read.image_tables import Cell, ImageTable, find_tables
from xxgk.read.ocr_engine import recognise
from xxgk.read.page_image import clean_page

BASE_DPI = 200


@dataclass(frozen=True, slots=True)
class Piece:
    start: int            # [start, end) in the text
    end: int
    confidence: float     # the least sure character's probability (1.0: nothing to read, a blank cell)
    kind: str             # "cell" | "line"
    table: int = -1       # index of the table (in the whole document, once assembled) for cells


@dataclass(slots=True)
class OcrText:
    text: str = ""
    pieces: list[Piece] = field(default_factory=list)
    skew: float = 0.0
    tables: int = 0

    def append(self, other: "OcrText", sep: str = "\n") -> None:
        """Add a following page; its offsets and table numbers shift."""
        if self.text and other.text:
            self.text += sep
        base, tbase = len(self.text), self.tables
        self.text += other.text
        self.pieces.extend(Piece(p.start + base, p.end + base, p.confidence, p.kind,
                                 p.table + tbase if p.table >= 0 else -1) for p in other.pieces)
        self.tables += other.tables


# ----------------------------------------------------------------------------- lines of ink

def _bands(ink_rows: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of rows with ink, runs closer than ``min_gap`` merged."""
    on = np.flatnonzero(ink_rows)
    if on.size == 0:
        return []
    splits = np.flatnonzero(np.diff(on) > min_gap)
    starts = np.concatenate(([on[0]], on[splits + 1]))
    ends = np.concatenate((on[splits], [on[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def _despeckle(ink: np.ndarray, scale: float) -> np.ndarray:
    """Ink without specks (isolated components too small to be part of a character)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    small = max(2, int(round(4 * scale * scale)))
    keep = stats[:, cv2.CC_STAT_AREA] >= small
    keep[0] = False
    return keep[labels].astype(np.uint8)


@dataclass(frozen=True, slots=True)
class _Line:
    x0: int
    y0: int
    x1: int
    y1: int


def _text_lines(ink: np.ndarray, scale: float, x_off: int = 0, y_off: int = 0) -> list[_Line]:
    """Printed lines in an ink mask: bands of rows with ink, each trimmed to its columns with ink."""
    min_ink = max(2, int(round(2 * scale)))
    rows = (ink.sum(axis=1) >= min_ink)
    out = []
    for a, b in _bands(rows, max(1, int(round(3 * scale)))):
        if b - a < 6 * scale:            # a speck row or the remnant of a rule
            continue
        cols = np.flatnonzero(ink[a:b].sum(axis=0))
        if cols.size == 0:
            continue
        out.append(_Line(int(cols[0]) + x_off, a + y_off, int(cols[-1]) + 1 + x_off, b + y_off))
    return out


def _split_tall(lines: list[_Line], ink: np.ndarray, scale: float) -> list[_Line]:
    """A band much taller than a line of text is two lines touching (or text under a seal):
    cut it at its thinnest rows."""
    heights = sorted(ln.y1 - ln.y0 for ln in lines)
    if not heights:
        return lines
    typical = heights[len(heights) // 2]
    out = []
    for ln in lines:
        h = ln.y1 - ln.y0
        if h <= 1.8 * typical or typical < 8 * scale:
            out.append(ln)
            continue
        prof = ink[ln.y0:ln.y1, ln.x0:ln.x1].sum(axis=1)
        n = max(2, round(h / typical))
        cuts = [ln.y0]
        for k in range(1, n):
            centre = int(h * k / n)
            lo, hi = max(1, centre - typical // 3), min(h - 1, centre + typical // 3)
            cuts.append(ln.y0 + lo + int(np.argmin(prof[lo:hi])) if hi > lo else ln.y0 + centre)
        cuts.append(ln.y1)
        out.extend(_Line(ln.x0, a, ln.x1, b) for a, b in zip(cuts, cuts[1:]) if b - a >= 6 * scale)
    return out


def _crop(gray: np.ndarray, ln: _Line, pad: int) -> np.ndarray:
    h, w = gray.shape
    return gray[max(0, ln.y0 - pad):min(h, ln.y1 + pad), max(0, ln.x0 - pad):min(w, ln.x1 + pad)]


def _join(parts: list[str]) -> str:
    """Lines of one paragraph or cell: no space between CJK, one between Latin letters or digits."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


# ----------------------------------------------------------------------------- the page

def read_page(image: np.ndarray, dpi: float = BASE_DPI) -> OcrText:
    scale = dpi / BASE_DPI
    page = clean_page(image)
    gray, ink = page.gray, page.ink
    tables = find_tables(ink, scale)
    prose_ink = _despeckle(ink, scale)
    for t in tables:
        x0, y0, x1, y1 = t.box
        prose_ink[y0:y1, x0:x1] = 0
    lines = _text_lines(prose_ink, scale)

    # what to read: every prose line, and every line inside every cell
    pad = max(4, int(round(8 * scale)))
    crops: list[np.ndarray] = [_crop(gray, ln, pad) for ln in lines]
    numeric = [False] * len(crops)
    cell_gray = gray.copy()          # the page with its table rules painted over, for cell crops
    cell_lines: list[list[tuple[Cell, list[int]]]] = []
    for t in tables:
        per_cell = []
        x0, y0, _, _ = t.box
        cell_ink = ink.copy()
        rx1, ry1 = x0 + t.rules.shape[1], y0 + t.rules.shape[0]
        # the rules leave the ink (with their blurred edges); on the image only the rule itself is
        # painted over, as text may touch a rule
        grown = cv2.dilate(t.rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        cell_ink[y0:ry1, x0:rx1] &= (1 - grown)
        cell_gray[y0:ry1, x0:rx1][t.rules > 0] = 255
        cell_ink = _despeckle(cell_ink, scale)
        for cell in t.cells:
            cx0, cy0, cx1, cy1 = cell.box
            inner = cell_ink[cy0:cy1, cx0:cx1]
            found = _split_tall(_text_lines(inner, scale, cx0, cy0), cell_ink, scale)
            idx = []
            for ln in found:
                idx.append(len(crops))
                crops.append(_crop(cell_gray, ln, pad))
                numeric.append(True)
            per_cell.append((cell, idx))
        cell_lines.append(per_cell)
    readings = recognise(crops, numeric)

    # reading order: prose lines and tables by their top
    blocks: list[tuple[int, str, object]] = [(ln.y0, "line", i) for i, ln in enumerate(lines)]
    blocks += [(t.box[1], "table", k) for k, t in enumerate(tables)]
    blocks.sort(key=lambda b: (b[0], b[1] == "line"))
    out = OcrText(skew=page.skew, tables=len(tables))
    typical_gap = _typical_gap(lines)
    right_margin = max((ln.x1 for ln in lines), default=0)
    para: list[tuple[int, int]] = []      # (line index, reading index) of the open paragraph

    def flush() -> None:
        if not para:
            return
        text = _join([readings[r].text for _, r in para])
        if text:
            conf = min(readings[r].confidence for _, r in para)
            _emit(out, text, Piece(0, 0, conf, "line"))
        para.clear()

    prev: _Line | None = None
    for _, kind, ref in blocks:
        if kind == "table":
            flush()
            prev = None
            _emit_table(out, tables[ref], cell_lines[ref], readings, ref)  # type: ignore[index]
            continue
        ln = lines[ref]  # type: ignore[index]
        if prev is not None and not _continues(prev, ln, typical_gap, right_margin, scale):
            flush()
        para.append((ref, ref))  # type: ignore[arg-type]
        prev = ln
    flush()
    return out


def _typical_gap(lines: list[_Line]) -> int:
    gaps = sorted(b.y0 - a.y1 for a, b in zip(lines, lines[1:]) if b.y0 > a.y1)
    return gaps[len(gaps) // 4] if gaps else 0


def _continues(prev: _Line, ln: _Line, typical_gap: int, right_margin: int, scale: float) -> bool:
    """Does ``ln`` continue the paragraph of ``prev``? Only when ``prev`` runs to the right margin,
    the gap is a line gap (not a paragraph gap) and ``ln`` starts at or left of ``prev``'s start."""
    char = max(8.0, (prev.y1 - prev.y0) * 0.9)
    full = prev.x1 >= right_margin - 1.5 * char
    close = ln.y0 - prev.y1 <= typical_gap * 1.5 + 2 * scale
    return full and close and ln.x0 <= prev.x0 + char * 0.5


def _emit(out: OcrText, text: str, piece: Piece) -> None:
    if out.text:
        out.text += "\n"
    start = len(out.text)
    out.text += text
    out.pieces.append(Piece(start, len(out.text), piece.confidence, piece.kind, piece.table))


def _emit_table(out: OcrText, table: ImageTable, cells: list[tuple[Cell, list[int]]], readings, index: int) -> None:
    by_cell = {(c.row, c.col): idx for c, idx in cells}
    for row in table.grid():
        segs: list[tuple[str, float] | None] = []
        for cell in row:
            if cell is None:
                segs.append(None)
                continue
            idx = by_cell[(cell.row, cell.col)]
            text = _join([readings[i].text for i in idx])
            conf = min((readings[i].confidence for i in idx), default=1.0)
            segs.append((text, conf))
        if out.text:
            out.text += "\n"
        if not any(s and s[0] for s in segs):
            out.text += "|" * len(segs)
            continue
        out.text += "|"
        for s in segs:
            if s is None:                     # a slot covered by a span: an empty segment
                out.text += "|"
            elif not s[0]:                    # a blank cell: a blank segment
                out.text += "  |"
            else:
                out.text += " "
                start = len(out.text)
                out.text += s[0]
                out.pieces.append(Piece(start, len(out.text), s[1], "cell", index))
                out.text += " |"
