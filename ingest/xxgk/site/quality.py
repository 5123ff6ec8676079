"""quality.html — the data-quality section (formerly the one-page quality report): totals, the share
of reports passing each rule where it is assessable, findings by rule, every discrepancy with its
source lines (paged, not capped), and the files that were not loaded (quarantined) or were copies."""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.site.context import Ctx, report_href
from xxgk.site.db import has_relation
from xxgk.site.layout import data_script, datatable, esc, page
from xxgk.site.render import cards, json_number

META_RULES = ("year_missing", "agency_missing", "era_missing")
CONTEXT_LINES = 1
MAX_SOURCE_LINES = 14

TOTALS_SQL = """\
select (select count(*) from marts.dim_report)                             as reports,
       (select count(*) from marts.dim_agency)                             as bodies,
       (select count(*) from marts.fct_report_facts)                       as figures,
       (select count(*) from marts.fct_report_facts where is_known)        as known_figures,
       (select count(*) from marts.fct_findings)                           as findings,
       (select count(*) from marts.fct_findings where severity = 'error')  as errors,
       (select count(*) from marts.fct_findings where severity = 'warn')   as warns"""

# share of reports passing each checkpoint rule, among the reports where it is assessable
PASS_RATES_SQL = """\
with assessed as (
    select rule, count(distinct report_id) as assessed
    from intermediate.int_rule_checks where assessable group by rule
),
failed as (
    select rule, count(distinct report_id) as failed
    from marts.fct_findings where source = 'checkpoint' group by rule
)
select a.rule, a.assessed, coalesce(f.failed, 0) as failed,
       a.assessed - coalesce(f.failed, 0) as passed,
       (a.assessed - coalesce(f.failed, 0)) / a.assessed as pass_share,
       (select count(*) from marts.dim_report) - a.assessed as not_assessable
from assessed a left join failed f using (rule)
order by pass_share, a.rule"""

BY_RULE_SQL = """\
select rule, severity, source, count(*) as findings, count(distinct report_id) as reports
from marts.fct_findings
group by all
order by findings desc, rule, severity"""

# every checkpoint finding with both sides, largest difference first, with the lines it concerns
DISCREPANCIES_SQL = f"""\
select f.report_id, r.file_name, r.agency_name, r.report_year, f.rule, f.key, f.severity,
       f.lhs_label, f.lhs, f.rhs_label, f.rhs, f.diff, f.detail, f.line_start, f.line_end,
       list_slice(string_split(coalesce(t.parsed_text, t.raw_text), chr(10)),
                  greatest(f.line_start - {CONTEXT_LINES}, 1), coalesce(f.line_end, f.line_start) + {CONTEXT_LINES})
           as lines
from marts.fct_findings f
join marts.dim_report r using (report_id)
join raw.reports t using (report_id)
where f.source = 'checkpoint' and f.diff is not null and f.rule not in {META_RULES}
order by abs(f.diff) desc, f.report_id, f.rule, f.key"""

# files of the most recent ingest run that could not be loaded
QUARANTINED_SQL = """\
select e.source_path, e.file_name, e.reason, e.detail, e.byte_size, e.seen_at
from raw.ingest_errors e
where e.run_id = (select run_id from raw.runs order by started_at desc limit 1)
order by e.source_path"""

# files whose content another file supplied (stored once, under the first file's name)
DUPLICATES_SQL = """\
select f.source_path, f.file_name, r.file_name as stored_as, f.report_id
from raw.files f join raw.reports r using (report_id)
where f.source_path <> r.source_path
order by f.source_path"""


@dataclass
class Totals:
    reports: int
    bodies: int
    figures: int
    known_figures: int
    findings: int
    errors: int
    warns: int
    ingest_errors: int


def totals(ctx: Ctx) -> Totals:
    reports, bodies, figures, known, findings, errors, warns = (int(v) for v in ctx.con.execute(TOTALS_SQL).fetchall()[0])
    return Totals(reports, bodies, figures, known, findings, errors, warns, len(quarantined(ctx)))


def quarantined(ctx: Ctx) -> list[tuple]:
    if not (has_relation(ctx.con, "raw", "ingest_errors") and has_relation(ctx.con, "raw", "runs")):
        return []
    return ctx.rows(QUARANTINED_SQL)


def duplicates(ctx: Ctx) -> list[tuple]:
    return ctx.rows(DUPLICATES_SQL) if has_relation(ctx.con, "raw", "files") else []


