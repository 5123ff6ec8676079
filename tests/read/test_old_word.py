""".doc / .wps reports (xxgk.read.old_word, xxgk.read.office_convert): converted by LibreOffice in a
private profile, or quarantined with a reason that says what to do."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import pytest

from tests.load.docgen import make_docx, make_pdf
from tests.read.docx_xml import p, package, text_box
from tests.read.office import convert, soffice
from xxgk.read.read import read_report_data
from xxgk.read.result import REASONS

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: run "
                              "scripts/ensure_test_deps.sh as root, or apt-get install libreoffice-writer-nogui")

REPORT = ["某某县人民政府办公室2020年政府信息公开工作年度报告", "本年收到政府信息公开申请3件。"]


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory) -> bytes:
    """A real Word 97-2003 file: LibreOffice's .doc export of a .docx with a table and a text box."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    root = tmp_path_factory.mktemp("doc")
    body = "".join(p(t) for t in REPORT) + "<w:p>" + text_box("框内：予以公开2件。") + "</w:p>"
    src = root / "r.docx"
    src.write_bytes(package(body))
    (out,) = convert([src], "doc", root / "out")
    return out.read_bytes()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary folder of this test's own for the converter's work folders (other tests convert
    at the same time in other workers)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_converter_missing_is_a_quarantine_reason_naming_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_SOFFICE", str(tmp_path / "no-such-soffice"))
    r = read_report_data(tmp_path / "r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
                         + bytes(2000))
    assert r.error == "converter_missing" and "converter_missing" in REASONS
    assert "install libreoffice-writer-nogui to read .doc files" in r.detail and r.detail.startswith("r.doc: ")


def test_a_docx_named_doc_is_read_as_docx_without_a_converter(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_SOFFICE", str(tmp_path / "no-such-soffice"))
    r = read_report_data(tmp_path / "r.doc", make_docx(REPORT))
    assert r.error is None and r.source_format == "doc" and r.text.split("\n") == REPORT
    assert r.notes[0].text == "a .docx saved with a .doc name; read as .docx"


@pytest.mark.parametrize("data, kind", [(make_pdf([["x"]]), "a PDF document"),
                                        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image")])
def test_other_binaries_named_doc_are_mislabeled(tmp_path, data, kind):
    r = read_report_data(tmp_path / "r.doc", data)
    assert r.error == "mislabeled" and kind in r.detail


def test_an_excel_file_named_doc_is_told_apart_without_a_converter(tmp_path):
    r = read_report_data(tmp_path / "r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le")
                         + bytes(2000))
    assert r.error == "mislabeled" and "an Excel workbook (.xls)" in r.detail


@needs_lo
def test_a_doc_is_converted_text_box_once(tmp_path, doc_bytes, private_tmp):
    r = read_report_data(tmp_path / "r.doc", doc_bytes)
    assert r.error is None, r.detail
    assert r.source_format == "doc"
    lines = [ln for ln in r.text.split("\n") if ln]
    assert lines[:2] == REPORT and lines.count("框内：予以公开2件。") == 1
    assert r.notes[0].text.startswith("a Word 97-2003 document converted to .docx with LibreOffice in ")
    assert os.listdir(private_tmp) == []               # profile, copy and output removed


@needs_lo
def test_wps_and_old_word_named_docx_are_converted(tmp_path, doc_bytes):
    wps = read_report_data(tmp_path / "r.wps", doc_bytes)
    assert wps.error is None and REPORT[0] in wps.text and wps.source_format == "wps"
    assert wps.notes[0].text.startswith("a WPS document in Word 97-2003 format converted")
    docx = read_report_data(tmp_path / "r.docx", doc_bytes)
    assert docx.error is None and REPORT[0] in docx.text
    assert docx.notes[0].text.startswith("a Word 97-2003 document saved with a .docx name converted")


@needs_lo
def test_rtf_saved_as_doc_is_converted(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 "
           + "".join(f"\\u{ord(c)}?" for c in REPORT[0]) + r"\par}").encode("ascii")
    r = read_report_data(tmp_path / "r.doc", rtf)
    assert r.error is None and REPORT[0] in r.text and r.notes[0].text.startswith("an RTF document saved as .doc converted")


@needs_lo
def test_a_password_protected_doc_is_encrypted_without_starting_libreoffice(tmp_path, doc_bytes, monkeypatch):
    # set fEncrypted in the Word header (the FIB that opens the WordDocument stream)
    monkeypatch.setenv("XXGK_SOFFICE", str(tmp_path / "no-such-soffice"))   # LibreOffice is never needed
    assert read_report_data(tmp_path / "r.doc", doc_bytes).error == "converter_missing"
    data = bytearray(doc_bytes)
    (off,) = [o for o in range(len(data)) if data[o:o + 4] in (b"\xec\xa5\xc1\x00", b"\xec\xa5\x01\x01")]
    data[off + 11] |= 0x01
    r = read_report_data(tmp_path / "r.doc", bytes(data))
    assert r.error == "encrypted" and "password-protected" in r.detail


@needs_lo
def test_a_damaged_doc_is_corrupt_and_a_slow_one_is_stopped(tmp_path, doc_bytes, monkeypatch, private_tmp):
    r = read_report_data(tmp_path / "r.doc", doc_bytes[:1536])
    assert r.error == "corrupt" and "LibreOffice could not open the file" in r.detail
    monkeypatch.setenv("XXGK_DOCUMENT_SECONDS", "0.05")
    r = read_report_data(tmp_path / "r.doc", doc_bytes)
    assert r.error == "extraction_failed" and "LibreOffice took longer than" in r.detail
    assert os.listdir(private_tmp) == []


@needs_lo
def test_parallel_conversions_do_not_collide(tmp_path, doc_bytes):
    results: list = [None] * 3

    def work(i: int) -> None:
        results[i] = read_report_data(tmp_path / f"r{i}.doc", doc_bytes)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.error is None and REPORT[0] in r.text for r in results), [r.detail for r in results]
