"""Prose of a PDF: characters → lines → paragraphs, without the running headers and page numbers.

- Lines: a character joins the line its vertical centre falls in; a line reads left to right, with a
  space where a gap is a space wide (never several: spacing is geometry, not text; see ``spaced``).
- Running headers and footers: a line at the top or bottom edge of a page (among the first or last
  two lines, within ``EDGE`` of the page height) that repeats on other pages with only its digits
  changed, or is a page number alone (``- 3 -``, ``第3页 共5页``, ``3/5``, ``Page 3 of 5``), is not text.
- Paragraphs: a Chinese line broken only because the line was full is joined to the next one — the
  text of a paragraph is one line, as in an HTML page. A line is continued when it spans the text
  width (from the left margin, maybe indented, to the right margin) and the next line starts at the
  left margin (or both are centred, a wrapped title), in the same size, at normal line spacing, and
  does not start with an outline number ("二、", "（三）", "1.").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from xxgk.read.pdf_page import Char

EDGE = 0.1            # share of the page height at the top and the bottom where running lines live


@dataclass(slots=True)
class Line:
    page: int
    text: str
    located: list[Char | None]     # per character of text: where it was drawn (None: an added space)
    x0: float
    top: float
    x1: float
    bottom: float
    em: float                      # font size (see em_of)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters → lines: a character joins the line its vertical centre falls in; lines top to bottom,
    each left to right, a character overprinted on itself (fake bold) once."""
    lines: list[list] = []          # [top, bottom, chars]
    for ch in sorted(chars, key=lambda c: c[2] + c[4]):
        cy = (ch[2] + ch[4]) / 2
        for ln in reversed(lines[-3:]):
            if ln[0] <= cy <= ln[1]:
                ln[2].append(ch)
                break
        else:
            lines.append([ch[2], ch[4], [ch]])
    out = []
    for _, _, cs in lines:
        cs.sort(key=lambda c: c[1])
        cs = _unbold(cs)
        while cs and cs[-1][0] == " ":
            cs.pop()
        k = 0
        while k < len(cs) and cs[k][0] == " ":
            k += 1
        if k < len(cs):
            out.append(cs[k:] if k else cs)
    return out


def _unbold(chars: list[Char]) -> list[Char]:
    """Each character once where it was drawn twice at (almost) the same place (bold faked by
    overprinting), and one space where several follow each other."""
    out = [chars[0]]
    for ch in chars[1:]:
        p = out[-1]
        if ch[0] == p[0] and (ch[0] == " " or ch[1] - p[1] < 0.3 * (p[3] - p[1])):
            continue
        out.append(ch)
    return out


def _wide(c: str) -> bool:
    """A Chinese character or full-width punctuation (one em wide, set without spaces)."""
    return c >= "\u2e80"


