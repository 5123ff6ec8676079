"""reports.html (every report, searched and paged client-side) and report/<id[:2]>/<id>.html: a
report's metadata, its findings with both sides of each rule, its other versions, and its text with
every extracted figure highlighted at its provenance span (the highlighting is done by site.js from
the figures' offsets, so the page carries the text once and the offsets as a small JSON list).

Bulk: DuckDB builds every page's HTML (text, figures as JSON, findings, versions) in one query per
8,000 reports (a stretch of raw.reports in stored order), so memory stays at a few thousand texts.
"""

from __future__ import annotations

import json

import pyarrow as pa

from xxgk.site.context import Ctx
from xxgk.site import files
from xxgk.site.layout import data_script, datatable, page

BATCH_ROWS = 1000
# reports per query: a query holds about this many reports' texts, figures and pages in memory; each
# one reads its stretch of raw.reports and scans the figures whole (~0.4 s at 100k reports)
REPORTS_PER_QUERY = 8_000

LIST_SQL = """\
select r.report_id, r.file_name, r.agency_name, r.agency_id, r.province, r.report_year, r.era, r.level,
       r.is_primary, r.is_superseded, coalesce(f.findings, 0) as findings, coalesce(f.errors, 0) as errors
from marts.dim_report r
left join (select report_id, count(*) as findings, count(*) filter (where severity = 'error') as errors
           from marts.fct_findings group by report_id) f using (report_id)
order by r.report_year desc nulls last, r.province nulls last, r.agency_name, r.report_id"""

