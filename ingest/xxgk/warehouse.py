"""The warehouse file: creating it readable by DuckDB 1.x clients, detecting locks, and publishing a
new build atomically.

How a run writes (see README "How a run keeps the warehouse safe"):
1. ``check_not_locked`` — a process holding the warehouse read-write (a BI tool opened without
   read-only) stops the run with ``WarehouseLocked``. Read-only readers do not block a run.
2. ``start_build`` — copy the warehouse to ``<file>.building`` (or create a new one) and do all the
   work there: ingest, ``dbt build``, checks.
3. ``publish`` — checkpoint, then ``os.replace`` the build over the warehouse: one rename, so a run
   killed at any point leaves either the previous warehouse or the complete new one. Readers that
   had the old file open keep reading it until they reconnect.
"""

from __future__ import annotations

import os
import re
import shutil
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


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


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


def start_build(warehouse: Path) -> Path:
    """Prepare ``<warehouse>.building``: a copy of the current warehouse, or a new empty file."""
    build = building_path(warehouse)
    discard_build(warehouse)  # a stale build from a killed run is never trusted
    try:
        if warehouse.exists():
            shutil.copyfile(warehouse, build)
        else:
            con = duckdb.connect()
            try:
                con.execute(f"attach '{_sql_path(build)}' as wh (storage_version '{STORAGE_VERSION}')")
                con.execute("detach wh")
            finally:
                con.close()
    except OSError as exc:
        discard_build(warehouse)
        raise WarehouseError(_os_error_message(exc, build)) from exc
    return build


def publish(warehouse: Path) -> None:
    """Atomically replace the warehouse with the finished build."""
    build = building_path(warehouse)
    con = duckdb.connect(str(build))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    wal = build.with_name(build.name + ".wal")
    if wal.exists():  # defensive: a WAL must never be separated from its database
        raise WarehouseError(f"Build {build} still has a write-ahead log after checkpoint; not publishing.")
    try:
        os.replace(build, warehouse)
    except OSError as exc:
        raise WarehouseError(_os_error_message(exc, warehouse)) from exc


def discard_build(warehouse: Path) -> None:
    build = building_path(warehouse)
    for p in (build, build.with_name(build.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _os_error_message(exc: OSError, path: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"The disk is full while writing {path}; free some space and run again (the previous warehouse is intact)."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Permission denied writing {path}: {exc.strerror}. Choose another location with --warehouse."
    return f"Cannot write {path}: {exc.strerror or exc}"
