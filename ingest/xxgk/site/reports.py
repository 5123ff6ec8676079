"""reports.html (every report, searched and paged client-side) and report/<id[:2]>/<id>.html: a
report's metadata, its findings with both sides of each rule, its other versions, and its text with
every extracted figure highlighted at its provenance span (the highlighting is done by site.js from
the figures' offsets, so the page carries the text once and the offsets as a small JSON list).

Bulk: one query per sixteenth of the report ids returns every page's text, figures (as JSON built
by DuckDB) and findings; the pages are filled from those rows. Memory stays at a sixteenth of the
corpus's text.
"""

from __future__ import annotations

import html
import json

from xxgk.site.context import Ctx, body_href, report_href
from xxgk.site.layout import data_script, datatable, esc, page
from xxgk.site.render import equation, severity_pill

SHARDS = "0123456789abcdef"
BATCH_ROWS = 1000

LIST_SQL = """\
select r.report_id, r.file_name, r.agency_name, r.agency_id, r.province, r.report_year, r.era, r.level,
       r.is_primary, r.is_superseded, coalesce(f.findings, 0) as findings, coalesce(f.errors, 0) as errors
from marts.dim_report r
left join (select report_id, count(*) as findings, count(*) filter (where severity = 'error') as errors
           from marts.fct_findings group by report_id) f using (report_id)
order by r.report_year desc nulls last, r.province nulls last, r.agency_name, r.report_id"""

# One shard of report pages. The figures become one JSON array per report, in DuckDB:
# [span_start, span_end, key, value, placement, raw, line_start] (what site.js highlights).
PAGES_SQL = """\
with picked as (
    select * from marts.dim_report where starts_with(report_id, $shard)
),
facts as (
    select report_id,
           '[' || string_agg(json_array(span_start, span_end, key, cast(value as double), placement, raw,
                                        line_start)::varchar, ','
                             order by span_start nulls last, key) || ']' as facts_json,
           count(*) as n_facts
    from marts.fct_report_facts
    where starts_with(report_id, $shard)
    group by report_id
),
finds as (
    select report_id,
           list(struct_pack(rule, severity, key, lhs_label, lhs, rhs_label, rhs, diff, detail, line_start, source)
                order by case severity when 'error' then 0 when 'warn' then 1 else 2 end, rule, key) as findings
    from marts.fct_findings
    where starts_with(report_id, $shard)
    group by report_id
),
versions as (
    -- earlier or later texts of the same file (a changed file is a new report; raw.reports keeps both)
    select p.report_id,
           list(struct_pack(report_id := o.report_id, ingested_at := o.ingested_at) order by o.ingested_at)
               as versions
    from picked p
    join raw.reports t on t.report_id = p.report_id
    join raw.reports o on o.source_path = t.source_path and o.report_id <> t.report_id
    group by p.report_id
),
same_year as (
    select p.report_id,
           list(struct_pack(report_id := o.report_id, file_name := o.file_name, is_primary := o.is_primary)
                order by o.is_primary desc, o.report_id) as same_year
    from picked p
    join marts.dim_report o on o.agency_id = p.agency_id and o.report_year = p.report_year
                           and o.report_id <> p.report_id
    group by p.report_id
),
files as (
    select report_id, list(source_path order by source_path) as paths
    from raw.files where starts_with(report_id, $shard)
    group by report_id
)
select p.report_id, p.file_name, p.agency_name, p.agency_id, p.province, p.prefecture, p.county, p.level,
       p.kind, p.report_year, p.published, p.era, p.title, p.is_primary, p.is_superseded, p.pick_reason,
       p.source_format, p.encoding, p.known_figures, p.blank_cells,
       coalesce(t.parsed_text, t.raw_text) as text, t.source_path,
       coalesce(fa.facts_json, '[]') as facts_json, coalesce(fa.n_facts, 0) as n_facts,
       fi.findings, v.versions, s.same_year, fl.paths
from picked p
join raw.reports t using (report_id)
left join facts fa using (report_id)
left join finds fi using (report_id)
left join versions v using (report_id)
left join same_year s using (report_id)
left join files fl using (report_id)"""


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


def write_catalog(ctx: Ctx) -> None:
    """data/catalog.js: key -> Chinese label, shared by every report page (loaded once, cached)."""
    blob = json.dumps(ctx.labels.keys, ensure_ascii=False, separators=(",", ":"))
    ctx.write("data/catalog.js", f"(window.XXGK_DATA=window.XXGK_DATA||{{}}).catalog={blob};\n", "data")


