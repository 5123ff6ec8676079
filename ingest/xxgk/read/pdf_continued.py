"""A table that goes on over page breaks: its pieces, page by page, as one list of rows.

- A piece that starts a page right after the table ended the page before continues it. When the new
  page repeats the table's header rows (Word's "repeat as header row"), they are given once.
- A row broken by the page (Word and LibreOffice let a tall row break: a label's last words, or the
  last digit of a figure wrapped in a narrow column, go to the next page) is put back together: the
  first row of the new page is the rest of the last row when it starts no row of its own (no outline
  number such as "2." or "（五）" opens it) and each of its pieces stands under a cell whose text
  fills its last line. Its pieces join the cells above them, column by column (by position on the
  page): "11" + "7" is 117, never two figures. When the pieces cannot be matched to the cells above,
  the figures of both rows are left out — the table parser then reports the row incomplete — rather
  than read one wrong; so are the last row's when a figure of it fills its cell and the next page's
  first row neither continues it nor opens a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.read.pdf_page import Char, Page
from xxgk.read.pdf_tables import _FIGURE, Table
from xxgk.read.pdf_text import OUTLINE, group_lines, joiner

HEADER_ROWS = 6       # a continued table starting with up to this many rows equal to its first ones repeats them


@dataclass(slots=True)
class Piece:
    """One cell of a row, as it will be written: its text ("" blank) and where its characters were."""
    text: str
    located: list[Char | None]
    page: Page
    x0: float
    x1: float


Row = list[Piece | None]      # None: a slot covered by a spanning cell


def rows_of(table: Table, page: Page, label_xs: list[tuple[float, float]] | None = None) -> list[Row]:
    """The table's rows of pieces. An empty cell among the row labels is padding (see
    Table.label_columns); ``label_xs`` adds the label columns (x ranges) of the table's earlier pieces."""
    out: list[Row] = []
    labels = table.label_columns()
    if label_xs:
        for j in range(len(table.xs) - 1):
            mid = (table.xs[j] + table.xs[j + 1]) / 2
            if any(x0 <= mid <= x1 for x0, x1 in label_xs):
                labels.add(j)
    for row in table.grid:
        slots: Row = []
        for cell in row:
            text = None if cell is None else cell.slot()
            if cell is None or text is None or cell.empty_label(labels):
                slots.append(None)
                continue
            x0 = table.xs[cell.col]
            x1 = table.xs[min(cell.col + cell.colspan, len(table.xs) - 1)]
            slots.append(Piece(text, list(cell.located), page, x0, x1))
        out.append(slots)
    return out


def texts(row: Row) -> tuple[str | None, ...]:
    return tuple(None if p is None else p.text for p in row)


def words(row: Row) -> tuple[str, ...]:
    """A row's texts without its padding and blanks: a header repeated on the next page has the same
    words, though the grid there may have more or fewer columns."""
    return tuple(p.text for p in row if p is not None and p.text)


def continued(pieces: list[tuple[Table, Page]]) -> list[Row]:
    """The rows of a table whose pieces stand on consecutive pages (first piece first)."""
    rows = rows_of(*pieces[0])
    head = [words(r) for r in rows[:HEADER_ROWS]]
    prev = pieces[0][0]
    label_xs = _label_xs(prev)
    for table, page in pieces[1:]:
        more = rows_of(table, page, label_xs)
        label_xs += _label_xs(table)
        skip = 0
        while skip < min(len(more), len(head)) and head[skip] and words(more[skip]) == head[skip]:
            skip += 1
        more = more[skip:]
        if more:
            _open_spans(prev, more[0])
        if rows and more:
            if _broken(rows, more[0]):
                if not _join(rows, more[0]):
                    _drop_figures(rows[-1])
                    _drop_figures(more[0])
                    rows.append(more[0])
                more = more[1:]
            elif not _opens_row(more[0]) and any(p is not None and _figure(p) and _full(p) for p in rows[-1]):
                # the last row may have gone on (a figure filling its cell) and the next page does not
                # say whether it did: its figures are not certain
                _drop_figures(rows[-1])
        rows.extend(more)
        prev = table
    return rows


