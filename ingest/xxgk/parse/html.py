"""HTML → the text view the parser reads (offsets of HTML reports point into this text).

- script/style/noscript/template are dropped; block elements (p, div, li, h1…, br) start new lines,
  inline elements do not (so "收到申请<span>3</span>件" stays one phrase); whitespace runs inside text
  collapse to one space, as a browser shows them.
- Tables are rendered one row per line, Markdown-like ("| 规章 | 0 | 0 | 0 |"), from the DOM
  (selectolax/lexbor). Spans are expanded on a grid: a slot covered by a colspan/rowspan becomes an
  empty segment between adjacent pipes ("||", padding the table parser ignores), a genuinely empty
  cell (or "&nbsp;") becomes a whitespace segment ("|  |", a blank cell); the table parser drops
  such blanks in front of a row only when the row has more cells than its template (an empty label).
- Nested tables are rendered first; a table whose cells hold a nested table is a layout table and
  is rendered as plain blocks.
Linear in the size of the document (spans are clamped).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "hr", "center", "form", "nav",
    "aside", "main", "figure", "figcaption", "address", "caption", "thead", "tbody", "tfoot", "body",
    "html",
})
_WS = re.compile(r"[ \t\r\n\f\v]+")
_SENTINEL = re.compile(r"\x00T(\d+)\x00")
_MAX_SPAN = 64


def _text(node) -> str:
    """Block-aware text of a node (iterative, no recursion limit)."""
    out: list[str] = []
    stack: list[tuple[object, bool]] = [(node, False)]
    while stack:
        n, closing = stack.pop()
        if closing:
            out.append("\n")
            continue
        if n.is_text_node:  # type: ignore[attr-defined]
            out.append(_WS.sub(" ", n.text_content or ""))  # type: ignore[attr-defined]
            continue
        tag = n.tag  # type: ignore[attr-defined]
        if not n.is_element_node or tag in _SKIP:  # type: ignore[attr-defined]
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag in _BLOCK:
            out.append("\n")
            stack.append((n, True))
        children = list(n.iter(include_text=True))  # type: ignore[attr-defined]
        for ch in reversed(children):
            stack.append((ch, False))
    return "".join(out)


def _tidy(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    blank = False
    for ln in lines:
        if not ln:
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(ln)
    return "\n".join(out)


def _span(node, name: str) -> int:
    try:
        v = int((node.attributes.get(name) or "1").strip())
    except ValueError:
        return 1
    return max(1, min(v, _MAX_SPAN))


def _render_table(table) -> str:
    rows = [tr for tr in table.css("tr")]
    caption = table.css_first("caption")
    lines: list[str] = []
    if caption is not None:
        lines.append(" ".join(_text(caption).split()))
    grid_rows: list[list[tuple[int, str | None]]] = []
    covered: set[tuple[int, int]] = set()
    layout = False
    for r, tr in enumerate(rows):
        segs: list[tuple[int, str | None]] = []
        c = 0
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in covered:
                segs.append((c, None))
                c += 1
            txt = _text(cell)
            if "\x00" in txt:
                layout = True
            txt = txt.strip() if layout else " ".join(txt.split())
            cs, rs = _span(cell, "colspan"), min(_span(cell, "rowspan"), max(1, len(rows) - r))
            segs.append((c, txt))
            for k in range(1, cs):
                segs.append((c + k, None))
            for rr in range(1, rs):
                for k in range(cs):
                    covered.add((r + rr, c + k))
            c += cs
        while (r, c) in covered:
            segs.append((c, None))
            c += 1
        grid_rows.append(segs)
    if layout:
        blocks = [t for segs in grid_rows for _, t in segs if t]
        return "\n\n".join([*lines, *blocks])
    for segs in grid_rows:
        if not any(t for _, t in segs):
            if segs:
                lines.append("|" * len(segs))
            continue
        parts = []
        for c, t in segs:
            if t is None:
                parts.append("")
            else:
                parts.append(f" {t} " if t else "  ")
        lines.append("|" + "|".join(parts) + "|")
    return "\n".join(lines)


def html_to_text(raw_html: str) -> str:
    tree = HTMLParser(raw_html.replace("\x00", " "))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    rendered: list[str] = []
    for table in reversed(tree.css("table")):          # innermost first
        rendered.append(_render_table(table))
        table.replace_with(f"\x00T{len(rendered) - 1}\x00")
    body = tree.body or tree.root
    if body is None:
        return ""
    return _tidy(_expand(_text(body), rendered))


def _expand(text: str, rendered: list[str]) -> str:
    """Replace table sentinels by their renderings (which may hold sentinels of nested tables).
    Iterative with an explicit stack: each rendering is copied once, whatever the nesting depth."""
    out: list[str] = []
    stack: list[tuple[str, int]] = [(text, 0)]
    while stack:
        s, pos = stack.pop()
        m = _SENTINEL.search(s, pos)
        if m is None:
            out.append(s[pos:])
            continue
        out.append(s[pos:m.start()])
        out.append("\n")
        stack.append((s, m.end()))
        stack.append(("\n", 0))
        stack.append((rendered[int(m.group(1))], 0))
    return "".join(out)
