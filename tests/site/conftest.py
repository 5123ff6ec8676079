"""Real warehouses for the site tests, built by `xxgk run` as a user would (which writes the site):
the bundled sample reports (plus a copy and an empty file, so the file lists have something to name),
and a 2,000-report synthetic corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, xxgk


@pytest.fixture(scope="session")
def samples_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(warehouse, site folder) of the bundled samples."""
    root = tmp_path_factory.mktemp("samples")
    reports = root / "reports"
    shutil.copytree(REPO / "sample_reports", reports)
    first = sorted(reports.glob("*.txt"))[0]
    shutil.copy(first, reports / f"copy_of_{first.name}")
    (reports / "empty.txt").write_bytes(b"")
    wh = root / "xxgk.duckdb"
    xxgk("run", "--reports", str(reports), "--warehouse", str(wh), check=True, timeout=900)
    return wh, root / "xxgk_site"


@pytest.fixture(scope="session")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(warehouse, site folder) of a seeded 2,000-report synthetic corpus."""
    root = tmp_path_factory.mktemp("synth2k")
    xxgk("synth", "2000", "--out", str(root / "corpus"), "--seed", "19", check=True, timeout=900)
    wh = root / "xxgk.duckdb"
    xxgk("run", "--reports", str(root / "corpus" / "reports"), "--warehouse", str(wh), check=True, timeout=1800)
    return wh, root / "xxgk_site"
