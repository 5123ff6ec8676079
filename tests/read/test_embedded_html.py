"""Report HTML inside other text (xxgk.read.embedded_html): the real reports' published pages put
inside a JavaScript string, a JSON field, a CSV field, loose in a .txt, or written by a script on an
HTML page are read as HTML and give what the page itself gives; plain texts are never touched."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import REAL, SEEDS
from tests.read.office import report_html
from xxgk.load.ingest import process_chunk
from xxgk.read.read import read_report_data
from xxgk.parse import parse_report
from xxgk.read.embedded_html import find_embedded_html, find_html_in_scripts, is_markup

REPORTS = sorted([*SEEDS.glob("*.txt"), *REAL.glob("*.txt")])


def _body(page: str) -> str:
    return page[page.index("<body>") + 6:page.index("</body>")]


def _js_string(s: str, ascii_only: bool = False) -> str:
    """``s`` as the body of a JavaScript string literal, escaped as sites and scrapers write it."""
    return json.dumps(s, ensure_ascii=ascii_only)[1:-1].replace("</", "<\\/")


WRAPPERS = {
    "js_string": lambda b: ('var siteId = "12";\nfunction show() { document.getElementById("c").innerHTML = content; }\n'
                            f'var content = "{_js_string(b)}";\nshow();\n', ".txt"),
    "js_concatenated": lambda b: ("var html = '' +\n" + " +\n".join(
        f'"{_js_string(part)}"' for part in b.split("</tr>")) + ";\n", ".txt"),
    "json_ascii": lambda b: (json.dumps({"code": 200, "data": {"id": 5, "content": b, "url": "http://x.gov.cn/1.html"}}), ".txt"),
    "json_utf8": lambda b: (json.dumps({"content": b}, ensure_ascii=False), ".txt"),
    "csv_field": lambda b: (_csv(["id", "url", "content"], [1, "http://x.gov.cn/1.html", b]), ".txt"),
    "loose_markup": lambda b: ("来源: http://x.gov.cn/1.html\n" + b, ".txt"),
    "page_script": lambda b: ('<html><head><meta charset="utf-8"></head><body><div id="c"></div><script>document.write("'
                              + _js_string(b) + '");</script></body></html>', ".html"),
}


HOW = {"js_string": "inside a JavaScript/JSON string", "js_concatenated": "inside a JavaScript/JSON string",
       "json_ascii": "inside a JavaScript/JSON string", "json_utf8": "inside a JavaScript/JSON string",
       "csv_field": "inside a quoted CSV field", "loose_markup": "inside the text (HTML markup saved as text)",
       "page_script": "inside a script's string on the HTML page"}


def _csv(*rows: list) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _read(tmp_path: Path, name: str, text: str):
    return read_report_data(tmp_path / name, text.encode("utf-8"))


def _values(rec) -> dict:
    return {f.key: f.value for f in rec.facts}


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
def test_real_reports_embedded_in_other_text_read_as_their_html_page(tmp_path, wrapper):
    tables = 0
    for path in REPORTS:
        page = report_html(path.read_text(encoding="utf-8"), path.name)
        want = parse_report(page, path.name, is_html=True)
        text, suffix = WRAPPERS[wrapper](_body(page))
        read = _read(tmp_path, path.stem + suffix, text)
        assert read.error is None and read.markup is not None, (path.name, read.detail)
        assert read.text == text                                    # the stored text is the file's
        assert HOW[wrapper] in read.notes[-1].text, read.notes
        source, is_html = read.parser_input()
        got = parse_report(source, path.name, is_html=is_html)
        assert _values(got) == _values(want), path.name
        assert (got.report_year, got.agency.name, got.published, got.era) == \
               (want.report_year, want.agency.name, want.published, want.era), path.name
        tables += sum(k.startswith("t3.") for k in _values(got))
    assert tables > 300


def test_the_note_points_at_the_markup_in_the_stored_text(tmp_path):
    body = _body(report_html((SEEDS / "004_c493ddf6db4f273e.txt").read_text(encoding="utf-8")))
    text, _ = WRAPPERS["js_string"](body)
    read = _read(tmp_path, "r.txt", text)
    (note,) = [n.text for n in read.notes if "report HTML" in n.text]
    emb = find_embedded_html(text)
    assert emb is not None and len(emb.spans) == 1
    a, b = emb.spans[0]
    assert text[a] == text[b - 1] == '"' and text[a:b] == f'"{_js_string(body)}"'
    assert f"characters {a}–{b} of the stored text" in note and "JavaScript/JSON string" in note


def test_ingest_stores_the_file_text_and_the_parsed_view_and_spans_index_the_view(tmp_path):
    body = _body(report_html((SEEDS / "004_c493ddf6db4f273e.txt").read_text(encoding="utf-8")))
    text, _ = WRAPPERS["json_ascii"](body)
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    chunk = process_chunk([str(path)])
    (report,) = chunk.reports.to_pylist()
    assert report["raw_text"] == text and report["source_format"] == "txt"
    view = report["parsed_text"]
    assert view and "| 一、本年新收政府信息公开申请数量 |||" in view and "\\u" not in view
    facts = [f for f in chunk.facts.to_pylist() if f["key"].startswith("t3.") and f["value"] is not None]
    assert len(facts) > 100
    assert all(view[f["span_start"]:f["span_end"]] == f["raw"] for f in facts)
    (finding,) = [f for f in chunk.findings.to_pylist() if "report HTML" in (f["detail"] or "")]
    assert finding["rule"] == "input_converted" and finding["severity"] == "info"


# ----------------------------------------------------------------------------- certain-only

def test_no_bundled_plain_text_report_is_taken_for_html(tmp_path):
    for path in REPORTS:
        read = read_report_data(path, path.read_bytes())
        assert read.markup is None, path.name


@pytest.mark.parametrize("text", [
    "根据《条例》<第二十条>规定，主动公开信息 a < b 且 c > d。\n收到申请3件。",
    # stray end tags left by a copy around a one-cell-per-line table: never re-flowed as HTML
    "".join(f"</p>\n{label}\n\n{n}\n\n{n}\n\n{n}\n" for n, label in enumerate(
        ["规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "其他"])) + "</p><p>",
    '他说"<p>不是标签</p>"，又说"</div>"。\n' * 2,
    "a,b,\"<b>1</b>\"\n",
])
def test_plain_text_quoting_angle_brackets_or_stray_tags_is_not_read_as_html(tmp_path, text):
    read = _read(tmp_path, "r.txt", text)
    assert read.markup is None and read.parser_input() == (text, False)


def test_markup_detection_needs_end_tags():
    assert is_markup("<table><tr><td>1</td><td>2</td></tr></table>")
    assert not is_markup("<br><br><br><br><br><br><p>")          # no end tags: not certain
    assert not is_markup("x</p>y</p>z</p>")                      # too few tags


def test_escapes_are_decoded():
    js = r'var c = "<table><tr><td>\u89c4\u7ae0<\/td><td>1<\/td><\/tr><tr><td>\"x\"<\/td><td>\ud83d\ude00<\/td><\/tr><\/table>";'
    emb = find_embedded_html(js)
    assert emb is not None and "<td>规章</td>" in emb.html and '<td>"x"</td>' in emb.html and "\U0001F600" in emb.html


def test_a_page_that_shows_its_table_is_not_read_twice():
    table = "<table><tr><td>规章</td><td>1</td></tr><tr><td>行政许可</td><td>2</td></tr></table>"
    page = f'<html><body>{table}<script>var copy = "{_js_string(table)}";</script></body></html>'
    assert find_html_in_scripts(page) is None
