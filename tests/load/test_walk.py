"""The folder walker (xxgk.read.walk): which files a run and `xxgk extract` read, and which they list as
not read, with a reason (issue 14).

- links: a link that stays inside the folder is read once (where it leads); one leading outside is not
  read (``link_outside_folder``) unless ``follow_links``; loops and broken links are listed under the
  link's own name (``link_loop``, ``link_broken``) and never stop the walk;
- files of types the reader does not read are listed (``unsupported_type``), never skipped silently;
- hidden and system files (dotfiles, Thumbs.db, desktop.ini, ``~$`` Office lock files) are skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import SEEDS, xxgk
from xxgk.read.read import REPORT_SUFFIXES
from xxgk.read.result import REASONS
from xxgk.read.walk import Refused, iter_report_files, walk_reports


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "reports", tmp_path / "outside"
    for d in (root / "a" / "b", root / "a-c", root / ".hidden", outside / "inner"):
        d.mkdir(parents=True)
    for rel, data in {"a/b/x.txt": "x 1", "a-c/y.TXT": "y 2", "a/z.html": "<p>z</p>", "a/r.pdf": "%PDF",
                      "a/r.docx": "PK", "a/notes.md": "not a report", "a/sheet.xls": "xls", "a/README": "readme",
                      "a/photo.jpg": "jpg", "a/.x.txt": "hidden", "a/~$lock.docx": "lock", "a/Thumbs.db": "thumbs",
                      "a/desktop.ini": "ini", ".hidden/h.txt": "hidden folder"}.items():
        (root / rel).write_text(data)
    (outside / "secret.txt").write_text("password=hunter2")
    (outside / "inner" / "deep.txt").write_text("in a linked folder")
    links = {
        "a/inside.txt": "b/x.txt",                   # inside: x.txt is read once
        "a/shown.txt": "../.hidden/h.txt",           # inside, to a hidden file: read (where it leads)
        "a/outside.txt": str(outside / "secret.txt"),
        "a/outdir": str(outside / "inner"),
        "a/broken.txt": "missing.txt",
        "a/self.txt": "self.txt",                    # ln -s self.txt self.txt
        "a/ping.txt": "pong.txt", "a/pong.txt": "ping.txt",
        "a/loopdir": "..",                           # a folder link back up: walked once
        "a/pingdir": "pongdir", "a/pongdir": "pingdir",
    }
    for rel, target in links.items():
        os.symlink(target, root / rel)
    return root, outside


def _rel(root: Path, paths) -> list[str]:
    return [os.path.relpath(p, root.parent) for p in paths]


def test_links_types_and_hidden_files(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    walk = walk_reports(root)
    # sorted by the place each entry was found, component by component ("a/b/x.txt" before "a-c/…"),
    # each file once, links replaced by where they lead
    assert _rel(root, walk.files) == ["reports/a/b/x.txt", "reports/a/r.docx", "reports/a/r.pdf",
                                      "reports/.hidden/h.txt", "reports/a/z.html", "reports/a-c/y.TXT"]
    refused = {os.path.relpath(r.path, root): r.reason for r in walk.refused}
    assert refused == {
        "a/README": "unsupported_type", "a/notes.md": "unsupported_type", "a/photo.jpg": "unsupported_type",
        "a/sheet.xls": "unsupported_type", "a/outside.txt": "link_outside_folder", "a/outdir": "link_outside_folder",
        "a/broken.txt": "link_broken", "a/self.txt": "link_loop", "a/ping.txt": "link_loop", "a/pong.txt": "link_loop",
        "a/pingdir": "link_loop", "a/pongdir": "link_loop",
    }
    assert walk.skipped == 5    # .x.txt, ~$lock.docx, Thumbs.db, desktop.ini, and the .hidden folder
    by_name = {Path(r.path).name: r for r in walk.refused}
    for r in walk.refused:
        assert r.reason in REASONS and r.detail.startswith(Path(r.path).name + ": "), r
    assert str(outside / "secret.txt") in by_name["outside.txt"].detail and "--follow-links" in by_name["outside.txt"].detail
    assert "missing.txt" in by_name["broken.txt"].detail
    assert ".txt, .html, .htm, .pdf, .docx" in by_name["sheet.xls"].detail
    assert by_name["sheet.xls"].byte_size == 3 and by_name["outside.txt"].byte_size is None


def test_follow_links_reads_what_links_lead_to_outside(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    walk = walk_reports(root, follow_links=True)
    assert str(outside / "secret.txt") in walk.files
    assert str(outside / "inner" / "deep.txt") in walk.files
    assert {Path(r.path).name: r.reason for r in walk.refused if r.reason.startswith("link")} == {
        "broken.txt": "link_broken", "self.txt": "link_loop", "ping.txt": "link_loop", "pong.txt": "link_loop",
        "pingdir": "link_loop", "pongdir": "link_loop"}
    assert len(walk.files) == len(set(walk.files))


def test_the_supported_types_are_the_readers(tmp_path: Path) -> None:
    """One set of supported types: the reader's (xxgk.read.read.REPORT_SUFFIXES)."""
    for suffix in REPORT_SUFFIXES:
        (tmp_path / f"r{suffix.upper()}").write_text("x")
    for suffix in (".xls", ".xlsx", ".rtf", ".png", ".zip", ".7z", ".doc", ".wps", ".json"):
        if suffix not in REPORT_SUFFIXES:
            (tmp_path / f"r{suffix}").write_text("x")
    walk = walk_reports(tmp_path)
    assert sorted(Path(p).suffix.lower() for p in walk.files) == sorted(REPORT_SUFFIXES)
    assert all(r.reason == "unsupported_type" for r in walk.refused)
    assert len(walk.refused) == len([s for s in (".xls", ".xlsx", ".rtf", ".png", ".zip", ".7z", ".doc", ".wps",
                                                 ".json") if s not in REPORT_SUFFIXES])


