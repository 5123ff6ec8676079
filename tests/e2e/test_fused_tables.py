"""End to end: tables whose cells ran together, and tables that are there but unreadable or missing,
through `xxgk run` into the warehouse: split cells with their provenance in marts.fct_report_facts,
the findings in marts.fct_findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, q, xxgk

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

HEAD = "XX市XX局2022年政府信息公开工作年度报告\n一、总体情况\n2022年,我局主动公开政府信息15条。\n"
MISSING = HEAD + ("二、主动公开政府信息情况\n(见附图一)\n三、收到和处理政府信息公开申请情况\n(见附图二)\n"
                  "四、政府信息公开行政复议、行政诉讼情况\n(见附图三)\n五、存在的主要问题及改进情况\n无。\nXX市XX局\n2023年1月20日\n")
UNREADABLE = HEAD + ("二、主动公开政府信息情况\n第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数 规章 甲 乙 丙\n"
                     "三、收到和处理政府信息公开申请情况 申请人情况 本年新收政府信息公开申请数量 见附件 2023年1月20日\n")


@pytest.fixture(scope="module")
def fused_run(tmp_path_factory: pytest.TempPathFactory):
    reports = tmp_path_factory.mktemp("fused_reports")
    for name in ("f_r06.txt", "f_r09.txt"):
        shutil.copy(FIXTURES / "reports" / "real_fused" / name, reports / name)
    (reports / "missing.txt").write_text(MISSING, encoding="utf-8")
    (reports / "unreadable.txt").write_text(UNREADABLE, encoding="utf-8")
    wh = tmp_path_factory.mktemp("wh") / "xxgk.duckdb"
    proc = xxgk("run", "--reports", str(reports), "--warehouse", str(wh))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return wh


def _findings(wh: Path, file_name: str) -> list[tuple]:
    return q(wh, """select f.rule, f.key, f.severity, f.source, f.detail from marts.fct_findings f
                    join marts.dim_report d using (report_id) where d.file_name = ? order by all""", [file_name])


def test_split_cells_carry_their_run_and_identity(fused_run):
    rows = q(fused_run, """select f.key, f.value, f.raw, f.placement, f.sentence from marts.fct_report_facts f
                           join marts.dim_report d using (report_id) where d.file_name = 'f_r06.txt'""")
    facts = {k: (v, raw, how, note) for k, v, raw, how, note in rows}
    assert facts["t2.licensing.prev_items"][:3] == (3, "3", "split")
    assert "'300'" in facts["t2.licensing.prev_items"][3]
    assert not [k for k in facts if k.startswith(("t2.normative_docs", "t2.penalty", "t2.procurement"))]
    assert len([k for k in facts if k.startswith("t3.")]) == 161


def test_ambiguous_runs_unreadable_and_missing_tables_are_findings(fused_run):
    amb = [(k, sev, src, d) for r, k, sev, src, d in _findings(fused_run, "f_r06.txt") if r == "table_ambiguous"]
    assert {k for k, *_ in amb} == {"t2.normative_docs", "t2.penalty", "t2.procurement"}
    assert all(src == "parse" for _, _, src, _ in amb)
    assert any("'2832995元'" in d for *_, d in amb)
    assert {("table_missing", t, "warn", "parse") for t in ("t2", "t3", "t4")} <= {
        f[:4] for f in _findings(fused_run, "missing.txt")}
    unreadable = {f[:4] for f in _findings(fused_run, "unreadable.txt")}
    assert ("table_unreadable", "t2", "warn", "parse") in unreadable
    labels = dict(q(fused_run, "select rule, label_zh from seeds.rule_catalog where rule like 'table_%'"))
    assert {"table_unreadable", "table_missing", "table_ambiguous"} <= set(labels)
