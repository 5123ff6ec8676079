"""HTML → the text view the parser reads. (First version: tags stripped; tables issue #3 renders
tables row by row from the DOM.)"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def html_to_text(raw_html: str) -> str:
    tree = HTMLParser(raw_html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body or tree.root
    return body.text(separator="\n") if body is not None else ""
