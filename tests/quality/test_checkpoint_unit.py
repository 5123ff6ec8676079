"""The GX checkpoint on small frames (no dbt): it catches a planted violation by rule name, passes a
clean frame, copes with an empty one, and the committed suite matches the rules in code."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from xxgk.quality.gx_project import copy_gx_project
from xxgk.quality.rules import RULES


@pytest.fixture
def gx_copy(tmp_path, monkeypatch) -> Path:
    root = copy_gx_project(tmp_path / "exp")
    monkeypatch.setenv("XXGK_GX_ROOT", str(root))
    return root


def _frame(rows):
    return pd.DataFrame(rows, columns=["check_id", "report_id", "rule", "key", "lhs", "rhs"]).astype(
        {"lhs": "float64", "rhs": "float64", "check_id": object, "report_id": object, "rule": object, "key": object})


def test_planted_violations_fail_the_checkpoint_by_rule(gx_copy):
    from xxgk.quality.checkpoint import run_checkpoint

    rows = [
        ("ok_balance", "r1", "balance", "t3.total.total", 5, 5),
        ("bad_balance", "r1", "balance", "t3.total.natural_person", 3, 2),
        ("bad_part", "r2", "part_exceeds_whole", "legacy.channel.wechat", 360, 340),
        ("ok_part", "r2", "part_exceeds_whole", "legacy.channel.website", 210, 340),
        ("bad_year", "r3", "year_missing", None, None, None),
        ("ok_year", "r4", "year_missing", None, 2020, None),
    ]
    out = run_checkpoint(_frame(rows))
    assert out.success is False
    assert out.failed == {"bad_balance": "balance", "bad_part": "part_exceeds_whole", "bad_year": "year_missing"}
    assert out.evaluated["balance"] == 2 and out.evaluated["part_exceeds_whole"] == 2
    assert Path(out.data_docs).exists()


def test_clean_and_empty_frames_pass(gx_copy):
    from xxgk.quality.checkpoint import run_checkpoint

    clean = run_checkpoint(_frame([("a", "r1", "row_total", "t3.new.total", 1, 1)]))
    assert clean.success and clean.failed == {}
    empty = run_checkpoint(_frame([]))
    assert empty.success and empty.failed == {}


def test_validation_results_are_pruned(gx_copy, monkeypatch):
    from xxgk.quality.checkpoint import run_checkpoint

    monkeypatch.setenv("XXGK_GX_KEEP_VALIDATIONS", "2")
    for _ in range(4):
        run_checkpoint(_frame([("a", "r1", "row_total", "t3.new.total", 1, 1)]))
    runs = [p for p in (gx_copy / "gx" / "uncommitted" / "validations").glob("*/*") if p.is_dir()]
    assert len(runs) == 2


def test_committed_suite_has_one_expectation_per_rule_named_after_it():
    suite = json.loads((Path(__file__).resolve().parents[2] / "expectations" / "gx" / "expectations"
                        / "rules.json").read_text(encoding="utf-8"))
    names = [e["meta"]["rule"] for e in suite["expectations"]]
    assert names == [r.name for r in RULES]
    for e in suite["expectations"]:
        assert e["description"].startswith(e["meta"]["rule"] + " (")


def test_ensure_project_leaves_committed_files_alone(gx_copy):
    from xxgk.quality import gx_project

    files = sorted(p for p in (gx_copy / "gx").rglob("*") if p.is_file() and "uncommitted" not in p.parts)
    before = {p: p.read_bytes() for p in files}
    gx_project.ensure_project()
    after = {p: p.read_bytes() for p in files}
    assert before == after


def test_parse_findings_one_per_doubt_worst_severity_details_in_order():
    """A doubt the parser reported twice is one finding: worst of error/warn, distinct details joined
    in the order given, the first line; groups keep the order they first appear in."""
    import polars as pl

    from xxgk.quality.checkpoint import one_per_doubt

    pf = pl.DataFrame([
        ("r2", "table_ambiguous", "t2.x", "info", "second pass", 9),
        ("r1", "table_incomplete", "t4.review", "warn", "10 of 15 cells", 40),
        ("r1", "table_incomplete", "t4.review", "error", "cut", 38),
        ("r1", "table_incomplete", "t4.review", "warn", "10 of 15 cells", 41),
        ("r1", "text_damaged", None, "info", "mojibake", None),
        ("r1", "text_damaged", None, "info", "mojibake", 3),
        ("r2", "table_ambiguous", "t2.x", "info", "second pass", 7),
    ], schema=["report_id", "rule", "key", "severity", "detail", "line_start"], orient="row")
    out = one_per_doubt(pf)
    assert out.select("report_id", "rule", "key", "severity", "detail").rows() == [
        ("r2", "table_ambiguous", "t2.x", "info", "second pass"),
        ("r1", "table_incomplete", "t4.review", "error", "10 of 15 cells · cut"),
        ("r1", "text_damaged", None, "info", "mojibake"),
    ]
    assert out["line_start"].to_list() == [7, 38, 3]
