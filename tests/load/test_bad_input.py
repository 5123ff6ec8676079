"""Every kind of bad input gets a defined outcome from the reader: loaded (with the exact text) or
quarantined with a reason from the fixed vocabulary and a detail naming the file and the cause.

The table in docs/bad_input.md is this file in prose; keep them in step."""

from __future__ import annotations

import os
import threading
import time
import zipfile
import io
from pathlib import Path

import pytest
import zhconv

from xxgk.read.read import REPORT_SUFFIXES, read_report_file
from xxgk.read.result import REASONS, ReadResult
from xxgk.read.walk import iter_report_files

from tests.load.docgen import encrypt_pdf, make_docx, make_pdf

REPO = Path(__file__).resolve().parents[2]
SAMPLE = (REPO / "sample_reports" / "000_e8af1e46dab51bcc.txt").read_text(encoding="utf-8")
TRAD = zhconv.convert(SAMPLE, "zh-hant")


def read(tmp_path: Path, name: str, data: bytes) -> ReadResult:
    p = tmp_path / name
    p.write_bytes(data)
    r = read_report_file(p)
    assert (r.text is None) != (r.error is None), r
    if r.error:
        assert r.error in REASONS
        assert r.detail and r.detail.startswith(name + ":"), r.detail   # the detail names the file
    return r


def loaded(r: ReadResult, text: str | None = None) -> None:
    assert r.error is None, f"{r.error}: {r.detail}"
    if text is not None:
        assert r.text == text


# ----------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("label, data, encoding", [
    ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
    ("gb18030", SAMPLE.encode("gb18030"), "gb18030"),
    ("utf-16 LE BOM", b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE BOM", b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 LE no BOM", SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE no BOM", SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-32 LE BOM", b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le"),
])
def test_encodings_decode_to_the_exact_text(tmp_path, label, data, encoding):
    r = read(tmp_path, "r.txt", data)
    loaded(r, SAMPLE)
    assert r.encoding == encoding


def test_gbk_subset_reads_as_gb18030(tmp_path):
    text = SAMPLE.encode("gbk", "replace").decode("gbk")
    loaded(read(tmp_path, "r.txt", text.encode("gbk")), text)


def test_big5_traditional_text(tmp_path):
    text = TRAD.encode("cp950", "replace").decode("cp950")   # drop the few chars Big5 lacks
    r = read(tmp_path, "r.txt", text.encode("cp950"))
    loaded(r, text)
    assert r.encoding in ("cp950", "big5hkscs")


def test_short_big5_and_gbk_lines_are_told_apart(tmp_path):
    s = "上海市人民政府2023年政府信息公開工作年度報告"
    loaded(read(tmp_path, "b.txt", s.encode("cp950")), s)
    s2 = "上海市人民政府2023年政府信息公开工作年度报告"
    loaded(read(tmp_path, "g.txt", s2.encode("gb18030")), s2)


def test_html_meta_charset_is_used_and_checked(tmp_path):
    body = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body><p>{SAMPLE}</p></body></html>"
    r = read(tmp_path, "r.html", body.encode("gb18030"))
    loaded(r, body)
    assert r.encoding == "gb18030" and r.source_format == "html"
    # declared gb2312 but re-saved as UTF-8 by a scraper: the bytes win, with a note
    r = read(tmp_path, "s.html", body.encode("utf-8"))
    loaded(r, body)
    assert r.encoding == "utf-8"
    assert any("declares charset" in n.text for n in r.notes)


def test_html_declared_big5(tmp_path):
    text = TRAD.encode("cp950", "replace").decode("cp950")
    body = f'<html><head><meta charset="big5"></head><body><pre>{text}</pre></body></html>'
    r = read(tmp_path, "r.htm", body.encode("cp950"))
    loaded(r, body)
    assert r.encoding == "cp950"


