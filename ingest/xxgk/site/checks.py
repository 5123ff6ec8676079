"""checks.html — this warehouse's Great Expectations results, readable offline: the expectation suite
(one expectation per rule), what each expectation evaluated and rejected in the validation runs that
produced this warehouse's findings, and every rejected row with its report and body.

GX's own HTML Data Docs load their scripts and styles from CDNs and name a failing row only by its
values; this page is built from the same validation result JSON (copied next to it, gx/<run>.json),
with the rows joined back to intermediate.int_rule_checks and marts.dim_report.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa

from xxgk.site.context import Ctx, report_href
from xxgk.site.db import has_relation
from xxgk.site.layout import data_script, datatable, esc, page
from xxgk.site.render import json_number

SUITE = "rules"

EVALUATED_SQL = """\
select rule, count(*) as rows_evaluated, count(distinct report_id) as reports
from intermediate.int_rule_checks
where assessable
group by rule"""

FINDINGS_SQL = """\
select rule, count(*) as findings, count(distinct report_id) as reports
from marts.fct_findings
where source = 'checkpoint'
group by rule"""

RUNS_SQL = """\
select gx_run, count(*) filter (where source = 'checkpoint') as rule_findings, count(distinct report_id) as reports
from marts.fct_findings
where gx_run is not null
group by gx_run
order by gx_run desc"""

# the rows a validation rejected, with their report and body
REJECTED_SQL = """\
select g.rule, c.report_id, r.file_name, r.agency_id, r.agency_name, r.report_year, c.key,
       c.lhs_label, c.lhs, c.rhs_label, c.rhs, c.line_start, c.check_id
