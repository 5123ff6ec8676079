"""body/<agency_id>.html, one page per reporting body, built in DuckDB in one query:

- its reports by year (marts.dim_report), with links to the report pages;
- its harmonised figures (marts.fct_agency_year) as figures × years, the source of each figure and a
  small trend line, then the derived rates;
- year-over-year changes and carry-over continuity (R6), year by year;
- its findings (the first MAX_FINDINGS, the rest one click away on the findings page).

The figure columns are read from the table (every column with a `_source` sibling), so new
harmonised figures appear without a change here.
"""

from __future__ import annotations

import pyarrow as pa

from xxgk.site import files
from xxgk.site.context import Ctx
from xxgk.site.layout import page

# findings listed on a body's page (more are one click away on the findings page, filtered to it):
# keeps a body's page small (< 200 KB) whatever its reports contain
MAX_FINDINGS = 150

# year-over-year columns of fct_agency_year: (column, is a share)
CHANGES = (
    ("requests_received_change", False),
    ("requests_received_change_pct", True),
    ("total_handled_change", False),
    ("proactive_total_change", False),
    ("review_total_change", False),
    ("litigation_total_change", False),
)
RATES = (("grant_rate", True), ("review_correction_rate", True), ("litigation_per_100_requests", False))
SPARK_W, SPARK_H = 120, 22