def test_mixed_utf8_and_gbk_lines(tmp_path):
    lines = SAMPLE.splitlines(keepends=True)
    half = len(lines) // 2
    data = "".join(lines[:half]).encode("utf-8") + "".join(lines[half:]).encode("gb18030")
    r = read(tmp_path, "r.txt", data)
    loaded(r, SAMPLE)
    assert r.encoding == "mixed:utf-8+gb18030"
    assert any("mixed encodings" in n.text for n in r.notes)


@pytest.mark.parametrize("times", [1, 2])
def test_latin1_mojibake_is_repaired_losslessly(tmp_path, times):
    text = SAMPLE
    for _ in range(times):
        text = text.encode("utf-8").decode("latin-1")
    r = read(tmp_path, "r.txt", text.encode("utf-8"))
    loaded(r, SAMPLE)
    assert r.encoding == "utf-8|mojibake:latin-1"


def test_cp1252_mojibake_is_repaired(tmp_path):
    s = "政府信息公开工作年度报告：本年新收申请12件。"
    moj = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in s.encode("utf-8"))
    loaded(read(tmp_path, "r.txt", moj.encode("utf-8")), s)


def _gbk_roundtrippable(n: int) -> str:
    """Report-like lines whose UTF-8 bytes happen to be valid GB18030 (so the damage was lossless)."""
    out = []
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/fixtures/reports/real").glob("*.txt")))
    for line in corpus.splitlines():
        if len(line) < 6:
            continue
        try:
            moj = line.encode("utf-8").decode("gb18030")
        except UnicodeDecodeError:
            continue
        if moj != line and moj.encode("gb18030").decode("utf-8") == line:
            out.append(line)
        if len(out) == n:
            break
    return "\n".join(out)


def test_gbk_mojibake_repaired_when_lossless(tmp_path):
    text = _gbk_roundtrippable(8)
    assert len(text) > 40, "fixture: need some lines whose mojibake is lossless"
    moj = text.encode("utf-8").decode("gb18030")
    r = read(tmp_path, "r.txt", moj.encode("utf-8"))
    loaded(r, text)
    assert r.encoding == "utf-8|mojibake:gbk"


def test_gbk_mojibake_that_lost_bytes_is_quarantined(tmp_path):
    moj = SAMPLE.encode("utf-8").decode("gb18030", "replace")
    r = read(tmp_path, "r.txt", moj.encode("utf-8"))
    assert r.error == "mojibake"
    assert "GBK" in r.detail


def test_real_gb_text_is_not_mistaken_for_mojibake(tmp_path):
    for p in sorted((REPO / "tests" / "fixtures" / "reports" / "real").glob("*.txt"))[:30]:
        text = p.read_text(encoding="utf-8")
        r = read(tmp_path, p.name, text.encode("utf-8"))
        loaded(r, text)
        assert r.encoding == "utf-8"
        r = read(tmp_path, p.name, text.encode("gb18030"))
        loaded(r, text)


def test_a_few_damaged_utf8_bytes_load_with_a_note(tmp_path):
    data = SAMPLE.encode("utf-8")
    data = data[:301] + b"\xff" + data[302:]
    r = read(tmp_path, "r.txt", data)
    loaded(r)
    assert "\ufffd" in r.text and any("damaged" in n.text for n in r.notes)


def test_undecodable(tmp_path):
    # Latin-1 text with bytes that are invalid in UTF-8, GB18030 and Big5 alike
    data = ("Rapport annuel " * 20).encode() + bytes([0x80, 0xFF, 0x80, 0xFF]) * 50
    r = read(tmp_path, "r.txt", data)
    assert r.error in ("undecodable", "binary")


# ----------------------------------------------------------------------------- empty, binary, NUL

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n",
                                  b"\xff\xfe", b"\x00" * 4096, b"\x00\x00 \n\x00"])
def test_empty(tmp_path, data):
    assert read(tmp_path, "r.txt", data).error == "empty"