def _opens_row(row: Row) -> bool:
    """Does the row start a row of its own: a label opening with an outline number ("2.", "（五）")?"""
    return any(OUTLINE.match(p.text) for p in row if p is not None and p.text and not _figure(p))


def _label_xs(table: Table) -> list[tuple[float, float]]:
    return [(table.xs[j], table.xs[j + 1]) for j in table.label_columns()]


def _open_spans(before: Table, first: Row) -> None:
    """A cell spanning rows that the page break cut goes on at the top of the next page as an empty
    cell: that is the spanning cell's covered slot, not a blank cell."""
    last = before.owner[-1] if before.owner else []
    for i, p in enumerate(first):
        if p is None or p.text:
            continue
        mid = (p.x0 + p.x1) / 2
        above = [c for j, c in enumerate(last) if before.xs[j] <= mid <= before.xs[j + 1]]
        if above and above[0].rowspan > 1 and above[0].text:
            first[i] = None


def _figure(p: Piece | None) -> bool:
    return p is not None and bool(_FIGURE.fullmatch(p.text))


def _broken(rows: list[Row], first: Row) -> bool:
    """Is ``first`` (the top row of a page) the rest of the last of ``rows`` (the bottom row of the page
    before)? Yes when it opens no row of its own (no outline number) and every piece of it stands under
    a cell whose text fills its last line: that text went on, it did not end there."""
    if not any(_figure(p) for p in rows[-1]):
        return False
    pieces = [p for p in first if p is not None and p.text]
    if not pieces or _opens_row(first):
        return False
    for p in pieces:
        above = _above(rows, p)
        if above is None or not _full(above):
            return False
    return True


def _above(rows: list[Row], p: Piece) -> Piece | None:
    """The cell a piece from the next page continues: for a figure, the one in its column in the last row;
    for words, also a label spanning down from a row above (its slot in the last row is covered)."""
    mid = (p.x0 + p.x1) / 2
    for row in reversed(rows if not _figure(p) else rows[-1:]):
        hits = [t for t in row if t is not None and t.x0 <= mid <= t.x1]
        if hits:
            return hits[0] if len(hits) == 1 else None
        if any(t is not None and t.text and _figure(t) for t in row) and row is not rows[-1]:
            return None                # a row of figures between: the label does not span down here
    return None


def _full(p: Piece) -> bool:
    """Does the last line of the cell's text reach its right edge (no room for one more character)?"""
    chars = [c for c in p.located if c is not None]
    if not chars:
        return False
    last = group_lines(chars)[-1]
    width = max(c[3] - c[1] for c in last)
    # a character more and the cell's padding; words two (punctuation is kept off a line's start)
    return p.x1 - last[-1][3] <= (1 if _figure(p) else 2) * width + 6.0


def _join(rows: list[Row], first: Row) -> bool:
    """Append each piece of ``first`` to the cell it continues (see _above); False when one has none."""
    plan: list[tuple[Piece, Piece]] = []
    for p in first:
        if p is None or not p.text:
            continue
        target = _above(rows, p)
        if target is None:
            return False
        plan.append((target, p))
    for target, p in plan:
        sep = joiner(target.text, p.text)
        target.text = target.text + sep + p.text
        target.located = target.located + ([None] if sep else []) + _on(p, target.page)
    return True


def _on(p: Piece, page: Page) -> list[Char | None]:
    """The located characters of ``p`` when they can be recorded on ``page`` (the same page), else none:
    a figure joined across a page break is located by the part on its first page."""
    return p.located if p.page is page else [None] * len(p.located)


def _drop_figures(row: Row) -> None:
    """Keep a row's labels only: its figures and blanks become padding (never a blank: unknown)."""
    for i, p in enumerate(row):
        if p is not None and (not p.text or _figure(p)):
            row[i] = None