# One shard of report pages, each page's HTML built by DuckDB ($head/$mid/$tail: the page shell around
# the title and the body). The figures travel as one JSON array per report,
# [span_start, span_end, key, value, placement, raw, line_start], which site.js highlights in the text.
PAGES_SQL = """\
with texts as (
    -- a stretch of raw.reports in its stored order: the scan reads only those row groups of the texts
    select report_id, parsed_text, raw_text, source_path from raw.reports where rowid >= $lo and rowid < $hi
),
picked as (
    select * from marts.dim_report where report_id in (select report_id from texts)
),
facts as (
    -- built by hand (json_array() per figure was 3x slower) and unordered (an ordered string_agg sorts
    -- every report's figures; site.js sorts the spans itself). Compact, as figures are half a page:
    -- a catalog key is its number in data/catalog.js (fact_keys), the placement its number in
    -- PLACEMENTS, and the text as written only when it is not just the number.
    select f.report_id,
           '[' || string_agg(concat('[', coalesce(cast(f.span_start as varchar), 'null'), ',',
                                    coalesce(cast(f.span_end as varchar), 'null'), ',',
                                    coalesce(cast(k.i as varchar), '"' || f.key || '"'), ',',
                                    coalesce(cast(cast(f.value as double) as varchar), 'null'), ',',
                                    coalesce(cast(pl.i as varchar), '"' || f.placement || '"'), ',',
                                    case when try_cast(f.raw as decimal(20, 4)) = f.value then 'null'
                                         else coalesce(to_json(f.raw)::varchar, 'null') end, ',',
                                    coalesce(cast(f.line_start as varchar), 'null'), ']'), ',') || ']' as facts_json,
           count(*) as n_facts
    from marts.fct_report_facts f
    left join fact_keys k on k.key = f.key
    left join fact_placements pl on pl.placement = f.placement
    where f.report_id in (select report_id from texts)
    group by f.report_id
),
finds as (
    select f.report_id, count(*) as n,
           string_agg('<tr><td>' || coalesce(lr.html, h(f.rule)) || '</td><td>'
                      || '<span class="pill ' || h(f.severity) || '">' || coalesce(ls.html, h(f.severity)) || '</span>'
                      || '</td><td>' || coalesce(lk.html, dash(f.key)) || '</td><td>'
                      || case when f.lhs is null and f.rhs is null then '<span class="muted">—</span>'
                         else '<span class="eq"><b data-value="' || coalesce(cast(f.lhs as varchar), '') || '">'
                              || fnum(f.lhs) || '</b></span> <span class="muted">' || h(f.lhs_label) || '</span> '
                              || coalesce(lr.rel, '·') || ' <span class="eq"><b data-value="'
                              || coalesce(cast(f.rhs as varchar), '') || '">' || fnum(f.rhs)
                              || '</b></span> <span class="muted">' || h(f.rhs_label) || '</span>'
                              || case when f.diff is null then '' else '<br><span class="muted">差 diff</span> '
                                 || '<span class="eq" data-value="' || cast(f.diff as varchar) || '">'
                                 || fnum(f.diff) || '</span>' end end
                      || '</td><td class="wrap">' || h(f.detail) || '</td><td class="n">'
                      || case when f.line_start is null then '—'
                         else '<a href="#L' || f.line_start || '">' || f.line_start || '</a>' end
                      || '</td></tr>', ''
                      order by case f.severity when 'error' then 0 when 'warn' then 1 else 2 end, f.rule, f.key)
               as rows_html
    from marts.fct_findings f
    left join lab_rule lr on lr.rule = f.rule
    left join lab_value ls on ls.field = 'severity' and ls.value = f.severity
    left join lab_key lk on lk.key = f.key
    where f.report_id in (select report_id from texts)
    group by f.report_id
),
versions as (
    -- earlier or later texts of the same file (a changed file is a new report; raw.reports keeps both)
    select p.report_id,
           string_agg('<a href="../../report/' || left(o.report_id, 2) || '/' || o.report_id || '.html">'
                      || o.report_id || ' (' || strftime(o.ingested_at, '%Y-%m-%d %H:%M') || ')</a>', '、'
                      order by o.ingested_at) as html
    from picked p
    join raw.reports t on t.report_id = p.report_id
    join raw.reports o on o.source_path = t.source_path and o.report_id <> t.report_id
    group by p.report_id
),
same_year as (
    select p.report_id,
           string_agg('<a href="../../report/' || left(o.report_id, 2) || '/' || o.report_id || '.html">'
                      || h(o.file_name) || case when o.is_primary then ' ★' else '' end || '</a>', '、'
                      order by o.is_primary desc, o.report_id) as html
    from picked p
    join marts.dim_report o on o.agency_id = p.agency_id and o.report_year = p.report_year
                           and o.report_id <> p.report_id
    group by p.report_id
),
files as (
    select report_id, string_agg(h(source_path), '<br>' order by source_path) as html
    from raw.files where report_id in (select report_id from texts)
    group by report_id
)
select
    p.report_id,
    'report/' || left(p.report_id, 2) || '/' || p.report_id || '.html' as path,
    concat(
    $head, h(coalesce(p.title, p.file_name)), $mid
    , '<h1>' || h(coalesce(p.agency_name, p.file_name)) || ' · ' || coalesce(cast(p.report_year as varchar), '') || '</h1>'
    , '<p class="sub">' || h(coalesce(p.title, p.file_name)) || ' · <span class="mono">' || h(p.file_name) || '</span></p>'
    , '<section><dl class="meta">'
    , '<dt>机关 <span class="en">body</span></dt><dd>'
    , case when p.agency_id is null then h(coalesce(p.agency_name, '未识别 not identified'))
            else '<a href="../../body/' || p.agency_id || '.html">' || h(coalesce(p.agency_name, p.agency_id)) || '</a>' end
    , '</dd><dt>地区 <span class="en">jurisdiction</span></dt><dd>'
    , coalesce(nullif(concat_ws(' · ', hn(p.province), hn(p.prefecture), hn(p.county)), ''), '—')
    , ' · ' || coalesce(lv.html, dash(p.level)) || ' · ' || coalesce(kd.html, dash(p.kind))
    , '</dd><dt>年度 <span class="en">year</span></dt><dd>' || coalesce(cast(p.report_year as varchar), '未知 unknown')
    , '</dd><dt>发布日期 <span class="en">published</span></dt><dd>' || coalesce(cast(p.published as varchar), '—')
    , '</dd><dt>格式 <span class="en">era</span></dt><dd>' || coalesce(er.html, dash(p.era))
    , '</dd><dt>选用 <span class="en">pick</span></dt><dd>'
    , case when p.is_primary then '代表该机关该年度 <span class="en">stands for its body in this year</span>'
            when p.is_superseded then '旧版本 <span class="en">superseded: the file now holds a newer text</span>'
            else '未选用 <span class="en">not picked</span>' end
    , '<br><span class="muted">' || h(p.pick_reason) || '</span>'
    , '</dd><dt>同年其他报告 <span class="en">other reports, same body and year</span></dt><dd>'
    , coalesce(sy.html, '—')
    , '</dd><dt>同一文件的其他版本 <span class="en">other versions of the file</span></dt><dd>'
    , coalesce(v.html, '—')
    , '</dd><dt>文件 <span class="en">files</span></dt><dd class="mono">'
    , coalesce(fl.html, h(t.source_path) || ' <span class="muted">(已不在 no longer there)</span>')
    , '</dd><dt>读取 <span class="en">read as</span></dt><dd>' || coalesce(sf.html, dash(p.source_format))
    , ' · ' || coalesce(hn(p.encoding), '—')
    , '</dd><dt>报告编号 <span class="en">report_id</span></dt><dd class="mono">' || p.report_id || '</dd></dl></section>'
    , '<section><h2>发现 <span class="en">findings</span> (' || coalesce(fi.n, 0) || ')</h2>'
    , case when fi.n is null then '<p class="muted">没有发现 none.</p>'
            else '<div class="scroll"><table id="findings"><thead><tr><th>规则 <span class="en">rule</span></th>'
                 || '<th>严重程度 <span class="en">severity</span></th><th>指标 <span class="en">key</span></th>'
                 || '<th>两边 <span class="en">both sides</span></th><th>说明 <span class="en">detail</span></th>'
                 || '<th class="n">行 <span class="en">line</span></th></tr></thead><tbody>' || fi.rows_html
                 || '</tbody></table></div>' end
    , '</section>'
    , '<section><h2>数字 <span class="en">figures</span> (' || fint(coalesce(fa.n_facts, 0)) || ')</h2>'
    , '<p class="muted">已知 ' || fint(p.known_figures) || ' known · 空白 '
    , fint(p.blank_cells) || ' blank (unknown, not 0)</p>' || $figures || '</section>'
    , $text_intro || '<pre class="text" id="text">'
    , replace(replace(replace(coalesce(t.parsed_text, t.raw_text), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
    , '</pre><script type="application/json" id="facts">' || replace(coalesce(fa.facts_json, '[]'), '</', '<\\/')
    , '</script></section>' || $tail
    ) as html
from picked p
join raw.reports t using (report_id)
left join facts fa using (report_id)
left join finds fi using (report_id)
left join versions v using (report_id)
left join same_year sy using (report_id)
left join files fl using (report_id)
left join lab_value lv on lv.field = 'level' and lv.value = p.level
left join lab_value kd on kd.field = 'kind' and kd.value = p.kind
left join lab_value er on er.field = 'era' and er.value = p.era
left join lab_value sf on sf.field = 'source_format' and sf.value = p.source_format"""


