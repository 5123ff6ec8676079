"""bodies.html (every reporting body, searched and paged client-side) and body/<agency_id>.html:
a body's reports by year, its harmonised figures with year-over-year changes and carry-over
continuity (marts.fct_agency_year), and its findings.

Bulk: four queries sorted by agency_id (bodies, yearly figures, reports, findings), walked once in
step; no query per body.
"""

from __future__ import annotations

import pyarrow as pa

from xxgk.site import svg
from xxgk.site.context import Ctx, body_href, report_href
from xxgk.site.layout import data_script, datatable, esc, page
from xxgk.site.render import equation, fnum, fpct, severity_pill

# findings listed on a body's page (more are one click away on the findings page, filtered to it):
# keeps a body's page small (< 200 KB) whatever its reports contain
MAX_FINDINGS_ON_PAGE = 150

# year-over-year columns of fct_agency_year: (column, base figure, is a share)
CHANGES = (
    ("requests_received_change", "requests_received", False),
    ("requests_received_change_pct", "requests_received", True),
    ("total_handled_change", "total_handled", False),
    ("proactive_total_change", "proactive_total", False),
    ("review_total_change", "review_total", False),
    ("litigation_total_change", "litigation_total", False),
)
RATES = ("grant_rate", "review_correction_rate", "litigation_per_100_requests")
SOURCE_MARK = {"table": "", "legacy": "ᴸ", "prose": "ᴾ"}

LIST_SQL = """\
select a.agency_id, a.agency_name, a.province, a.prefecture, a.county, a.level, a.kind,
       a.first_year, a.last_year, a.n_reports, coalesce(f.findings, 0) as findings
from marts.dim_agency a
left join (select r.agency_id, count(*) as findings
           from marts.fct_findings f join marts.dim_report r using (report_id)
           group by r.agency_id) f using (agency_id)
order by a.province nulls last, a.agency_name, a.agency_id"""


def figure_columns(ctx: Ctx) -> list[str]:
    """The harmonised figures of fct_agency_year: the columns that have a `<name>_source` sibling
    (macros/figure_definitions.sql decides which they are)."""
    cols = [c for (c,) in ctx.rows("""select column_name from duckdb_columns() where database_name = 'wh'
        and schema_name = 'marts' and table_name = 'fct_agency_year' order by column_index""")]
    have = set(cols)
    return [c for c in cols if f"{c}_source" in have]


def _columns(table: pa.Table) -> dict[str, list]:
    return {name: table.column(name).to_pylist() for name in table.column_names}


