"""Run ``dbt build`` on a warehouse file as a subprocess (the way the pipeline and the tests do).

    dbt build --project-dir <repo> --profiles-dir <repo> [--target-path T] [--log-path L]
    env: XXGK_WAREHOUSE=<file>, GX_ANALYTICS_ENABLED=False, [XXGK_GX_ROOT=<folder holding gx/>]

The checkpoint runs inside it (model marts.fct_findings). Exit code 0 even when findings exist.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from xxgk.paths import EXPECTATIONS_DIR, PROJECT_ROOT


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


def copy_gx_project(dest_root: Path) -> Path:
    """Copy the committed GX project (without uncommitted/) to ``dest_root/gx``; returns dest_root.

    Tests run the checkpoint against such a copy (XXGK_GX_ROOT) so parallel runs never share
    validation results or Data Docs.
    """
    dest_root = Path(dest_root)
    shutil.copytree(EXPECTATIONS_DIR / "gx", dest_root / "gx",
                    ignore=shutil.ignore_patterns("uncommitted"), dirs_exist_ok=True)
    return dest_root
