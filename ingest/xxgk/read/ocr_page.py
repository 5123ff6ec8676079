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
  (xxgk.read.grid's rendering, the one every table reader shares).

``OcrText.pieces`` says where in the text each recognised piece is and how sure the recogniser was:
table cells carry their own confidence, so a figure can carry it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np

from xxgk.read.grid import Slot, render_row, slot_offsets
from xxgk.read.image_tables import Cell, ImageTable, find_tables
from xxgk.read.ocr_engine import Reading, digits_in_context, figure_like, recognise
from xxgk.read.page_image import clean_page, ink_mask, quarter_turned, remove_seal

BASE_DPI = 200


@dataclass(frozen=True, slots=True)
class Piece:
    start: int            # [start, end) in the text
    end: int
    chars: tuple[float, ...]   # the recogniser's probability of each character of text[start:end]
    kind: str             # "cell" | "line" | "table" (a whole table's rows; its blank cells have no piece)
    table: int = -1       # index of the table (in the whole document, once assembled) for cells and tables

    @property
    def confidence(self) -> float:
        return min(self.chars, default=1.0)

    def confidence_of(self, start: int, end: int) -> float | None:
        """The least sure character of text[start:end] within this piece (None: no overlap)."""
        a, b = max(start, self.start), min(end, self.end)
        if b <= a or self.kind == "table":
            return None
        return min(self.chars[a - self.start:b - self.start], default=1.0)


@dataclass(slots=True)
class OcrText:
    text: str = ""
    pieces: list[Piece] = field(default_factory=list)
    skew: float = 0.0
    turned: int = 0       # degrees the page was turned (clockwise) before it was read: 0, 90, 180 or 270
    tables: int = 0

    def add_shifted(self, other: "OcrText", offset: int) -> None:
        """Take ``other``'s pieces (and tables) as standing at ``offset`` in this text."""
        self.pieces.extend(Piece(p.start + offset, p.end + offset, p.chars, p.kind,
                                 p.table + self.tables if p.table >= 0 else -1) for p in other.pieces)
        self.tables += other.tables

    def cut(self, start: int, end: int) -> None:
        """Remove text[start:end] (with the pieces inside it); the pieces after it move up."""
        n = end - start
        self.text = self.text[:start] + self.text[end:]
        self.pieces = [p if p.end <= start else Piece(p.start - n, p.end - n, p.chars, p.kind, p.table)
                       for p in self.pieces if p.end <= start or p.start >= end]

    def append(self, other: "OcrText", sep: str = "\n") -> None:
        """Add a following page; its offsets and table numbers shift."""
        if self.text and other.text:
            self.text += sep
        base = len(self.text)
        self.text += other.text
        self.add_shifted(other, base)


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


def _typical_height(stats: np.ndarray, scale: float) -> float:
    """The usual height of a character's ink (median over components of at least text size)."""
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    h = h[h >= 8 * scale]
    return float(np.median(h)) if h.size else 26.0 * scale


def clean_ink(ink: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Ink that belongs to text: (text ink, the ink removed, typical character height).

    Removed: graphics (a component much taller than a character: a seal's ring or star, a logo; or a
    long thin rule outside a table) and specks (a component far smaller than a character with no
    character next to it: dust, grain). A speck beside text cannot be told from punctuation and stays."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink, np.zeros_like(ink), 26.0 * scale
    t = _typical_height(stats, scale)
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    size = np.maximum(h, w)
    small = size < 0.45 * t
    # a long thin rule outside a table; a wide component as tall as a character is text (a large bold
    # title whose characters the scan's blur ran into one), not a rule
    graphic = (w > 6 * t) & (h < 0.5 * t)
    # a component much taller than a character is a graphic unless others of its size stand beside it
    # (a line of large characters, such as a title)
    for i in np.flatnonzero(h > 1.6 * t):
        near = ((np.abs(h - h[i]) <= 0.4 * h[i]) & (np.abs((y + h / 2) - (y[i] + h[i] / 2)) <= 0.4 * h[i])
                & (x < x[i] + w[i] + 1.5 * h[i]) & (x + w > x[i] - 1.5 * h[i]))
        near[i] = near[0] = False
        if not near.any():
            graphic[i] = True
    big = ~graphic & ~small
    graphic[0] = small[0] = big[0] = False
    big_mask = big[labels].astype(np.uint8)
    # a small mark belongs to text when a character is within about a character's width: full-width
    # punctuation (，。、) sits at the far side of its own character cell
    reach = cv2.dilate(big_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(2 * t) + 1),
                                                                            max(3, int(0.5 * t) + 1))))
    cx = np.clip(x + w // 2, 0, ink.shape[1] - 1)
    cy = np.clip(y + h // 2, 0, ink.shape[0] - 1)
    lonely = small & (reach[cy, cx] == 0)
    drop = graphic | lonely
    drop[0] = False
    removed = drop[labels].astype(np.uint8)
    return (ink & (1 - removed)).astype(np.uint8), removed, t


def _trim_cell_edges(ink: np.ndarray, t: float) -> np.ndarray:
    """A cell's ink without small marks at its ends (a speck before or after a figure is no decimal
    point; a decimal point stands between digits)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n == 1:
        return ink
    if n == 2:
        h1, w1 = stats[1, cv2.CC_STAT_HEIGHT], stats[1, cv2.CC_STAT_WIDTH]
        if max(h1, w1) < 0.45 * t and not (w1 >= 2 * h1 and w1 >= 0.15 * t):
            return np.zeros_like(ink)       # a lone speck in an empty cell (a lone dash is a blank mark)
        return ink
    comps = sorted(range(1, n), key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    # a minus sign (or a dash marking a blank cell) is small too, but flat: never dropped
    small = {i for i in comps if max(h[i], w[i]) < 0.45 * t and not (w[i] >= 2 * h[i] and w[i] >= 0.15 * t)}
    drop = set()
    for seq in (comps, comps[::-1]):
        for i in seq:
            if i in small:
                drop.add(i)
            else:
                break
    if not drop:
        return ink
    keep = np.ones(n, dtype=bool)
    keep[list(drop)] = False
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


def _split_tall(lines: list[_Line], ink: np.ndarray, typical: float) -> list[_Line]:
    """A band taller than a line of text is several lines that something joins (a seal's ring, a
    stroke crossing the gap): cut it where its rows are nearly empty."""
    out = []
    for ln in lines:
        if ln.y1 - ln.y0 <= 1.8 * typical:
            out.append(ln)
            continue
        prof = ink[ln.y0:ln.y1, ln.x0:ln.x1].sum(axis=1)
        low = prof <= 0.08 * max(1.0, float(np.percentile(prof, 90)))
        cuts, k = [], 0
        while k < len(prof):
            if low[k]:
                j = k
                while j < len(prof) and low[j]:
                    j += 1
                if k > 0 and j < len(prof):
                    cuts.append((k, j))
                k = j
            else:
                k += 1
        bounds = [0] + [c for ab in cuts for c in ab] + [len(prof)]
        for a, b in zip(bounds[::2], bounds[1::2]):
            if b - a >= 0.3 * typical:
                cols = np.flatnonzero(ink[ln.y0 + a:ln.y0 + b, ln.x0:ln.x1].sum(axis=0))
                if cols.size:
                    out.append(_Line(ln.x0 + int(cols[0]), ln.y0 + a, ln.x0 + int(cols[-1]) + 1, ln.y0 + b))
    return out


def _crop(gray: np.ndarray, ln: _Line, pad: int) -> np.ndarray:
    h, w = gray.shape
    return gray[max(0, ln.y0 - pad):min(h, ln.y1 + pad), max(0, ln.x0 - pad):min(w, ln.x1 + pad)]


def _join(parts: list[Reading]) -> Reading:
    """Lines of one paragraph or cell: no space between CJK, one between Latin letters or digits
    (an inserted space is certain: probability 1)."""
    text, chars = "", []
    for r in parts:
        lead = len(r.text) - len(r.text.lstrip())
        p = r.text.strip()
        if not p:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            text += " "
            chars.append(1.0)
        text += p
        chars.extend(r.chars[lead:lead + len(p)])
    return Reading(text, tuple(chars))


# ----------------------------------------------------------------------------- the page

def read_page(image: np.ndarray, dpi: float = BASE_DPI) -> OcrText:
    """What OCR reads on a page image, in its reading order. A page scanned sideways (its text running up
    and down, `page_image.quarter_turned`) is turned a quarter first; such a page, and a page whose reading
    is doubtful (mean character probability under DOUBTFUL: upside down, say), is also read turned half
    round, and the surer of the two readings is kept (``OcrText.turned`` says by how many degrees)."""
    # the seal is removed and the ink found once: every reading below starts from this grayscale page
    gray = remove_seal(image) if image.ndim == 3 else image
    ink = ink_mask(gray)
    turned = 90 if quarter_turned(ink) else 0
    page = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE) if turned else gray
    out = _read_upright(page, dpi, None if turned else ink)
    out.turned = turned
    if turned or _mean_confidence(out) < DOUBTFUL:
        other = _read_upright(cv2.rotate(page, cv2.ROTATE_180), dpi)
        if _mean_confidence(other) > _mean_confidence(out):
            other.turned = (turned + 180) % 360
            out = other
    if turned and _mean_confidence(out) < DOUBTFUL:
        # neither turned reading is sure: the page may have been upright after all (never worse than that)
        upright = _read_upright(gray, dpi, ink)
        if _mean_confidence(upright) > _mean_confidence(out):
            out = upright
    return out


# A page read with a mean character probability under this is read again turned half round.
DOUBTFUL = 0.75


def _mean_confidence(read: OcrText) -> float:
    """The mean probability of the characters OCR read on a page (0: nothing read)."""
    probs = [c for p in read.pieces for c in p.chars]
    return float(np.mean(probs)) if probs else 0.0


def _read_upright(gray: np.ndarray, dpi: float, ink: np.ndarray | None = None) -> OcrText:
    """What OCR reads on a grayscale page as it stands (``ink``: its ink mask, when already found)."""
    scale = dpi / BASE_DPI
    page = clean_page(gray, ink)
    gray, ink = page.gray, page.ink
    tables = find_tables(page.lines_ink, scale)
    # the page's ink without table rules (their blurred edges too), then without graphics and specks;
    # what is removed from the ink is painted over in the image the recogniser sees
    seen = gray.copy()
    text_ink = ink.copy()
    for t in tables:
        x0, y0 = t.box[0], t.box[1]
        h, w = t.rules.shape
        grown = cv2.dilate(t.rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        text_ink[y0:y0 + h, x0:x0 + w] &= (1 - grown)
        # only the rule itself is painted over: text may touch a rule
        seen[y0:y0 + h, x0:x0 + w][t.rules > 0] = 255
    text_ink, removed, typical = clean_ink(text_ink, scale)
    seen[removed > 0] = 255
    prose_ink = text_ink.copy()
    for t in tables:
        x0, y0, x1, y1 = t.box
        prose_ink[y0:y1, x0:x1] = 0
    lines = _split_tall(_text_lines(prose_ink, scale), prose_ink, typical)

    # what to read: every prose line, and every line inside every cell
    pad = max(4, int(round(8 * scale)))
    crops: list[np.ndarray] = [_crop(seen, ln, pad) for ln in lines]
    # a short prose line may be a figure alone (a table flattened to one cell per line): decode it as one too
    numeric = [c.shape[1] <= LONE_FIGURE_WIDTH * c.shape[0] for c in crops]
    cell_lines: list[list[tuple[Cell, list[int]]]] = []
    for t in tables:
        per_cell = []
        for cell in t.cells:
            cx0, cy0, cx1, cy1 = cell.box
            inner = _trim_cell_edges(text_ink[cy0:cy1, cx0:cx1], typical)
            found = _text_lines(inner, scale, cx0, cy0)
            idx = []
            for ln in found:
                idx.append(len(crops))
                crop = _crop(seen, ln, pad).copy()
                # only this line's own ink: what the trim removed, and other lines' ink, is paper here
                oy, ox = max(0, ln.y0 - pad), max(0, ln.x0 - pad)
                mine = np.zeros(crop.shape, dtype=np.uint8)
                ys0, xs0 = ln.y0 - oy, ln.x0 - ox
                mine[ys0:ys0 + ln.y1 - ln.y0, xs0:xs0 + ln.x1 - ln.x0] = \
                    inner[ln.y0 - cy0:ln.y1 - cy0, ln.x0 - cx0:ln.x1 - cx0]
                stray = (text_ink[oy:oy + crop.shape[0], ox:ox + crop.shape[1]] > 0) & (
                    cv2.dilate(mine, np.ones((3, 3), np.uint8)) == 0)
                crop[stray] = 255
                crops.append(crop)
                numeric.append(True)
            per_cell.append((cell, idx))
        cell_lines.append(per_cell)
    readings = recognise(crops, numeric)
    for i, ln in enumerate(lines):
        readings[i] = _lone_figure(_bar_not_one(readings[i], prose_ink[ln.y0:ln.y1, ln.x0:ln.x1], typical,
                                                ln.x0 - max(0, ln.x0 - pad)))

    # reading order: prose lines and tables by their top
    blocks: list[tuple[int, str, int]] = [(ln.y0, "line", i) for i, ln in enumerate(lines)]
    blocks += [(t.box[1], "table", k) for k, t in enumerate(tables)]
    blocks.sort(key=lambda b: (b[0], b[1] == "line"))
    out = OcrText(skew=page.skew, tables=len(tables))
    typical_gap = _typical_gap(lines)
    right_margin = max((ln.x1 for ln in lines), default=0)
    left_margin = min((ln.x0 for ln in lines), default=0)
    if right_margin - left_margin < 0.5 * gray.shape[1]:
        right_margin = 1 << 30           # no line spans the text column here: none is known to be full
    para: list[tuple[int, int]] = []      # (line index, reading index) of the open paragraph

    def flush() -> None:
        if not para:
            return
        joined = _without_leading_dust(_join([digits_in_context(readings[r]) for _, r in para]))
        if joined.text:
            _emit(out, joined)
        para.clear()

    prev: _Line | None = None
    for _, kind, ref in blocks:
        if kind == "table":
            flush()
            prev = None
            _emit_table(out, tables[ref], cell_lines[ref], readings, ref)
            continue
        ln = lines[ref]
        if prev is not None and not _continues(prev, ln, typical_gap, left_margin, right_margin, scale):
            flush()
        para.append((ref, ref))
        prev = ln
    flush()
    return out


# A bare stroke: narrower than this share of a character's height, and as wide in its widest row as in most
# (no flag, no foot: every font's "1" has one or both; a rule's remnant or a printed "|" has neither).
BAR_WIDTH = 0.25


def _bar_not_one(r: Reading, ink: np.ndarray, typical: float, offset: int = 0) -> Reading:
    """A prose line's reading with each "1" checked against the ink it was read on. A line of nothing but
    bare vertical strokes and dust (the empty cells of a table flattened to lines, "|||", read "Ⅲ", "H" or
    "11") is bars. A "1" (or l, I) read on a bare stroke, or on a stroke taller than the line's other digits
    (a rule's remnant, or a "|" printed after a figure: "29 |"), is a bar, so no figure gains a digit; a "1"
    read on a shape with a hole (a "0") keeps its reading but at most ONE_ON_A_HOLE probability, so it is
    left unknown rather than read wrong. ``ink``: the line's ink; ``offset``: where it starts in the crop
    the reading was made from (``Reading.at`` is in the crop)."""
    text = r.text.rstrip()
    if not text or ink.size == 0:
        return r
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return r
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    tall = [k for k in range(1, n) if heights[k] >= 0.6 * typical]
    bars = {k for k in tall if _bare_stroke(labels, stats, k, typical)}
    dust = all(max(heights[k], stats[k, cv2.CC_STAT_WIDTH]) < 0.25 * typical for k in range(1, n) if k not in bars)
    if bars and dust and len(text) <= 2 * len(bars) and not any(c.isdigit() and c != "1" for c in text):
        return Reading("|" * len(bars), (r.confidence,) * len(bars))
    if len(r.at) < len(text) or not any(c in _ONE_GLYPHS for c in text) or not tall:
        return r

    def under(i: int) -> list[int]:
        """The tall shapes character ``i`` may have been read on (a CTC step is ± a few pixels)."""
        x = r.at[i] - offset
        return [k for k in tall if stats[k, cv2.CC_STAT_LEFT] - 0.4 * typical <= x
                <= stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH] + 0.4 * typical]

    digit_heights = [heights[k] for i, c in enumerate(text) if c in "023456789" for k in under(i)]
    digit_height = float(np.median(digit_heights)) if digit_heights else None
    chars, probs = list(r.text), list(r.chars)
    alts = list(r.digit_alts) if len(r.digit_alts) == len(r.text) else []
    for i, c in enumerate(text):
        if c not in _ONE_GLYPHS:
            continue
        near = under(i)
        if not near:
            continue
        narrow = all(stats[k, cv2.CC_STAT_WIDTH] < 0.5 * heights[k] for k in near)
        if all(k in bars for k in near) or (digit_height is not None and narrow
                                            and all(heights[k] > 1.15 * digit_height for k in near)):
            chars[i] = "|"
            if alts:
                alts[i] = None                    # no digit to offer for it later (digits_in_context)
        elif c == "1" and all(_has_hole(labels, stats, k) for k in near):
            probs[i] = min(probs[i], ONE_ON_A_HOLE)
    return Reading("".join(chars), tuple(probs), r.figure, tuple(alts), r.at)


# What may be read on a bare stroke, and the probability left to a "1" read on a shape with a hole (a "0").
_ONE_GLYPHS = "1lI|丨"
ONE_ON_A_HOLE = 0.5


def _has_hole(labels: np.ndarray, stats: np.ndarray, k: int) -> bool:
    """Does component ``k`` enclose paper (a 0, 6, 8, 9: never a 1)?"""
    x, y, w, h = (int(stats[k, c]) for c in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH,
                                             cv2.CC_STAT_HEIGHT))
    paper = np.pad((labels[y:y + h, x:x + w] != k).astype(np.uint8), 1, constant_values=1)
    cv2.floodFill(paper, None, (0, 0), 0)        # the paper outside the shape
    return bool(paper.any())


def _bare_stroke(labels: np.ndarray, stats: np.ndarray, k: int, typical: float) -> bool:
    """Is component ``k`` a bare vertical stroke: narrow, at least 0.6 of a character high, and as wide in
    its widest row as in most (no flag, no foot: every font's "1" has one or both)?"""
    w, h = stats[k, cv2.CC_STAT_WIDTH], stats[k, cv2.CC_STAT_HEIGHT]
    if w >= BAR_WIDTH * typical or h < 0.6 * typical:
        return False
    x, y = stats[k, cv2.CC_STAT_LEFT], stats[k, cv2.CC_STAT_TOP]
    rows = (labels[y:y + h, x:x + w] == k).sum(axis=1)
    rows = rows[rows > 0]
    return bool(rows.max() <= np.median(rows) + 2)


# A prose crop at most this many times as wide as it is high holds a few characters: it may be a figure alone.
LONE_FIGURE_WIDTH = 4


# A figure alone on a line, with dust read as punctuation after it ("0.", "0|.", "0. |"): a point or comma
# after the digits is no part of the figure (a decimal point stands between digits). Before the digits it
# may be one (".25"), so it stays there, but before a zero alone (".0|") it changes nothing and goes.
_FIGURE_WITH_SPECKS = re.compile(r"(?P<a>[.·,'`]+(?=0+\b|0+\s*[|丨.]|0+$))?\s*\d(?:[\d,.]*\d)?(?P<b>\s*[.·,'`]+)?"
                                 r"\s*(?:[|丨]\s*(?P<c>[.·,'`]+)?)?")


def _without_specks(r: Reading) -> Reading:
    """``r`` without the dust at the ends of a lone figure (see _FIGURE_WITH_SPECKS)."""
    m = _FIGURE_WITH_SPECKS.fullmatch(r.text)
    if m is None or len(r.chars) != len(r.text):
        return r
    cut = {i for g in ("a", "b", "c") if m.group(g) for i in range(m.start(g), m.end(g)) if not r.text[i].isspace()}
    if not cut:
        return r
    keep = [i for i in range(len(r.text)) if i not in cut]
    while keep and r.text[keep[-1]].isspace():
        keep.pop()
    return Reading("".join(r.text[i] for i in keep), tuple(r.chars[i] for i in keep),
                   digit_alts=tuple(r.digit_alts[i] for i in keep) if len(r.digit_alts) == len(r.text) else (),
                   at=tuple(r.at[i] for i in keep) if len(r.at) == len(r.text) else ())


# Dust read as a point at a paragraph's start: before a character or a year ("·《条例》", ".2022年,…") it is
# no decimal point (a year is never a fraction), so it goes; before other digits it stays.
_LEADING_DUST = re.compile(r"[.·,'`]+(?=[^\d.·,'`\s]|(?:19|20)\d\d ?年)")


def _without_leading_dust(r: Reading) -> Reading:
    m = _LEADING_DUST.match(r.text)
    if m is None or len(r.chars) != len(r.text):
        return r
    return Reading(r.text[m.end():], r.chars[m.end():])


# a lone figure before a bar ("o|", "O |"): its lookalike letters are digits, as in a cell
_BEFORE_A_BAR = re.compile(r"(\S+?)\s*[|丨]")


def _folded_before_bar(r: Reading) -> Reading:
    m = _BEFORE_A_BAR.fullmatch(r.text)
    if m is None or len(r.digit_alts) != len(r.text) or len(r.chars) != len(r.text):
        return r
    core = m.group(1)
    if not all(c.isdigit() or r.digit_alts[i] is not None for i, c in enumerate(core)) or core.isdigit():
        return r
    chars, probs = list(r.text), list(r.chars)
    for i, alt in enumerate(r.digit_alts[:len(core)]):
        if alt is not None:
            chars[i], probs[i] = alt
    return Reading("".join(chars), tuple(probs), at=r.at)


def _lone_figure(r: Reading) -> Reading:
    """A prose line that is one figure alone ("0", "O", "25") read as a figure: its lookalike letters folded
    into their digits, as in a table cell (a zero read "O" at 0.5 is a "0" at 0.95). Only when the figure
    reading has as many characters as the text reading (nothing added or lost) and holds no bar. Dust read
    as punctuation at the figure's ends is dropped first."""
    r = _folded_before_bar(_without_specks(r))
    text = r.text.strip()
    f = r.figure
    if f is None or not text or not figure_like(text) or " " in text or any(c in text for c in "|丨") \
            or len(f.text.strip()) != len(text) or not any(c.isdigit() for c in f.text):
        return r
    return Reading(f.text.strip(), f.chars[len(f.text) - len(f.text.lstrip()):][:len(text)])


def _typical_gap(lines: list[_Line]) -> int:
    gaps = sorted(b.y0 - a.y1 for a, b in zip(lines, lines[1:]) if b.y0 > a.y1)
    return gaps[len(gaps) // 4] if gaps else 0


def _continues(prev: _Line, ln: _Line, typical_gap: int, left_margin: int, right_margin: int,
               scale: float) -> bool:
    """Does ``ln`` continue the paragraph of ``prev``? Only when ``prev`` runs to the right margin,
    the gap is a line gap (not a paragraph gap) and ``ln`` starts at the left margin (a right-aligned
    signature and its date, or a centred title, are lines of their own)."""
    char = max(8.0, (prev.y1 - prev.y0) * 0.9)
    full = prev.x1 >= right_margin - 1.5 * char
    close = ln.y0 - prev.y1 <= typical_gap * 1.5 + 2 * scale
    return full and close and ln.x0 <= left_margin + char * 0.8 and ln.x0 <= prev.x0 + char * 0.5


def _as_figures(segs: list[Reading | None], lines: list[list[Reading]]) -> list[Reading | None]:
    """A row's cells, those that hold figures read as figures.

    A cell holds a figure when its reading looks like one (digits, or letters that look like digits);
    or, in a row of figures (two or more other cells look like figures), when it is a short reading
    that is not the row's first (label) cell: "日" where the row has figures all around is a badly
    printed "0", and its figure reading says how sure that is."""
    like = [s is not None and figure_like(s.text) for s in segs]
    out: list[Reading | None] = []
    first = next((i for i, s in enumerate(segs) if s is not None and s.text), None)
    for i, (s, ls) in enumerate(zip(segs, lines)):
        if s is None or not s.text or len(ls) != 1 or ls[0].figure is None:
            out.append(s)
            continue
        others = sum(like) - like[i]
        if like[i] or (i != first and len(s.text) <= 3 and others >= 2):
            out.append(ls[0].figure)
        else:
            out.append(s)
    return out


def _emit(out: OcrText, line: Reading) -> None:
    if out.text:
        out.text += "\n"
    start = len(out.text)
    out.text += line.text
    out.pieces.append(Piece(start, len(out.text), line.chars, "line"))


def _emit_table(out: OcrText, table: ImageTable, cells: list[tuple[Cell, list[int]]], readings, index: int) -> None:
    by_cell = {(c.row, c.col): idx for c, idx in cells}
    grid = table.grid()
    if out.text:
        out.text += "\n"
    table_start = len(out.text)
    for r, row in enumerate(grid):
        segs: list[Reading | None] = []
        for cell in row:
            if cell is None:
                segs.append(None)
                continue
            segs.append(_join([readings[i] for i in by_cell[(cell.row, cell.col)]]))
        segs = _as_figures(segs, [[readings[i] for i in by_cell[(c.row, c.col)]] if c else [] for c in row])
        if r:
            out.text += "\n"
        # the shared grid rendering (xxgk.read.grid), as every other format's tables
        slots: list[Slot] = [None if s is None else s.text for s in segs]
        row_start = len(out.text)
        out.text += render_row(slots) or ""
        for s, at in zip(segs, slot_offsets(slots)):
            if s is not None and at is not None:
                out.pieces.append(Piece(row_start + at, row_start + at + len(s.text), s.chars, "cell", index))
    out.pieces.append(Piece(table_start, len(out.text), (), "table", index))
