"""Build the data-quality HTML page from the warehouse (see xxgk.report)."""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

META_RULES = ("year_missing", "agency_missing", "era_missing")
TOP_DISCREPANCIES = 25
CONTEXT_LINES = 1
MAX_SOURCE_CHARS = 1200


@dataclass
class Totals:
    reports: int
    figures: int
    known_figures: int
    findings: int
    errors: int
    warns: int
    bodies: int
    ingest_errors: int


def _rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _has(con, schema: str, table: str) -> bool:
    return bool(_rows(con, "select 1 from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table])
                or _rows(con, "select 1 from duckdb_views() where schema_name = ? and view_name = ?", [schema, table]))


def _esc(x) -> str:
    return "" if x is None else html.escape(str(x))


def _num(x) -> str:
    if x is None:
        return "—"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return _esc(x)
    return f"{int(f):,}" if f == int(f) else f"{f:,.4f}".rstrip("0").rstrip(".")


def _source_lines(text: str | None, line_start, line_end) -> str:
    if not text or line_start is None:
        return ""
    lines = text.splitlines()
    a = max(int(line_start) - 1 - CONTEXT_LINES, 0)
    b = min(int(line_end or line_start) + CONTEXT_LINES, len(lines))
    out = []
    for i in range(a, b):
        mark = "▶" if int(line_start) <= i + 1 <= int(line_end or line_start) else " "
        out.append(f"{mark}{i + 1:>5} │ {lines[i]}")
    s = "\n".join(out)
    return s if len(s) <= MAX_SOURCE_CHARS else s[:MAX_SOURCE_CHARS] + " …"


def _default_data_docs() -> Path | None:
    try:
        from xxgk.quality.gx_project import data_docs_index

        return data_docs_index()
    except Exception:  # noqa: BLE001 - the report must build even without the quality package
        return None


def collect(con) -> dict:
    """Everything the page shows, as plain Python values (also used by the tests)."""
    d: dict = {}
    has_marts = _has(con, "marts", "dim_report")
    d["has_marts"] = has_marts
    if not has_marts:
        return d
    t = _rows(con, """
        select (select count(*) from marts.dim_report),
               (select count(*) from marts.fct_report_facts),
               (select count(*) from marts.fct_report_facts where is_known),
               (select count(*) from marts.fct_findings),
               (select count(*) from marts.fct_findings where severity = 'error'),
               (select count(*) from marts.fct_findings where severity = 'warn'),
               (select count(*) from marts.dim_agency)""")[0]
    ingest_errors = (_rows(con, "select count(*) from raw.ingest_errors")[0][0]
                     if _has(con, "raw", "ingest_errors") else 0)
    d["totals"] = Totals(*t, ingest_errors)
    d["by_era"] = _rows(con, "select coalesce(era, 'unknown'), count(*) from marts.dim_report group by 1 order by 1")
    d["by_year"] = _rows(con, """select report_year, coalesce(era, 'unknown'), count(*) from marts.dim_report
                                 where report_year is not null group by 1, 2 order by 1, 2""")
    d["by_level"] = _rows(con, """select coalesce(level, 'unknown'), count(*) from marts.dim_report
                                  group by 1 order by 2 desc, 1""")
    d["findings_by_rule"] = _rows(con, """
        select f.rule, coalesce(any_value(c.label_zh), ''), f.severity, f.source, count(*),
               count(distinct f.report_id)
        from marts.fct_findings f left join seeds.rule_catalog c on c.rule = f.rule
        group by f.rule, f.severity, f.source order by 5 desc, 1""") if _has(con, "seeds", "rule_catalog") else \
        _rows(con, """select rule, '', severity, source, count(*), count(distinct report_id)
                      from marts.fct_findings group by all order by 5 desc, 1""")
    # share of reports passing each checkpoint rule, among the reports where it is assessable
    d["pass_rates"] = _rows(con, """
        with assessed as (
            select rule, count(distinct report_id) as assessed
            from intermediate.int_rule_checks where assessable group by rule
        ),
        failed as (
            select rule, count(distinct report_id) as failed
            from marts.fct_findings where source = 'checkpoint' group by rule
        ),
        all_checks as (
            select rule, count(distinct report_id) as touched from intermediate.int_rule_checks group by rule
        )
        select a.rule, a.assessed, coalesce(f.failed, 0) as failed,
               a.assessed - coalesce(f.failed, 0) as passed,
               round((a.assessed - coalesce(f.failed, 0)) * 1.0 / a.assessed, 4) as pass_share,
               (select count(*) from marts.dim_report) - a.assessed as not_assessable
        from assessed a left join failed f using (rule) left join all_checks using (rule)
        order by pass_share, a.rule""") if _has(con, "intermediate", "int_rule_checks") else []
    top = _rows(con, f"""
        select f.finding_id, f.report_id, r.file_name, r.agency_name, r.report_year, f.rule, f.key,
               f.lhs_label, f.lhs, f.rhs_label, f.rhs, f.diff, f.detail, f.line_start, f.line_end, f.severity
        from marts.fct_findings f join marts.dim_report r using (report_id)
        where f.source = 'checkpoint' and f.diff is not null and f.rule not in {META_RULES}
        order by abs(f.diff) desc, f.report_id, f.rule, f.key
        limit {TOP_DISCREPANCIES}""")
    texts: dict[str, str] = {}
    ids = sorted({row[1] for row in top})
    if ids and _has(con, "raw", "reports"):
        for rid, text in _rows(con, "select report_id, coalesce(parsed_text, raw_text) from raw.reports "
                                    "where report_id in (select unnest(?))", [ids]):
            texts[rid] = text
    d["top"] = [row + (_source_lines(texts.get(row[1]), row[13], row[14]),) for row in top]
    d["parse_findings"] = _rows(con, """
        select r.file_name, r.agency_name, r.report_year, f.rule, f.key, f.severity, f.detail, f.line_start
        from marts.fct_findings f join marts.dim_report r using (report_id)
        where f.source = 'parse' order by f.severity, f.rule, r.file_name limit 200""")
    return d


def _charts(d: dict) -> list[tuple[str, str]]:
    import plotly.graph_objects as go

    charts: list[tuple[str, str]] = []
    layout = dict(margin=dict(l=40, r=20, t=50, b=40), height=360, template="plotly_white",
                  font=dict(family="system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"))

    years = sorted({y for y, _, _ in d["by_year"]})
    eras = sorted({e for _, e, _ in d["by_year"]})
    fig = go.Figure()
    for era in eras:
        counts = {y: n for y, e, n in d["by_year"] if e == era}
        fig.add_bar(name=era, x=[str(y) for y in years], y=[counts.get(y, 0) for y in years])
    fig.update_layout(barmode="stack", title="Reports by year and format era", **layout)
    charts.append(("chart-year", fig.to_html(full_html=False, include_plotlyjs=False, div_id="chart-year")))

    fig = go.Figure(go.Bar(x=[lvl for lvl, _ in d["by_level"]], y=[n for _, n in d["by_level"]]))
    fig.update_layout(title="Reports by administrative level", **layout)
    charts.append(("chart-level", fig.to_html(full_html=False, include_plotlyjs=False, div_id="chart-level")))

    if d["pass_rates"]:
        pr = d["pass_rates"]
        fig = go.Figure(go.Bar(
            y=[r[0] for r in pr], x=[float(r[4]) * 100 for r in pr], orientation="h",
            text=[f"{float(r[4]) * 100:.1f}% of {r[1]}" for r in pr], textposition="auto"))
        fig.update_layout(title="Share of reports passing each rule (among reports where it is assessable)",
                          xaxis=dict(range=[0, 100], ticksuffix="%"), **{**layout, "height": 420})
        charts.append(("chart-pass", fig.to_html(full_html=False, include_plotlyjs=False, div_id="chart-pass")))

    if d["findings_by_rule"]:
        agg: dict[str, int] = {}
        for rule, _, _, _, n, _ in d["findings_by_rule"]:
            agg[rule] = agg.get(rule, 0) + n
        items = sorted(agg.items(), key=lambda kv: -kv[1])
        fig = go.Figure(go.Bar(x=[k for k, _ in items], y=[v for _, v in items]))
        fig.update_layout(title="Findings by rule", **layout)
        charts.append(("chart-findings", fig.to_html(full_html=False, include_plotlyjs=False,
                                                     div_id="chart-findings")))
    return charts


CSS = """
body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c8cfdb;font-size:13px}main{padding:20px 28px;max-width:1280px}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:17px;margin:0 0 12px}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 140px;background:#f0f3f8;border-radius:6px;padding:10px 14px}
.card .v{font-size:24px;font-weight:600}.card .l{font-size:12px;color:#5a6475}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e4e7ec;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f7f7f2;border:1px solid #e6e4d8;padding:6px 8px;margin:4px 0 0;font-size:12px;white-space:pre-wrap;max-width:720px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:12px}
.err{color:#b42318;font-weight:600}.warn{color:#b54708}.muted{color:#5a6475;font-size:12px}
"""


def render(d: dict, *, warehouse: Path, out_html: Path, data_docs: Path | None) -> str:
    from plotly.offline import get_plotlyjs

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>xxgk data-quality report</title><style>{CSS}</style>
<script>{get_plotlyjs()}</script></head><body>
<header><h1>政府信息公开年度报告 · data-quality report</h1>
<p>Warehouse <code>{_esc(warehouse)}</code> · built {now}</p></header><main>"""]
    if not d.get("has_marts"):
        parts.append("<section><h2>No marts yet</h2><p>Run <code>dbt build</code> (or <code>xxgk run</code>) "
                     "first: the warehouse has no <code>marts.dim_report</code>.</p></section></main></body></html>")
        return "".join(parts)

    t: Totals = d["totals"]
    cards = [("reports", "reports", t.reports), ("bodies", "identified bodies", t.bodies),
             ("figures", "figures", t.figures), ("known-figures", "known figures", t.known_figures),
             ("findings", "findings", t.findings), ("errors", "error findings", t.errors),
             ("warns", "warn findings", t.warns), ("ingest-errors", "files not loaded", t.ingest_errors)]
    parts.append('<section><h2>Totals</h2><div class="cards">')
    for key, label, v in cards:
        parts.append(f'<div class="card"><div class="v" id="total-{key}" data-value="{v}">{_num(v)}</div>'
                     f'<div class="l">{_esc(label)}</div></div>')
    parts.append("</div>")
    if data_docs is not None:
        try:
            href = os.path.relpath(data_docs, out_html.parent)
        except ValueError:
            href = data_docs.as_uri()
        exists = "" if data_docs.exists() else " (not built yet)"
        parts.append(f'<p>Validation details per expectation: <a id="data-docs-link" href="{_esc(href)}">'
                     f'Great Expectations Data Docs</a>{exists}.</p>')
    parts.append("</section>")

    charts = _charts(d)
    parts.append('<section><h2>Charts</h2><div class="grid">')
    for _, div in charts:
        parts.append(f"<div>{div}</div>")
    parts.append("</div></section>")

    def table(title: str, tid: str, head: list[str], rows: list[list[str]], note: str = "") -> None:
        parts.append(f'<section><h2>{_esc(title)}</h2>{note}<table id="{tid}"><thead><tr>'
                     + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr></thead><tbody>")
        for r in rows:
            parts.append("<tr>" + "".join(r) + "</tr>")
        parts.append("</tbody></table></section>")

    td = lambda x: f"<td>{_esc(x)}</td>"  # noqa: E731
    tn = lambda x: f'<td class="n" data-value="{_esc(x)}">{_num(x)}</td>'  # noqa: E731

    table("Reports by era", "by-era", ["era", "reports"], [[td(e), tn(n)] for e, n in d["by_era"]])
    table("Reports by level", "by-level", ["level", "reports"], [[td(lv), tn(n)] for lv, n in d["by_level"]])
    table("Share of reports passing each rule", "pass-rates",
          ["rule", "reports assessable", "failed", "passed", "share passing", "not assessable"],
          [[td(r[0]), tn(r[1]), tn(r[2]), tn(r[3]), f'<td class="n" data-value="{r[4]}">{float(r[4]) * 100:.1f}%</td>',
            tn(r[5])] for r in d["pass_rates"]],
          '<p class="muted">A rule is assessable for a report when every cell it needs is known; blank cells '
          'are unknown, not zero.</p>')
    table("Findings by rule", "findings-by-rule", ["rule", "label", "severity", "source", "findings", "reports"],
          [[td(r[0]), td(r[1]), f'<td class="{_esc(r[2])}">{_esc(r[2])}</td>', td(r[3]), tn(r[4]), tn(r[5])]
           for r in d["findings_by_rule"]])

    rows = []
    for (fid, rid, fname, agency, year, rule, key, lhs_label, lhs, rhs_label, rhs, diff, detail, ls, le, sev,
         src) in d["top"]:
        rows.append([
            f'<td>{_esc(agency or "(body unknown)")}<br><span class="muted">{_esc(fname)}</span></td>',
            td(year), f'<td class="{_esc(sev)}">{_esc(rule)}</td>', td(key),
            f'<td class="n">{_esc(lhs_label)}<br><b data-value="{_esc(lhs)}">{_num(lhs)}</b></td>',
            f'<td class="n">{_esc(rhs_label)}<br><b data-value="{_esc(rhs)}">{_num(rhs)}</b></td>',
            f'<td class="n" data-value="{_esc(diff)}">{_num(diff)}</td>',
            f'<td>{_esc(detail)}' + (f"<pre>{_esc(src)}</pre>" if src else "") + "</td>",
        ])
    table(f"Largest discrepancies (top {TOP_DISCREPANCIES} by |difference|)", "discrepancies",
          ["body", "year", "rule", "key", "left side", "right side", "difference", "detail · source lines"], rows)

    table("Findings from the parser", "parse-findings", ["report", "body", "year", "rule", "key", "severity", "detail"],
          [[td(r[0]), td(r[1]), td(r[2]), td(r[3]), td(r[4]), f'<td class="{_esc(r[5])}">{_esc(r[5])}</td>',
            td(r[6])] for r in d["parse_findings"]])
    parts.append("</main></body></html>")
    return "".join(parts)


def build_report(warehouse: Path, out_html: Path, *, data_docs: Path | None = None) -> Path:
    """Write the data-quality page for ``warehouse`` to ``out_html`` (read-only access); returns its path."""
    warehouse, out_html = Path(warehouse), Path(out_html)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        d = collect(con)
    finally:
        con.close()
    page = render(d, warehouse=warehouse, out_html=out_html.resolve(),
                  data_docs=data_docs if data_docs is not None else _default_data_docs())
    out_html.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_html.with_name(out_html.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out_html)
    return out_html


def summary(warehouse: Path) -> dict:
    """Counts for a run summary (reports, figures, findings by rule) — JSON-friendly."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        d = collect(con)
    finally:
        con.close()
    if not d.get("has_marts"):
        return {}
    by_rule: dict[str, int] = {}
    for rule, _, _, _, n, _ in d["findings_by_rule"]:
        by_rule[rule] = by_rule.get(rule, 0) + n
    return {"reports": d["totals"].reports, "figures": d["totals"].figures, "findings": d["totals"].findings,
            "error_findings": d["totals"].errors, "findings_by_rule": by_rule}


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(summary(Path(os.environ.get("XXGK_WAREHOUSE", "warehouse/xxgk.duckdb"))), ensure_ascii=False))
