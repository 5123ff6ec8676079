"""index.html — the overview: totals, reports by year × era × level, coverage by province, and the
headline trends, each chart with the exact SQL that produced its numbers (shown on demand)."""

from __future__ import annotations

from xxgk.site import svg
from xxgk.site.context import Ctx
from xxgk.site.labels import bi
from xxgk.site.layout import esc, page
from xxgk.site.quality import quarantined
from xxgk.site.render import cards

# The trend charts: (id, 中文, English, SQL, value column, is a share). The SQL is executed as written
# and shown as written, so what a reader copies into the DuckDB CLI gives the same numbers.
TRENDS = (
    ("requests-received", "本年新收申请数", "requests received", """\
select report_year,
       sum(requests_received)   as value,
       count(requests_received) as bodies
from marts.fct_agency_year
where report_year is not null and requests_received is not null
group by report_year
order by report_year""", False),
    ("grant-rate", "公开率（予以公开＋部分公开）/ 办理总计", "grant rate", """\
select report_year,
       sum(granted + partially_granted) / nullif(sum(total_handled), 0) as value,
       count(*)                                                         as bodies
from marts.fct_agency_year
where report_year is not null
  and granted is not null and partially_granted is not null and total_handled is not null
group by report_year
order by report_year""", True),
    ("review-correction-rate", "行政复议纠错率", "review correction rate", """\
select report_year,
       sum(review_corrected) / nullif(sum(review_upheld + review_corrected + review_other), 0) as value,
       count(*)                                                                                as bodies
from marts.fct_agency_year
where report_year is not null
  and review_upheld is not null and review_corrected is not null and review_other is not null
group by report_year
order by report_year""", True),
    ("litigation-correction-rate", "行政诉讼纠错率", "litigation correction rate", """\
select report_year,
       sum(litigation_corrected)
         / nullif(sum(litigation_upheld + litigation_corrected + litigation_other), 0) as value,
       count(*)                                                                        as bodies
from marts.fct_agency_year
where report_year is not null
  and litigation_upheld is not null and litigation_corrected is not null and litigation_other is not null
group by report_year
order by report_year""", True),
)

TOTALS_SQL = """\
select (select count(*) from marts.dim_report)                                as reports,
       (select count(*) from marts.dim_agency)                                as bodies,
       (select count(*) from marts.fct_report_facts)                          as figures,
       (select count(*) from marts.fct_findings)                              as findings,
       (select count(*) from marts.fct_findings where severity = 'error')     as errors,
       (select count(distinct report_year) from marts.dim_report)             as years"""

YEAR_ERA_LEVEL_SQL = """\
select report_year, era, level, count(*) as reports
from marts.dim_report
group by all"""

PROVINCE_SQL = """\
select province, report_year, count(*) as reports, count(distinct agency_id) as bodies
from marts.dim_report
group by all"""

UNKNOWN = "未知"


def totals(ctx: Ctx) -> dict[str, int]:
    cur = ctx.con.execute(TOTALS_SQL)
    names = [d[0] for d in cur.description]
    return dict(zip(names, (int(v) for v in cur.fetchall()[0])))


def _sql_block(sql: str) -> str:
    return f'<details class="sql"><summary>SQL</summary><pre class="mono">{esc(sql)}</pre></details>'