def figure_columns(ctx: Ctx) -> list[str]:
    """The harmonised figures of fct_agency_year: the columns that have a `<name>_source` sibling
    (macros/figure_definitions.sql decides which they are)."""
    cols = [c for (c,) in ctx.rows("""select column_name from duckdb_columns() where database_name = 'wh'
        and schema_name = 'marts' and table_name = 'fct_agency_year' order by column_index""")]
    have = set(cols)
    return [c for c in cols if f"{c}_source" in have]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pages_sql(figs: list[str]) -> str:
    unpivot_cols = ", ".join(
        [f"cast({_q(f)} as decimal(38, 4)) as {_q(f)}, {_q(f + '_source')}" for f in figs]
        + [f"cast({_q(r)} as decimal(38, 4)) as {_q(r)}, cast(null as varchar) as {_q(r + '_source')}" for r, _ in RATES])
    on = ", ".join(f"({_q(c)}, {_q(c + '_source')}) as '{c}'" for c in [*figs, *(r for r, _ in RATES)])
    shares = ", ".join(f"'{r}'" for r, share in RATES if share)
    change_cells = " || ".join(
        f"""'<td class="n" data-col="{c}" data-value="' || coalesce(fplain({_q(c)}), '') || '">'
           || case when {_q(c)} > 0 then '+' else '' end || {"fpct" if share else "fnum"}({_q(c)}) || '</td>'"""
        for c, share in CHANGES)
    return f"""\
with years as (
    select y.agency_id, y.report_year, y.report_id,
           row_number() over (partition by y.agency_id order by y.report_year) - 1 as i,
           count(*) over (partition by y.agency_id) as n
    from marts.fct_agency_year y
),
head as (
    select agency_id,
           string_agg('<th class="n"><a href="../report/' || left(report_id, 2) || '/' || report_id || '.html">'
                      || report_year || '</a></th>', '' order by report_year) as th
    from years group by agency_id
),
wide as (
    select agency_id, report_year, {unpivot_cols} from marts.fct_agency_year
),
cells as (
    from wide unpivot include nulls ((v, source) for figure in ({on}))
),
placed as (
    select c.*, y.i, y.n, o.ord,
           min(c.v) over w as lo, max(c.v) over w as hi,
           lag(c.v) over (partition by c.agency_id, c.figure order by c.report_year) as prev
    from cells c
    join years y using (agency_id, report_year)
    join fig_order o using (figure)
    window w as (partition by c.agency_id, c.figure)
),
fig_rows as (
    select agency_id, figure, any_value(ord) as ord,
           string_agg('<td class="n" data-col="' || figure || '" data-year="' || report_year || '" data-value="'
                      || coalesce(fplain(v), '') || '" title="' || coalesce(h(src.zh) || ' ' || source, '') || '">'
                      || case when figure in ({shares}) then fpct(v) else fnum(v) end
                      || case source when 'legacy' then 'ᴸ' when 'prose' then 'ᴾ' else '' end || '</td>', ''
                      order by report_year) as tds,
           string_agg(case when prev is null then 'M' else 'L' end
                      || round(i * {SPARK_W} / greatest(n - 1, 1), 1) || ','
                      || round({SPARK_H - 3} - {SPARK_H - 6} * (v - lo) / coalesce(nullif(hi - lo, 0), 1), 1), ' '
                      order by report_year) filter (where v is not null) as path,
           count(v) as known
    from placed
    left join lab_value src on src.field = 'figure_source' and src.value = placed.source
    group by agency_id, figure
),
figures as (
    select f.agency_id,
           string_agg('<tr' || case when f.figure in ({", ".join(f"'{r}'" for r, _ in RATES)}) then ' class="sub"' else '' end
                      || '><td>' || coalesce(l.html, h(f.figure)) || '</td>' || f.tds || '<td>'
                      || case when f.known >= 2 and f.figure not in ({", ".join(f"'{r}'" for r, _ in RATES)})
                              then '<svg viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" '
                                   || 'aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><path d="' || f.path
                                   || '" fill="none" stroke="#1f5fbf" stroke-width="1.5"/></svg>'
                              else '' end || '</td></tr>', '' order by f.ord) as rows_html
    from fig_rows f
    left join lab_column l on l."column" = f.figure
    where f.known > 0
    group by f.agency_id
),
changes as (
    select y.agency_id,
           string_agg('<tr><td>' || y.report_year || '</td>' || {change_cells}
                      || '<td class="' || case y.carry_over_status when 'broken' then 'err' when 'consistent' then 'ok'
                                              else 'muted' end || '">' || coalesce(cs.html, dash(y.carry_over_status))
                      || '</td><td class="n">' || fnum(y.prev_requests_carried_forward)
                      || '</td><td class="n">' || fnum(y.requests_carried_in)
                      || '</td><td class="n">' || fnum(y.carry_over_diff) || '</td></tr>', '' order by y.report_year)
               as rows_html
    from marts.fct_agency_year y
    left join lab_value cs on cs.field = 'carry_over_status' and cs.value = y.carry_over_status
    group by y.agency_id
),
reps as (
    select r.agency_id,
           string_agg('<tr><td>' || coalesce(cast(r.report_year as varchar), '—') || '</td><td class="wrap">'
                      || '<a href="../report/' || left(r.report_id, 2) || '/' || r.report_id || '.html">'
                      || h(r.file_name) || '</a><br><span class="muted mono">' || r.report_id || '</span></td><td>'
                      || coalesce(e.html, dash(r.era)) || '</td><td>' || coalesce(cast(r.published as varchar), '—')
                      || '</td><td>'
                      || case when r.is_primary then '代表该年度 <span class="en">stands for the year</span>'
                              when r.is_superseded then '旧版本 <span class="en">superseded</span>'
                              else '未选用 <span class="en">not picked</span>' end
                      || '<br><span class="muted">' || h(r.pick_reason) || '</span></td><td class="n">'
                      || coalesce(fc.n, 0) || '</td></tr>', ''
                      order by r.report_year nulls last, r.is_primary desc, r.report_id) as rows_html
    from marts.dim_report r
    left join (select report_id, count(*) as n from marts.fct_findings group by report_id) fc using (report_id)
    left join lab_value e on e.field = 'era' and e.value = r.era
    where r.agency_id is not null
    group by r.agency_id
),
ranked_findings as (
    select r.agency_id, r.report_year, f.*,
           row_number() over (partition by r.agency_id
                              order by case f.severity when 'error' then 0 when 'warn' then 1 else 2 end,
                                       r.report_year, f.rule, f.key, f.report_id) as k
    from marts.fct_findings f
    join marts.dim_report r using (report_id)
    where r.agency_id is not null
),
finds as (
    select f.agency_id, count(*) as n,
           string_agg('<tr><td><a href="../report/' || left(f.report_id, 2) || '/' || f.report_id || '.html'
                      || coalesce('#L' || f.line_start, '') || '">' || coalesce(cast(f.report_year as varchar), '—')
                      || '</a></td><td>' || coalesce(lr.html, h(f.rule)) || '</td><td><span class="pill '
                      || h(f.severity) || '">' || coalesce(ls.html, h(f.severity)) || '</span></td><td>'
                      || coalesce(lk.html, dash(f.key)) || '</td><td>'
                      || case when f.lhs is null and f.rhs is null then '<span class="muted">—</span>'
                         else '<span class="eq"><b>' || fnum(f.lhs) || '</b></span> <span class="muted">'
                              || h(f.lhs_label) || '</span> ' || coalesce(lr.rel, '·') || ' <span class="eq"><b>'
                              || fnum(f.rhs) || '</b></span> <span class="muted">' || h(f.rhs_label) || '</span>' end
                      || '</td><td class="wrap">' || h(f.detail) || '</td></tr>', '' order by f.k)
               filter (where f.k <= {MAX_FINDINGS}) as rows_html
    from ranked_findings f
    left join lab_rule lr on lr.rule = f.rule
    left join lab_value ls on ls.field = 'severity' and ls.value = f.severity
    left join lab_key lk on lk.key = f.key
    group by f.agency_id
)
select
    'body/' || a.agency_id || '.html' as path,
    concat(
        $head, h(coalesce(a.agency_name, a.agency_id)), $mid,
        '<h1>', h(a.agency_name), '</h1><p class="sub">',
        coalesce(nullif(concat_ws(' · ', hn(a.province), hn(a.prefecture), hn(a.county)), ''), '未知 unknown'),
        ' · ', coalesce(lv.html, dash(a.level)), ' · ', coalesce(kd.html, dash(a.kind)), '</p>',
        '<section><dl class="meta"><dt>机关编号 <span class="en">agency_id</span></dt><dd class="mono">', a.agency_id,
        '</dd><dt>行政区划代码 <span class="en">division_code</span></dt><dd>', coalesce(hn(a.division_code), '—'),
        '</dd><dt>年度 <span class="en">years</span></dt><dd>', a.first_year, '–', a.last_year, ' (', a.n_years,
        ' 年 years, ', a.n_reports, ' 份报告 reports)</dd><dt>出现过的名称 <span class="en">names seen</span></dt><dd>',
        h(array_to_string(a.names_seen, '；')), '</dd></dl></section>',
        $reports_head, coalesce(rp.rows_html, ''), '</tbody></table></div></section>',
        case when hd.th is null then $no_years
             else concat($figures_head, hd.th, $figures_head2, coalesce(fg.rows_html, ''),
                         '</tbody></table></div></section>', $changes_head, coalesce(ch.rows_html, ''),
                         '</tbody></table></div></section>') end,
        '<section><h2>发现 <span class="en">findings</span> (', coalesce(fi.n, 0), ')</h2>',
        case when fi.n is null then '<p class="muted">没有发现 none.</p>'
             else concat($findings_head, fi.rows_html, '</tbody></table></div>',
                         case when fi.n > {MAX_FINDINGS} then concat('<p>还有 ', fi.n - {MAX_FINDINGS}, ' 条 more: ',
                              '<a href="../findings.html#agency_id=', a.agency_id,
                              '">在发现页查看全部 all findings of this body</a></p>') else '' end) end,
        '</section>', $tail) as html
from marts.dim_agency a
left join head hd using (agency_id)
left join figures fg using (agency_id)
left join changes ch using (agency_id)
left join reps rp using (agency_id)
left join finds fi using (agency_id)
left join lab_value lv on lv.field = 'level' and lv.value = a.level
left join lab_value kd on kd.field = 'kind' and kd.value = a.kind"""


