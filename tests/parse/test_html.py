"""html_to_text: the text view of HTML reports (tables row by row, scripts dropped)."""

from xxgk.parse.html import html_to_text


def test_scripts_and_styles_are_dropped_and_inline_text_stays_together():
    t = html_to_text("<html><head><style>p{}</style></head><body><p>收到申请<b>3</b>件</p>"
                     "<script>var a='本年新收';</script><div>二<br>三</div></body></html>")
    assert "收到申请3件" in t and "var" not in t and "本年新收" not in t
    assert "二\n三" in t


def test_table_rows_cells_spans_and_nbsp():
    t = html_to_text("<table><tr><th colspan=2>信息内容</th><th>x</th></tr>"
                     "<tr><td rowspan=2>(三)不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>"
                     "<tr><td>2.其他</td><td>&nbsp;</td></tr></table>")
    lines = t.splitlines()
    assert lines[0] == "| 信息内容 || x |"          # colspan -> padding (adjacent pipes)
    assert lines[1] == "| (三)不予公开 | 1.属于国家秘密 | 0 |"
    assert lines[2] == "|| 2.其他 |  |"           # rowspan -> padding, &nbsp; -> blank cell


def test_nested_layout_table_renders_inner_table_rows():
    t = html_to_text("<table><tr><td><p>正文</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>")
    assert "| 规章 | 1 |" in t.splitlines() and "正文" in t


def test_huge_spans_are_clamped_and_garbage_survives():
    t = html_to_text("<table><tr><td rowspan=99999 colspan=99999>a</td></tr><tr><td>b</td></tr></table>")
    assert "a" in t and "b" in t
    assert html_to_text("") == "" or isinstance(html_to_text(""), str)
    assert isinstance(html_to_text("<td><tr></table>\x00<"), str)
