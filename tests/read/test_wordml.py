"""The .docx body reader (xxgk.read.wordml): tables on the same grid as HTML tables, merged cells as
covered slots, text boxes once, nothing from headers, footers, deleted or hidden text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.read.docx_xml import p, package, tbl, tc, text_box, tr
from xxgk.read.document import DocumentError
from xxgk.read.word import extract_docx
from xxgk.read.read import read_report_data
from xxgk.parse import parse_report
from xxgk.read.html import html_to_text
from xxgk.read.grid import render_row, render_rows
from xxgk.read.wordml import body_text


def lines(body: str, **kw) -> list[str]:
    return extract_docx(package(body, **kw), max_chars=10**6).text.split("\n")


# ----------------------------------------------------------------------------- the shared grid

def test_grid_rows_cells_blanks_and_covered_slots():
    assert render_row(["规章", "0", ""]) == "| 规章 | 0 |  |"
    assert render_row([None, "2.其他", "1"]) == "|| 2.其他 | 1 |"
    assert render_row(["信息内容", None, "x"]) == "| 信息内容 || x |"
    assert render_row([None, None, ""]) == "|||"            # nothing to read: padding only
    assert render_row([]) is None
    assert render_rows([["a"], [], [None, "b"]]) == ["| a |", "|| b |"]


def test_a_docx_table_reads_exactly_like_the_same_html_table():
    html = ("<table><tr><td colspan=2>信息内容</td><td>x</td></tr>"
            "<tr><td rowspan=2>(三)不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>"
            "<tr><td>2.其他</td><td>&nbsp;</td></tr></table>")
    body = tbl(tr(tc("信息内容", span=2), tc("x")),
               tr(tc("(三)不予公开", vmerge="restart"), tc("1.属于国家秘密"), tc("0")),
               tr(tc(vmerge="continue"), tc("2.其他"), tc("")))
    assert lines(body) == html_to_text(html).split("\n") == [
        "| 信息内容 || x |", "| (三)不予公开 | 1.属于国家秘密 | 0 |", "|| 2.其他 |  |"]


# ----------------------------------------------------------------------------- merged cells

def test_vertical_merge_continuation_is_covered_not_blank_so_values_keep_their_columns():
    # 表三's group label spans the rows of its reasons; were the continuation a blank cell, the row
    # "2.其他法律行政法规禁止公开 | 4 | …" would gain a cell in front and shift under the wrong columns
    body = tbl(tr(tc("（三）不予公开", vmerge="restart"), tc("1.属于国家秘密"), tc("3"), tc("")),
               tr(tc(vmerge="continue"), tc("2.其他法律行政法规禁止公开"), tc("4"), tc("5")), cols=4)
    assert lines(body) == ["| （三）不予公开 | 1.属于国家秘密 | 3 |  |", "|| 2.其他法律行政法规禁止公开 | 4 | 5 |"]


def test_a_continuation_spanning_columns_covers_all_of_them():
    body = tbl(tr(tc("三、本年度办理结果", span=2, vmerge="restart"), tc("1")),
               tr(tc(span=2, vmerge="continue"), tc("2")))
    assert lines(body) == ["| 三、本年度办理结果 || 1 |", "||| 2 |"]


def test_a_continuation_without_a_cell_above_is_an_ordinary_cell():
    body = tbl(tr(tc("a", vmerge="continue"), tc("1")), cols=2)     # damaged: nothing to continue
    assert lines(body) == ["| a | 1 |"]


def test_skipped_grid_columns_and_old_style_horizontal_merge_are_covered_slots():
    hmerge = ('<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr>' + p("行政许可") + "</w:tc>"
              '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>')
    body = tbl(tr(tc("0"), tc("1"), before=1), tr(hmerge + tc("7")), tr(tc("x"), after=2))
    assert lines(body) == ["|| 0 | 1 |", "| 行政许可 || 7 |", "| x |||"]


def test_rows_inside_content_controls_are_read():
    body = tbl(tr(tc("规章"), tc("1"), tc("2")),
               "<w:sdt><w:sdtContent>" + tr(tc("规范性文件"), tc("3"), tc("4")) + "</w:sdtContent></w:sdt>")
    assert lines(body) == ["| 规章 | 1 | 2 |", "| 规范性文件 | 3 | 4 |"]


# ----------------------------------------------------------------------------- nested tables

def test_a_table_holding_a_table_is_a_layout_table_read_as_blocks():
    inner = tbl(tr(tc("规章"), tc("1")), cols=2)
    body = tbl(tr(tc(body=p("正文") + inner + p("")), tc("右栏")), cols=2)
    got = lines(body)
    assert "| 规章 | 1 |" in got and "正文" in got and "右栏" in got
    html = html_to_text("<table><tr><td><p>正文</p><table><tr><td>规章</td><td>1</td></tr></table></td>"
                        "<td>右栏</td></tr></table>")
    assert [x for x in got if x] == [x for x in html.split("\n") if x]


def test_paragraphs_of_a_cell_join_with_a_space_like_html_cells():
    body = tbl(tr(tc(body=p("本年新") + p("制作数量")), tc("x")), cols=2)
    assert lines(body) == ["| 本年新 制作数量 | x |"]


# ----------------------------------------------------------------------------- text boxes

def test_a_text_box_is_read_once_though_word_stores_it_twice():
    body = '<w:p><w:r><w:t>标题</w:t></w:r>' + text_box("本年收到申请3件。", "予以公开2件。") + "</w:p>" + p("正文")
    got = lines(body)
    assert got == ["标题", "本年收到申请3件。", "予以公开2件。", "正文"]
    assert tuple(n.text for n in extract_docx(package(body), max_chars=10**6).notes) == (
        "text extracted from the .docx body (headers and footers left out); 1 text box(es) read once each",)


def test_a_vml_only_text_box_and_a_table_in_a_text_box():
    vml = ('<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + p("框内文字")
           + tbl(tr(tc("规章"), tc("1")), cols=2) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    assert lines(f"<w:p>{vml}</w:p>") == ["", "框内文字", "| 规章 | 1 |"]


def test_a_text_box_inside_a_table_cell_belongs_to_the_cell():
    cell = "<w:p>" + text_box("12") + "</w:p>"
    assert lines(tbl(tr(tc("规章"), tc(body=cell)), cols=2)) == ["| 规章 | 12 |"]


# ----------------------------------------------------------------------------- what is not body text

def test_headers_and_footers_are_not_mixed_into_the_body():
    data = package(p("正文第一段") + p("正文第二段"), header="某某局2020年政府信息公开工作年度报告", footer="- 3 -")
    assert extract_docx(data, max_chars=10**6).text == "正文第一段\n正文第二段"


def test_deleted_hidden_and_field_code_text_is_left_out_inserted_text_is_read():
    body = ('<w:p><w:r><w:t>收到申请</w:t></w:r>'
            '<w:del><w:r><w:delText>5</w:delText></w:r></w:del>'
            '<w:ins><w:r><w:t>3</w:t></w:r></w:ins>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>99</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>件</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:sdt><w:sdtContent>' + p("内容控件里的段落") + '</w:sdtContent></w:sdt>')
    assert lines(body) == ["收到申请3件", "内容控件里的段落"]


def test_breaks_and_tabs_inside_a_paragraph():
    body = '<w:p><w:r><w:t>一行</w:t><w:br/><w:t>二行</w:t><w:tab/><w:t>尾</w:t></w:r></w:p>'
    assert lines(body) == ["一行", "二行\t尾"]


def test_text_limit_and_non_word_xml():
    with pytest.raises(DocumentError) as exc:
        extract_docx(package(p("很长的一段文字" * 100)), max_chars=100)
    assert exc.value.reason == "too_large"
    with pytest.raises(ValueError):
        body_text(b'<?xml version="1.0"?><html><body/></html>', max_chars=100)


def test_an_xml_bomb_is_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b'<w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    assert "a" * 100 not in body_text(bomb, max_chars=10**6).text


# ----------------------------------------------------------------------------- real reports

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def test_real_reports_as_word_files_read_like_their_text(tmp_path):
    """Every real report with tables, written as a .docx with merged cells as Word writes them
    (w:gridSpan, w:vMerge), gives every table cell and metadata the text version gives."""
    from tests.read.office import report_docx

    checked = 0
    for path in sorted(REAL.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        want = parse_report(text, path.name)
        if not any(f.key.startswith(("t2.", "t3.", "t4.")) for f in want.facts):
            continue
        read = read_report_data(tmp_path / (path.stem + ".docx"), report_docx(text, path.name))
        assert read.error is None, read.detail
        got = parse_report(read.text or "", path.name)
        got_values = {f.key: f.value for f in got.facts}
        for f in want.facts:
            assert f.key in got_values and got_values[f.key] == f.value, (path.name, f.key)
        # more only where the text was cut mid-row: the rest of that row is blank in the rendering
        assert all(got_values[k] is None for k in got_values.keys() - {f.key for f in want.facts}), path.name
        assert (got.report_year, got.agency.name, got.era) == (want.report_year, want.agency.name, want.era)
        checked += 1
    assert checked >= 15


def test_a_data_row_inside_a_layout_table_keeps_its_blank_cells_in_html_and_docx():
    """A page laid out in a table (a cell holds a table) whose own rows are 表二 rows: as blocks, the
    blank cell would vanish and 3 would be read as 本年制发件数. Rows without a table keep their grid."""
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "", "3", "7"),
            ("行政规范性文件", "1", "", "2")]
    html = ("<table><tr><td colspan=4><p>第二十条第（一）项</p><table><tr><td>x</td></tr></table></td></tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>")
    body = tbl(tr(tc(body=p("第二十条第（一）项") + tbl(tr(tc("x")), cols=1) + p(""), span=4)),
               *(tr(*(tc(c) for c in r)) for r in rows), cols=4)
    got = lines(body)
    assert [x for x in got if x] == [x for x in html_to_text(html).split("\n") if x]
    assert "| 规章 |  | 3 | 7 |" in got
    rec = parse_report("2021年某局政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + "\n".join(got), "r.txt")
    values = {f.key: f.value for f in rec.facts}
    assert values["t2.regulations.issued"] is None and values["t2.regulations.repealed"] == 3
    assert values["t2.normative_docs.issued"] == 1 and values["t2.normative_docs.in_force"] == 2