@pytest.mark.parametrize("data, what", [
    (make_pdf([["2023年报告"]]), "a PDF document"),
    (make_docx(["2023年报告"]), "a Word document"),
    (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "a PNG image"),
    (b"\xff\xd8\xff\xe0" + os.urandom(200), "a JPEG image"),
    (b"GIF89a" + os.urandom(50), "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Office"),
    (b"Rar!\x1a\x07\x00" + os.urandom(50), "a RAR archive"),
    (b"\x1f\x8b\x08" + os.urandom(50), "gzip"),
    (b"II*\x00" + os.urandom(200), "a TIFF image"),
    (b"RIFF\x00\x01\x00\x00WEBPVP8 " + os.urandom(200), "a WebP image"),
    (b"7z\xbc\xaf\x27\x1c" + os.urandom(200), "a 7-Zip archive"),
    (b"\x7fELF\x02\x01\x01" + bytes(200), "a Linux executable"),
], ids=lambda v: v if isinstance(v, str) else "data")
@pytest.mark.parametrize("name", ["r.txt", "r.html"])
def test_binary_saved_as_text_says_what_it_is(tmp_path, data, what, name):
    r = read(tmp_path, name, data)
    assert r.error == "binary"
    assert what in r.detail and f"saved with a {Path(name).suffix} name" in r.detail


def test_zip_and_xlsx_saved_as_txt(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    r = read(tmp_path, "r.txt", buf.getvalue())
    assert r.error == "binary" and "Excel" in r.detail


def test_random_bytes_are_binary(tmp_path):
    r = read(tmp_path, "r.txt", bytes(range(256)) * 64)
    assert r.error == "binary"


def test_a_few_nul_bytes_are_kept(tmp_path):
    i = SAMPLE.index("\n", 300)
    text = SAMPLE[:i] + "\x00\x00" + SAMPLE[i:]
    r = read(tmp_path, "r.txt", text.encode("utf-8"))
    loaded(r, text)                                 # exact: the NULs are part of the text
    assert any("NUL" in n.text for n in r.notes)


def test_nul_padding_at_the_end_is_kept_and_noted(tmp_path):
    text = SAMPLE + "\x00" * 4
    r = read(tmp_path, "r.txt", text.encode("utf-8"))
    loaded(r, text)


def test_many_nul_bytes_are_binary(tmp_path):
    data = b"\x00".join(SAMPLE.encode("utf-8")[i:i + 10] for i in range(0, 3000, 10))
    r = read(tmp_path, "r.txt", data)
    assert r.error == "binary" and "NUL" in r.detail


def test_rtf_is_unsupported(tmp_path):
    r = read(tmp_path, "r.txt", rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 SimSun;}} \f0 2023}")
    assert r.error == "unsupported" and "RTF" in r.detail


# ----------------------------------------------------------------------------- size, lines, HTML