from gx_rejected g
join intermediate.int_rule_checks c using (check_id)
left join marts.dim_report r on r.report_id = c.report_id
order by g.rule, r.agency_name, c.report_id, c.key"""


def find_validation(roots: list[Path], run_name: str) -> Path | None:
    """The validation result file of ``run_name`` in any of the GX projects (newest first)."""
    for root in roots:
        base = root / "gx" / "uncommitted" / "validations" / SUITE / run_name
        if base.is_dir():
            found = sorted(base.glob("*/*.json"))
            if found:
                return found[-1]
    return None


def load_suite(roots: list[Path]) -> list[dict]:
    for root in roots:
        path = root / "gx" / "expectations" / f"{SUITE}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8")).get("expectations", [])
    return []


def _rule_of(exp: dict) -> str:
    return (exp.get("meta") or {}).get("rule") or ""


def write(ctx: Ctx, gx_roots: list[Path]) -> None:
    lab = ctx.labels
    suite = load_suite(gx_roots)
    evaluated = {r[0]: r[1:] for r in ctx.rows(EVALUATED_SQL)} if has_relation(
        ctx.con, "intermediate", "int_rule_checks") else {}
    found = {r[0]: r[1:] for r in ctx.rows(FINDINGS_SQL)}
    runs = ctx.rows(RUNS_SQL)

    # the newest validation run behind this warehouse's findings, if its result is still stored
    results: dict[str, dict] = {}
    validation_link = ""
    rejected_rows: list[list] = []
    latest = next((run for run, _, _ in runs if find_validation(gx_roots, run)), None)
    if latest:
        src = find_validation(gx_roots, latest)
        assert src is not None
        (ctx.out / "gx").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, ctx.out / "gx" / f"{latest}.json")
        doc = json.loads(src.read_text(encoding="utf-8"))
        stats = doc.get("statistics", {})
        validation_link = (f'<p>最近一次校验 <span class="en">latest validation run</span> <code>{esc(latest)}</code> '
                           f'({esc((doc.get("meta") or {}).get("validation_time", ""))}): '
                           f'{stats.get("evaluated_expectations", 0)} 项期望 expectations, '
                           f'{stats.get("successful_expectations", 0)} 项通过 passed · '
                           f'<a href="gx/{esc(latest)}.json">原始结果 raw validation result (JSON)</a></p>')
        ids, rules = [], []
        for res in doc.get("results", []):
            rule = _rule_of(res.get("expectation_config") or {})
            results[rule] = res
            for row in (res.get("result") or {}).get("unexpected_index_list") or []:
                if isinstance(row, dict) and "check_id" in row:
                    ids.append(str(row["check_id"]))
                    rules.append(rule)
        ctx.con.register("gx_rejected", pa.table({"check_id": ids, "rule": rules}))
        try:
            for row in ctx.rows(REJECTED_SQL):
                r = list(row)
                r[8], r[10] = json_number(r[8]), json_number(r[10])
                rejected_rows.append([report_href(r[1]), *r])
        finally:
            ctx.con.unregister("gx_rejected")

    rows = []
    for exp in suite:
        rule = _rule_of(exp)
        kw = {k: v for k, v in (exp.get("kwargs") or {}).items() if k != "row_condition"}
        res = results.get(rule)
        if res is not None:
            got = res.get("result") or {}
            ok = bool(res.get("success"))
            run_cells = (f'<td class="n">{got.get("element_count", 0):,}</td>'
                         f'<td class="n">{got.get("unexpected_count", 0) or 0:,}</td>'
                         f'<td class="{"ok" if ok else "err"}">{"通过 pass" if ok else "未通过 fail"}</td>')
        else:
            run_cells = '<td class="n muted">—</td><td class="n muted">—</td><td class="muted">—</td>'
        ev = evaluated.get(rule, (0, 0))
        fd = found.get(rule, (0, 0))
        rows.append(
            f'<tr data-rule="{esc(rule)}"><td>{lab.rule(rule)}<br><span class="muted">'
            f'{esc((exp.get("meta") or {}).get("rule_code", ""))}</span></td>'
            f'<td class="mono wrap">{esc(exp.get("type", ""))}<br><span class="muted">{esc(json.dumps(kw))} '
            f"where rule == '{esc(rule)}'</span></td>"
            f'<td class="wrap">{esc(exp.get("description", ""))}</td>'
            f'<td class="n">{ev[0]:,}</td><td class="n">{ev[1]:,}</td>'
            f'<td class="n"><a href="findings.html#rule={esc(rule)}&source=checkpoint">{fd[0]:,}</a></td>'
            f"{run_cells}</tr>")
    spec = {"data": "checks", "pageSize": 25, "search": ["agency_name", "file_name", "key", "check_id"],
            "filters": [{"c": "rule", "zh": "规则", "en": "rule"}, {"c": "report_year", "zh": "年度", "en": "year"}],
            "labels": {"rule": lab.rules}, "labelsFrom": {"key": "catalog"},
            "columns": [{"c": "rule", "zh": "规则", "en": "rule", "t": "label"},
                        {"c": "agency_name", "zh": "机关", "en": "body", "sub": "file_name", "or": "file_name", "wrap": True,
                         "href": "{href}#L{line_start}"},
                        {"c": "report_year", "zh": "年度", "en": "year"},
                        {"c": "key", "zh": "指标", "en": "key", "t": "label", "wrap": True},
                        {"c": "lhs", "zh": "左边", "en": "lhs", "t": "num", "sub": "lhs_label"},
                        {"c": "rhs", "zh": "右边", "en": "rhs", "t": "num", "sub": "rhs_label"},
                        {"c": "check_id", "zh": "校验行", "en": "check_id"}]}
    cols = ["href", "rule", "report_id", "file_name", "agency_id", "agency_name", "report_year", "key", "lhs_label",
            "lhs", "rhs_label", "rhs", "line_start", "check_id"]
    ctx.write("data/checks.js", data_script("checks", cols, rejected_rows), "data")
    run_rows = "".join(f'<tr><td class="mono">{esc(run)}</td><td class="n">{n:,}</td><td class="n">{reps:,}</td>'
                       f'<td>{"✓" if find_validation(gx_roots, run) else "—"}</td></tr>' for run, n, reps in runs)
    body = (
        '<h1>规则校验 <span class="en">Checks — Great Expectations results</span></h1>'
        '<p class="sub">每条规则对应一项期望，在 dbt build 中对 intermediate.int_rule_checks 的可判断行进行校验。 '
        "One expectation per rule, evaluated inside <code>dbt build</code> over the assessable rows of "
        "intermediate.int_rule_checks; rejected rows become rule findings.</p>"
        f"<section>{validation_link or '<p class=muted>没有找到校验结果文件 no stored validation result for this warehouse.</p>'}"
        '<div class="scroll"><table id="expectations"><thead><tr><th>规则 <span class=en>rule</span></th>'
        "<th>期望 <span class=en>expectation</span></th><th>说明 <span class=en>description</span></th>"
        "<th class=n>可判断行 <span class=en>rows assessable</span></th><th class=n>报告 <span class=en>reports</span></th>"
        "<th class=n>规则发现 <span class=en>findings</span></th>"
        "<th class=n>最近一次校验的行 <span class=en>rows in latest run</span></th>"
        "<th class=n>未通过行 <span class=en>rejected</span></th><th>结果 <span class=en>result</span></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="muted">增量构建只校验变化了的报告，其余报告的发现沿用之前的校验运行。 Incremental builds validate only the '
        "reports that changed; the findings of the others come from the runs listed below.</p></section>"
        f'<section><h2>最近一次校验未通过的行 <span class="en">rows rejected in the latest run, with report and body</span>'
        f" ({len(rejected_rows):,})</h2>{datatable('rejected', spec)}</section>"
        '<section><h2>校验运行 <span class="en">validation runs behind this warehouse\'s findings</span></h2>'
        '<div class="scroll"><table id="runs"><thead><tr><th>运行 <span class=en>run</span></th>'
        "<th class=n>规则发现 <span class=en>rule findings</span></th><th class=n>报告 <span class=en>reports</span></th>"
        f"<th>结果文件 <span class=en>result stored</span></th></tr></thead><tbody>{run_rows}</tbody></table></div></section>")
    ctx.write("checks.html", page(title="规则校验 Checks", body=body, root="", here="checks.html",
                                  scripts=("data/catalog.js", "data/checks.js"), footer=ctx.footer("")), "lists")