def _fixed_parts(ctx: Ctx) -> dict[str, str]:
    lab = ctx.labels
    th = lambda zh, en, cls="": f'<th{cls}>{zh} <span class="en">{en}</span></th>'  # noqa: E731
    return {
        "reports_head": ('<section><h2>历年报告 <span class="en">reports by year</span></h2><div class="scroll">'
                         '<table id="reports"><thead><tr>' + th("年度", "year") + th("报告", "report")
                         + th("格式", "era") + th("发布日期", "published") + th("选用", "pick")
                         + th("发现", "findings", ' class="n"') + "</tr></thead><tbody>"),
        "no_years": ('<section><h2>统一口径数字 <span class="en">harmonised figures</span></h2><p class="muted">'
                     "没有选用的年度报告（年份未知）。 No report of this body has a known year.</p></section>"),
        "figures_head": ('<section><h2>统一口径数字 <span class="en">harmonised figures (marts.fct_agency_year)</span></h2>'
                         '<p class="muted">每年选用一份报告；ᴸ = 来自2019年前统计表 (legacy table)，ᴾ = 来自正文 (prose)，'
                         "其余来自表格。 One report stands for each year; unmarked figures come from the 2019+ tables.</p>"
                         '<div class="scroll"><table id="figures"><thead><tr>' + th("指标", "figure")),
        "figures_head2": th("趋势", "trend") + "</tr></thead><tbody>",
        "changes_head": ('<section><h2>同比变化与跨年结转 <span class="en">year-over-year changes and carry-over '
                         'continuity</span></h2><p class="muted">上年结转（本年）应等于上一年度的结转下年度继续办理 (R6)。 '
                         "This year's 上年结转 should equal last year's 结转下年度继续办理 (rule R6).</p>"
                         '<div class="scroll"><table id="changes"><thead><tr>' + th("年度", "year")
                         + "".join(f'<th class="n">{lab.column(c)}</th>' for c, _ in CHANGES)
                         + f"<th>{lab.column('carry_over_status')}</th>"
                         + "".join(f'<th class="n">{lab.column(c)}</th>'
                                   for c in ("prev_requests_carried_forward", "requests_carried_in", "carry_over_diff"))
                         + "</tr></thead><tbody>"),
        "findings_head": ('<div class="scroll"><table id="findings"><thead><tr>' + th("年度", "year")
                          + th("规则", "rule") + th("严重程度", "severity") + th("指标", "key")
                          + th("两边", "both sides") + th("说明", "detail") + "</tr></thead><tbody>"),
    }


def write(ctx: Ctx) -> None:
    figs = figure_columns(ctx)
    order = [*figs, *(r for r, _ in RATES)]
    ctx.con.register("_fig_order", pa.table({"figure": order, "ord": list(range(len(order)))}))
    ctx.con.execute("create or replace temp table fig_order as select * from _fig_order")
    ctx.con.unregister("_fig_order")
    root = "../"
    shell = page(title="\x01", body="\x02", root=root, footer=ctx.footer(root))
    head, rest = shell.split("\x01")
    mid, tail = rest.split("\x02")
    params = {"head": head, "mid": mid, "tail": tail, **_fixed_parts(ctx)}
    (ctx.out / "body").mkdir(parents=True, exist_ok=True)
    for batch in ctx.batches(pages_sql(figs), params, 2000):
        paths = batch.column(0).to_pylist()
        n = files.write_pages(ctx.out, paths, batch.column(1))
        ctx.bytes_written["body pages"] = ctx.bytes_written.get("body pages", 0) + n
        ctx.files_written["body pages"] = ctx.files_written.get("body pages", 0) + len(paths)
