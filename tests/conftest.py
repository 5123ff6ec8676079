"""Shared test helpers: where things are, and how to call the real `xxgk` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = FIXTURES / "reports" / "seeds"
REAL = FIXTURES / "reports" / "real"
GOLDEN = FIXTURES / "golden"
BIN = Path(sys.executable).parent

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")


def golden(name: str) -> dict:
    """Ground truth for a report file name (e.g. '004_c493ddf6db4f273e.txt')."""
    return json.loads((GOLDEN / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


def xxgk(*args: str, check: bool = False, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """Run the installed `xxgk` console script, as a user would."""
    proc = subprocess.run([str(BIN / "xxgk"), *args], capture_output=True, text=True, timeout=timeout, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"xxgk {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def repo() -> Path:
    return REPO


def q(wh: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of ``sql`` on the warehouse file ``wh``, opened read-only (as a BI tool would)."""
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
