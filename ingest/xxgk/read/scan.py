"""The identity of the bytes of the files a run looks at — cheap enough to do for a whole corpus.

A re-run over an unchanged folder does only this (and the walk, xxgk.read.walk), so at 100,000 files
every microsecond per file shows. Hashing runs in threads, because ``hashlib`` and file reads release
the GIL.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from xxgk.read.read import ReadResult, read_file_safely

HASH_THREADS = 4      # reads from the page cache and sha256 both release the GIL; more threads than cores
                      # hides the latency of reads that do go to disk
HASH_BATCH = 256      # files per thread task


def content_id(data: bytes) -> str:
    """Identity of a file's bytes (and of the report they were first parsed into)."""
    return hashlib.sha256(data).hexdigest()[:16]


class FileState(NamedTuple):
    path: str
    content_id: str | None   # None: the file cannot be read (the ingest will say why)
    byte_size: int
    mtime_ns: int


def _hash_batch(paths: list[str]) -> list[FileState]:
    out: list[FileState] = []
    for path in paths:
        got = read_file_safely(Path(path))
        if not isinstance(got, ReadResult):
            data, st = got
            out.append(FileState(path, content_id(data), st.st_size, st.st_mtime_ns))
            continue
        try:  # unreadable, too large...: the ingest says why; the state still records what stat sees
            st = os.stat(path)
        except OSError:
            out.append(FileState(path, None, 0, 0))
            continue
        out.append(FileState(path, None, st.st_size, st.st_mtime_ns))
    return out


def hash_files(paths: list[str], threads: int = HASH_THREADS) -> Iterator[FileState]:
    """The state of each path, in order. Batches of files per task: a future per file costs as much as
    hashing a small report."""
    batches = [paths[i:i + HASH_BATCH] for i in range(0, len(paths), HASH_BATCH)]
    if threads <= 1 or len(batches) < 2:
        for batch in batches:
            yield from _hash_batch(batch)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for hashed in pool.map(_hash_batch, batches):
            yield from hashed