def em_of(chars: list[Char]) -> float:
    """The line's font size: the width of its Chinese characters (each one em), else from its height."""
    widths = [c[3] - c[1] for c in chars if c[0] >= "\u2e80"]
    if widths:
        widths.sort()
        return widths[len(widths) // 2] or 1.0
    return 0.8 * median_height(chars)


# The gap (in em) over which two characters are apart by a space: Latin words are set with spaces of a
# quarter em; word processors put about a third of an em between Chinese and Latin text by themselves
# ("autospace", not a character of the text), and justified Chinese lines spread characters apart.
SPACE_LATIN = 0.15
SPACE_MIXED = 0.6
SPACE_WIDE = 1.0


def spaced(chars: list[Char], em: float | None = None) -> tuple[str, list[Char | None]]:
    """One line's characters as text, a space where two boxes stand a space apart (see SPACE_*)."""
    em = em or em_of(chars)
    latin, mixed, wide = SPACE_LATIN * em, SPACE_MIXED * em, SPACE_WIDE * em
    text = [chars[0][0]]
    located: list[Char | None] = [chars[0]]
    a = chars[0]
    for b in chars[1:]:
        gap = b[1] - a[3]
        if gap > latin and a[0] != " " and b[0] != " ":     # (most characters touch: one test)
            wa, wb = a[0] >= "\u2e80", b[0] >= "\u2e80"
            if gap > (wide if wa and wb else mixed if wa or wb else latin):   # a document's own space is kept
                text.append(" ")
                located.append(None)
        text.append(b[0])
        located.append(b)
        a = b
    return "".join(text), located


def median_height(chars: list[Char]) -> float:
    hs = sorted(c[4] - c[2] for c in chars)
    return hs[len(hs) // 2] or 1.0


def runs(line: list[Char], gap: float = 1.0) -> list[list[Char]]:
    """A line's characters split where they stand apart: a gap over ``gap`` em (the line height
    stands for the em)."""
    limit = gap * median_height(line)
    ink = [c for c in line if c[0] != " "]
    out = [[ink[0]]]
    for a, b in zip(ink, ink[1:]):
        if b[1] - a[3] > limit:
            out.append([b])
        else:
            out[-1].append(b)
    return out


def text_blocks(chars: list[Char]) -> list[list[Char]]:
    """Characters → blocks of text: runs of a line (see runs), joined with the runs of the lines below
    that overlap them horizontally at a line's spacing — a label wrapped in its cell is one block, the
    figure beside it another. Blocks in reading order of their first character."""
    blocks: list[list] = []           # [x0, x1, bottom, height, chars]
    for line in group_lines(chars):
        for run in runs(line):
            x0, x1 = run[0][1], run[-1][3]
            top, bottom = min(c[2] for c in run), max(c[4] for c in run)
            for b in reversed(blocks):
                if b[0] < x1 and x0 < b[1] and top - b[2] <= 0.8 * b[3]:
                    b[0], b[1], b[2] = min(b[0], x0), max(b[1], x1), bottom
                    b[4].extend(run)
                    break
            else:
                blocks.append([x0, x1, bottom, bottom - top, list(run)])
    return [b[4] for b in blocks]


def make_lines(page: int, chars: list[Char]) -> list[Line]:
    out = []
    for cs in group_lines(chars):
        em = em_of(cs)
        text, located = spaced(cs, em)
        out.append(Line(page, text, located, cs[0][1], min(c[2] for c in cs), max(c[3] for c in cs),
                        max(c[4] for c in cs), em))
    return out


def _latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def joiner(before: str, after: str) -> str:
    """What goes between two lines of one block (a wrapped label, a paragraph): nothing (Chinese wraps
    anywhere, and a number never wraps inside itself), a space only where two Latin words meet."""
    return " " if before and after and _latin(before[-1]) and _latin(after[0]) else ""


def joined(parts: list[tuple[str, list[Char | None]]]) -> tuple[str, list[Char | None]]:
    """Lines of one block as one text (see joiner), with where each character was drawn."""
    text: list[str] = []
    located: list[Char | None] = []
    for t, loc in parts:
        if not t:
            continue
        if text and joiner(text[-1], t):
            text.append(" ")
            located.append(None)
        text.append(t)
        located.extend(loc)
    return "".join(text), located


# ----------------------------------------------------------------------------- running lines

_PAGE_NUMBER = re.compile(
    r"[-－—–~·\s]*(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-－—–~·\s]*"
    r"|(?:page|Page|PAGE)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?")
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]")          # letters and Chinese characters


def folio(text: str) -> int | None:
    """The page number a line states ("- 3 -", "第3页 共5页", "3/5", "Page 3", "3"), or None."""
    m = _PAGE_NUMBER.fullmatch(text)
    return int(m.group(1) or m.group(2)) if m else None


def repeat_key(text: str) -> str:
    """What stays the same of a running line from page to page: its characters, digits aside."""
    return _DIGITS.sub("#", text.replace(" ", ""))


def has_words(key: str) -> bool:
    """Whether a running line's key has words (two letters or characters): a line of figures ("0", "12 |")
    repeating at page ends is data, never a header or footer."""
    return len(_WORDS.findall(key)) >= 2


def running_lines(pages: list[list[Line]], sizes: list[tuple[float, float]]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers. Only lines at a page's top
    or bottom edge (among its first or last two lines, within EDGE of the page height) can be:

    - a page number: "- 3 -", "第3页 共5页", "3/5", "Page 3", or a number alone set centred or to the
      right, whose number is the page's (or is the page's plus the same offset on most pages);
    - a running line: the same words (digits aside) at the same edge of at least half the pages, and
      words it has — a line of figures ("0", "12 |") repeating at page ends is data, never a footer.
    """
    candidates: list[tuple[Line, str, int]] = []       # (line, "top"/"bottom" + its words, page index)
    for index, (lines, (width, height)) in enumerate(zip(pages, sizes)):
        if not lines:
            continue
        ordered = sorted(lines, key=lambda ln: ln.top)
        edge = {id(ln): ln for ln in ordered[:2] if ln.bottom <= EDGE * height}
        edge.update({id(ln): ln for ln in ordered[-2:] if ln.top >= (1 - EDGE) * height})
        for ln in edge.values():
            where = "top" if ln.bottom <= EDGE * height else "bottom"
            candidates.append((ln, where + ":" + repeat_key(ln.text), index))
    n_pages = sum(1 for lines in pages if lines)
    drop: set[int] = set()
    # page numbers: the number follows the page
    numbered: list[tuple[Line, int]] = []
    for ln, _, index in candidates:
        number = folio(ln.text)
        if number is None:
            continue
        width = sizes[index][0]
        if ln.text.strip().isdigit() and abs((ln.x0 + ln.x1) / 2 - width / 2) > 0.1 * width and ln.x1 < 0.8 * width:
            continue                                   # a bare number at the left: a figure, not a folio
        numbered.append((ln, number - ln.page))
    offsets = Counter(offset for _, offset in numbered)
    for ln, offset in numbered:
        if offset == 0 or (offsets[offset] >= 2 and offsets[offset] * 2 >= n_pages):
            drop.add(id(ln))
    # running headers and footers: the same words at the same edge of most pages
    seen = Counter({key: 0 for _, key, _ in candidates})
    for _, page_key in {(index, key) for _, key, index in candidates}:
        seen[page_key] += 1
    for ln, key, _ in candidates:
        if n_pages >= 2 and seen[key] >= max(2, (n_pages + 1) // 2) and has_words(key[key.index(":"):]):
            drop.add(id(ln))
    return drop


# ----------------------------------------------------------------------------- paragraphs

OUTLINE = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)"
                      r"|第[一二三四五六七八九十\d]{1,3}[章节条部]|附件|附表")


# Lines of one paragraph stand closer than paragraphs do. Where the document shows its own spacing for a
# font size (at least this many pairs of a full line and the line after it), a gap this much (× the line
# height) wider than its usual one between such lines ends a paragraph; otherwise a gap over DEFAULT_BREAK
# does (titles, set larger and spaced apart, keep the default).
MIN_SPACING_SAMPLES = 3
BREAK_OVER_SPACING = 0.2
DEFAULT_BREAK = 0.6


@dataclass(slots=True)
class Margins:
    left: float
    right: float
    # font size (rounded) → a gap between lines wider than this × the line height ends a paragraph
    breaks: dict[int, float] = field(default_factory=dict)

    def paragraph_break(self, em: float) -> float:
        return self.breaks.get(round(em), DEFAULT_BREAK)

    @staticmethod
    def of(lines: list[Line]) -> "Margins":
        """The text column: the most common left edge, and the right edge most full lines reach; and the
        gap that ends a paragraph, from the usual gap after a full line (lines in reading order)."""
        body = [ln for ln in lines if len(ln.text) >= 8]
        if not body:
            return Margins(0.0, 0.0)
        # the leftmost edge several lines share (paragraphs' first lines may all be indented, a stray
        # line may stand further out)
        starts = Counter(round(ln.x0) for ln in body)
        left = float(min((x for x, n in starts.items() if n >= 2), default=starts.most_common(1)[0][0]))
        rights = sorted(ln.x1 for ln in body)
        right = rights[int(0.9 * (len(rights) - 1))]
        # the gap after a full line whose next line starts at the margin: mostly a wrapped sentence
        gaps: dict[int, list[float]] = {}
        for a, b in zip(lines, lines[1:]):
            if (a.page == b.page and a.height > 0 and 0 <= b.top - a.bottom and abs(a.em - b.em) <= 0.15 * a.em
                    and a.x1 >= right - 2 * a.em and abs(b.x0 - left) <= 0.6 * a.em):
                gaps.setdefault(round(a.em), []).append((b.top - a.bottom) / a.height)
        breaks = {em: sorted(g)[len(g) // 2] + BREAK_OVER_SPACING for em, g in gaps.items()
                  if len(g) >= MIN_SPACING_SAMPLES}
        return Margins(left, right, breaks)


_UNBROKEN = re.compile(r"[0-9A-Za-z.,%]{4,}")


def continues(a: Line, b: Line, m: Margins, same_page: bool) -> bool:
    """Is line ``b`` the rest of the sentence of line ``a`` (a was broken only because it was full)?"""
    em = max(a.em, b.em)
    if abs(a.em - b.em) > 0.15 * em:
        return False
    if same_page and b.top - a.bottom > m.paragraph_break(a.em) * a.height:
        return False
    # a full line ends within two characters of the margin, three when it ends mid-sentence (line-breaking
    # rules keep punctuation off a line's start and a figure with its unit, which can leave a line short)
    slack = 2.0 if a.text[-1] in "。！？；：" else 3.0
    # a word or figure is never broken: a line ends short by the width of the one that opens the next
    # ("…合法权益" / "00000005.属于…", half-width characters ~0.55 em each)
    word = _UNBROKEN.match(b.text)
    if word and a.text[-1:] not in "。！？；：":
        slack = max(slack, 0.55 * len(word.group(0)) + 1.0)
    if a.x1 < m.right - slack * em or a.x0 > m.left + 2.6 * em:
        return False
    if OUTLINE.match(b.text):
        return False
    if abs(b.x0 - m.left) <= 0.6 * em:
        return True
    centre = (m.left + m.right) / 2
    return abs((a.x0 + a.x1) / 2 - centre) <= em and abs((b.x0 + b.x1) / 2 - centre) <= em
