"""read.grid: the one grid → pipe rows renderer shared by the HTML and PDF readers."""

from xxgk.read.grid import place_spans, render_row, render_rows, slot_offsets


def test_spans_become_covered_slots_and_blank_cells_stay_blank():
    rows = place_spans([[("信息内容", (2, 1)), ("x", None)],
                        [("(三)不予公开", (1, 2)), ("1.属于国家秘密", None), ("0", None)],
                        [("2.其他", None), ("", None)]])
    assert rows == [["信息内容", None, "x"], ["(三)不予公开", "1.属于国家秘密", "0"], [None, "2.其他", ""]]
    assert render_rows(rows) == ["| 信息内容 || x |", "| (三)不予公开 | 1.属于国家秘密 | 0 |", "|| 2.其他 |  |"]


def test_rowspans_are_clamped_and_rows_of_covered_slots_are_padding():
    rows = place_spans([[("a", (1, 99))], [("b", None)]])
    assert rows == [["a"], [None, "b"]]
    assert render_row([None, None]) == "||" and render_row([]) is None


def test_slot_offsets_point_at_each_cell_text():
    segs = ["规章", None, "", "12"]
    line = render_row(segs)
    offsets = slot_offsets(segs)
    assert line[offsets[0]:offsets[0] + 2] == "规章" and line[offsets[3]:offsets[3] + 2] == "12"
    assert offsets[1] is None and offsets[2] is None
