"""The body of a Word (.docx) document → the text the parser reads, tables on their grid.

``body_text(document_xml, max_chars=...)`` reads ``word/document.xml`` (WordprocessingML) in document
order, as Word shows it:

- a paragraph is one line (``w:br`` breaks it); deleted and moved-away text (``w:del``,
  ``w:moveFrom``), field codes and hidden runs (``w:vanish``) are left out; inserted text, hyperlinks,
  content controls (``w:sdt``), smart tags and simple fields are read;
- a table becomes pipe rows through the shared grid renderer (``xxgk.read.grid``, the same as HTML
  tables): a cell spanning columns (``w:gridSpan``, old ``w:hMerge``) is its text once plus covered
  slots, the continuation of a vertically merged cell (``w:vMerge``) is a covered slot (not a blank
  cell, which would shift the values after it), cells a row skips (``w:gridBefore``/``w:gridAfter``)
  are covered slots, and an empty cell is a blank cell;
- a table whose cells hold tables is a layout table, read as HTML ones are (``grid.layout_text``):
  rows holding a table become blocks of lines (inner tables as pipe rows), other rows keep their grid;
- text boxes (``w:txbxContent``, in DrawingML or VML shapes) are read once, as lines after the
  paragraph that anchors them: Word stores each box twice in ``mc:AlternateContent`` (the DrawingML
  choice and a VML fallback), and only one branch is read;
- headers, footers, footnotes and comments live in other parts of the package and are not read, so
  a running title or page number never mixes into the body.

Linear in the size of the XML. The XML parser resolves no entities and loads no DTD or network
resource, and libxml2 caps nesting at 256 levels, so the recursion here stays shallow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from xxgk.read.grid import LayoutRow, Slot, layout_text, render_rows

_W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 "http://purl.oclc.org/ooxml/wordprocessingml/main")          # transitional, strict
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MAX_SPAN = 64          # as for HTML colspan: a damaged span cannot blow up a row
_OFF = ("0", "false", "off")


class TextLimitExceeded(Exception):
    """The body's text is longer than the caller's limit."""


@dataclass(slots=True)
class BodyText:
    text: str
    tables: int = 0            # tables read on their grid
    layout_tables: int = 0     # tables holding tables (grid.layout_text)
    text_boxes: int = 0        # text boxes read (each once)

    def note(self) -> str:
        """What the reader did, for the input_converted finding."""
        parts = [f"{self.tables} table(s) read on their grid (merged cells as covered slots)"] if self.tables else []
        if self.layout_tables:
            parts.append(f"{self.layout_tables} layout table(s) (holding tables) read row by row")
        if self.text_boxes:
            parts.append(f"{self.text_boxes} text box(es) read once each")
        return "; ".join(["text extracted from the .docx body (headers and footers left out)", *parts])


@dataclass(slots=True)
class _Reader:
    w: str                                     # "{namespace}" of WordprocessingML in this file
    max_chars: int
    lines: list[str] = field(default_factory=list)
    size: int = 0
    stats: BodyText = field(default_factory=lambda: BodyText(""))

    # -- output -----------------------------------------------------------------------------
    def emit(self, line: str, out: list[str]) -> None:
        if out is self.lines:          # counted once, where it reaches the body (cells copy lines up)
            self.size += len(line) + 1
            if self.size > self.max_chars:
                raise TextLimitExceeded(self.max_chars)
        out.append(line)

    # -- blocks (body, cell, text box, content control) ---------------------------------------
    def blocks(self, container, out: list[str]) -> None:
        w = self.w
        for el in container:
            tag = el.tag
            if tag == w + "p":
                text, boxes = self.paragraph(el)
                self.emit(text, out)
                for box in boxes:
                    self.stats.text_boxes += 1
                    self.blocks(box, out)
            elif tag == w + "tbl":
                for line in self.table(el):
                    self.emit(line, out)
            elif tag == w + "sdt":
                content = el.find(w + "sdtContent")
                if content is not None:
                    self.blocks(content, out)
            elif tag in (w + "customXml", w + "ins", w + "moveTo"):
                self.blocks(el, out)
            elif tag == _MC + "AlternateContent":
                branch = self._branch(el)
                if branch is not None:
                    self.blocks(branch, out)

    # -- paragraphs -------------------------------------------------------------------------
    def paragraph(self, p) -> tuple[str, list]:
        parts: list[str] = []
        boxes: list = []
        self.inline(p, parts, boxes)
        return "".join(parts), boxes

    def inline(self, el, parts: list[str], boxes: list) -> None:
        w = self.w
        for ch in el:
            tag = ch.tag
            if tag == w + "r":
                self.run(ch, parts, boxes)
            elif tag in (w + "hyperlink", w + "ins", w + "moveTo", w + "smartTag", w + "customXml",
                         w + "fldSimple", w + "dir", w + "bdo"):
                self.inline(ch, parts, boxes)
            elif tag == w + "sdt":
                content = ch.find(w + "sdtContent")
                if content is not None:
                    self.inline(content, parts, boxes)
            elif tag == _MC + "AlternateContent":
                branch = self._branch(ch)
                if branch is not None:
                    self.inline(branch, parts, boxes)
            elif tag in (_M + "oMath", _M + "oMathPara"):
                parts.extend(t.text or "" for t in ch.iter(_M + "t"))
            # w:del, w:moveFrom (text no longer there), w:pPr, bookmarks, proofing marks: nothing to read

    def run(self, r, parts: list[str], boxes: list) -> None:
        w = self.w
        rpr = r.find(w + "rPr")
        if rpr is not None:
            vanish = rpr.find(w + "vanish")
            if vanish is not None and vanish.get(w + "val", "true").lower() not in _OFF:
                return                                   # hidden text: Word does not show it
        for ch in r:
            tag = ch.tag
            if tag == w + "t":
                parts.append(ch.text or "")
            elif tag in (w + "tab", w + "ptab"):
                parts.append("\t")
            elif tag in (w + "br", w + "cr"):
                parts.append("\n")
            elif tag == w + "noBreakHyphen":
                parts.append("-")
            elif tag in (w + "drawing", w + "pict", w + "object", _MC + "AlternateContent"):
                self._boxes(ch, boxes)

    def _boxes(self, el, boxes: list) -> None:
        """The text boxes in a drawing/shape ``el``, outermost only (a box's own boxes are read with it)."""
        tag = el.tag
        if tag == self.w + "txbxContent":
            boxes.append(el)
        elif tag == _MC + "AlternateContent":
            branch = self._branch(el)
            if branch is not None:
                self._boxes(branch, boxes)
        else:
            for ch in el:
                if isinstance(ch.tag, str):
                    self._boxes(ch, boxes)

    def _branch(self, alt):
        """The one branch of an mc:AlternateContent to read: the first (a Choice, or else the Fallback)
        that holds any text. The branches are the same content for different consumers; reading more
        than one would read it twice."""
        w = self.w
        for branch in alt:
            if branch.tag not in (_MC + "Choice", _MC + "Fallback"):
                continue
            for _ in branch.iter(w + "t", w + "txbxContent"):
                return branch
        return None

    # -- tables -------------------------------------------------------------------------------
    def _children(self, el, tag: str):
        """``tag`` children of ``el``, also those wrapped in content controls or custom XML."""
        w = self.w
        for ch in el:
            if ch.tag == tag:
                yield ch
            elif ch.tag == w + "sdt":
                content = ch.find(w + "sdtContent")
                if content is not None:
                    yield from self._children(content, tag)
            elif ch.tag in (w + "customXml", w + "ins", w + "moveTo"):
                yield from self._children(ch, tag)

    def _int(self, parent, name: str, default: int) -> int:
        if parent is None:
            return default
        el = parent.find(self.w + name)
        if el is None:
            return default
        try:
            return max(0, min(int(el.get(self.w + "val", default)), _MAX_SPAN))
        except ValueError:
            return default

    def table(self, tbl) -> list[str]:
        w = self.w
        rows: list[LayoutRow] = []                  # grid segments, each cell's lines, holds a table
        layout = False
        above: set[int] = set()                     # grid columns where the row above has a cell
        for tr in self._children(tbl, w + "tr"):
            trpr = tr.find(w + "trPr")
            before, after = self._int(trpr, "gridBefore", 0), self._int(trpr, "gridAfter", 0)
            segs: list[Slot] = [None] * before
            blocks: list[str] = []
            nested = False
            here: set[int] = set()
            col = before
            for tc in self._children(tr, w + "tc"):
                tcpr = tc.find(w + "tcPr")
                span = max(1, self._int(tcpr, "gridSpan", 1))
                here.update(range(col, col + span))
                if self._continues(tcpr, "vMerge") and col in above or self._continues(tcpr, "hMerge"):
                    segs.extend([None] * span)       # covered by the merged cell above / to the left
                    col += span
                    continue
                lines: list[str] = []
                tables_before = self.stats.tables + self.stats.layout_tables
                self.blocks(tc, lines)
                nested |= self.stats.tables + self.stats.layout_tables > tables_before
                blocks.append("\n".join(lines).strip())
                segs.append(" ".join(" ".join(lines).split()))
                segs.extend([None] * (span - 1))
                col += span
            segs.extend([None] * after)
            rows.append((segs, blocks, nested))
            layout |= nested                         # a table inside a cell: the outer one is layout
            above = here
        if layout:
            self.stats.layout_tables += 1
            return layout_text(rows).split("\n")
        self.stats.tables += 1
        return render_rows([segs for segs, _b, _n in rows])

    def _continues(self, tcpr, name: str) -> bool:
        """Whether a cell continues a merge (``w:vMerge``/``w:hMerge`` without val="restart")."""
        if tcpr is None:
            return False
        el = tcpr.find(self.w + name)
        return el is not None and el.get(self.w + "val", "continue") != "restart"


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                          remove_pis=True)


def body_text(document_xml: bytes, *, max_chars: int) -> BodyText:
    """The text of a ``word/document.xml``. Raises ``TextLimitExceeded`` past ``max_chars`` and
    ``etree.XMLSyntaxError`` (or ValueError) on XML that is not a Word document body."""
    root = etree.fromstring(document_xml, _PARSER)
    ns = etree.QName(root).namespace
    if ns not in _W_NAMESPACES:
        raise ValueError(f"word/document.xml is not WordprocessingML (root {etree.QName(root).localname!r} in {ns!r})")
    reader = _Reader(w="{" + ns + "}", max_chars=max_chars)
    body = root.find(reader.w + "body")
    if body is not None:
        reader.blocks(body, reader.lines)
    stats = reader.stats
    stats.text = "\n".join(reader.lines)
    return stats
