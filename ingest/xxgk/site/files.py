"""Writing many pages fast: the HTML of a batch of pages arrives as one Arrow string column (built by
DuckDB); each page is written from a slice of the column's data buffer, never decoded into a Python
str and encoded back, by a few threads (os.write releases the GIL, so file creation overlaps)."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

WRITERS = 4
FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _slices(column: pa.Array) -> tuple[np.ndarray, memoryview]:
    """Offsets and data buffer of a (large_)string/binary array (no nulls expected)."""
    if column.null_count:
        raise ValueError("a page's HTML is null")
    width = np.int64 if pa.types.is_large_string(column.type) or pa.types.is_large_binary(column.type) else np.int32
    buffers = column.buffers()
    offsets = np.frombuffer(buffers[1], dtype=width)[column.offset: column.offset + len(column) + 1]
    data = memoryview(buffers[2]) if buffers[2] is not None else memoryview(b"")
    return offsets, data


def write_pages(root: Path, paths: list[str], html: pa.Array) -> int:
    """Write html[i] to root/paths[i] for every i; returns the bytes written. Folders must exist."""
    offsets, data = _slices(html)
    base = str(root) + os.sep

    def write_range(lo: int, hi: int) -> int:
        total = 0
        for i in range(lo, hi):
            a, b = int(offsets[i]), int(offsets[i + 1])
            _write(base + paths[i], data[a:b])
            total += b - a
        return total

    return _in_threads(len(paths), write_range)


def _write(path: str, view: memoryview) -> None:
    fd = os.open(path, FLAGS, 0o644)
    try:
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _in_threads(n: int, write_range) -> int:
    """write_range(lo, hi) over [0, n) in WRITERS threads (one for a few files); the bytes written."""
    if n < 64:
        return write_range(0, n)
    step = -(-n // WRITERS)
    with ThreadPoolExecutor(WRITERS) as pool:
        return sum(pool.map(lambda lo: write_range(lo, min(lo + step, n)), range(0, n, step)))


def write_texts(root: Path, paths: list[str], texts: list[str]) -> int:
    """Write texts[i] (UTF-8) to root/paths[i]; returns the bytes written. Folders must exist."""
    data = [t.encode("utf-8") for t in texts]
    base = str(root) + os.sep

    def write_range(lo: int, hi: int) -> int:
        for i in range(lo, hi):
            _write(base + paths[i], memoryview(data[i]))
        return sum(len(d) for d in data[lo:hi])

    return _in_threads(len(paths), write_range)


def prefetch(readers: Iterable[Iterable[pa.RecordBatch]], depth: int = 2) -> Iterator[pa.RecordBatch]:
    """The batches of every reader in turn, produced by a background thread up to ``depth`` ahead:
    DuckDB computes (and releases the GIL) while the caller writes files."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    done = object()

    def produce() -> None:
        try:
            for reader in readers:
                for batch in reader:
                    q.put(batch)
            q.put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    while True:
        item = q.get()
        if item is done:
            break
        if isinstance(item, BaseException):
            raise item
        yield item
    thread.join()
