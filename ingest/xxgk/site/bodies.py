"""bodies.html: every reporting body (marts.dim_agency), searched, filtered and paged client-side
from data/bodies.js. The page of each body is written by body_pages."""

from __future__ import annotations

from xxgk.site.context import Ctx
from xxgk.site.layout import data_script, datatable, page

LIST_SQL = """\
select a.agency_id, a.agency_name, a.province, a.prefecture, a.county, a.level, a.kind,
       a.first_year, a.last_year, a.n_reports, coalesce(f.findings, 0) as findings
from marts.dim_agency a
left join (select r.agency_id, count(*) as findings
           from marts.fct_findings f join marts.dim_report r using (report_id)
           group by r.agency_id) f using (agency_id)
order by a.province nulls last, a.agency_name, a.agency_id"""


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
