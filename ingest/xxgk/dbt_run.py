"""Run ``dbt build`` on a warehouse file as a subprocess (the way the pipeline and the tests do).

    dbt build --project-dir <repo> --profiles-dir <repo> [--target-path T] [--log-path L]
    env: XXGK_WAREHOUSE=<file>, GX_ANALYTICS_ENABLED=False, [XXGK_GX_ROOT=<folder holding gx/>],
         XXGK_BUILD_FINGERPRINT=<project fingerprint>, [DBT_FULL_REFRESH=True]

The checkpoint runs inside it (model marts.fct_findings). Exit code 0 even when findings exist.

Incremental builds (docs/incremental.md): the per-report models rebuild only the reports that changed.
What no report version covers -- the models, macros, seeds, the checkpoint's code, the versions of dbt,
DuckDB and GX -- is hashed into a project fingerprint. The warehouse keeps the fingerprint of its last
complete build (dbt_state.build_fingerprint, written by the on-run-end hook); when it differs or is
missing, `dbt_env` asks dbt for a full refresh (DBT_FULL_REFRESH, the env form of --full-refresh).
XXGK_FULL_REFRESH=1 forces one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from xxgk.paths import PROJECT_ROOT

# What the tables are computed from besides the raw rows (repo-relative files and folders). The GX JSON
# stores are left out: gx_project builds them from rules.py.
FINGERPRINT_PATHS = (
    "dbt_project.yml",
    "models",
    "macros",
    "seeds",
    "ingest/xxgk/quality/checkpoint.py",
    "ingest/xxgk/quality/rules.py",
    "ingest/xxgk/data/rules.csv",
    "ingest/xxgk/quality/gx_project.py",
)
# Engines whose upgrade may change results (SQL semantics, float formatting, GX's checks)
FINGERPRINT_PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb", "great_expectations", "pandas", "polars", "pyarrow",
                        "numpy")
FINGERPRINT_TABLE = "dbt_state.build_fingerprint"


def project_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """sha256 over the files that define the models and the versions of the engines that run them."""
    h = hashlib.sha256()
    for rel in FINGERPRINT_PATHS:
        path = root / rel
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            h.update(f.relative_to(root).as_posix().encode() + b"\0")
            h.update(f.read_bytes() if f.exists() else b"<missing>")
            h.update(b"\0")
    for pkg in FINGERPRINT_PACKAGES:
        try:
            version = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{pkg}=={version}\0".encode())
    return h.hexdigest()[:32]


def stored_fingerprint(warehouse: Path) -> str | None:
    """The fingerprint of the warehouse's last complete dbt build; None when there is none (a new
    warehouse, one built before incremental models, or one that cannot be read now)."""
    warehouse = Path(warehouse)
    if not warehouse.exists():
        return None
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        has_table = con.execute("select 1 from duckdb_tables() where schema_name = 'dbt_state' "
                                "and table_name = 'build_fingerprint'").fetchall()
        rows = con.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchall() if has_table else []
    except duckdb.Error:
        return None
    finally:
        con.close()
    return rows[0][0] if rows else None


def full_refresh_reason(warehouse: Path, fingerprint: str | None = None) -> str | None:
    """Why the next build of this warehouse must rebuild every model from scratch, or None."""
    if os.environ.get("XXGK_FULL_REFRESH", "").strip().lower() in ("1", "true", "yes"):
        return "XXGK_FULL_REFRESH is set"
    stored = stored_fingerprint(warehouse)
    if stored is None:
        return "no complete incremental build recorded in this warehouse"
    if stored != (fingerprint or project_fingerprint()):
        return "the models, seeds, checkpoint code or engine versions changed since the last build"
    return None


def dbt_executable() -> str:
    here = Path(sys.executable).parent / "dbt"
    return str(here) if here.exists() else (shutil.which("dbt") or "dbt")


def dbt_env(warehouse: Path, *, gx_root: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["XXGK_WAREHOUSE"] = str(Path(warehouse).resolve())
    env["GX_ANALYTICS_ENABLED"] = "False"
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    env["DO_NOT_TRACK"] = "1"  # no network here: never try to send telemetry
    if gx_root is not None:
        env["XXGK_GX_ROOT"] = str(Path(gx_root).resolve())
    fingerprint = project_fingerprint()
    env["XXGK_BUILD_FINGERPRINT"] = fingerprint  # recorded by the on-run-end hook after a complete build
    if full_refresh_reason(warehouse, fingerprint) is not None:
        env["DBT_FULL_REFRESH"] = "True"
    return env


def dbt_build_command(*, target_path: Path | None = None, log_path: Path | None = None,
                      args: list[str] | None = None) -> list[str]:
    """The `dbt build` command line against the repo's project and profile."""
    cmd = [dbt_executable(), "build", "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    if target_path is not None:
        cmd += ["--target-path", str(target_path)]
    if log_path is not None:
        cmd += ["--log-path", str(log_path)]
    return cmd + list(args or [])


def dbt_build(warehouse: Path, *, target_path: Path | None = None, log_path: Path | None = None,
              gx_root: Path | None = None, args: list[str] | None = None,
              capture: bool = True) -> subprocess.CompletedProcess:
    cmd = dbt_build_command(target_path=target_path, log_path=log_path, args=args)
    return subprocess.run(cmd, cwd=PROJECT_ROOT, env=dbt_env(warehouse, gx_root=gx_root),
                          capture_output=capture, text=True)
