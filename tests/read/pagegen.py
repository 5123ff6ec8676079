"""Pages built by hand, for the layout code's unit tests: characters where a PDF would draw them and the
ruling lines of a table grid, without a PDF in between."""

from __future__ import annotations

from xxgk.read.pdf_page import Char, Page

EM = 10.0          # a Chinese character's width (its font size)
HEIGHT = 12.0      # a line's loose box height


def chars_at(text: str, x: float, top: float, em: float = EM) -> list[Char]:
    """``text`` drawn from (x, top): Chinese one em wide, Latin and digits half, a space half an em."""
    out: list[Char] = []
    for ch in text:
        w = em if ch >= "\u2e80" else em / 2
        out.append((ch, x, top, x + w, top + HEIGHT * em / EM))
        x += w
    return out


def grid_page(rows: list[list[str | None]], widths: list[float], *, x0: float = 50.0, top: float = 100.0,
              row_height: float = 20.0, merged: set[tuple[int, int, str]] = frozenset(), number: int = 1,
              extra: list[Char] = ()) -> Page:
    """A page with one ruled table: ``rows`` of cell texts (None: the cell to the left or above spans
    over it, given in ``merged`` as (row, col, "right"/"down") = no line there). Every cell is bordered
    unless merged says otherwise."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top + i * row_height for i in range(len(rows) + 1)]
    chars: list[Char] = list(extra)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                chars.extend(chars_at(text, xs[j] + 2, ys[i] + 4))
    hrules = []
    vrules = []
    for i, y in enumerate(ys):          # horizontal line under row i-1 / above row i, cell by cell
        for j in range(len(widths)):
            if 0 < i < len(rows) and (i - 1, j, "down") in merged:
                continue
            hrules.append((y, xs[j], xs[j + 1]))
    for j, x in enumerate(xs):
        for i in range(len(rows)):
            if 0 < j < len(widths) and (i, j - 1, "right") in merged:
                continue
            vrules.append((x, ys[i], ys[i + 1]))
    return Page(number, 595.0, 842.0, chars, hrules, vrules)
