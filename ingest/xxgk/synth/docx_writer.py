"""An HTML report page → a Word (.docx) document laid out the way disclosure offices write them.

The synthetic corpus and the real examples are HTML pages; published reports are often Word files (and
PDFs exported from them). ``html_to_docx(html, style)`` keeps the page's text and tables: headings and
paragraphs become Word paragraphs, each ``<table>`` a bordered Word table with its row and column spans
as merged cells (``gridSpan`` / ``vMerge``), a blank cell stays an empty cell. The ``DocStyle`` decides
what varies between offices: fonts and sizes, first-line indents, a centred title, a page-number
footer ("- 3 -", "第 3 页 共 5 页"), header rows repeated on every page, rows allowed to break across
pages. Styles are drawn per file (``DocStyle.draw``), so a corpus covers them all.

No LibreOffice here: python-docx writes the file; xxgk.synth.office converts it to PDF or .doc.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from xxgk.read.grid import place_spans

_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                    "header", "footer", "center", "blockquote", "pre", "body", "html", "tr", "table", "caption"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class DocStyle:
    body_font: str = "仿宋_GB2312"
    body_pt: float = 16.0
    title_font: str = "方正小标宋简体"
    title_pt: float = 22.0
    table_font: str = "宋体"
    table_pt: float = 10.5
    indent_first_line: bool = True      # 首行缩进两字符 (paragraphs then run without spacing)
    centre_title: bool = True
    footer: str | None = "- {n} -"     # page-number footer; {n} the page, {total} the page count
    repeat_header_rows: bool = False    # the table's header rows repeat on every page it spans
    rows_can_split: bool = True         # a tall row may break across a page (Word's default)
    borders: str = "grid"               # "grid" every line; "three-line" 三线表 (top, under the header,
                                        # bottom); "none" no lines at all

    @staticmethod
    def draw(rng: random.Random) -> "DocStyle":
        body = rng.choice((("仿宋_GB2312", 16.0), ("仿宋", 15.0), ("宋体", 12.0), ("微软雅黑", 10.5)))
        return DocStyle(
            body_font=body[0], body_pt=body[1],
            title_pt=rng.choice((22.0, 18.0, 16.0)),
            table_font=rng.choice(("宋体", "仿宋_GB2312", "黑体")),
            table_pt=rng.choice((10.5, 9.0, 12.0)),
            indent_first_line=rng.random() < 0.7,
            centre_title=rng.random() < 0.8,
            footer=rng.choice(("- {n} -", "— {n} —", "第 {n} 页 共 {total} 页", "{n}", None)),
            repeat_header_rows=rng.random() < 0.5,
            rows_can_split=rng.random() < 0.6,
        )


# ----------------------------------------------------------------------------- HTML → blocks

# A block of the page: ("title" | "para", text) or ("table", rows of (text, (colspan, rowspan) | None))
Block = tuple[str, object]


def _words(node) -> str:
    return _WS.sub(" ", node.text(deep=True, separator=" ")).strip()


def html_blocks(html: str) -> list[Block]:
    """The page's text as a flat list of headings, paragraphs and tables, in reading order."""
    tree = LexborHTMLParser(html)
    body = tree.body or tree.root
    out: list[Block] = []
    if body is None:
        return out
    line: list[str] = []
    kind = ["para"]

    def flush() -> None:
        text = _WS.sub(" ", "".join(line)).strip()
        if text:
            out.append((kind[0], text))
        line.clear()
        kind[0] = "para"

    stack: list[tuple[object, bool]] = [(body, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        if node.is_text_node:  # type: ignore[attr-defined]
            line.append(node.text_content or "")  # type: ignore[attr-defined]
            continue
        tag = node.tag  # type: ignore[attr-defined]
        if not node.is_element_node or tag in _SKIP:  # type: ignore[attr-defined]
            continue
        if tag == "br":
            flush()
            continue
        if tag == "table":
            flush()
            out.append(("table", _table_cells(node)))
            continue
        if tag in _BLOCK:
            flush()
            if tag in ("h1", "h2"):
                kind[0] = "title"
            stack.append((node, True))
        for child in reversed(list(node.iter(include_text=True))):  # type: ignore[attr-defined]
            stack.append((child, False))
    flush()
    return out


def _span(node, name: str) -> int:
    try:
        return max(1, min(int((node.attributes.get(name) or "1").strip()), 64))
    except ValueError:
        return 1


def _table_cells(table) -> list[list[tuple[str, tuple[int, int] | None]]]:
    rows = []
    for tr in table.css("tr"):
        cells = []
        for td in tr.iter():
            if td.tag not in ("td", "th"):
                continue
            text = _words(td).replace("\xa0", " ").strip()
            cs, rs = _span(td, "colspan"), _span(td, "rowspan")
            cells.append((text, (cs, rs) if (cs, rs) != (1, 1) else None))
        rows.append(cells)
    return rows


# ----------------------------------------------------------------------------- blocks → .docx

def html_to_docx(html: str, style: DocStyle | None = None) -> bytes:
    """The HTML page as a .docx file (bytes)."""
    return blocks_to_docx(html_blocks(html), style or DocStyle())


def blocks_to_docx(blocks: list[Block], style: DocStyle) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)                       # A4, the official margins
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    _font(normal.element, style.body_font, style.body_pt)
    normal.paragraph_format.space_after = Pt(0 if style.indent_first_line else 6)
    normal.paragraph_format.space_before = Pt(0)
    if style.footer:
        _page_footer(sec, style.footer)
    width = sec.page_width - sec.left_margin - sec.right_margin
    for kind, content in blocks:
        if kind == "table":
            _add_table(doc, content, style, width)  # type: ignore[arg-type]
            continue
        p = doc.add_paragraph()
        run = p.add_run(str(content))
        if kind == "title":
            _font(run._element, style.title_font, style.title_pt)
            if style.centre_title:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(12)
        elif style.indent_first_line:
            p.paragraph_format.first_line_indent = Pt(style.body_pt * 2)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _font(element, name: str, size_pt: float) -> None:
    """Font of a style or run, for Latin and East Asian text alike (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set(qn("w:val"), str(int(round(size_pt * 2))))


def _field(paragraph, instr: str) -> None:
    from docx.oxml.ns import qn

    fld = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): instr})
    run = fld.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_footer(section, pattern: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in re.split(r"(\{n\}|\{total\})", pattern):
        if part == "{n}":
            _field(p, "PAGE")
        elif part == "{total}":
            _field(p, "NUMPAGES")
        elif part:
            p.add_run(part)


def _add_table(doc, cell_rows, style: DocStyle, width) -> None:
    """The table as WordprocessingML, written directly: python-docx's cell access re-reads the whole
    table for every cell (quadratic: seconds for one 表三)."""
    from docx.oxml import parse_xml

    grid = place_spans(cell_rows)
    n_cols = max((len(r) for r in grid), default=0)
    if n_cols == 0:
        return
    # every cell's region: (row, column) of its first slot → (colspan, rowspan, text)
    starts: dict[tuple[int, int], tuple[int, int, str]] = {}
    below: dict[tuple[int, int], int] = {}          # slot under a rowspan → the spanning cell's colspan
    for r, (row, cells) in enumerate(zip(grid, cell_rows)):
        k = 0
        for c, slot in enumerate(row):
            if slot is None:
                continue
            text, span = cells[k]
            k += 1
            cs, rs = span or (1, 1)
            rs = min(rs, len(grid) - r)
            starts[(r, c)] = (cs, rs, text)
            for rr in range(r + 1, r + rs):
                below[(rr, c)] = cs
    # column widths after their text, as an author drags them: labels wide, figures narrow
    want = [2] * n_cols
    for (r, c), (cs, rs, text) in starts.items():
        if cs == 1:
            want[c] = max(want[c], min(len(text), 14))
    twips = int(width / 635)                         # EMU → twentieths of a point
    cols = [int(twips * w / sum(want)) for w in want]
    head_rows = _header_rows(cell_rows)
    font = _run_props(style.table_font, style.table_pt)
    para = '<w:pPr><w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr>'
    lines = {"grid": ("top", "left", "bottom", "right", "insideH", "insideV"), "three-line": ("top", "bottom"),
             "none": ()}[style.borders]
    out = [f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="{sum(cols)}" w:type="dxa"/>'
           '<w:tblBorders>' + "".join(f'<w:{b} w:val="{"single" if b in lines else "nil"}" w:sz="4" w:space="0" '
                                      'w:color="000000"/>'
                                      for b in ("top", "left", "bottom", "right", "insideH", "insideV")) +
           '</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>' +
           "".join(f'<w:gridCol w:w="{w}"/>' for w in cols) + "</w:tblGrid>"]
    for r in range(len(grid)):
        trpr = ("<w:cantSplit/>" if not style.rows_can_split else "") + \
               ("<w:tblHeader/>" if style.repeat_header_rows and r < head_rows else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        c = 0
        while c < n_cols:
            if (r, c) in starts:
                cs, rs, text = starts[(r, c)]
                merge = '<w:vMerge w:val="restart"/>' if rs > 1 else ""
            elif (r, c) in below:
                cs, text, merge = below[(r, c)], "", "<w:vMerge/>"
            else:                                    # past the end of a short row: one blank cell to the edge
                cs, text, merge = n_cols - c, "", ""
            cs = max(1, min(cs, n_cols - c))
            w = sum(cols[c:c + cs])
            span = f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else ""
            run = f'<w:r>{font}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>' if text else ""
            rule = ('<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>'
                    if style.borders == "three-line" and r + (rs if (r, c) in starts else 1) == head_rows else "")
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{span}{merge}{rule}<w:vAlign w:val="center"/>'
                       f"</w:tcPr><w:p>{para}{run}</w:p></w:tc>")
            c += cs
        out.append("</w:tr>")
    out.append("</w:tbl>")
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml("".join(out)))      # before the section properties
    doc.add_paragraph()


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_props(font: str, size_pt: float) -> str:
    half = int(round(size_pt * 2))
    return (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
            f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>')


def _header_rows(cell_rows) -> int:
    """Rows before the first one holding a number: the table's header."""
    for i, row in enumerate(cell_rows):
        if any(re.fullmatch(r"[\d.,\-/—]+(万元)?", t or "") for t, _ in row):
            return i
    return 0
