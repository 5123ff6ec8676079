"""The warehouse file: creating it readable by DuckDB 1.x clients, detecting locks, and publishing a
new build atomically.

How a run writes (see README "How a run keeps the warehouse safe"):
0. The run holds the warehouse's run lock from start to end (xxgk.run_lock): no other run works on
   this warehouse meanwhile, so whatever build copies are on disk when it starts are stale.
1. ``check_not_locked`` — a process holding the warehouse read-write (a BI tool opened without
   read-only) stops the run with ``WarehouseLocked``. Read-only readers do not block a run.
2. ``start_build`` — throw stale build copies away, copy the warehouse to a build file named for this
   run, ``<file>.building-<pid>-<random>`` (or create a new one), and do all the work there: ingest,
   ``dbt build``, checks.
3. ``publish`` — checkpoint, then ``os.replace`` the build over the warehouse: one rename, so a run
   killed at any point leaves either the previous warehouse or the complete new one. Readers that
   had the old file open keep reading it until they reconnect. It publishes only the very file this
   run made (same inode): a build that is gone or was replaced is refused, never recreated empty.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Files created by DuckDB 2.0 with default settings cannot be opened by DuckDB 1.x, which many BI
# drivers (DBeaver JDBC, ODBC, Metabase) bundle. v1.0.0 storage opens in every client >= 1.0.
STORAGE_VERSION = "v1.0.0"


class WarehouseError(RuntimeError):
    """A problem with the warehouse file that the user must fix; the message says how."""

    exit_code = 2


class WarehouseLocked(WarehouseError):
    exit_code = 3


class DiskFull(WarehouseError):
    """The disk filled up while a run was writing; the build copy has been (or is being) discarded."""

    exit_code = 2


# How a full disk shows in the messages of the processes a run starts: Python's OSError (dbt writing
# its manifest or logs), DuckDB's IO errors ('Could not write file "…": No space left on device'), and
# DuckDB's spill-to-disk failures, which it reports as out of memory ('… could not write …').
_DISK_FULL = re.compile(
    r"No space left on device|\[Errno 28\]|\bENOSPC\b|Disk quota exceeded|\[Errno 122\]|\bEDQUOT\b"
    r"|Out of Memory Error:[^\n]*could not write",
    re.IGNORECASE)
_WRITTEN_FILE = re.compile(r'(?:Could not write(?: all bytes to)?(?: file)?|write to file)\s+"([^"]+)"', re.IGNORECASE)


class BuildLost(WarehouseError):
    """This run's build copy is gone or is not the file this run made: nothing is published."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Build:
    """The build copy a run works on, and the identity of the file it made (device, inode)."""

    warehouse: Path
    path: Path
    identity: tuple[int, int]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The one value a query returns (a count, a max); fetchall leaves no unfinished result behind."""
    return con.execute(sql, params or []).fetchall()[0][0]


def build_name_prefix(warehouse: Path) -> str:
    """Every build copy of ``warehouse`` (and its WAL and spill folder) starts with this name."""
    return warehouse.name + ".building"


def _lock_message(warehouse: Path, exc: Exception) -> str:
    text = str(exc)
    holder = re.search(r"\(PID (\d+)\)", text) or re.search(r"PID (\d+)", text)
    program = re.search(r"is held in (\S+)", text)
    who = ""
    if holder:
        who = f" by process {holder.group(1)}"
        if program:
            who += f" ({program.group(1)})"
    return (
        f"The warehouse {warehouse} is locked{who}: another program has it open for writing, so this run "
        "cannot publish a new build.\n"
        "Fix: close that program's connection (in DBeaver, disconnect AND close the connection; in Python, "
        "con.close()), then run again.\n"
        "To avoid this, let BI tools connect read-only: read-only readers never block a run "
        "(see README, 'Connecting BI tools')."
    )


def is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def check_not_locked(warehouse: Path) -> None:
    """Raise WarehouseLocked if another process holds the warehouse read-write."""
    if not warehouse.exists():
        return
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.IOException as exc:
        if is_lock_error(exc):
            raise WarehouseLocked(_lock_message(warehouse, exc)) from exc
        raise WarehouseError(f"The warehouse {warehouse} cannot be opened: {exc}") from exc
    except duckdb.Error as exc:
        raise WarehouseError(f"The warehouse {warehouse} cannot be opened: {exc}") from exc


def check_writable_location(warehouse: Path) -> None:
    folder = warehouse.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"Cannot create the warehouse folder {folder}: {exc.strerror or exc}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WarehouseError(
            f"The warehouse folder {folder} is not writable; choose another location with --warehouse "
            "or fix its permissions."
        )


def free_bytes(path: Path) -> int | None:
    """Free bytes on the file system holding ``path`` (its nearest existing ancestor); None if unknown."""
    path = Path(path)
    for p in (path, *path.parents):
        try:
            return shutil.disk_usage(p).free
        except OSError:
            continue
    return None


def check_room_for_copy(warehouse: Path) -> None:
    """Refuse a build whose copy of the warehouse cannot fit, before writing a byte: a copy that
    fills the disk halfway would only be thrown away (and may starve other programs meanwhile)."""
    if not warehouse.exists():
        return
    need, free = warehouse.stat().st_size, free_bytes(warehouse.parent)
    if free is not None and free < need:
        raise DiskFull(
            f"The disk holding {warehouse.parent} is full: the build copy of the warehouse needs "
            f"{human_bytes(need)} and only {human_bytes(free)} is free (a build needs that plus room to grow). "
            f"{_INTACT_AND_RERUN}")


_INTACT_AND_RERUN = ("The previous warehouse is untouched; free some space (or choose a bigger disk with "
                     "--warehouse) and run the same `xxgk run` command again.")


def start_build(warehouse: Path) -> Build:
    """A build file for this run: a copy of the current warehouse, or a new empty file. Call it while
    holding the run lock (xxgk.run_lock): any other build copy is then a killed run's, and goes."""
    discard_stale_builds(warehouse)  # a stale build from a killed run is never trusted (and frees its space)
    check_room_for_copy(warehouse)
    path = warehouse.with_name(f"{build_name_prefix(warehouse)}-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if warehouse.exists():
            shutil.copyfile(warehouse, path)
        else:
            con = duckdb.connect()
            try:
                con.execute(f"attach '{_sql_path(path)}' as wh (storage_version '{STORAGE_VERSION}')")
                con.execute("detach wh")
            finally:
                con.close()
        st = os.stat(path)
    except OSError as exc:
        _remove_build_files(path)
        if is_disk_full(exc):
            raise disk_full_error(warehouse, "copying the warehouse", exc) from exc
        raise WarehouseError(_os_error_message(exc, path)) from exc
    except duckdb.Error as exc:
        _remove_build_files(path)
        if is_disk_full(exc):
            raise disk_full_error(warehouse, "creating the warehouse", exc) from exc
        raise
    return Build(warehouse, path, (st.st_dev, st.st_ino))


def _check_ours(build: Build) -> None:
    """Refuse to publish a build file that is gone or is not the file this run made."""
    try:
        st = os.stat(build.path)
    except FileNotFoundError:
        raise BuildLost(f"This run's build copy {build.path} is gone (another program deleted it); nothing was "
                        f"published and the warehouse {build.warehouse} is unchanged. Run again.") from None
    if (st.st_dev, st.st_ino) != build.identity:
        raise BuildLost(f"{build.path} is no longer the build copy this run made (another program replaced it); "
                        f"nothing was published and the warehouse {build.warehouse} is unchanged. Run again.")


def publish(build: Build) -> None:
    """Atomically replace the warehouse with this run's finished build."""
    _check_ours(build)  # before opening it: connecting to a path that is gone would create an empty database
    con = duckdb.connect(str(build.path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    _check_ours(build)
    wal = build.path.with_name(build.path.name + ".wal")
    if wal.exists():  # defensive: a WAL must never be separated from its database
        raise WarehouseError(f"Build {build.path} still has a write-ahead log after checkpoint; not publishing.")
    try:
        os.replace(build.path, build.warehouse)
    except OSError as exc:
        raise WarehouseError(_os_error_message(exc, build.warehouse)) from exc


def discard_build(build: Build) -> None:
    """Remove this run's build copy, its WAL and DuckDB's spill folder (``<build>.tmp``) if present."""
    _remove_build_files(build.path)


def discard_stale_builds(warehouse: Path) -> None:
    """Remove every build copy of ``warehouse`` left by killed runs (the caller holds the run lock)."""
    pattern = os.path.join(glob.escape(str(warehouse.parent)), glob.escape(build_name_prefix(warehouse)) + "*")
    for p in glob.glob(pattern):
        path = Path(p)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except FileNotFoundError:
                pass


def _remove_build_files(build: Path) -> None:
    for p in (build, build.with_name(build.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
    shutil.rmtree(build.with_name(build.name + ".tmp"), ignore_errors=True)


def _exception_texts(exc: BaseException) -> list[str]:
    """The messages of ``exc`` and the exceptions it was raised from or during (a failed ROLLBACK
    after a failed write hides the write error in ``__context__``)."""
    texts, seen = [], set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, OSError) and link.errno in (errno.ENOSPC, errno.EDQUOT):
            texts.append(f"[Errno 28] No space left on device: {link.filename or ''}")
        texts.append(str(link))
        link = link.__cause__ or link.__context__
    return texts


def is_disk_full(what: BaseException | str) -> bool:
    texts = [what] if isinstance(what, str) else _exception_texts(what)
    return any(_DISK_FULL.search(t) for t in texts)


def disk_full_error(warehouse: Path, stage: str, what: BaseException | str,
                    free_at_start: int | None = None, candidates: tuple[Path, ...] = ()) -> DiskFull:
    """One line: which location is full, during what, how much room there was, that the previous
    warehouse is untouched, how to re-run. Call it before the build copy is discarded, so the
    location that is full still shows as full."""
    text = what if isinstance(what, str) else "\n".join(_exception_texts(what))
    named = _WRITTEN_FILE.search(text)
    if named:
        location = Path(named.group(1)).parent
    else:  # the message names no file: the fullest of the places a run writes to
        places = [warehouse.parent, *candidates]
        location = min(places, key=lambda p: _free_or_plenty(p))
    room = ""
    if free_at_start is not None and _same_file_system(location, warehouse.parent):
        size = warehouse.stat().st_size if warehouse.exists() else 0
        room = (f" Only {human_bytes(free_at_start)} was free there after "
                + (f"copying the warehouse ({human_bytes(size)})" if size else "creating the new warehouse")
                + "; the build needed more.")
    return DiskFull(f"The disk holding {location} is full (No space left on device while {stage}).{room} "
                    f"The unfinished build was removed. {_INTACT_AND_RERUN}")


def _free_or_plenty(path: Path) -> int:
    """Free bytes at ``path``; a place whose room is unknown counts as roomy (it is not the full one)."""
    free = free_bytes(path)
    return 1 << 62 if free is None else free


def _same_file_system(a: Path, b: Path) -> bool:
    try:
        return os.stat(_existing(a)).st_dev == os.stat(_existing(b)).st_dev
    except OSError:
        return False


def _existing(path: Path) -> Path:
    return next((p for p in (path, *path.parents) if p.exists()), path)


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _os_error_message(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk holding {path.parent} is full (writing {path.name}). {_INTACT_AND_RERUN}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Permission denied writing {path}: {exc.strerror}. Choose another location with --warehouse."
    return f"Cannot write {path}: {exc.strerror or exc}"