def _year_era_level(ctx: Ctx) -> str:
    rows = ctx.rows(YEAR_ERA_LEVEL_SQL)
    lab = ctx.labels
    years = sorted({y for y, _, _, _ in rows if y is not None})
    eras = [e for e in ("pre2019", "v2019", "v2021") if any(r[1] == e for r in rows)]
    eras += sorted({r[1] for r in rows if r[1] not in eras and r[1] is not None})
    levels = [lv for lv in ("national", "provincial", "prefecture", "county", "township") if any(r[2] == lv for r in rows)]
    levels += sorted({r[2] for r in rows if r[2] not in levels and r[2] is not None})
    has_null_era = any(r[1] is None for r in rows)
    has_null_level = any(r[2] is None for r in rows)
    era_cols = eras + ([None] if has_null_era else [])
    level_cols = levels + ([None] if has_null_level else [])
    by_year_era: dict[tuple, int] = {}
    by_year_level: dict[tuple, int] = {}
    for y, e, lv, n in rows:
        by_year_era[(y, e)] = by_year_era.get((y, e), 0) + n
        by_year_level[(y, lv)] = by_year_level.get((y, lv), 0) + n

    def era_name(e):
        return lab.vocab.get("era", {}).get(e, e) + f" {e}" if e else f"{UNKNOWN} unknown"

    chart = svg.stacked_bars([str(y) for y in years],
                             [(era_name(e), [by_year_era.get((y, e), 0) for y in years]) for e in era_cols],
                             chart_id="chart-year-era", label="reports by year and era")
    legend = svg.legend([esc(era_name(e)) for e in era_cols])
    head = ("<tr><th rowspan=2>年度 <span class=en>year</span></th>"
            f'<th colspan="{len(era_cols)}">格式版本 <span class="en">era</span></th>'
            f'<th colspan="{len(level_cols)}">行政层级 <span class="en">level</span></th>'
            "<th rowspan=2 class=n>合计 <span class=en>total</span></th></tr><tr>"
            + "".join(f"<th class=n>{lab.value('era', e) if e else UNKNOWN + ' <span class=en>unknown</span>'}</th>"
                      for e in era_cols)
            + "".join(f"<th class=n>{lab.value('level', lv) if lv else UNKNOWN + ' <span class=en>unknown</span>'}</th>"
                      for lv in level_cols) + "</tr>")
    body = []
    for y in years + ([None] if any(r[0] is None for r in rows) else []):
        cells = [by_year_era.get((y, e), 0) for e in era_cols] + [by_year_level.get((y, lv), 0) for lv in level_cols]
        total = sum(by_year_era.get((y, e), 0) for e in era_cols)
        body.append(f'<tr data-year="{y if y is not None else ""}"><td>{y if y is not None else UNKNOWN}</td>'
                    + "".join(f'<td class="n">{n:,}</td>' for n in cells)
                    + f'<td class="n" data-total="{total}"><b>{total:,}</b></td></tr>')
    return (f'<section><h2>按年度、格式版本和层级统计的报告数 <span class="en">reports by year × era × level</span></h2>'
            f'<figure class="chart wide"><figcaption>报告数（按格式版本堆叠）'
            f' <span class="en">reports per year, stacked by era</span></figcaption>{chart}{legend}</figure>'
            f'<div class="scroll"><table id="year-era-level"><thead>{head}</thead><tbody>{"".join(body)}'
            f"</tbody></table></div>{_sql_block(YEAR_ERA_LEVEL_SQL)}</section>")


def _provinces(ctx: Ctx) -> str:
    rows = ctx.rows(PROVINCE_SQL)
    years = sorted({y for _, y, _, _ in rows if y is not None})
    by: dict[tuple, int] = {}
    bodies: dict[object, int] = {}
    totals_: dict[object, int] = {}
    for p, y, n, b in rows:
        by[(p, y)] = by.get((p, y), 0) + n
        totals_[p] = totals_.get(p, 0) + n
    for p, b in ctx.rows("select province, count(distinct agency_id) from marts.dim_report group by all"):
        bodies[p] = b
    provinces = sorted(totals_, key=lambda p: (p is None, -totals_[p], p or ""))
    top = max(by.values(), default=1)
    head = ("<tr><th>省级行政区 <span class=en>province</span></th>" + "".join(f"<th class=n>{y}</th>" for y in years)
            + "<th class=n>报告 <span class=en>reports</span></th><th class=n>机关 <span class=en>bodies</span></th></tr>")
    body = []
    for p in provinces:
        cells = []
        for y in years:
            n = by.get((p, y), 0)
            # choropleth-style shading: the share of the busiest cell, on a light-to-dark blue ramp
            alpha = 0 if not n else 0.12 + 0.78 * n / top
            ink = "#fff" if alpha > 0.55 else "inherit"
            cells.append(f'<td class="c" style="background:rgba(31,95,191,{alpha:.2f});color:{ink}" '
                         f'title="{esc(p or UNKNOWN)} {y}: {n:,}">{n or ""}</td>')
        name = esc(p) if p else f'{UNKNOWN} <span class="en">unknown</span>'
        body.append(f'<tr data-province="{esc(p or "")}"><td>{name}</td>{"".join(cells)}'
                    f'<td class="n">{totals_[p]:,}</td><td class="n">{bodies.get(p, 0):,}</td></tr>')
    return (f'<section><h2>各省覆盖情况 <span class="en">coverage by province</span></h2>'
            '<p class="muted">每格为该省该年度的报告数，颜色越深报告越多（机关所在省份，中央机关与未识别的计入"未知"）。'
            " Each cell is the number of reports of that province and year; darker = more.</p>"
            f'<div class="scroll"><table class="heat" id="provinces"><thead>{head}</thead><tbody>{"".join(body)}'
            f"</tbody></table></div>{_sql_block(PROVINCE_SQL)}</section>")