def write_pages(ctx: Ctx) -> None:
    for shard in SHARDS:
        for batch in ctx.batches(PAGES_SQL, {"shard": shard}, BATCH_ROWS):
            cols = {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
            for i in range(batch.num_rows):
                row = {k: v[i] for k, v in cols.items()}
                ctx.write(report_href(row["report_id"]), _page(ctx, row), "report pages")


def _line_link(line: int | None) -> str:
    return f'<a href="#L{line}">{line}</a>' if line else "—"


def _script_safe(json_text: str) -> str:
    """JSON inside a <script> element: '</' would end the element early."""
    return json_text.replace("</", "<\\/")


def _link(report_id: str, text: str) -> str:
    return f'<a href="../../{report_href(report_id)}">{esc(text)}</a>'


def _page(ctx: Ctx, r: dict) -> str:
    lab = ctx.labels
    root = "../../"
    rid = r["report_id"]
    body_link = (f'<a href="{root}{body_href(r["agency_id"])}">{esc(r["agency_name"] or r["agency_id"])}</a>'
                 if r["agency_id"] else esc(r["agency_name"] or "未识别 not identified"))
    status = ("代表该机关该年度 <span class=en>stands for its body in this year</span>" if r["is_primary"]
              else "旧版本 <span class=en>superseded: the file now holds a newer text</span>" if r["is_superseded"]
              else "未选用 <span class=en>not picked</span>")
    place = " · ".join(esc(x) for x in (r["province"], r["prefecture"], r["county"]) if x) or "—"
    versions = "、".join(_link(v["report_id"], f'{v["report_id"]} ({v["ingested_at"]:%Y-%m-%d %H:%M})')
                        for v in r["versions"] or []) or "—"
    same_year = "、".join(_link(v["report_id"], v["file_name"] + (" ★" if v["is_primary"] else ""))
                         for v in r["same_year"] or []) or "—"
    paths = "<br>".join(esc(p) for p in r["paths"] or []) or f'{esc(r["source_path"])} <span class="muted">(已不在 no longer there)</span>'
    meta = (
        '<section><dl class="meta">'
        f"<dt>机关 <span class=en>body</span></dt><dd>{body_link}</dd>"
        f"<dt>地区 <span class=en>jurisdiction</span></dt><dd>{place} · {lab.value('level', r['level'])} · "
        f"{lab.value('kind', r['kind'])}</dd>"
        f"<dt>年度 <span class=en>year</span></dt><dd>{esc(r['report_year'] or '未知 unknown')}</dd>"
        f"<dt>发布日期 <span class=en>published</span></dt><dd>{esc(r['published'] or '—')}</dd>"
        f"<dt>格式 <span class=en>era</span></dt><dd>{lab.value('era', r['era'])}</dd>"
        f"<dt>选用 <span class=en>pick</span></dt><dd>{status}<br><span class=muted>{esc(r['pick_reason'] or '')}</span></dd>"
        f"<dt>同年其他报告 <span class=en>other reports, same body and year</span></dt><dd>{same_year}</dd>"
        f"<dt>同一文件的其他版本 <span class=en>other versions of the file</span></dt><dd>{versions}</dd>"
        f"<dt>文件 <span class=en>files</span></dt><dd class=mono>{paths}</dd>"
        f"<dt>读取 <span class=en>read as</span></dt><dd>{lab.value('source_format', r['source_format'])} · "
        f"{esc(r['encoding'] or '—')}</dd>"
        f"<dt>报告编号 <span class=en>report_id</span></dt><dd class=mono>{esc(rid)}</dd>"
        "</dl></section>")
    finds = r["findings"] or []
    rows = "".join(
        f'<tr><td>{lab.rule(f["rule"])}</td><td>{severity_pill(lab, f["severity"])}</td><td>{lab.key(f["key"])}</td>'
        f'<td>{equation(f["rule"], f["lhs_label"], f["lhs"], f["rhs_label"], f["rhs"], f["diff"])}</td>'
        f'<td class="wrap">{esc(f["detail"])}</td>'
        f'<td class="n">{_line_link(f["line_start"])}</td></tr>'
        for f in finds)
    findings = (f'<section><h2>发现 <span class="en">findings</span> ({len(finds)})</h2>'
                + ('<div class="scroll"><table id="findings"><thead><tr><th>规则 <span class=en>rule</span></th>'
                   "<th>严重程度 <span class=en>severity</span></th><th>指标 <span class=en>key</span></th>"
                   "<th>两边 <span class=en>both sides</span></th><th>说明 <span class=en>detail</span></th>"
                   f"<th class=n>行 <span class=en>line</span></th></tr></thead><tbody>{rows}</tbody></table></div>"
                   if finds else '<p class="muted">没有发现 none.</p>') + "</section>")
    spec = {"data": "report_facts", "pageSize": 25, "hash": False, "search": ["key", "raw"],
            "filters": [{"c": "placement", "zh": "定位", "en": "placement"}],
            "labelsFrom": {"key": "catalog"}, "labels": {"placement": lab.vocab.get("placement", {})},
            "columns": [{"c": "key", "zh": "指标", "en": "key", "t": "label"},
                        {"c": "value", "zh": "数值", "en": "value", "t": "num"},
                        {"c": "raw", "zh": "原文", "en": "as written", "wrap": True},
                        {"c": "placement", "zh": "定位", "en": "placement", "t": "label"},
                        {"c": "line_start", "zh": "行", "en": "line", "href": "#L{line_start}"}]}
    figures = (f'<section><h2>数字 <span class="en">figures</span> ({r["n_facts"]:,})</h2>'
               f'<p class="muted">已知 {r["known_figures"]:,} known · 空白 {r["blank_cells"]:,} blank (unknown, not 0)</p>'
               f"{datatable('figures-table', spec)}</section>")
    text = (f'<section><h2>原文 <span class="en">text</span></h2><p class="muted">每个提取的数字都在原文中标出，'
            "鼠标悬停显示指标、数值和定位方式。 Every extracted figure is highlighted where it was read; hover for its key, "
            'value and placement.</p>'
            f'<pre class="text" id="text">{html.escape(r["text"] or "", quote=False)}</pre>'
            f'<script type="application/json" id="facts">{_script_safe(r["facts_json"])}</script></section>')
    title = r["title"] or r["file_name"]
    head = (f'<h1>{esc(r["agency_name"] or r["file_name"])} · {esc(r["report_year"] or "")}</h1>'
            f'<p class="sub">{esc(title)} · <span class="mono">{esc(r["file_name"])}</span></p>')
    return page(title=title, body=head + meta + findings + figures + text, root=root,
                scripts=("data/catalog.js",), footer=ctx.footer(root))
