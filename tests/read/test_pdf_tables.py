"""read.pdf_tables: ruled tables from lines and character boxes (hand-built pages, no PDF)."""

from tests.read.pagegen import chars_at, grid_page
from xxgk.read.grid import render_rows
from xxgk.read.pdf_page import Page
from xxgk.read.pdf_tables import _merge, find_tables


def _lines(page: Page) -> list[str]:
    (table,), _ = find_tables(page)
    return render_rows(table.slots())


def test_every_cell_by_its_lines_and_a_blank_cell_stays_blank():
    page = grid_page([["信息内容", "本年制发件数", "本年废止件数"], ["规章", "", "3"],
                      ["行政规范性文件", "12", "0"]], [120, 60, 60])
    assert _lines(page) == ["| 信息内容 | 本年制发件数 | 本年废止件数 |", "| 规章 |  | 3 |",
                            "| 行政规范性文件 | 12 | 0 |"]


def test_merged_cells_from_missing_inner_lines_are_padding_like_html_spans():
    page = grid_page([["第二十条第（一）项", None, None], ["信息内容", "本年新制作数量", "本年新公开数量"],
                      ["规章", "287", None]], [120, 80, 80], merged={(0, 0, "right"), (0, 1, "right"), (2, 1, "right")})
    assert _lines(page) == ["| 第二十条第（一）项 |||", "| 信息内容 | 本年新制作数量 | 本年新公开数量 |",
                            "| 规章 | 287 ||"]


def test_rowspan_label_and_wrapped_label_read_as_one_cell():
    page = grid_page([["（三）不予公开", "1.属于国家秘密", "0"], [None, "2.其他法律行政", "1"]],
                     [80, 100, 40], merged={(0, 0, "down")})
    # a second line of the wrapped label, inside the same cell
    page.chars.extend(chars_at("法规禁止公开", 132, 134))
    assert _lines(page) == ["| （三）不予公开 | 1.属于国家秘密 | 0 |", "|| 2.其他法律行政法规禁止公开 | 1 |"]


def test_a_figure_joined_to_its_label_by_a_missing_line_is_split_out():
    page = grid_page([["行政许可", "287"], ["行政处罚", "15"]], [120, 60], merged={(0, 0, "right")})
    assert _lines(page) == ["| 行政许可 | 287 |", "| 行政处罚 | 15 |"]


def test_text_outside_the_table_is_returned_and_a_framed_paragraph_is_no_table():
    prose = chars_at("本年度共收到申请5件。", 50, 40)
    page = grid_page([["规章", "0"], ["行政许可", "3"]], [100, 50], extra=prose)
    tables, rest = find_tables(page)
    assert len(tables) == 1 and "".join(c[0] for c in rest) == "本年度共收到申请5件。"
    box = grid_page([["本年度共收到申请5件。"]], [300])
    assert find_tables(box)[0] == [] and len(find_tables(box)[1]) == 11


def test_double_and_broken_borders_merge_into_one_line():
    # a browser draws each cell's border: two lines 0.75 pt apart; Word draws a line in pieces
    assert _merge([(100.0, 10.0, 50.0), (100.75, 50.0, 90.0), (100.4, 60.0, 70.0), (300.0, 10.0, 20.0)]) == \
        [(100.0, 10.0, 90.0), (300.0, 10.0, 20.0)]
    # pieces at one position that do not touch stay apart, whatever order they come in
    assert _merge([(500.5, 471.7, 505.2), (499.6, 115.4, 407.4)]) == [(499.6, 115.4, 407.4), (499.6, 471.7, 505.2)]
