"""findings.html: every finding of marts.fct_findings, filtered by rule, severity, province and year
client-side (filters can be preset in the URL: findings.html#rule=balance&year=2020); every finding
links to its report page at the line it concerns."""

from __future__ import annotations

from xxgk.site.context import Ctx
from xxgk.site.layout import data_script, datatable, page
from xxgk.site.render import json_number

SQL = """\
select f.report_id, r.file_name, r.agency_id, r.agency_name, r.province, r.report_year, f.rule, f.severity,
       f.source, f.key, f.lhs, f.rhs, f.diff, f.lhs_label, f.rhs_label, f.detail, f.line_start
from marts.fct_findings f
join marts.dim_report r using (report_id)
order by case f.severity when 'error' then 0 when 'warn' then 1 else 2 end, f.rule,
         r.report_year desc nulls last, r.agency_name, f.report_id, f.key"""

COLS = ["report_id", "file_name", "agency_id", "agency_name", "province", "report_year", "rule", "severity",
        "source", "key", "lhs", "rhs", "diff", "lhs_label", "rhs_label", "detail", "line_start"]


def rows(ctx: Ctx) -> list[list]:
    out: list[list] = []
    for row in ctx.rows(SQL):
        r = list(row)
        r[10], r[11], r[12] = json_number(r[10]), json_number(r[11]), json_number(r[12])  # lhs, rhs, diff
        out.append(r)
    return out


def write(ctx: Ctx) -> None:
    data = rows(ctx)
    ctx.write("data/findings.js", data_script("findings", COLS, data), "data")
    lab = ctx.labels
    spec = {
        "data": "findings", "pageSize": 50,
        "search": ["agency_name", "file_name", "detail", "key", "rule"],
        "filters": [{"c": "rule", "zh": "规则", "en": "rule"}, {"c": "severity", "zh": "严重程度", "en": "severity"},
                    {"c": "province", "zh": "省级行政区", "en": "province"},
                    {"c": "report_year", "zh": "年度", "en": "year", "desc": True},
                    {"c": "source", "zh": "来源", "en": "source"}],
        "labels": {"rule": lab.rules, "severity": lab.vocab.get("severity", {}),
                   "source": lab.vocab.get("finding_source", {})},
        "labelsFrom": {"key": "catalog"},
        "columns": [
            {"c": "agency_name", "zh": "机关", "en": "body", "sub": "file_name", "or": "file_name", "wrap": True,
             "href": "report/{report_id:2}/{report_id}.html#L{line_start}"},
            {"c": "report_year", "zh": "年度", "en": "year"},
            {"c": "rule", "zh": "规则", "en": "rule", "t": "label"},
            {"c": "severity", "zh": "严重程度", "en": "severity", "t": "pill"},
            {"c": "key", "zh": "指标", "en": "key", "t": "label", "wrap": True},
            {"c": "lhs", "zh": "左边", "en": "left side", "t": "num", "sub": "lhs_label"},
            {"c": "rhs", "zh": "右边", "en": "right side", "t": "num", "sub": "rhs_label"},
            {"c": "diff", "zh": "差额", "en": "difference", "t": "num"},
            {"c": "detail", "zh": "说明", "en": "detail", "wrap": True},
        ],
    }
    body = (f'<h1>发现 <span class="en">Findings</span></h1><p class="sub">{len(data):,} 条发现 findings '
            "(marts.fct_findings)：规则校验未通过的行（两边数字及差额）和解析时发现的疑点。 Rule checks that failed "
            "(both sides and their difference) and doubts the parser noted; each links to the report at its line.</p>"
            f"<section>{datatable('findings-table', spec)}</section>")
    ctx.write("findings.html", page(title="发现 Findings", body=body, root="", here="findings.html",
                                    scripts=("data/catalog.js", "data/findings.js"), footer=ctx.footer("")), "lists")