def write_list(ctx: Ctx) -> None:
    rows = [list(r) for r in ctx.rows(LIST_SQL)]
    cols = ["report_id", "file_name", "agency_name", "agency_id", "province", "report_year", "era", "level",
            "is_primary", "is_superseded", "findings", "errors"]
    ctx.write("data/reports.js", data_script("reports", cols, rows), "data")
    lab = ctx.labels
    spec = {
        "data": "reports", "pageSize": 50,
        "search": ["file_name", "agency_name", "province", "report_id"],
        "filters": [{"c": "report_year", "zh": "年度", "en": "year", "desc": True},
                    {"c": "province", "zh": "省级行政区", "en": "province"},
                    {"c": "era", "zh": "格式", "en": "era"}, {"c": "level", "zh": "层级", "en": "level"}],
        "labels": {"era": lab.vocab.get("era", {}), "level": lab.vocab.get("level", {})},
        "columns": [
            {"c": "file_name", "zh": "报告", "en": "report", "href": "report/{report_id:2}/{report_id}.html", "wrap": True},
            {"c": "agency_name", "zh": "机关", "en": "body", "href": "body/{agency_id}.html", "wrap": True},
            {"c": "province", "zh": "省", "en": "province"},
            {"c": "report_year", "zh": "年度", "en": "year"},
            {"c": "era", "zh": "格式", "en": "era", "t": "label"}, {"c": "level", "zh": "层级", "en": "level", "t": "label"},
            {"c": "findings", "zh": "发现", "en": "findings", "t": "num"},
            {"c": "errors", "zh": "错误", "en": "errors", "t": "num"},
        ],
    }
    body = (f'<h1>报告 <span class="en">Reports</span></h1><p class="sub">{len(rows):,} 份报告 reports '
            "(marts.dim_report)，包括同一机关同一年度的多份报告和旧版本 — including second reports of a body "
            "and earlier versions of changed files.</p>"
            f"<section>{datatable('reports-table', spec)}</section>")
    ctx.write("reports.html", page(title="报告 Reports", body=body, root="", here="reports.html",
                                   scripts=("data/reports.js",), footer=ctx.footer("")), "lists")