def test_a_root_that_is_a_file_a_link_or_missing(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    os.symlink(root, tmp_path / "via_link")
    assert walk_reports(tmp_path / "via_link").files == walk_reports(root).files
    one = root / "a" / "z.html"
    assert walk_reports(one).files == [str(one)]
    # a file named on the command line is read whatever its type, through a link too
    assert walk_reports(root / "a" / "notes.md").files == [str(root / "a" / "notes.md")]
    assert walk_reports(root / "a" / "outside.txt").files == [str(outside / "secret.txt")]
    assert [(r.reason, Path(r.path).name) for r in walk_reports(root / "a" / "self.txt").refused] == \
        [("link_loop", "self.txt")]
    assert walk_reports(tmp_path / "nothing_here").files == []
    assert iter_report_files(root) == [Path(p) for p in walk_reports(root).files]


def test_refused_is_a_plain_record() -> None:
    r = Refused("/r/x.xls", "unsupported_type", "x.xls: …", 3)
    assert (r.path, r.reason, r.byte_size) == ("/r/x.xls", "unsupported_type", 3)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    d = tmp_path / "messy"
    d.mkdir()
    good = SEEDS / "004_c493ddf6db4f273e.txt"
    (d / "report.txt").write_bytes(good.read_bytes())
    (tmp_path / "secret.txt").write_bytes(good.read_bytes().replace(b"2", b"3"))
    os.symlink("self.txt", d / "self.txt")
    os.symlink(tmp_path / "secret.txt", d / "outside.txt")
    os.symlink("missing.txt", d / "broken.txt")
    os.symlink("report.txt", d / "same.txt")
    (d / "sheet.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    return d


def test_extract_lists_links_and_other_types_and_goes_on(messy: Path) -> None:
    """`xxgk extract` used to stop at a link loop with 'Too many levels of symbolic links'."""
    proc = xxgk("extract", str(messy))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    lines = {o["file"]: o for o in map(json.loads, proc.stdout.splitlines())}
    assert set(lines) == {"report.txt", "self.txt", "outside.txt", "broken.txt", "sheet.xls"}
    assert lines["report.txt"].get("error") is None and lines["report.txt"]["facts"]
    assert {f: o["error"].split(":")[0] for f, o in lines.items() if f != "report.txt"} == {
        "self.txt": "link_loop", "outside.txt": "link_outside_folder", "broken.txt": "link_broken",
        "sheet.xls": "unsupported_type"}


def test_extract_follow_links(messy: Path) -> None:
    proc = xxgk("extract", "--follow-links", str(messy))
    assert proc.returncode == 0, proc.stderr
    lines = {o["file"]: o for o in map(json.loads, proc.stdout.splitlines())}
    assert lines["secret.txt"].get("error") is None and lines["secret.txt"]["facts"]
