"""report_paths must list exactly what iter_report_files lists, each path resolved (it is what
raw.files.source_path holds, so a difference would make every file look new on the next run)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from xxgk.read.scan import iter_report_files
from xxgk.read.scan import content_id, hash_files, report_paths


def _tree(root: Path) -> Path:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a-c").mkdir()
    (root / ".hidden").mkdir()
    (root / "a" / "b" / "x.txt").write_text("x 1")
    (root / "a-c" / "y.TXT").write_text("y 2")
    (root / "a" / "z.html").write_text("<p>z</p>")
    (root / "a" / "notes.md").write_text("not a report")
    (root / "a" / ".x.txt").write_text("hidden")
    (root / "a" / "~$lock.docx").write_bytes(b"lock")
    (root / ".hidden" / "h.txt").write_text("hidden folder")
    outside = root.parent / f"{root.name}_outside"
    outside.mkdir()
    (outside / "target.txt").write_text("linked")
    (outside / "inner").mkdir()
    (outside / "inner" / "deep.txt").write_text("in a linked folder")
    os.symlink(outside / "target.txt", root / "a" / "link.txt")      # a linked file is read (resolved)
    os.symlink(outside / "inner", root / "a" / "folder.txt")          # a linked folder is not followed
    os.symlink(root / "a" / "missing.txt", root / "a" / "broken.txt")  # listed; reading it reports why
    return root


def test_same_files_and_order_as_iter_report_files(tmp_path: Path) -> None:
    root = _tree(tmp_path / "reports")
    expected = [str(p.resolve()) for p in iter_report_files(root)]
    got = report_paths(root)
    assert got == expected
    # "a/b/x.txt" sorts before "a-c/y.TXT" by components although "-" < "/" as characters
    names = [Path(p).name for p in got]
    assert names.index("x.txt") < names.index("y.TXT")
    assert str(tmp_path / "reports_outside" / "target.txt") in got
    assert not any(n in names for n in ("deep.txt", "h.txt", ".x.txt", "~$lock.docx", "notes.md", "folder.txt"))


def test_through_a_linked_folder_and_a_single_file(tmp_path: Path) -> None:
    root = _tree(tmp_path / "reports")
    os.symlink(root, tmp_path / "via_link")
    assert report_paths(tmp_path / "via_link") == report_paths(root)
    one = root / "a" / "z.html"
    assert report_paths(one) == [str(one)]
    assert report_paths(tmp_path / "nothing_here") == []


def test_hash_files_in_threads_matches_serial(tmp_path: Path) -> None:
    paths = []
    for i in range(600):   # several batches, so the threaded path is the one taken
        p = tmp_path / f"r{i:04d}.txt"
        p.write_bytes(f"报告 {i}".encode())
        paths.append(str(p))
    paths.append(str(tmp_path / "gone.txt"))
    got = list(hash_files(paths, threads=4))
    assert [s.path for s in got] == paths
    assert got[7].content_id == hashlib.sha256("报告 7".encode()).hexdigest()[:16]
    assert got[7].byte_size == len("报告 7".encode()) and got[7].mtime_ns == os.stat(paths[7]).st_mtime_ns
    assert got[-1] == (paths[-1], None, 0, 0)
    assert got == list(hash_files(paths, threads=1))
    assert content_id(b"") == "e3b0c44298fc1c14"