def test_50_mb_text_file_is_quarantined_too_large_without_reading_it(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:                        # sparse: 50 MB on paper, nothing on disk
        f.truncate(50 * 1024 * 1024)
    import xxgk.read.read as rd

    calls = []
    real_open = os.open
    monkeypatch.setattr(rd.os, "open", lambda *a, **k: calls.append(a) or real_open(*a, **k))
    t = time.perf_counter()
    r = read_report_file(p)
    assert time.perf_counter() - t < 1.0
    assert r.error == "too_large" and "52,428,800 bytes" in r.detail and "XXGK_MAX_TEXT_BYTES" in r.detail
    assert not calls, "a too-large file must be refused from its size, before it is opened"


def test_a_file_longer_than_its_stat_size_is_read_whole():
    # The first read asks for the size stat gives; /proc files say 0 and still have content, like a
    # file that grows between the stat and the read. Both must be read to the end (and the limit).
    from xxgk.read.read import read_file_safely

    got = read_file_safely(Path("/proc/self/status"))
    assert not isinstance(got, ReadResult), got
    data, st = got
    assert st.st_size == 0 and data.startswith(b"Name:") and b"VmRSS" in data


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_MAX_TEXT_BYTES", "100")
    assert read(tmp_path, "r.txt", SAMPLE.encode()).error == "too_large"
    monkeypatch.setenv("XXGK_MAX_TEXT_BYTES", str(10 * 1024 * 1024))
    loaded(read(tmp_path, "r.txt", SAMPLE.encode()), SAMPLE)


def test_large_text_under_the_limit_loads(tmp_path):
    text = SAMPLE * 1500                           # ~8 MB of UTF-8
    r = read(tmp_path, "r.txt", text.encode("utf-8"))
    loaded(r, text)


def test_very_long_line(tmp_path):
    text = "本年新收 | " + " | ".join(["12"] * 400_000)   # one 2.4 MB line
    t = time.perf_counter()
    r = read(tmp_path, "r.txt", text.encode("utf-8"))
    loaded(r, text)
    assert time.perf_counter() - t < 10


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    body = f"<!DOCTYPE html><html><body><script>document.write('x')</script><pre>{SAMPLE}</pre></body></html>"
    r = read(tmp_path, "r.txt", body.encode())
    loaded(r, body)
    assert r.source_format == "html"


def test_html_scripts_and_styles_are_parsed_never_run(tmp_path):
    from xxgk.read.html import html_to_text

    marker = tmp_path / "pwned"
    body = ("<html><head><style>p{color:red} /* 规章 | 9 | 9 | 9 */</style>"
            f"<script>require('fs').writeFileSync('{marker}', 'x'); var s='本年新收 | 999';</script></head>"
            "<body onload=\"alert(1)\"><p>本年新收 | 1</p><noscript>规章 | 7</noscript>"
            "<img src=x onerror=alert(1)><iframe src='javascript:alert(1)'></iframe></body></html>")
    r = read(tmp_path, "r.html", body.encode())
    loaded(r, body)
    text = html_to_text(r.text)
    assert "本年新收 | 1" in text
    assert "999" not in text and "9 | 9" not in text and "writeFileSync" not in text
    assert not marker.exists()


# ----------------------------------------------------------------------------- the file system

def test_fifo_does_not_block(tmp_path):
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    out: list[ReadResult] = []
    th = threading.Thread(target=lambda: out.append(read_report_file(p)), daemon=True)
    th.start()
    th.join(5)
    assert out, "reading a FIFO blocked"
    assert out[0].error == "unreadable" and "FIFO" in out[0].detail


def test_directory_named_like_a_report(tmp_path):
    (tmp_path / "d.txt").mkdir()
    r = read_report_file(tmp_path / "d.txt")
    assert r.error == "unreadable"


def test_broken_symlink_and_vanished_file(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    r = read_report_file(tmp_path / "link.txt")
    assert r.error == "unreadable" and "broken symbolic link" in r.detail
    r = read_report_file(tmp_path / "gone.txt")
    assert r.error == "unreadable" and "gone" in r.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(SAMPLE)
    p.chmod(0)
    r = read_report_file(p)
    assert r.error == "unreadable" and "ermission" in r.detail


def test_iter_report_files(tmp_path):
    for name in ["a.txt", "b.HTML", "c.htm", "d.pdf", "e.DOCX", "f.doc", "g.md", ".hidden.txt", "~$lock.docx",
                 "j.WPS"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "h.txt").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "i.txt").write_bytes(b"x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)   # no infinite walk
    got = [p.relative_to(tmp_path).as_posix() for p in iter_report_files(tmp_path)]
    assert got == ["a.txt", "b.HTML", "c.htm", "d.pdf", "e.DOCX", "f.doc", "j.WPS", "sub/h.txt"]
    assert set(REPORT_SUFFIXES.values()) == {"txt", "html", "pdf", "docx", "doc", "wps"}


# ----------------------------------------------------------------------------- PDF and Word

PDF_LINES = [["某某县人民政府办公室", "2023年政府信息公开工作年度报告", "规章 0 0 0"], ["本年新收 12 0 0 0 0 0 12"]]


def test_pdf_text_is_extracted(tmp_path):
    r = read(tmp_path, "r.pdf", make_pdf(PDF_LINES))
    loaded(r)
    assert r.source_format == "pdf" and r.encoding is None
    for line in sum(PDF_LINES, []):
        assert line in r.text
    assert r.text.index("规章") < r.text.index("本年新收")   # page order


def test_pdf_encrypted_with_a_password_is_quarantined(tmp_path):
    r = read(tmp_path, "r.pdf", encrypt_pdf(make_pdf(PDF_LINES), "secret"))
    assert r.error == "encrypted" and "password" in r.detail


def test_pdf_with_permissions_only_encryption_is_read(tmp_path):
    r = read(tmp_path, "r.pdf", encrypt_pdf(make_pdf(PDF_LINES), ""))
    loaded(r)
    assert "本年新收" in r.text and any("encrypted" in n.text for n in r.notes)


def test_scanned_pdf_has_no_text(tmp_path):
    r = read(tmp_path, "r.pdf", make_pdf([[], []], image_only=True))
    assert r.error == "no_text" and "OCR" in r.detail and "2 page(s)" in r.detail


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.1])
def test_truncated_pdf(tmp_path, cut):
    data = make_pdf(PDF_LINES)
    r = read(tmp_path, "r.pdf", data[: int(len(data) * cut)])
    assert r.error in ("corrupt", "no_text", "extraction_failed") or "本年新收" in (r.text or "")