# how a figure was placed (parse/model.py Placement), numbered in the pages' figures JSON
PLACEMENTS = ("label", "position", "split", "rule", "prose")


def write_catalog(ctx: Ctx) -> None:
    """data/catalog.js, shared by every report page (loaded once, cached): key -> Chinese label, the
    keys in the order the pages' figures number them, and the placements likewise. The numbering is
    also registered for the page query (fact_keys, fact_placements)."""
    keys = sorted(ctx.labels.keys)
    labels = json.dumps(ctx.labels.keys, ensure_ascii=False, separators=(",", ":"))
    ctx.write("data/catalog.js", "(function (d) {"
              f"d.catalog={labels};d.catalog_keys={json.dumps(keys)};d.placements={json.dumps(list(PLACEMENTS))};"
              "})(window.XXGK_DATA = window.XXGK_DATA || {});\n", "data")
    for name, column, values in (("fact_keys", "key", keys), ("fact_placements", "placement", list(PLACEMENTS))):
        ctx.con.register(f"_{name}", pa.table({column: values, "i": list(range(len(values)))}))
        ctx.con.execute(f"create or replace temp table {name} as select * from _{name}")
        ctx.con.unregister(f"_{name}")


def write_pages(ctx: Ctx) -> None:
    root = "../../"
    shell = page(title="\x01", body="\x02", root=root, scripts=("data/catalog.js",), footer=ctx.footer(root))
    head, rest = shell.split("\x01")
    mid, tail = rest.split("\x02")
    params = {"head": head, "mid": mid, "tail": tail, "figures": _figures_table(ctx), "text_intro": TEXT_INTRO}
    for prefix in {r[:2] for (r,) in ctx.rows("select report_id from marts.dim_report")}:
        (ctx.out / "report" / prefix).mkdir(parents=True, exist_ok=True)
    # shards: stretches of raw.reports in stored order (a filter on report ids made every query
    # decompress every text, ~0.9 s each at 100k reports)
    n_rows = ctx.one("select max(rowid) + 1 from raw.reports") or 0
    shards = [{"lo": lo, "hi": lo + REPORTS_PER_QUERY} for lo in range(0, n_rows, REPORTS_PER_QUERY)]
    # DuckDB builds the next batch of pages while this thread writes the last one
    for batch in files.prefetch(ctx.batches(PAGES_SQL, {**params, **shard}, BATCH_ROWS) for shard in shards):
        paths = batch.column(1).to_pylist()
        n = files.write_pages(ctx.out, paths, batch.column(2))
        ctx.bytes_written["report pages"] = ctx.bytes_written.get("report pages", 0) + n
        ctx.files_written["report pages"] = ctx.files_written.get("report pages", 0) + len(paths)


TEXT_INTRO = ('<section><h2>原文 <span class="en">text</span></h2><p class="muted">每个提取的数字都在原文中标出，'
              "鼠标悬停显示指标、数值和定位方式。 Every extracted figure is highlighted where it was read; hover for its "
              "key, value and placement.</p>")


def _figures_table(ctx: Ctx) -> str:
    """The figures table of a report page: filled by site.js from the page's figures JSON."""
    lab = ctx.labels
    spec = {"data": "report_facts", "pageSize": 25, "hash": False, "search": ["key", "raw"],
            "filters": [{"c": "placement", "zh": "定位", "en": "placement"}],
            "labelsFrom": {"key": "catalog"}, "labels": {"placement": lab.vocab.get("placement", {})},
            "columns": [{"c": "key", "zh": "指标", "en": "key", "t": "label"},
                        {"c": "value", "zh": "数值", "en": "value", "t": "num"},
                        {"c": "raw", "zh": "原文", "en": "as written", "wrap": True},
                        {"c": "placement", "zh": "定位", "en": "placement", "t": "label"},
                        {"c": "line_start", "zh": "行", "en": "line", "href": "#L{line_start}"}]}
    return datatable("figures-table", spec)
