"""The package boundaries the stage map (docs/architecture.md) promises, checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(m for m in sys.modules if m.startswith('xxgk'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_extract_imports_only_the_reader_and_the_parser():
    mods = _modules_after("import xxgk.extract")
    packages = {m.split(".")[1] for m in mods if m.count(".") >= 1}
    # xxgk.templates: the template data the parser reads; xxgk.paths: where the bundled data files are
    assert packages <= {"read", "parse", "templates", "paths", "extract"}, sorted(packages)


def test_the_reader_does_not_import_the_warehouse_side():
    mods = _modules_after("import xxgk.read.read, xxgk.read.scan")
    assert not any(m.startswith(("xxgk.load", "xxgk.quality", "xxgk.pipeline", "xxgk.warehouse")) for m in mods)


def test_the_stage_map_names_every_package_and_module():
    """docs/architecture.md is what a newcomer reads first: it must not miss a part of the code."""
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    root = REPO / "ingest" / "xxgk"
    parts = [p.name + "/" for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    parts += [p.name for p in root.glob("*.py") if p.name != "__init__.py"]
    assert [p for p in parts if f"{p}" not in doc] == []