def test_garbage_after_pdf_magic(tmp_path):
    r = read(tmp_path, "r.pdf", b"%PDF-1.4\n" + os.urandom(3000))
    assert r.error in ("corrupt", "empty")


def test_pdf_that_is_an_html_error_page(tmp_path):
    r = read(tmp_path, "r.pdf", b"<!DOCTYPE html><html><title>404 Not Found</title></html>")
    assert r.error == "mislabeled" and "HTML page" in r.detail


def test_pdf_text_of_private_use_codes_is_unusable(tmp_path):
    """Fonts without a Unicode map give private-use characters: no text to parse, say so."""
    private = "".join(chr(0xE000 + i) for i in range(40))
    r = read(tmp_path, "r.pdf", make_pdf([[private, "年度报告"]]))
    assert r.error == "extraction_failed" and "private-use" in r.detail and "OCR" in r.detail


@pytest.mark.parametrize("name, data", [("r.pdf", make_pdf(PDF_LINES)),
                                        ("r.docx", make_docx(["某某县人民政府办公室"] * 50))])
def test_document_extraction_over_the_time_budget_is_stopped(tmp_path, monkeypatch, name, data):
    monkeypatch.setenv("XXGK_DOCUMENT_SECONDS", "0.000001")      # any real extraction takes longer
    r = read(tmp_path, name, data)
    assert r.error == "extraction_failed" and "took longer than" in r.detail


