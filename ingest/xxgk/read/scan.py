"""Which files a run looks at, and the identity of their bytes — cheap enough to do for a whole corpus.

A re-run over an unchanged folder does only this, so at 100,000 files every microsecond per file shows:
``Path.resolve()`` per file (an ``lstat`` of every path component) took longer than hashing the bytes.
Here the folder is resolved once and only files that are themselves symbolic links are resolved again;
hashing runs in threads, because ``hashlib`` and file reads release the GIL.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from xxgk.read.read import REPORT_SUFFIXES, ReadResult, read_file_safely

HASH_THREADS = 4      # reads from the page cache and sha256 both release the GIL; more threads than cores
                      # hides the latency of reads that do go to disk
HASH_BATCH = 256      # files per thread task


def walk_report_files(folder: str) -> tuple[list[str], set[str]]:
    """The report files under ``folder`` as found there, sorted component by component (Path order), and
    which of them are symbolic links to files.

    Does not follow directory links (no cycles) and skips unreadable folders, hidden files and folders
    (``.name``) and Office lock files (``~$name.docx``). One ``scandir`` per folder: the file type comes
    with the listing, so 100,000 files cost no ``stat`` each."""
    found: list[str] = []
    links: set[str] = set()
    folders = [folder]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif name.startswith("~$") or os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES:
                    continue
                elif not entry.is_symlink():
                    found.append(entry.path)
                elif not entry.is_dir():          # a link to a folder is not followed
                    found.append(entry.path)
                    links.add(entry.path)
    found.sort(key=lambda p: p.split(os.sep))
    return found, links


def iter_report_files(root: Path) -> list[Path]:
    """Every report file under ``root`` (or ``root`` itself), sorted for a stable order (see
    walk_report_files for what is skipped)."""
    if root.is_file() or (root.exists() and not root.is_dir()):
        return [root]
    return [Path(p) for p in walk_report_files(str(root))[0]]


def content_id(data: bytes) -> str:
    """Identity of a file's bytes (and of the report they were first parsed into)."""
    return hashlib.sha256(data).hexdigest()[:16]


def report_paths(root: Path) -> list[str]:
    """Absolute paths without symbolic links (what ``raw.files.source_path`` holds) of every report file
    under ``root`` (or ``root`` itself when it is a file), in ``iter_report_files`` order: the folder is
    resolved once, so only files that are links themselves need resolving."""
    base = os.path.realpath(root)
    if not os.path.isdir(base):
        return [base] if os.path.lexists(base) else []
    found, links = walk_report_files(base)
    return [os.path.realpath(p) if p in links else p for p in found] if links else found


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
