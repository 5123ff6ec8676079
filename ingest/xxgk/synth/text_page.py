"""A plain-text report (as scraped) → the HTML page it could have been published as.

For rendering the real example texts as HTML and then as PDF or Word (xxgk.synth.formats), so the PDF
reader is checked on real wording and real table shapes. The inverse of the HTML text view
(xxgk.parse.html, xxgk.read.grid), line by line:

- a run of pipe rows (``| 规章 | 0 |  | 3 |``, ``规章 | 0 | 0``) is one ``<table border="1">``: a segment
  of spaces is a blank cell, an empty segment (``||``) widens the cell before it (a colspan), a line
  of pipes only or a Markdown ``|---|`` rule is no row;
- every other non-blank line is a paragraph; a first line shaped like a title is the page's ``<h1>``.

Text laid out one cell per line stays one paragraph per line: it was scraped that way, and that is
what the page then shows.
"""

from __future__ import annotations

import html
import re

_RULE = re.compile(r"[\s|:\-]*")
_TITLE = re.compile(r".{2,60}(年度报告|工作报告|年报)$")


def _cells(line: str) -> list[tuple[str, int]] | None:
    """A pipe row's cells as (text, colspan); None for a line that is no table row."""
    s = line.strip()
    if s.count("|") < 2 or not s.replace("|", "").strip() or _RULE.fullmatch(s):
        return None
    parts = s.split("|")
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    cells: list[tuple[str, int]] = []
    for p in parts:
        if p == "" and cells:
            cells[-1] = (cells[-1][0], cells[-1][1] + 1)
        else:
            cells.append((p.strip(), 1))
    return cells if len(cells) >= 2 else None


def text_to_html(text: str, title: str | None = None) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    table: list[list[tuple[str, int]]] = []

    def close_table() -> None:
        if table:
            width = max(sum(span for _, span in row) for row in table)
            out.append('<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">')
            for row in table:
                cells = []
                for k, (t, span) in enumerate(row):
                    if k == len(row) - 1:      # a short row: its last cell reaches the table's edge
                        span += width - sum(s for _, s in row)
                    attr = f' colspan="{span}"' if span > 1 else ""
                    cells.append(f"<td{attr}>{html.escape(t)}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
            table.clear()

    first = True
    for line in lines:
        cells = _cells(line)
        if cells is not None:
            table.append(cells)
            continue
        if table and line.strip() and not line.strip().replace("|", ""):
            continue                                   # pipes only: padding between rows
        close_table()
        s = line.strip()
        if not s:
            continue
        if first and _TITLE.fullmatch(s):
            out.append(f"<h1>{html.escape(s)}</h1>")
        else:
            out.append(f"<p>{html.escape(s)}</p>")
        first = False
    close_table()
    head = html.escape(title or "政府信息公开工作年度报告")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{head}</title>\n</head>\n<body>\n" + "\n".join(out) + "\n</body>\n</html>\n")