def test_a_parser_crash_quarantines_one_file_and_the_others_load(tmp_path, monkeypatch):
    """A parser bug (simulated: no real input crashes the parser today) costs one file, not the run."""
    import duckdb

    import xxgk.load.ingest as ing

    real_parse = ing.parse_report

    def parse(text, name, **kw):
        if name == "crash.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(text, name, **kw)

    monkeypatch.setattr(ing, "parse_report", parse)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crash.txt").write_text(TRAD, encoding="utf-8")
    (folder / "good.txt").write_text(SAMPLE, encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        ing.ensure_schema(con)
        stats = ing.ingest(con, folder, jobs=1)               # in this process, so the patch applies
        errors = con.execute("select file_name, reason, detail from raw.ingest_errors").fetchall()
        loaded = con.execute("select file_name from raw.files").fetchall()
    finally:
        con.close()
    assert errors == [("crash.txt", "parser_error", "crash.txt: RecursionError: maximum recursion depth exceeded")]
    assert loaded == [("good.txt",)] and stats.reports_new == 1


def test_empty_pdf_and_docx(tmp_path):
    assert read(tmp_path, "r.pdf", b"").error == "empty"
    assert read(tmp_path, "r.docx", b"").error == "empty"


def test_docx_paragraphs_and_table_rows_in_document_order(tmp_path):
    data = make_docx(
        ["某某局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"],
        [["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "", "申请人情况"],
         ["一、本年新收政府信息公开申请数量", "", "5"],
         ["三、本年度办理结果", "（三）不予公开", "0"],
         ["", "1.属于国家秘密", "0"]],
        ["四、政府信息公开行政复议、行政诉讼情况"],
        merge=[(0, 0, 0, 1), (1, 0, 1, 1)])
    r = read(tmp_path, "r.docx", data)
    loaded(r)
    lines = r.text.splitlines()
    assert r.source_format == "docx"
    assert lines[0] == "某某局2023年政府信息公开工作年度报告"
    # rendered like HTML tables (xxgk.read.grid): a merged cell once, then covered slots ("||")
    assert "| 一、本年新收政府信息公开申请数量 || 5 |" in lines
    assert "| 三、本年度办理结果 | （三）不予公开 | 0 |" in lines
    assert lines.index("| 三、本年度办理结果 | （三）不予公开 | 0 |") < lines.index("四、政府信息公开行政复议、行政诉讼情况")


def test_docx_vertical_merge_is_a_covered_slot_not_a_blank_cell(tmp_path):
    data = make_docx([], [["（三）不予公开", "1.属于国家秘密", "0"], ["", "2.其他", "1"]], merge=[(0, 0, 1, 0)])
    r = read(tmp_path, "r.docx", data)
    loaded(r)
    assert r.text.splitlines()[-2:] == ["| （三）不予公开 | 1.属于国家秘密 | 0 |", "|| 2.其他 | 1 |"]


def test_docx_that_is_an_old_excel_file(tmp_path):
    # an OLE2 container (the .doc/.xls format) holding a workbook: told apart without LibreOffice
    r = read(tmp_path, "r.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(1000))
    assert r.error == "mislabeled" and "an Excel workbook (.xls)" in r.detail


def test_docx_that_is_a_zip_of_something_else(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd/>")
    r = read(tmp_path, "r.docx", buf.getvalue())
    assert r.error == "mislabeled" and "OFD" in r.detail


def test_damaged_docx(tmp_path):
    data = make_docx(["2023年报告"])
    r = read(tmp_path, "r.docx", data[: len(data) // 2])
    assert r.error == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    r = read(tmp_path, "s.docx", buf.getvalue())
    assert r.error == "corrupt"


def test_docx_zip_bomb_is_refused(tmp_path, monkeypatch):
    import xxgk.read.word as docs

    monkeypatch.setattr(docs, "MAX_UNZIPPED_BYTES", 10_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a>" + " " * 1_000_000 + "</a>")
    r = read(tmp_path, "r.docx", buf.getvalue())
    assert r.error == "too_large" and "inflates" in r.detail


def test_docx_without_text(tmp_path):
    r = read(tmp_path, "r.docx", make_docx(["", "  "]))
    assert r.error == "no_text"


def test_reader_never_raises_on_garbage(tmp_path):
    import random

    rnd = random.Random(7)
    seeds = [make_pdf(PDF_LINES), make_docx(["2023年报告"], [["a", "b"]]), SAMPLE.encode("gb18030")]
    for i in range(60):
        base = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 20)):
            pos = rnd.randrange(len(base))
            base[pos] = rnd.randrange(256)
        for suffix in (".pdf", ".docx", ".txt"):
            read(tmp_path, f"g{i}{suffix}", bytes(base))   # asserts the outcome is well-formed
