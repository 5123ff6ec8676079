"""read.pdf_columns: tables without ruling lines, placed by column only where that is certain."""

from tests.read.pagegen import chars_at
from xxgk.read.grid import render_row
from xxgk.read.pdf_columns import aligned_blocks
from xxgk.read.pdf_page import Page
from xxgk.read.pdf_text import make_lines

COLS = [250, 300, 350]


def _row(label: str, figures: list[str | None], top: float) -> list:
    chars = chars_at(label, 60, top)
    for x, f in zip(COLS, figures):
        if f is not None:
            chars += chars_at(f, x, top)
    return chars


def _render(rows) -> tuple[list[str], int]:
    page = Page(1, 595.0, 842.0)
    chars = [c for k, (label, figures) in enumerate(rows) for c in _row(label, figures, 100 + 30 * k)]
    (block,) = aligned_blocks(page, make_lines(1, chars))
    return [render_row([None if p is None else p.text for p in r]) for r in block.rows], block.uncertain


def test_complete_rows_are_placed_by_their_columns():
    lines, uncertain = _render([("规章", ["0", "0", "0"]), ("行政规范性文件", ["12", "3", "115"])])
    assert lines == ["| 规章 | 0 | 0 | 0 |", "| 行政规范性文件 | 12 | 3 | 115 |"] and uncertain == 0


def test_a_row_with_a_blank_keeps_its_label_and_leaves_its_figures_out():
    lines, uncertain = _render([("规章", ["0", None, "7"]), ("行政规范性文件", ["12", "3", "115"])])
    assert lines == ["| 规章 |", "| 行政规范性文件 | 12 | 3 | 115 |"] and uncertain == 1


def test_figures_next_to_a_wrapped_label_are_not_certain():
    page = Page(1, 595.0, 842.0)
    chars = _row("1.本机关不掌握相关政", ["10", "3", "13"], 100) + chars_at("府信息", 60, 113)
    chars += _row("2.没有现成信息", ["1", "0", "1"], 150)
    (block,) = aligned_blocks(page, make_lines(1, chars))
    assert [render_row([p.text for p in r]) for r in block.rows] == ["| 1.本机关不掌握相关政 |",
                                                                      "| 2.没有现成信息 | 1 | 0 | 1 |"]


def test_a_figure_wrapped_onto_the_next_line_makes_its_row_uncertain():
    page = Page(1, 595.0, 842.0)
    # "30" in a narrow column: "3" on the row's line, "0" under it
    chars = _row("行政复议", ["17", "4", "3"], 100) + chars_at("0", COLS[2], 113)
    chars += _row("行政诉讼", ["1", "0", "1"], 150)
    (block,) = aligned_blocks(page, make_lines(1, chars))
    assert [render_row([p.text for p in r]) for r in block.rows] == ["| 行政复议 |", "| 行政诉讼 | 1 | 0 | 1 |"]


def test_a_column_blank_in_every_row_is_known_from_its_header():
    page = Page(1, 595.0, 842.0)
    header = chars_at("新增", COLS[0], 70) + chars_at("废止", COLS[1], 70) + chars_at("有效", COLS[2], 70)
    chars = header + _row("规章", ["1", None, "3"], 100) + _row("规范性文件", ["2", None, "5"], 130)
    (block,) = aligned_blocks(page, make_lines(1, chars))
    # without the header the rows would look complete in two columns; with it they lack the middle one
    assert [render_row([p.text for p in r]) for r in block.rows] == ["| 规章 |", "| 规范性文件 |"]