def _ranges(ids: list[str]) -> dict[str, tuple[int, int]]:
    """agency_id -> [start, end) rows of a list sorted by agency_id."""
    out: dict[str, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            out[ids[start]] = (start, i)
            start = i
    return out


def write_list(ctx: Ctx) -> None:
    rows = [list(r) for r in ctx.rows(LIST_SQL)]
    cols = ["agency_id", "agency_name", "province", "prefecture", "county", "level", "kind", "first_year",
            "last_year", "n_reports", "findings"]
    ctx.write("data/bodies.js", data_script("bodies", cols, rows), "data")
    lab = ctx.labels
    spec = {
        "data": "bodies", "pageSize": 50, "search": ["agency_name", "province", "prefecture", "county", "agency_id"],
        "filters": [{"c": "province", "zh": "省级行政区", "en": "province"},
                    {"c": "level", "zh": "层级", "en": "level"}, {"c": "kind", "zh": "类型", "en": "kind"}],
        "labels": {"level": lab.vocab.get("level", {}), "kind": lab.vocab.get("kind", {})},
        "columns": [
            {"c": "agency_name", "zh": "机关", "en": "body", "href": "body/{agency_id}.html", "wrap": True},
            {"c": "province", "zh": "省", "en": "province"}, {"c": "prefecture", "zh": "地市", "en": "prefecture"},
            {"c": "county", "zh": "县区", "en": "county"},
            {"c": "level", "zh": "层级", "en": "level", "t": "label"}, {"c": "kind", "zh": "类型", "en": "kind", "t": "label"},
            {"c": "first_year", "zh": "首年", "en": "first year", "t": "num"},
            {"c": "last_year", "zh": "末年", "en": "last year", "t": "num"},
            {"c": "n_reports", "zh": "报告", "en": "reports", "t": "num"},
            {"c": "findings", "zh": "发现", "en": "findings", "t": "num"},
        ],
    }
    body = (f'<h1>机关 <span class="en">Reporting bodies</span></h1><p class="sub">{len(rows):,} 个机关 bodies '
            "(marts.dim_agency)；同一机关跨年度为同一编号 — the same body across years has one id.</p>"
            f"<section>{datatable('bodies-table', spec)}</section>")
    ctx.write("bodies.html", page(title="机关 Bodies", body=body, root="", here="bodies.html",
                                  scripts=("data/bodies.js",), footer=ctx.footer("")), "lists")


def write_pages(ctx: Ctx) -> None:
    figs = figure_columns(ctx)
    wanted = ["agency_id", "report_year", "report_id", "era", "pick_reason", "n_reports_for_year",
              *[c for f in figs for c in (f, f"{f}_source")], *RATES,
              "carry_over_status", "prev_requests_carried_forward", "requests_carried_in",
              "carry_over_diff", *[c for c, _, _ in CHANGES]]
    year_cols = ", ".join(dict.fromkeys(wanted))
    years = _columns(ctx.arrow(f"select {year_cols} from marts.fct_agency_year order by agency_id, report_year"))
    reports = _columns(ctx.arrow("""
        select r.agency_id, r.report_year, r.report_id, r.file_name, r.era, r.published, r.is_primary,
               r.is_superseded, r.pick_reason, coalesce(f.n, 0) as findings
        from marts.dim_report r
        left join (select report_id, count(*) as n from marts.fct_findings group by report_id) f using (report_id)
        where r.agency_id is not null
        order by r.agency_id, r.report_year nulls last, r.is_primary desc, r.report_id"""))
    findings = _columns(ctx.arrow("""
        select r.agency_id, r.report_year, f.report_id, f.rule, f.severity, f.key, f.lhs_label, f.lhs, f.rhs_label,
               f.rhs, f.diff, f.detail, f.line_start
        from marts.fct_findings f join marts.dim_report r using (report_id)
        where r.agency_id is not null
        order by r.agency_id, case f.severity when 'error' then 0 when 'warn' then 1 else 2 end,
                 r.report_year, f.rule, f.key"""))
    yr = _ranges(years["agency_id"])
    rr = _ranges(reports["agency_id"])
    fr = _ranges(findings["agency_id"])
    for a in ctx.arrow("select * from marts.dim_agency order by agency_id").to_pylist():
        aid = a["agency_id"]
        html = _page(ctx, a, figs, years, yr.get(aid, (0, 0)), reports, rr.get(aid, (0, 0)),
                     findings, fr.get(aid, (0, 0)))
        ctx.write(body_href(aid), html, "body pages")


def _page(ctx: Ctx, a: dict, figs: list[str], years: dict, yrange: tuple[int, int], reports: dict,
          rrange: tuple[int, int], findings: dict, frange: tuple[int, int]) -> str:
    lab = ctx.labels
    root = "../"
    place = " · ".join(esc(x) for x in (a["province"], a["prefecture"], a["county"]) if x) or "未知 unknown"
    names = a.get("names_seen") or []
    head = (f'<h1>{esc(a["agency_name"])}</h1><p class="sub">{place} · {lab.value("level", a["level"])} · '
            f'{lab.value("kind", a["kind"])}</p><section><dl class="meta">'
            f'<dt>机关编号 <span class="en">agency_id</span></dt><dd class="mono">{esc(a["agency_id"])}</dd>'
            f'<dt>行政区划代码 <span class="en">division_code</span></dt><dd>{esc(a["division_code"] or "—")}</dd>'
            f'<dt>年度 <span class="en">years</span></dt><dd>{esc(a["first_year"])}–{esc(a["last_year"])} '
            f'({a["n_years"]} 年 years, {a["n_reports"]} 份报告 reports)</dd>'
            f'<dt>出现过的名称 <span class="en">names seen</span></dt><dd>{"；".join(esc(n) for n in names)}</dd>'
            "</dl></section>")
    parts = [head, _reports_table(ctx, reports, rrange), _figures_table(ctx, figs, years, yrange),
             _changes_table(ctx, years, yrange), _findings_table(ctx, a["agency_id"], findings, frange)]
    return page(title=a["agency_name"] or a["agency_id"], body="".join(parts), root=root, here=None,
                footer=ctx.footer(root))


def _reports_table(ctx: Ctx, r: dict, rng: tuple[int, int]) -> str:
    lab = ctx.labels
    rows = []
    for i in range(*rng):
        rid = r["report_id"][i]
        status = ("代表该年度 <span class=en>stands for the year</span>" if r["is_primary"][i]
                  else "旧版本 <span class=en>superseded</span>" if r["is_superseded"][i]
                  else "未选用 <span class=en>not picked</span>")
        rows.append(f'<tr><td>{esc(r["report_year"][i] or "—")}</td>'
                    f'<td class="wrap"><a href="../{report_href(rid)}">{esc(r["file_name"][i])}</a>'
                    f'<br><span class="muted mono">{esc(rid)}</span></td>'
                    f'<td>{lab.value("era", r["era"][i])}</td><td>{esc(r["published"][i] or "—")}</td>'
                    f'<td>{status}<br><span class="muted">{esc(r["pick_reason"][i] or "")}</span></td>'
                    f'<td class="n">{r["findings"][i]:,}</td></tr>')
    return ('<section><h2>历年报告 <span class="en">reports by year</span></h2><div class="scroll"><table id="reports">'
            "<thead><tr><th>年度 <span class=en>year</span></th><th>报告 <span class=en>report</span></th>"
            "<th>格式 <span class=en>era</span></th><th>发布日期 <span class=en>published</span></th>"
            "<th>选用 <span class=en>pick</span></th><th class=n>发现 <span class=en>findings</span></th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _figures_table(ctx: Ctx, figs: list[str], y: dict, rng: tuple[int, int]) -> str:
    lab = ctx.labels
    idx = range(*rng)
    if not idx:
        return ('<section><h2>统一口径数字 <span class="en">harmonised figures</span></h2><p class="muted">'
                "没有选用的年度报告（年份未知）。 No report of this body has a known year.</p></section>")
    head = ("<tr><th>指标 <span class=en>figure</span></th>"
            + "".join(f'<th class="n"><a href="../{report_href(y["report_id"][i])}">{y["report_year"][i]}</a></th>'
                      for i in idx) + "<th>趋势 <span class=en>trend</span></th></tr>")
    rows = []
    for f in figs:
        values, srcs = y[f], y[f"{f}_source"]
        if all(values[i] is None for i in idx):
            continue
        cells = "".join(
            f'<td class="n" data-col="{f}" data-year="{y["report_year"][i]}" data-value="{"" if values[i] is None else values[i]}"'
            f' title="{esc(lab.vocab.get("figure_source", {}).get(srcs[i] or "", ""))} {esc(srcs[i] or "")}">'
            f'{fnum(values[i])}{SOURCE_MARK.get(srcs[i] or "", "")}</td>' for i in idx)
        trend = svg.sparkline([None if values[i] is None else float(values[i]) for i in idx])
        rows.append(f"<tr><td>{lab.column(f)}</td>{cells}<td>{trend}</td></tr>")
    for rate in RATES:
        vals = y[rate]
        if all(vals[i] is None for i in idx):
            continue
        share = rate != "litigation_per_100_requests"
        cells = "".join(f'<td class="n" data-col="{rate}" data-value="{"" if vals[i] is None else vals[i]}">'
                        f'{fpct(vals[i]) if share else fnum(vals[i])}</td>' for i in idx)
        rows.append(f'<tr class="sub"><td>{lab.column(rate)}</td>{cells}<td></td></tr>')
    return ('<section><h2>统一口径数字 <span class="en">harmonised figures (marts.fct_agency_year)</span></h2>'
            '<p class="muted">每年选用一份报告；ᴸ = 来自2019年前统计表 (legacy table)，ᴾ = 来自正文 (prose)，其余来自表格。'
            " One report stands for each year; unmarked figures come from the 2019+ tables.</p>"
            f'<div class="scroll"><table id="figures"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'
            "</section>")


def _changes_table(ctx: Ctx, y: dict, rng: tuple[int, int]) -> str:
    lab = ctx.labels
    idx = range(*rng)
    if not idx:
        return ""
    rows = []
    for i in idx:
        status = y["carry_over_status"][i]
        cls = "err" if status == "broken" else "ok" if status == "consistent" else "muted"
        cells = []
        for col, _, share in CHANGES:
            v = y[col][i]
            text = fpct(v) if share else fnum(v)
            if v is not None and v > 0:
                text = "+" + text
            cells.append(f'<td class="n" data-col="{col}" data-value="{"" if v is None else v}">{text}</td>')
        rows.append(f'<tr><td>{y["report_year"][i]}</td>{"".join(cells)}'
                    f'<td class="{cls}">{lab.value("carry_over_status", status)}</td>'
                    f'<td class="n">{fnum(y["prev_requests_carried_forward"][i])}</td>'
                    f'<td class="n">{fnum(y["requests_carried_in"][i])}</td>'
                    f'<td class="n">{fnum(y["carry_over_diff"][i])}</td></tr>')
    head = ("<tr><th>年度 <span class=en>year</span></th>"
            + "".join(f"<th class=n>{lab.column(c)}</th>" for c, _, _ in CHANGES)
            + f"<th>{lab.column('carry_over_status')}</th><th class=n>{lab.column('prev_requests_carried_forward')}</th>"
            f"<th class=n>{lab.column('requests_carried_in')}</th><th class=n>{lab.column('carry_over_diff')}</th></tr>")
    return ('<section><h2>同比变化与跨年结转 <span class="en">year-over-year changes and carry-over continuity</span></h2>'
            '<p class="muted">上年结转（本年）应等于上一年度的结转下年度继续办理 (R6)。'
            " This year's 上年结转 should equal last year's 结转下年度继续办理 (rule R6).</p>"
            f'<div class="scroll"><table id="changes"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'
            "</section>")


def _findings_table(ctx: Ctx, agency_id: str, f: dict, rng: tuple[int, int]) -> str:
    lab = ctx.labels
    n = rng[1] - rng[0]
    if not n:
        return '<section><h2>发现 <span class="en">findings</span></h2><p class="muted">没有发现 none.</p></section>'
    rows = []
    for i in range(rng[0], min(rng[1], rng[0] + MAX_FINDINGS_ON_PAGE)):
        line = f["line_start"][i]
        href = f"../{report_href(f['report_id'][i])}" + (f"#L{line}" if line else "")
        rows.append(f'<tr><td><a href="{href}">{esc(f["report_year"][i] or "—")}</a></td>'
                    f'<td>{lab.rule(f["rule"][i])}</td><td>{severity_pill(lab, f["severity"][i])}</td>'
                    f'<td>{lab.key(f["key"][i])}</td>'
                    f'<td>{equation(f["rule"][i], f["lhs_label"][i], f["lhs"][i], f["rhs_label"][i], f["rhs"][i], f["diff"][i])}</td>'
                    f'<td class="wrap">{esc(f["detail"][i])}</td></tr>')
    more = ""
    if n > MAX_FINDINGS_ON_PAGE:
        more = (f'<p>还有 {n - MAX_FINDINGS_ON_PAGE:,} 条 — {n - MAX_FINDINGS_ON_PAGE:,} more: '
                f'<a href="../findings.html#agency_id={esc(agency_id)}">在发现页查看全部 all findings of this body</a></p>')
    return (f'<section><h2>发现 <span class="en">findings</span> ({n:,})</h2><div class="scroll"><table id="findings">'
            "<thead><tr><th>年度 <span class=en>year</span></th><th>规则 <span class=en>rule</span></th>"
            "<th>严重程度 <span class=en>severity</span></th><th>指标 <span class=en>key</span></th>"
            "<th>两边 <span class=en>both sides</span></th><th>说明 <span class=en>detail</span></th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{more}</section>")

