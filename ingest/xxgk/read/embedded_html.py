"""Report HTML inside other text: a scraped page's content in a JavaScript or JSON string (quotes
escaped as ``\\"``, ``\\n``, ``\\u4e2d``), in a quoted CSV field (quotes doubled), or plain markup
saved in a ``.txt``. Read as plain text, such a report loses every table cell.

``find_embedded_html(text) -> EmbeddedHtml | None`` finds it and gives the HTML the parser reads
instead of the text (``parse_report(..., is_html=True)``): each piece of markup decoded, and the text
around the pieces kept as text, line by line (JavaScript code or JSON keys around a report are noise
the text version had as well). The file's text itself is what gets stored (``raw_text``); the parser's
view of the HTML is stored beside it (``parsed_text``), and figure spans index that view, as for any
HTML report. ``note`` says where in the stored text the markup was found (character offsets).

Detection is certain-only: markup counts when it has at least ``MIN_CLOSING`` closing tags of HTML
elements and ``MIN_TAGS`` tags in all. A plain-text report that quotes a ``<`` (or keeps a stray
``</p>`` from a copy) has neither, and markup loose in a text file must also be markup-dense (most of
its lines hold a tag), so a text table between two stray tags is never re-flowed as HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MIN_TAGS = 6
MIN_CLOSING = 3
_ELEMENTS = ("p|div|span|table|tbody|thead|tfoot|tr|td|th|br|hr|h[1-6]|ul|ol|li|strong|b|i|u|em|font|section|"
             "article|center|a|img|html|body|head|meta|title|style|script|caption|col|colgroup|blockquote|pre")
# an HTML tag of a known element, attributes included (bounded, never across another '<')
_TAG = re.compile(rf"<(/?)(?:{_ELEMENTS})(?=[\s/>])[^<>]{{0,2000}}>", re.I)
# cheap test before any scan (it runs on every text file): a '<' or an escaping backslash at all. A
# one-character ``in`` is a C scan of ~1 µs for a report; a longer needle or a regex costs 10-80 µs.
_HINTS = ("<", "\\")

# A JavaScript/JSON string literal (no raw line break inside, as both languages require), and a chain
# of them joined by '+' (JavaScript building a page in pieces).
_DQ = r'"(?:[^"\\\r\n]|\\[\s\S])*"'
_SQ = r"'(?:[^'\\\r\n]|\\[\s\S])*'"
_LITERAL = re.compile(rf"{_DQ}|{_SQ}")
_CHAIN = re.compile(rf"(?:{_DQ}|{_SQ})(?:\s*\+\s*(?:{_DQ}|{_SQ}))*")
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": "", "\r": "",
           "\r\n": "", "\u2028": "", "\u2029": ""}
# A quoted CSV field: after a separator or at a line start, quotes inside doubled, up to a quote that is
# followed by a separator, a line end or the end of the text.
_CSV_FIELD = re.compile(r'(?:^|(?<=[,;\t]))"((?:[^"]|"")*)"(?=[,;\t]|\r?\n|$)', re.M)


@dataclass(frozen=True, slots=True)
class EmbeddedHtml:
    html: str                              # what the parser reads (as HTML)
    how: str                               # where the markup was: for the note
    spans: tuple[tuple[int, int], ...]     # character offsets of the markup pieces in the text

    @property
    def note(self) -> str:
        where = ", ".join(f"{a}–{b}" for a, b in self.spans[:5]) + (" …" if len(self.spans) > 5 else "")
        return (f"report HTML found inside {self.how} (characters {where} of the stored text); read as HTML "
                "(figure spans index the parsed view)")


def is_markup(s: str) -> bool:
    """Whether ``s`` certainly holds HTML markup (enough tags of known elements, some of them end tags)."""
    tags = closing = 0
    for m in _TAG.finditer(s):
        tags += 1
        closing += bool(m.group(1))
        if tags >= MIN_TAGS and closing >= MIN_CLOSING:
            return True
    return False


def find_embedded_html(text: str) -> EmbeddedHtml | None:
    """The report HTML inside a text file's ``text``, or None when there is none for certain."""
    if not any(h in text for h in _HINTS):
        return None
    return _in_csv_fields(text) or _loose_markup(text) or _in_string_literals(text)


def find_html_in_scripts(page: str) -> EmbeddedHtml | None:
    """For an HTML page whose report is written by a script (``document.write("<table>…")``,
    ``var content = "…"``): the page with those script elements replaced by the markup in their
    strings. Only when the scripts hold what the page does not show itself (a table the page lacks, or
    three times the text it shows), so content a page both shows and keeps in a script is not read twice."""
    if "<script" not in page and "<SCRIPT" not in page:
        return None
    replaced = _replace_scripts(page, 0)
    if replaced is None:
        return None
    shown = _SCRIPT.sub("", page)
    added = _visible_chars(replaced[0]) - _visible_chars(shown)
    if not (_TABLE.search(replaced[0]) and not _TABLE.search(shown)) and added < 3 * _visible_chars(shown):
        return None
    return EmbeddedHtml(replaced[0], "a script's string on the HTML page", replaced[1])


def _visible_chars(markup: str) -> int:
    """Roughly how much text ``markup`` shows: its characters outside tags, whitespace left out."""
    return sum(len("".join(part.split())) for part in _ANY_TAG.split(markup))


