"""Where the project's own files live, resolved from the package, never from the cwd.

The repo is the unit of installation (``pip install -e .`` from the Makefile), so the dbt project,
the seeds and the bundled sample reports are found relative to this file.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_ROOT / "seeds"
SAMPLE_REPORTS_DIR = PROJECT_ROOT / "sample_reports"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "xxgk.duckdb"


def warehouse_from_env() -> Path:
    """The warehouse path dbt's profile uses too: $XXGK_WAREHOUSE, else warehouse/xxgk.duckdb."""
    value = os.environ.get("XXGK_WAREHOUSE")
    return Path(value).resolve() if value else DEFAULT_WAREHOUSE
