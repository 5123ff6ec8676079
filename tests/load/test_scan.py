"""Hashing the files of a folder (xxgk.read.scan); which files those are: tests/load/test_walk.py."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from xxgk.read.scan import content_id, hash_files


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