_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_TABLE = re.compile(r"<table\b", re.I)


def _replace_scripts(markup: str, offset: int) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """``markup`` with every <script> element whose strings hold report markup replaced by that markup;
    None when there is none. ``offset``: where ``markup`` starts in the stored text (for the spans)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in _SCRIPT.finditer(markup):
        found = []
        if not _enough_end_tags(block.group(1)):       # most scripts: no markup worth a look
            continue
        for m in _CHAIN.finditer(block.group(1)):
            if not _may_hold_markup(m.group()):
                continue
            value = "".join(_decode_js(lit[1:-1]) for lit in _LITERAL.findall(m.group()))
            if is_markup(value):
                found.append(value)
                spans.append((offset + block.start(1) + m.start(), offset + block.start(1) + m.end()))
        if found:
            out.append(markup[pos:block.start()])
            out.extend(found)
            pos = block.end()
    if not spans:
        return None
    out.append(markup[pos:])
    return "".join(out), tuple(spans)


# an end tag as it may be written inside a string: "</td", "<\/td", "\u003c/td", "\x3c/td"
_END_TAG_HINT = re.compile(r"(?:<|\\u003[cC]|\\x3[cC])\\?/[A-Za-z]")


def _enough_end_tags(s: str) -> bool:
    """Whether ``s`` has at least MIN_CLOSING end tags in any escaping: else no string in it is markup."""
    n = 0
    for _ in _END_TAG_HINT.finditer(s):
        n += 1
        if n >= MIN_CLOSING:
            return True
    return False


def _may_hold_markup(literal: str) -> bool:
    """A cheap first look (C-level counts): a literal with fewer '<' than MIN_TAGS holds no markup."""
    return literal.count("<") + literal.count("\\u003") + literal.count("\\x3") >= MIN_TAGS


def _decode_js(body: str) -> str:
    """The value of a JavaScript/JSON string literal's body (escapes resolved)."""
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] == "u" and len(e) > 1:
            return chr(min(int(e[2:-1] if e[1] == "{" else e[1:], 16), 0x10FFFF))
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        return _SIMPLE.get(e, e)

    out = _ESCAPE.sub(one, body)
    # \ud83d\ude00 pairs become one character; a lone surrogate becomes U+FFFD
    return out.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _in_string_literals(text: str) -> EmbeddedHtml | None:
    pieces: list[tuple[int, int, str, bool]] = []       # (start, end, decoded value, is markup)
    found = False
    if not _enough_end_tags(text):
        return None
    for m in _CHAIN.finditer(text):
        value = "".join(_decode_js(lit[1:-1]) for lit in _LITERAL.findall(m.group()))
        markup = _may_hold_markup(m.group()) and is_markup(value)
        found |= markup
        if markup or value != m.group()[1:-1]:          # markup, or text with escapes worth decoding
            pieces.append((m.start(), m.end(), value, markup))
    if not found:
        return None
    return _assemble(text, pieces, "a JavaScript/JSON string")


def _in_csv_fields(text: str) -> EmbeddedHtml | None:
    if '"' not in text:
        return None
    pieces = [(m.start(), m.end(), v, True) for m in _CSV_FIELD.finditer(text)
              if is_markup(v := m.group(1).replace('""', '"'))]
    return _assemble(text, pieces, "a quoted CSV field") if pieces else None


def _loose_markup(text: str) -> EmbeddedHtml | None:
    """Markup saved in a text file: from the first tag that opens a line to the last tag, when most of
    the lines in between hold a tag. Markup in its script strings is read too (see find_html_in_scripts)."""
    tags = list(_TAG.finditer(text))
    if len(tags) < MIN_TAGS or sum(bool(m.group(1)) for m in tags) < MIN_CLOSING:
        return None
    first = next((m for m in tags if not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip()), None)
    if first is None:
        return None
    start, end = first.start(), tags[-1].end()
    lines = [ln for ln in text[start:end].split("\n") if ln.strip()]
    if sum(1 for ln in lines if _TAG.search(ln)) * 2 < len(lines):
        return None
    region = text[start:end]
    replaced = _replace_scripts(region, start)
    spans = ((start, end),) if replaced is None else replaced[1]
    body = region if replaced is None else replaced[0]
    return EmbeddedHtml(_text_html(text[:start]) + body + _text_html(text[end:]),
                        "the text (HTML markup saved as text)" if replaced is None else "a script's string in "
                        "HTML markup saved as text", spans)


def _text_html(s: str) -> str:
    """Plain text as HTML that renders to the same lines."""
    if not s:
        return ""
    return "<div>" + "<br>".join(html.escape(line, quote=False) for line in s.split("\n")) + "</div>"


def _assemble(text: str, pieces: list[tuple[int, int, str, bool]], how: str) -> EmbeddedHtml:
    out: list[str] = []
    pos = 0
    for start, end, value, markup in pieces:
        out.append(_text_html(text[pos:start]))
        out.append(value if markup else _text_html(value))
        pos = end
    out.append(_text_html(text[pos:]))
    spans = tuple((a, b) for a, b, _v, markup in pieces if markup)
    return EmbeddedHtml("".join(out), how, spans)
