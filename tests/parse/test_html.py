"""html_to_text: the text view of HTML reports (tables row by row, scripts dropped)."""

from xxgk.read.html import html_to_text


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


# ----------------------------------------------------------------------------- nesting depth

from xxgk.read.html import MAX_DEPTH, html_view  # noqa: E402


def test_nesting_past_the_cap_is_flattened_with_a_finding_and_all_text_kept():
    head = "<html><body><p>前言</p>\n<p>第二行</p>\n"
    deep = "".join(f"<div>第{i}层" for i in range(5000))
    text, findings = html_view(head + deep + "</body></html>")
    assert all(f"第{i}层" in text for i in (0, MAX_DEPTH, 4999))
    assert text.startswith("前言\n\n第二行")
    (f,) = findings
    assert f.rule == "text_damaged" and f.severity == "warn"
    assert f.detail.startswith("HTML nested 5,002 elements deep (the parser allows 256): 4,746 tags")
    assert "from line 3 of the HTML" in f.detail
    # html and body are the first two levels: <div> 254 is the first one past the cap
    assert f.span is not None and text[f.span.start:].startswith("第254层\n第255层")
    assert text.splitlines()[f.span.line_start - 1] == "第254层"


def test_removed_blocks_still_break_lines():
    text, _ = html_view("<body>" + "<div>甲" * 5000 + "</div>" * 5000 + "</body>")
    assert "甲甲" not in text and text.count("甲") == 5000


def test_many_unclosed_paragraphs_cells_and_items_are_not_deep():
    """Legacy HTML leaves <p>, <li>, <td>, <tr> open; each closes its sibling, so 3,000 of them are flat."""
    rows = "".join(f"<tr><td>第{i}行<td><p>{i}<p>注" for i in range(1500))
    items = "".join(f"<li><a href=x>{i}</a>" for i in range(1500))
    html = f"<html><body><table>{rows}</table><ul>{items}</ul>" + "<p>段" * 1500 + "</body></html>"
    assert html.count("<") > 4096
    text, findings = html_view(html)
    assert findings == []
    assert "| 第1499行 | 1499 注 |" in text.splitlines()


def test_script_and_style_text_in_deep_html_stays_out():
    """Tags inside <script>/<style> are text, not nesting, and script text never reaches the view."""
    script = "<script>" + "document.write('<div>');" * 6000 + "</script><style>" + "<div>" * 6000 + "</style>"
    text, findings = html_view("<html><head>" + script + "</head><body><p>本年新收 | 1</p></body></html>")
    assert findings == [] and text == "本年新收 | 1"