def trend_rows(ctx: Ctx, sql: str) -> list[tuple[int, float | None, int]]:
    return [(int(y), None if v is None else float(v), int(b)) for y, v, b in ctx.rows(sql)]


def _trends(ctx: Ctx) -> str:
    figs = []
    for tid, zh, en, sql, pct in TRENDS:
        rows = trend_rows(ctx, sql)
        years = [str(y) for y, _, _ in rows]
        chart = svg.lines(years, [(en, [v for _, v, _ in rows])], chart_id=f"chart-{tid}", label=en, pct=pct,
                          empty_note="没有可计算的年份 no year has the figures this needs")
        table = "".join(
            f'<tr><td>{y}</td><td class="n" data-value="{"" if v is None else v}">'
            f'{"—" if v is None else (f"{v * 100:.1f}%" if pct else f"{v:,.0f}")}</td><td class="n">{b:,}</td></tr>'
            for y, v, b in rows)
        figs.append(f'<figure class="chart" id="trend-{tid}"><figcaption>{bi(zh, en)}</figcaption>{chart}'
                    f'<details class="sql"><summary>数值 values</summary><div class="scroll"><table id="trend-{tid}-values">'
                    "<thead><tr><th>年度 <span class=en>year</span></th><th class=n>数值 <span class=en>value</span></th>"
                    "<th class=n>机关数 <span class=en>bodies</span></th></tr></thead>"
                    f"<tbody>{table}</tbody></table></div></details>{_sql_block(sql)}</figure>")
    return (f'<section><h2>主要趋势 <span class="en">headline trends</span></h2>'
            '<p class="muted">按机关和年度的统一口径数字（每个机关每年选用一份报告），只合计数字已知的机关。'
            " Harmonised yearly figures (one report per body and year, marts.fct_agency_year); a rate counts only the"
            " bodies whose figures it needs are all known.</p>"
            f'<div class="grid2">{"".join(figs)}</div></section>')


def write(ctx: Ctx) -> None:
    t = totals(ctx)
    items = [("reports", "报告", "reports", t["reports"]), ("bodies", "机关", "bodies", t["bodies"]),
             ("figures", "数字", "figures", t["figures"]), ("findings", "发现", "findings", t["findings"]),
             ("errors", "错误", "error findings", t["errors"]),
             ("quarantined", "未能读取的文件", "files quarantined", len(quarantined(ctx))),
             ("years", "年度", "years", t["years"])]
    body = (f'<h1>概览 <span class="en">Overview</span></h1><p class="sub">政府信息公开工作年度报告数据仓库 · '
            f"{t['reports']:,} 份报告 reports · {t['bodies']:,} 个机关 bodies</p>"
            f"<section>{cards(items)}{_sql_block(TOTALS_SQL)}</section>"
            + _year_era_level(ctx) + _trends(ctx) + _provinces(ctx))
    ctx.write("index.html", page(title="概览 Overview", body=body, root="", here="index.html",
                                 footer=ctx.footer("")), "overview")
