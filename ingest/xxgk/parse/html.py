"""HTML → the text view the parser reads (offsets of HTML reports point into this text).

- script/style/noscript/template are dropped (parsed, never run: there is no script engine here);
  block elements (p, div, li, h1…, br) start new lines, inline elements do not (so
  "收到申请<span>3</span>件" stays one phrase); whitespace runs inside text collapse to one space,
  as a browser shows them.
- Tables are rendered one row per line, Markdown-like ("| 规章 | 0 | 0 | 0 |"), from the DOM
  (selectolax/lexbor), by the grid renderer every table reader shares (xxgk.read.grid). Spans are
  expanded on a grid: a slot covered by a colspan/rowspan becomes an empty segment between adjacent
  pipes ("||", padding the table parser ignores), a genuinely empty cell (or "&nbsp;") becomes a
  whitespace segment ("|  |", a blank cell); the table parser drops such blanks in front of a row
  only when the row has more cells than its template (an empty label).
- Nested tables are rendered first; a table whose cells hold a nested table is a layout table and
  is rendered as plain blocks.
- Elements nested deeper than MAX_DEPTH are flattened before lexbor builds the DOM (see below), with
  a ``text_damaged`` finding.
Linear in the size of the document (spans are clamped, nesting is capped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from xxgk.parse.model import Finding, Span
from xxgk.read.grid import place_spans, render_rows

# ----------------------------------------------------------------------------- nesting depth
#
# lexbor (like every HTML5 tree builder) checks "is a <p> open in button scope?" and similar on
# block start tags by walking the stack of open elements, so building the DOM of n nested elements
# costs O(n × depth): 16,000 nested <div> take ~0.9 s, a 16 MB file of them hours. Before lexbor
# sees the text, a linear scan models that stack and removes the start tags (and their end tags)
# that would open an element deeper than MAX_DEPTH; the text between them is kept. 256 is libxml2's
# default nesting limit too; a real report's DOM is 10-20 deep (the synthetic corpus: at most 9, the
# hostile-input tests aside), and lexbor's scope walks stay bounded by 256 entries, i.e. linear.
#
# The model errs on the side of counting too deep (never popping what lexbor might keep open):
# implied end tags (<p>, <li>, <td>, ...) and misnested end tags are honoured only when the
# element is found within the top _WINDOW entries of the stack, so one tag costs O(_WINDOW) at most.
# Formatting elements (<b>, <font>, ...) left open are re-opened by lexbor in every later block
# ("reconstruct the active formatting elements"), so their count is capped by the same limit.

MAX_DEPTH = 256
_WINDOW = 32
# The scan costs ~1 µs a tag, as much as the rest of html_to_text on a usual report, so it runs only
# where depth can cost: a document of at most 4,096 tags nests at most 4,096 deep, which lexbor
# builds in under ~40 ms (measured: 4,000 nested <div>, 36 ms). Up to that size nesting is left alone.
_SCAN_ABOVE = 4096

_VOID = frozenset("area base basefont bgsound br col embed frame hr image img input keygen link meta "
                  "param source track wbr".split())
# Elements whose content the tokenizer reads as text up to their own end tag (no tags inside).
_RAWTEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_ROOTS = frozenset({"html", "head", "body", "frameset"})   # merged into the document's own, never nested
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# Stack entries that stop lexbor's scope walks (a superset errs towards counting too deep, which is safe).
_SCOPE = frozenset("applet caption html table td th marquee object template select foreignobject desc title "
                   "mi mo mn ms mtext annotation-xml".split())
_SPECIAL = _SCOPE | frozenset(
    "address article aside blockquote body button center col colgroup dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup iframe li listing "
    "main menu nav noembed noframes noscript ol p plaintext pre search section summary tbody textarea tfoot "
    "thead tr ul xmp svg math".split())
# End tags that lexbor honours whenever the element is in scope (it closes what is open above it).
_SCOPED_END = frozenset(
    "address article aside blockquote button center details dialog dir div dl fieldset figcaption figure "
    "footer header hgroup listing main menu nav ol pre search section summary ul p li dd dt h1 h2 h3 h4 h5 h6 "
    "form applet marquee object select template svg math".split())
_TABLE_SCOPE = frozenset({"html", "table", "template"})
_TABLE_END = frozenset("table tbody thead tfoot tr td th caption".split())
# Start tags that close an open <p> (the HTML spec's list), and same-kind siblings that close each other.
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li dd dt main menu nav ol p pre listing section summary "
    "table ul xmp plaintext".split())
_ALL = frozenset({"*"})   # bound marker: look at the top entry only
_SIBLINGS = {
    "li": ({"li"}, _SPECIAL - {"address", "div", "p", "li"}),
    "dd": ({"dd", "dt"}, _SPECIAL - {"address", "div", "p", "dd", "dt"}),
    "dt": ({"dd", "dt"}, _SPECIAL - {"address", "div", "p", "dd", "dt"}),
    "td": ({"td", "th"}, _TABLE_SCOPE), "th": ({"td", "th"}, _TABLE_SCOPE),
    "tr": ({"tr"}, _TABLE_SCOPE),
    "tbody": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE), "thead": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE),
    "tfoot": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE),
    "option": ({"option"}, _ALL), "optgroup": ({"option", "optgroup"}, _ALL),
    "a": ({"a"}, _ALL), "nobr": ({"nobr"}, _ALL), "button": ({"button"}, _SCOPE),
    **{h: ({"h1", "h2", "h3", "h4", "h5", "h6"}, _ALL) for h in ("h1", "h2", "h3", "h4", "h5", "h6")},
}
_P_CLOSE = ({"p"}, _SCOPE | {"button"})
_TABLE_OPEN = ({"table"}, frozenset({"td", "th", "caption", "html", "template"}))   # <table> in a table row closes it

# One token: a comment, a bogus comment (<!…>, <?…>, </ not followed by a letter), or a tag with
# its attributes (quoted values may hold '>'), as the HTML tokenizer splits them.
_TOKEN = re.compile(
    r"<(?:(!--)|[!?]|/(?![A-Za-z])|(/?)([A-Za-z][^\t\n\f\r />]*)"
    r"((?:[\t\n\f\r /]+|[^\t\n\f\r />][^\t\n\f\r /=>]*(?:[\t\n\f\r ]*=[\t\n\f\r ]*"
    r"(?:\"[^\"]*\"|'[^']*'|[^\t\n\f\r >]*))?)*)(>?))")
_COMMENT_END = re.compile(r"--!?>")


@dataclass(frozen=True, slots=True)
class _Flattened:
    html: str        # the HTML with the excess tags removed
    depth: int       # the deepest nesting the scan saw, had nothing been removed (capped count)
    removed: int     # tags removed
    first: int       # offset in the original HTML of the first removed tag
    at: int          # offset in ``html`` just after what replaced it


def _flatten_deep(raw: str) -> _Flattened | None:
    """Remove the tags that would nest elements deeper than MAX_DEPTH; None when nothing goes that deep.
    One pass, O(len(raw) + tags × _WINDOW)."""
    stack: list[str] = ["html", "body"]
    saved_fmt: list[int] = []          # formatting count to restore when a cell (a list marker) closes
    cells: list[int] = []              # stack indexes of td/th/caption
    fmt = 0                            # formatting elements left open (active, maybe re-opened by lexbor)
    removed: list[tuple[int, int, bool]] = []   # (start, end, block) of each tag removed
    dropped: dict[str, int] = {}       # removed start tags whose end tag is still to come, by name
    deepest = 0
    foreign = 0                        # open <svg>/<math>: there "<x/>" closes itself, <style> is no raw text
    select = 0                         # open <select>: lexbor ignores <iframe>, <title>... there, so no raw text
    pending = 0                        # removed start tags not yet closed (they nest below the stack's top)
    pos = 0
    n = len(raw)

    def pop_to(names: set[str] | frozenset[str], bounds: frozenset[str]) -> bool:
        nonlocal fmt, foreign, select
        low = max(len(stack) - _WINDOW, 2)
        for i in range(len(stack) - 1, low - 1, -1):
            name = stack[i]
            if name in names:
                while len(stack) > i:
                    gone = stack.pop()
                    if gone in ("svg", "math"):
                        foreign -= 1
                    elif gone == "select":
                        select -= 1
                    if cells and cells[-1] == len(stack):
                        cells.pop()
                        fmt = min(fmt, saved_fmt.pop())
                return True
            if name in bounds or bounds is _ALL:
                return False
        return False

    while pos < n:
        m = _TOKEN.search(raw, pos)
        if m is None:
            break
        if m.group(1):                                   # <!-- comment -->
            e = _COMMENT_END.search(raw, m.end())
            if e is None:
                break
            pos = e.end()
            continue
        name = m.group(3)
        if name is None:                                 # bogus comment, up to the next '>'
            e = raw.find(">", m.end())
            if e < 0:
                break
            pos = e + 1
            continue
        pos = m.end()
        name = name.lower()
        if name in _ROOTS:
            continue
        if m.group(2):                                   # end tag
            if dropped.get(name):                        # closes an element that was never opened
                dropped[name] -= 1
                pending -= 1
                removed.append((m.start(), pos, name not in _FORMATTING))
                continue
            if name in _FORMATTING and fmt:
                fmt -= 1
            if stack[-1] == name:
                pop_to({name}, _SCOPE)
            elif name in _TABLE_END:
                pop_to({name}, _TABLE_SCOPE - {name})
            elif name in _SCOPED_END:
                pop_to({name}, _SCOPE - {name})
            else:                                        # "any other end tag": stops at a special element
                pop_to({name}, _SPECIAL - {name})
            continue
        if name in _RAWTEXT and not foreign and not select:             # its text runs to its end tag (or the end)
            e = re.compile(rf"</{name}[\t\n\f\r />]", re.I).search(raw, pos)
            if e is None:
                break
            pos = e.start()
            continue
        if name == "plaintext" and not foreign and not select:
            break
        if name in _VOID or (foreign and m.group(4).rstrip().endswith("/")):
            continue
        if name in _CLOSES_P and "p" in stack[-_WINDOW:]:
            pop_to(*_P_CLOSE)
        sib = _SIBLINGS.get(name)
        if sib is not None:
            pop_to(*sib)
        if name == "table" and stack[-1] in ("table", "tbody", "thead", "tfoot", "tr"):
            pop_to(*_TABLE_OPEN)
        deep = len(stack) + 1
        if name in _FORMATTING:
            fmt += 1
            deep = max(deep, fmt)
        deepest = max(deepest, deep + pending)
        if deep > MAX_DEPTH:
            dropped[name] = dropped.get(name, 0) + 1
            pending += 1
            removed.append((m.start(), pos, name not in _FORMATTING))
            if name in _FORMATTING:
                fmt -= 1
            continue
        if name in ("td", "th", "caption"):
            cells.append(len(stack))
            saved_fmt.append(fmt)
        if name in ("svg", "math"):
            foreign += 1
        elif name == "select":
            select += 1
        stack.append(name)
    if not removed:
        return None
    out: list[str] = []
    last = 0
    for s, e, block in removed:
        out.append(raw[last:s])
        out.append("<br>" if block else "")       # a removed block still ends a line of the text view
        last = e
    at = len(out[0]) + len(out[1])
    out.append(raw[last:])
    return _Flattened("".join(out), deepest, len(removed), removed[0][0], at)

# ----------------------------------------------------------------------------- text view

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
_MARK = "\ue000"   # private-use character marking where flattening began (removed from the text again)


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


def _cell_words(cell) -> str:
    """`" ".join(_text(cell).split())`, fast for the usual cell: a chain of single elements ending in
    one text node ("<td><p>12</p></td>"). Block edges only add whitespace, which split() drops; any
    other shape goes through _text."""
    n = cell.child
    while True:
        if n is None:                      # an empty chain: no text at all
            return ""
        if n.next is not None:             # several children: the general walk
            break
        if n.is_text_node:
            return " ".join((n.text_content or "").split())
        if not n.is_element_node or n.tag in _SKIP or n.tag == "br":
            break
        n = n.child
    return " ".join(_text(cell).split())


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


def _span(attrs: dict, name: str) -> int:
    try:
        v = int((attrs.get(name) or "1").strip())
    except ValueError:
        return 1
    return max(1, min(v, _MAX_SPAN))


def _cell_spans(table) -> dict[int, tuple[int, int]]:
    """(colspan, rowspan) of the cells that carry either attribute, by lexbor node (``mem_id``).
    One query per table: reading ``attributes`` builds a dict, and most cells have no span."""
    out: dict[int, tuple[int, int]] = {}
    for node in table.css("[colspan], [rowspan]"):
        attrs = node.attributes
        out[node.mem_id] = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
    return out


def _render_table(table) -> str:
    rows = table.css("tr")
    caption = table.css_first("caption")
    lines: list[str] = []
    if caption is not None:
        lines.append(_cell_words(caption))
    spans = _cell_spans(table)
    # each row: its cells in reading order, with their (colspan, rowspan) when they span
    cell_rows: list[list[tuple[str, tuple[int, int] | None]]] = []
    layout = False
    for tr in rows:
        cells: list[tuple[str, tuple[int, int] | None]] = []
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            if layout:
                txt = _text(cell).strip()
            else:
                txt = _cell_words(cell)
                if "\x00" in txt:          # holds a nested table: a layout table, cells keep their lines
                    layout = True
                    txt = _text(cell).strip()
            cells.append((txt, spans.get(cell.mem_id) if spans else None))
        cell_rows.append(cells)
    if layout:
        blocks = [t for cells in cell_rows for t, _ in cells if t]
        return "\n\n".join([*lines, *blocks])
    lines.extend(render_rows(place_spans(cell_rows)))
    return "\n".join(lines)


def html_to_text(raw_html: str) -> str:
    return html_view(raw_html)[0]


def html_view(raw_html: str) -> tuple[str, list[Finding]]:
    """The text view of an HTML report, and what had to be done to the HTML to get it."""
    html = raw_html.replace("\x00", " ")
    flat = _flatten_deep(html) if html.count("<") > _SCAN_ABOVE else None
    if flat is not None:
        mark = _MARK not in html             # a report that uses the character itself gets no line
        html = flat.html if not mark else (flat.html[:flat.at] + _MARK + flat.html[flat.at:])
    text = _render(html)
    if flat is None:
        return text, []
    span = None
    if mark and (i := text.find(_MARK)) >= 0:
        text = text.replace(_MARK, "")
        span = Span.of(text, i, i)
    line = raw_html.count("\n", 0, flat.first) + 1
    return text, [Finding(
        "text_damaged", None, "warn",
        f"HTML nested {flat.depth:,} elements deep (the parser allows {MAX_DEPTH}): {flat.removed:,} tags "
        f"past that depth were removed before building the DOM, from line {line} of the HTML on; their "
        f"text is kept, but the line and cell breaks those tags made are lost", span)]


def _render(html: str) -> str:
    tree = HTMLParser(html)
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
