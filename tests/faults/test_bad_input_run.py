"""Every kind of bad input from issue 7, together in one folder, through a real `xxgk run` (ingest,
dbt build, checks): the run finishes (exit 0), each file gets the outcome docs/bad_input.md gives it,
the good files load and reach the marts, and a fixed file loads on the next run.

tests/load/test_bad_input.py checks the reader on each input in detail; this checks that the
outcomes hold in the warehouse when they all arrive at once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import zhconv

from tests.faults.faultlib import SAMPLES, query, require_pipeline, run_xxgk
from tests.load.docgen import make_docx, make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "real"
SCRIPT_MARKER = "writeFileSync"


def _texts() -> list[str]:
    """Distinct report texts: each encoded variant gets its own text, so none is a duplicate of another."""
    return [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))[:10]]


def _lossless_gbk_lines() -> str:
    """Lines whose UTF-8 bytes are also valid GB18030: their GBK mojibake can be undone exactly."""
    out = []
    for p in sorted(REAL.glob("*.txt"))[10:]:
        for line in p.read_text(encoding="utf-8").splitlines():
            try:
                moj = line.encode("utf-8").decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(line) >= 6 and moj != line and moj.encode("gb18030").decode("utf-8") == line:
                out.append(line)
    assert len(out) >= 4, "fixture: need lines whose GBK mojibake is lossless"
    return "\n".join(out[:12]) + "\n"


# file name -> expected outcome: ("loaded", encoding or None, source_format) or ("quarantined", reason)
EXPECTED: dict[str, tuple] = {
    "utf8.txt": ("loaded", "utf-8", "txt"),
    "utf8_same_bytes.txt": ("loaded", "utf-8", "txt"),          # a copy of utf8.txt under another name
    "utf8_as_gbk.txt": ("loaded", "utf-8", "txt"),              # utf8.txt's text saved as GBK: the same report
    "gb18030.txt": ("loaded", "gb18030", "txt"),
    "big5.txt": ("loaded", ("cp950", "big5hkscs"), "txt"),
    "utf16.txt": ("loaded", "utf-16-le", "txt"),
    "latin1_mojibake.txt": ("loaded", "utf-8|mojibake:latin-1", "txt"),
    "gbk_mojibake.txt": ("loaded", "utf-8|mojibake:gbk", "txt"),
    "mixed.txt": ("loaded", "mixed:utf-8+gb18030", "txt"),
    "few_nuls.txt": ("loaded", "utf-8", "txt"),
    "long_line.txt": ("loaded", "utf-8", "txt"),
    "page_with_scripts.html": ("loaded", "utf-8", "html"),
    "report.pdf": ("loaded", None, "pdf"),
    "report.docx": ("loaded", None, "docx"),
    "empty.txt": ("quarantined", "empty"),
    "scan.txt": ("quarantined", "binary"),
    "photo.txt": ("quarantined", "binary"),
    "many_nuls.txt": ("quarantined", "binary"),
    "lossy_mojibake.txt": ("quarantined", "mojibake"),
    "huge_50mb.txt": ("quarantined", "too_large"),
    "scan_no_text.pdf": ("quarantined", "no_text"),
    # links (issue 14): read once when they stay inside the folder, never followed out of it
    "link_inside.txt": ("read where it leads",),                 # -> utf8.txt: not a second file
    "link_outside.txt": ("quarantined", "link_outside_folder"),   # -> a file next to the folder
    "link_broken.txt": ("quarantined", "link_broken"),
    "link_loop.txt": ("quarantined", "link_loop"),                # ln -s link_loop.txt link_loop.txt
    # files of types the reader does not read are listed, never skipped silently
    "budget.xls": ("quarantined", "unsupported_type"),
    "letter.rtf": ("quarantined", "unsupported_type"),
    "chart.png": ("quarantined", "unsupported_type"),
    "bundle.zip": ("quarantined", "unsupported_type"),
    # hidden and system files are skipped (README, Bad input)
    ".DS_Store": ("skipped",),
    "Thumbs.db": ("skipped",),
    "~$report.docx": ("skipped",),
}
SECRET = "password=hunter2 本年新收 | 4242"


def _write_folder(d: Path) -> dict[str, str]:
    """Write the folder; returns the exact text each loaded file must decode to."""
    d.mkdir(parents=True)
    t = _texts()
    sample = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    big5 = zhconv.convert(t[2], "zh-hant")
    big5 = big5.encode("cp950", "replace").decode("cp950")        # drop the few chars Big5 lacks
    mixed_lines = t[5].splitlines(keepends=True)
    half = len(mixed_lines) // 2
    nul_at = t[6].index("\n", 200)
    texts = {
        "utf8.txt": sample,
        "utf8_same_bytes.txt": sample,
        "utf8_as_gbk.txt": sample,
        "gb18030.txt": t[1],
        "big5.txt": big5,
        "utf16.txt": t[3],
        "latin1_mojibake.txt": t[4],
        "gbk_mojibake.txt": _lossless_gbk_lines(),
        "mixed.txt": t[5],
        "few_nuls.txt": t[6][:nul_at] + "\x00\x00" + t[6][nul_at:],
        "long_line.txt": t[7] + "\n本年新收 | " + " | ".join(["12"] * 200_000) + "\n",   # one 1 MB line
    }
    enc = {"gb18030.txt": "gb18030", "big5.txt": "cp950", "utf8_as_gbk.txt": "gb18030"}
    for name, text in texts.items():
        if name == "utf16.txt":
            data = b"\xff\xfe" + text.encode("utf-16-le")
        elif name == "latin1_mojibake.txt":
            data = text.encode("utf-8").decode("latin-1").encode("utf-8")
        elif name == "gbk_mojibake.txt":
            data = text.encode("utf-8").decode("gb18030").encode("utf-8")
        elif name == "mixed.txt":
            data = "".join(mixed_lines[:half]).encode("utf-8") + "".join(mixed_lines[half:]).encode("gb18030")
        else:
            data = text.encode(enc.get(name, "utf-8"))
        (d / name).write_bytes(data)

    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>p{color:red} /* 本年新收 | 777 */</style>"
            f"<script>require('fs').{SCRIPT_MARKER}('{d.parent / 'pwned'}', 'x'); var s = '本年新收 | 999';</script></head>"
            f"<body onload=\"alert(1)\"><pre>{t[8]}</pre><img src=x onerror=alert(1)></body></html>")
    (d / "page_with_scripts.html").write_text(html, encoding="utf-8")
    texts["page_with_scripts.html"] = html
    (d / "report.pdf").write_bytes(make_pdf([t[9].splitlines()[:25]]))
    (d / "report.docx").write_bytes(make_docx(t[0].splitlines()[:25]))

    (d / "empty.txt").write_bytes(b"")
    pdf_report = sorted(REAL.glob("*.txt"))[-1].read_text(encoding="utf-8").splitlines()[:25]
    (d / "scan.txt").write_bytes(make_pdf([pdf_report]))              # a PDF saved with a .txt name
    (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    (d / "many_nuls.txt").write_bytes(b"\x00".join(sample.encode("utf-8")[i:i + 10] for i in range(0, 3000, 10)))
    (d / "lossy_mojibake.txt").write_bytes(sample.encode("utf-8").decode("gb18030", "replace").encode("utf-8"))
    with open(d / "huge_50mb.txt", "wb") as f:                       # sparse: 50 MB on paper only
        f.truncate(50 * 1024 * 1024)
    (d / "scan_no_text.pdf").write_bytes(make_pdf([[]], image_only=True))
    (d.parent / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink("utf8.txt", d / "link_inside.txt")
    os.symlink(d.parent / "secret.txt", d / "link_outside.txt")
    os.symlink("missing.txt", d / "link_broken.txt")
    os.symlink("link_loop.txt", d / "link_loop.txt")
    for name in ("budget.xls", "letter.rtf", "chart.png", "bundle.zip", ".DS_Store", "Thumbs.db", "~$report.docx"):
        (d / name).write_bytes(b"\xd0\xcf\x11\xe0" + os.urandom(64))
    assert sorted(p.name for p in d.iterdir()) == sorted(EXPECTED), "fixture: folder and EXPECTED differ"
    return texts


@pytest.fixture(scope="module")
def zoo(tmp_path_factory):
    require_pipeline()
    root = tmp_path_factory.mktemp("zoo")
    reports = root / "reports"
    texts = _write_folder(reports)
    wh = root / "xxgk.duckdb"
    first = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert first.returncode == 0, first.stdout + first.stderr
    last_run = "(select max(run_id) from raw.runs)"
    snap = {
        "errors": {f: (r, d) for f, r, d in query(
            wh, f"select file_name, reason, detail from raw.ingest_errors where run_id = {last_run}")},
        "loaded": {f: (rid, enc, fmt, raw, parsed) for f, rid, enc, fmt, raw, parsed in query(
            wh, "select f.file_name, r.report_id, r.encoding, r.source_format, r.raw_text, r.parsed_text "
                "from raw.files f join raw.reports r using (report_id)")},
        "dim": {r for (r,) in query(wh, "select report_id from marts.dim_report")},
        "converted": {f for (f,) in query(
            wh, "select distinct f.file_name from marts.fct_findings x join raw.files f using (report_id) "
                "where x.rule = 'input_converted'")},
        "facts": query(wh, "select f.raw from raw.facts f join raw.files using (report_id) "
                           "where raw.files.file_name = 'page_with_scripts.html'"),
        "run": query(wh, f"select files_seen, reports_new, files_quarantined from raw.runs where run_id = {last_run}")[0],
    }
    # the re-run the docs describe: fix a file (the PDF saved as .txt gets its .pdf name) and run again
    shutil.move(reports / "scan.txt", reports / "scan.pdf")
    second = run_xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert second.returncode == 0, second.stdout + second.stderr
    after = {
        "errors": {f: r for f, r in query(
            wh, f"select file_name, reason from raw.ingest_errors where run_id = {last_run}")},
        "loaded": {f: fmt for f, fmt in query(
            wh, "select f.file_name, r.source_format from raw.files f join raw.reports r using (report_id)")},
    }
    return {"first": first, "second": second, "texts": texts, "snap": snap, "after": after, "root": root}


def test_every_file_gets_its_documented_outcome(zoo):
    snap = zoo["snap"]
    got = {}
    for name in EXPECTED:
        if EXPECTED[name][0] in ("read where it leads", "skipped") and name not in snap["errors"] \
                and name not in snap["loaded"]:
            got[name] = EXPECTED[name]
        elif name in snap["errors"]:
            got[name] = ("quarantined", snap["errors"][name][0])
        elif name in snap["loaded"]:
            _, encoding, fmt, _, _ = snap["loaded"][name]
            want = EXPECTED[name]
            ok_enc = encoding in want[1] if isinstance(want[1], tuple) else encoding == want[1]
            got[name] = ("loaded", want[1] if ok_enc else encoding, fmt)
        else:
            got[name] = ("missing",)
    assert got == EXPECTED


def test_loaded_texts_are_exact_and_reach_the_marts(zoo):
    snap = zoo["snap"]
    for name, text in zoo["texts"].items():
        rid, _, _, raw, _ = snap["loaded"][name]
        assert raw == text, f"{name}: the stored text differs from what was written"
        assert rid in snap["dim"], f"{name}: loaded but not in marts.dim_report"
    for name in ("report.pdf", "report.docx"):
        assert snap["loaded"][name][0] in snap["dim"]


def test_quarantine_details_name_the_file_and_the_cause(zoo):
    errors = zoo["snap"]["errors"]
    for name, (reason, detail) in errors.items():
        assert detail.startswith(name + ":"), detail
    assert "PDF" in errors["scan.txt"][1] and "rename it to .pdf" in errors["scan.txt"][1]
    assert "PNG" in errors["photo.txt"][1]
    assert "52,428,800 bytes" in errors["huge_50mb.txt"][1]
    assert "OCR" in errors["scan_no_text.pdf"][1]
    out = zoo["first"].stderr
    for name, (reason, detail) in errors.items():     # one line each: path, reason, what to do
        line = next((x for x in out.splitlines() if x.strip().startswith("quarantined ") and f"/{name}: " in x), "")
        assert line.endswith(f"/{name}: {reason}: {detail.removeprefix(name + ': ').removeprefix(reason + ': ')}"), line


def test_the_same_report_under_two_names_or_in_two_encodings_is_one_report(zoo):
    loaded = zoo["snap"]["loaded"]
    assert loaded["utf8.txt"][0] == loaded["utf8_same_bytes.txt"][0] == loaded["utf8_as_gbk.txt"][0]
    files_seen, reports_new, quarantined = zoo["snap"]["run"]
    listed = [o for o in EXPECTED.values() if o[0] in ("loaded", "quarantined")]
    n_quarantined = sum(o[0] == "quarantined" for o in listed)
    assert (files_seen, quarantined) == (len(listed), n_quarantined)
    assert reports_new == len(listed) - n_quarantined - 2          # the two copies are not new reports
    assert "duplicates 2" in zoo["first"].stdout


def test_links_are_never_followed_out_of_the_folder(zoo):
    snap = zoo["snap"]
    assert not any(SECRET in raw for _, _, _, raw, _ in snap["loaded"].values())
    assert "secret.txt" not in snap["loaded"]
    detail = snap["errors"]["link_outside.txt"][1]
    assert str(zoo["root"] / "secret.txt") in detail and "--follow-links" in detail
    # the link inside the folder is utf8.txt, read once: no second file, no duplicate
    assert [f for f in snap["loaded"] if f.startswith("link")] == []


def test_the_summary_lists_the_files_not_read(zoo):
    out = zoo["first"].stdout
    summary = out[out.index("xxgk run summary"):]
    for name, outcome in EXPECTED.items():
        if outcome[0] == "quarantined" and outcome[1] in ("unsupported_type", "link_outside_folder", "link_broken",
                                                          "link_loop"):
            line = next(x for x in summary.splitlines() if x.strip().startswith(outcome[1]))
            assert name in line, (name, line)
    listed = [x for x in (out + zoo["first"].stderr).splitlines() if not x.strip().startswith("skipped")]
    for name in (".DS_Store", "Thumbs.db", "~$report.docx"):
        assert not [x for x in listed if name in x], name
    assert "skipped 3 hidden or system files" in summary, summary


def test_how_a_file_became_text_is_a_finding(zoo):
    """Repairs, mixtures, kept NULs and document extraction are `input_converted` findings in the
    marts; a plain UTF-8 or GB18030 file has none."""
    converted = zoo["snap"]["converted"]
    assert {"latin1_mojibake.txt", "gbk_mojibake.txt", "mixed.txt", "few_nuls.txt", "report.pdf",
            "report.docx"} <= converted
    assert not converted & {"utf8.txt", "gb18030.txt", "long_line.txt"}


def test_html_scripts_and_styles_never_become_figures(zoo):
    _, _, _, raw, parsed = zoo["snap"]["loaded"]["page_with_scripts.html"]
    assert SCRIPT_MARKER in raw, "the raw HTML is stored as it is"
    assert parsed and SCRIPT_MARKER not in parsed and "777" not in parsed and "999" not in parsed
    assert zoo["snap"]["facts"], "the report inside the HTML is parsed"
    assert not any(v in ("777", "999") for (v,) in zoo["snap"]["facts"])
    assert not (zoo["root"] / "pwned").exists()


def test_a_fixed_file_loads_on_the_next_run(zoo):
    after = zoo["after"]
    assert "scan.txt" not in after["errors"] and after["loaded"].get("scan.pdf") == "pdf"
    assert set(after["errors"]) == {n for n, o in EXPECTED.items() if o[0] == "quarantined"} - {"scan.txt"}
