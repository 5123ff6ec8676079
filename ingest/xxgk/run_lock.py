"""One `xxgk run` per warehouse at a time: an exclusive lock on ``<warehouse>.lock`` for the whole run.

Two runs on one warehouse used to destroy it: the second deleted the first's build copy and built
on an empty file, and the first then published whatever was there (issue 14). Now a run takes
``flock(LOCK_EX)`` on ``<warehouse>.lock`` before it looks at anything and keeps it until it ends. A
second run stops at once (``RunInProgress``, exit 3) naming the first run's PID and start time, or
waits for it (``wait=True``, `xxgk run --wait`).

- The lock belongs to the open file, not to the file's content: the operating system drops it when
  the process ends in any way (kill -9, out of memory, power cut of a container), so a stale lock
  cannot exist. The ``dbt build`` child is handed the same open file (``lock_fd``), so the lock is
  held while any process of the run still writes, even if the `xxgk` process itself was killed.
- The file's content (PID, start time, command) is only for the message; it is emptied when the run
  ends. The file itself is never deleted: deleting a lock file lets a third run lock a new file while
  the second still holds the old one.
- ``flock`` is the lock of the local file system; a warehouse on a network share (NFS, SMB) may not
  honour it (README, "How a run keeps the warehouse safe").
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xxgk.warehouse import WarehouseError, WarehouseLocked

Log = Callable[[str], None]


class RunInProgress(WarehouseLocked):
    """Another `xxgk run` holds the warehouse's run lock (exit 3, like a warehouse locked by a BI tool)."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int | None
    started: float | None      # seconds since the epoch
    command: str

    def describe(self) -> str:
        if self.pid is None:
            return "another xxgk run (it has not written its PID yet)"
        when = ""
        if self.started is not None:
            ago = max(0, int(time.time() - self.started))
            when = f", started {datetime.fromtimestamp(self.started).strftime('%Y-%m-%d %H:%M:%S')} ({ago} s ago)"
        gone = "" if _alive(self.pid) else "; it has ended, but a process it started still holds the lock"
        return f"another xxgk run (PID {self.pid}{when}: {self.command}{gone})"


def _read_holder(fd: int) -> Holder:
    """What the holder wrote; a run that has just taken the lock may not have written yet (or a PID
    left by a killed run may still be there), so look again for up to half a second."""
    holder = Holder(None, None, "")
    for _ in range(25):
        try:
            text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        except OSError:
            text = ""
        fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        try:
            holder = Holder(int(fields["pid"]), float(fields["started"]), fields.get("command", ""))
        except (KeyError, ValueError):
            holder = Holder(None, None, "")
        if holder.pid is not None and _alive(holder.pid):
            return holder
        time.sleep(0.02)
    return holder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refusal(warehouse: Path, holder: Holder) -> str:
    return (f"The warehouse {warehouse} is being built by {holder.describe()}. Two runs on one warehouse would "
            "overwrite each other's work, so this run stopped before doing anything; the warehouse is unchanged.\n"
            "Fix: wait for that run to finish and run again, or add --wait to start as soon as it has finished.")


def _open_locked(warehouse: Path, *, wait: bool, on_wait: Callable[[Holder], None]) -> int:
    """An open descriptor of the run lock holding it exclusively. Retries when the file was replaced
    between open and lock (someone deleted it), so the lock is always on the file now at its path."""
    path = lock_path(warehouse)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise WarehouseError(f"Cannot create the run lock {path}: {exc.strerror or exc}") from exc
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                if not wait:
                    raise RunInProgress(_refusal(warehouse, holder)) from None
                on_wait(holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


@contextmanager
def run_lock(warehouse: Path, *, wait: bool = False, log: Log | None = None) -> Iterator[int]:
    """Hold the run lock of ``warehouse`` for the ``with`` block; yields the lock's file descriptor
    (to hand to child processes that must hold it too)."""
    def on_wait(holder: Holder) -> None:
        if log:
            log(f"Waiting for {holder.describe()} to finish with {warehouse} …")

    fd = _open_locked(warehouse, wait=wait, on_wait=on_wait)
    try:
        command = " ".join(["xxgk", *sys.argv[1:]])[:500].replace("\n", " ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid={os.getpid()}\nstarted={time.time()}\ncommand={command}\n".encode(), 0)
        yield fd
    finally:
        try:
            os.ftruncate(fd, 0)     # nobody holds it now; the next reader sees no stale PID
        except OSError:
            pass
        os.close(fd)                # releases the lock