def pass_rates(ctx: Ctx) -> list[tuple]:
    if not has_relation(ctx.con, "intermediate", "int_rule_checks"):
        return []
    return ctx.rows(PASS_RATES_SQL)


def _source(lines: list[str] | None, line_start: int | None, line_end: int | None) -> str:
    """The lines a finding concerns, numbered, with one line of context; a long stretch keeps its
    first and last lines (the report page has them all)."""
    if not lines or line_start is None:
        return ""
    first = max(line_start - CONTEXT_LINES, 1)
    last = line_end or line_start
    out = [f"{'▶' if line_start <= first + i <= last else ' '}{first + i:>5} │ {text}" for i, text in enumerate(lines)]
    if len(out) > MAX_SOURCE_LINES:
        half = MAX_SOURCE_LINES // 2
        out = [*out[:half], f"      ⋮ {len(out) - 2 * half} 行 lines", *out[-half:]]
    return "\n".join(out)


def _pass_table(ctx: Ctx, rates: list[tuple]) -> str:
    lab = ctx.labels
    rows = []
    for rule, assessed, failed, passed, share, not_assessable in rates:
        share = float(share)
        rows.append(
            f'<tr data-rule="{esc(rule)}"><td>{lab.rule(rule)}</td>'
            f'<td class="nowrap"><span class="hbar" style="width:{share * 100:.1f}px"></span> '
            f'<b data-value="{share:.6f}">{share * 100:.1f}%</b> 通过 pass</td>'
            f'<td class="n">{assessed:,}</td><td class="n">{passed:,}</td>'
            f'<td class="n{" err" if failed else ""}"><a href="findings.html#rule={esc(rule)}">{failed:,}</a></td>'
            f'<td class="n">{not_assessable:,}</td></tr>')
    return ('<section><h2>各规则通过率 <span class="en">share of reports passing each rule</span></h2>'
            '<p class="muted">只计可判断的报告：规则所需的单元格全部已知时才可判断，空白单元格是未知而不是0。 '
            "Among the reports where the rule is assessable (every cell it needs is known; a blank cell is unknown, "
            "not 0). 100% = no report fails.</p>"
            '<div class="scroll"><table id="pass-rates"><thead><tr><th>规则 <span class=en>rule</span></th>'
            "<th>通过比例 <span class=en>share passing</span></th><th class=n>可判断 <span class=en>assessable</span></th>"
            "<th class=n>通过 <span class=en>passed</span></th><th class=n>未通过 <span class=en>failed</span></th>"
            "<th class=n>无法判断 <span class=en>not assessable</span></th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _by_rule_table(ctx: Ctx) -> str:
    lab = ctx.labels
    rows = "".join(
        f'<tr><td><a href="findings.html#rule={esc(rule)}">{lab.rule(rule)}</a></td>'
        f'<td><span class="pill {esc(sev)}">{lab.value("severity", sev)}</span></td>'
        f'<td>{lab.value("finding_source", src)}</td><td class="n" data-value="{n}">{n:,}</td>'
        f'<td class="n">{reports:,}</td></tr>'
        for rule, sev, src, n, reports in ctx.rows(BY_RULE_SQL))
    return ('<section><h2>按规则统计的发现 <span class="en">findings by rule</span></h2><div class="scroll">'
            '<table id="findings-by-rule"><thead><tr><th>规则 <span class=en>rule</span></th>'
            "<th>严重程度 <span class=en>severity</span></th><th>来源 <span class=en>source</span></th>"
            "<th class=n>发现 <span class=en>findings</span></th><th class=n>报告 <span class=en>reports</span></th>"
            f"</tr></thead><tbody>{rows}</tbody></table></div></section>")


def _discrepancies(ctx: Ctx) -> tuple[str, int]:
    rows = []
    for (rid, fname, agency, year, rule, key, sev, lhs_label, lhs, rhs_label, rhs, diff, detail, ls, le,
         lines) in ctx.rows(DISCREPANCIES_SQL):
        rows.append([report_href(rid), fname, agency, year, rule, key, sev, lhs_label, json_number(lhs), rhs_label, json_number(rhs),
                     json_number(diff), detail, ls, _source(lines, ls, le)])
    cols = ["href", "file_name", "agency_name", "report_year", "rule", "key", "severity", "lhs_label", "lhs",
            "rhs_label", "rhs", "diff", "detail", "line_start", "source"]
    ctx.write("data/discrepancies.js", data_script("discrepancies", cols, rows), "data")
    lab = ctx.labels
    spec = {"data": "discrepancies", "pageSize": 20, "search": ["agency_name", "file_name", "key", "detail", "source"],
            "filters": [{"c": "rule", "zh": "规则", "en": "rule"}, {"c": "report_year", "zh": "年度", "en": "year"}],
            "labels": {"rule": lab.rules, "severity": lab.vocab.get("severity", {})},
            "labelsFrom": {"key": "catalog"},
            "columns": [
                {"c": "agency_name", "zh": "机关", "en": "body", "sub": "file_name", "or": "file_name", "href": "{href}#L{line_start}",
                 "wrap": True},
                {"c": "report_year", "zh": "年度", "en": "year"},
                {"c": "rule", "zh": "规则", "en": "rule", "t": "label"},
                {"c": "key", "zh": "指标", "en": "key", "t": "label", "wrap": True},
                {"c": "lhs", "zh": "左边", "en": "left side", "t": "num", "sub": "lhs_label"},
                {"c": "rhs", "zh": "右边", "en": "right side", "t": "num", "sub": "rhs_label"},
                {"c": "diff", "zh": "差额", "en": "difference", "t": "num"},
            ],
            "below": "source"}
    html = (f'<section><h2>全部差异（按差额绝对值排序） <span class="en">every discrepancy, largest |difference| first</span>'
            f" ({len(rows):,})</h2>{datatable('discrepancies', spec)}</section>")
    return html, len(rows)


def _files(ctx: Ctx) -> str:
    q = quarantined(ctx)
    d = duplicates(ctx)
    qrows = "".join(f'<tr><td class="wrap mono">{esc(p)}</td><td>{esc(reason)}</td><td class="wrap">{esc(detail)}</td>'
                    f'<td class="n">{"—" if size is None else f"{size:,}"}</td></tr>'
                    for p, _, reason, detail, size, _ in q)
    drows = "".join(f'<tr><td class="wrap mono">{esc(p)}</td><td class="wrap"><a href="{report_href(rid)}">{esc(stored)}</a>'
                    f"</td></tr>" for p, _, stored, rid in d)
    return ('<section><h2>未能读取的文件 <span class="en">files not loaded (quarantined in the last run)</span>'
            f' ({len(q):,})</h2>'
            + ('<div class="scroll"><table id="quarantined"><thead><tr><th>文件 <span class=en>file</span></th>'
               "<th>原因 <span class=en>reason</span></th><th>说明 <span class=en>detail</span></th>"
               f"<th class=n>字节 <span class=en>bytes</span></th></tr></thead><tbody>{qrows}</tbody></table></div>"
               if q else '<p class="muted">没有 none.</p>')
            + f'<h3>重复文件 <span class="en">duplicate files (same content as another file, stored once)</span> ({len(d):,})</h3>'
            + ('<div class="scroll"><table id="duplicates"><thead><tr><th>文件 <span class=en>file</span></th>'
               f"<th>存储为 <span class=en>stored as</span></th></tr></thead><tbody>{drows}</tbody></table></div>"
               if d else '<p class="muted">没有 none.</p>') + "</section>")


def write(ctx: Ctx) -> Totals:
    t = totals(ctx)
    items = [("reports", "报告", "reports", t.reports), ("bodies", "机关", "identified bodies", t.bodies),
             ("figures", "数字", "figures", t.figures), ("known-figures", "确知数字", "known figures", t.known_figures),
             ("findings", "发现", "findings", t.findings), ("errors", "错误", "error findings", t.errors),
             ("warns", "警告", "warn findings", t.warns), ("ingest-errors", "未能读取的文件", "files not loaded", t.ingest_errors)]
    disc, _ = _discrepancies(ctx)
    body = (f'<h1>数据质量 <span class="en">Data quality</span></h1><p class="sub">规则（R0–R8、完整性）由 Great Expectations '
            "校验点在 dbt build 中检查；规则名称见 DOMAIN.md。 The rules are checked by the Great Expectations checkpoint inside "
            '<code>dbt build</code>; <a href="checks.html">规则校验 Checks</a> shows each expectation\'s result.</p>'
            f"<section>{cards(items)}</section>"
            + _pass_table(ctx, pass_rates(ctx)) + _by_rule_table(ctx) + disc + _files(ctx))
    ctx.write("quality.html", page(title="数据质量 Quality", body=body, root="", here="quality.html",
                                   scripts=("data/catalog.js", "data/discrepancies.js"), footer=ctx.footer("")), "lists")
    return t
