"""read.pdf_continued: a table over page breaks — header rows given once, rows broken by the page joined."""

from tests.read.pagegen import grid_page
from xxgk.read.grid import render_row
from xxgk.read.pdf_continued import continued
from xxgk.read.pdf_tables import find_tables

HEAD = ["项目", "人", "计"]
WIDTHS = [104, 14, 14]      # narrow: a label of eleven characters and two digits fill their cells


def _piece(rows, number, widths=WIDTHS, **kw):
    page = grid_page(rows, widths, number=number, **kw)
    (table,), _ = find_tables(page)
    return table, page


def _text(rows) -> list[str]:
    return [render_row([None if p is None else p.text for p in row]) for row in rows]


def test_a_repeated_header_is_given_once():
    first = _piece([HEAD, ["1.属于国家秘密", "0", "0"]], 1)
    second = _piece([HEAD, ["2.其他法律", "3", "3"]], 2, top=40)
    assert _text(continued([first, second])) == ["| 项目 | 人 | 计 |", "| 1.属于国家秘密 | 0 | 0 |",
                                                 "| 2.其他法律 | 3 | 3 |"]


def test_a_row_broken_by_the_page_is_put_back_together_digit_by_digit():
    # "117" wrapped in a narrow column: "11" at the bottom of page 1, "7" at the top of page 2
    first = _piece([HEAD, ["1.本机关不掌握相关政", "11", "12"]], 1)
    second = _piece([["府信息", "7", "9"], ["2.没有现成信息", "4", "4"]], 2, top=40)
    assert _text(continued([first, second]))[1:] == ["| 1.本机关不掌握相关政府信息 | 117 | 129 |",
                                                     "| 2.没有现成信息 | 4 | 4 |"]
    # only a digit wrapped: the label is complete, the rest of the row is blank on the next page
    first = _piece([HEAD, ["3.其他", "10", "12"]], 1)
    second = _piece([["", "5", ""], ["4.合计", "1", "1"]], 2, top=40)
    assert _text(continued([first, second]))[1] == "| 3.其他 | 105 | 12 |"


def test_a_row_after_one_that_ended_is_a_row_of_its_own_blank_cells_and_all():
    # "规章" ends short of its cell: the row ended; the next page's row is new, whatever it lacks
    first = _piece([HEAD, ["规章", "12", "12"]], 1, [104, 40, 40])
    second = _piece([["行政规范性文件", "", "3"]], 2, [104, 40, 40], top=40)
    assert _text(continued([first, second]))[1:] == ["| 规章 | 12 | 12 |", "| 行政规范性文件 |  | 3 |"]


def test_a_last_row_that_may_go_on_unseen_keeps_its_label_only():
    # "12" fills its cell: it may be the start of "123"; the next row opens no row of its own and
    # does not continue it either (its first cell has a label's words): the figures are not certain
    first = _piece([HEAD, ["规章", "12", "12"]], 1)
    second = _piece([["行政规范性文件", "", "3"]], 2, top=40)
    assert _text(continued([first, second]))[1:] == ["| 规章 |||", "| 行政规范性文件 |  | 3 |"]


def test_a_row_that_starts_with_an_outline_number_is_a_row_of_its_own():
    first = _piece([HEAD, ["1.属于国家秘密", "0", "0"]], 1)
    second = _piece([["2.其他法律", "", "3"]], 2, top=40)
    assert _text(continued([first, second]))[1:] == ["| 1.属于国家秘密 | 0 | 0 |", "| 2.其他法律 |  | 3 |"]
