"""body/<agency_id>.html, one page per reporting body:

- its reports by year (marts.dim_report), with links to the report pages;
- its harmonised figures (marts.fct_agency_year) as figures × years, the source of each figure and a
  small trend line, then the derived rates;
- year-over-year changes and carry-over continuity (R6), year by year;
- its findings (the first MAX_FINDINGS, the rest one click away on the findings page).

The figure columns are read from the table (every column with a `_source` sibling), so new
harmonised figures appear without a change here.

Bulk and column-wise: four queries sorted by body (yearly figures, reports, findings, bodies; labels
joined in DuckDB), each column's cells formatted in one pass over the column, then every body's page
assembled from slices of those lists. Formatting numbers in Python is ~10x cheaper than in SQL
(DuckDB's format() and ordered string_agg cost microseconds per value).
"""

from __future__ import annotations

import html
from decimal import Decimal

import numpy as np
import pyarrow as pa

from xxgk.site import files
from xxgk.site.context import Ctx
from xxgk.site.layout import page

# what a body's page lists at most (the rest is one click away on the findings / reports page,
# filtered to the body): keeps every body's page under 200 KB whatever its reports contain (a
# synthetic national body has 205 reports over 17 years)
MAX_FINDINGS = 100
MAX_REPORTS = 60

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
# figures that get a trend line (a line per figure of every body would cost more than it tells)
TRENDS = ("requests_received", "total_handled", "granted", "review_total", "litigation_total", "proactive_total")
SOURCE_MARK = {"legacy": "ᴸ", "prose": "ᴾ"}
INTEGER_TYPES = ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER")
SPARK_W, SPARK_H = 100, 20
DASH = "—"


def figure_columns(ctx: Ctx) -> list[tuple[str, str]]:
    """The harmonised figures of fct_agency_year and their types: the columns that have a
    `<name>_source` sibling (macros/figure_definitions.sql decides which they are)."""
    cols = ctx.rows("""select column_name, data_type from duckdb_columns() where database_name = 'wh'
        and schema_name = 'marts' and table_name = 'fct_agency_year' order by column_index""")
    have = {c for c, _ in cols}
    return [(c, t) for c, t in cols if f"{c}_source" in have]


def _num(v: object) -> str:
    if v is None:
        return DASH
    if isinstance(v, int):
        return f"{v:,}"
    d = Decimal(str(v))
    return f"{int(d):,}" if d == d.to_integral_value() else f"{d:,.4f}".rstrip("0").rstrip(".")


def _plain(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    d = Decimal(str(v))
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


def _pct(v: float | None) -> str:
    return DASH if v is None else f"{v * 100:.1f}%"


def _esc(values: list) -> list[str]:
    return ["" if v is None else html.escape(str(v)) for v in values]


def _columns(table: pa.Table) -> dict[str, list]:
    return {name: table.column(name).to_pylist() for name in table.column_names}


def _ranges(ids: list[str]) -> dict[str, tuple[int, int]]:
    """agency_id -> [start, end) of its rows in a list sorted by agency_id."""
    out: dict[str, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            if ids:
                out[ids[start]] = (start, i)
            start = i
    return out


def _spark(values: list) -> str:
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    lo, hi = min(v for _, v in known), max(v for _, v in known)
    span, step = (hi - lo) or 1.0, SPARK_W / max(len(values) - 1, 1)
    path = " L".join(f"{i * step:.1f},{SPARK_H - 3 - (SPARK_H - 6) * (v - lo) / span:.1f}" for i, v in known)
    return (f'<svg viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg"><path d="M{path}" fill="none" stroke="#1f5fbf" stroke-width="1.5"/></svg>')


YEARS_SQL = "select * from marts.fct_agency_year order by agency_id, report_year"
REPORTS_SQL = """select r.agency_id, r.report_year, r.report_id, r.file_name, r.published, r.is_primary, r.is_superseded,
       r.pick_reason, coalesce(e.html, r.era) as era_html, coalesce(fc.n, 0) as findings
from marts.dim_report r
left join (select report_id, count(*) as n from marts.fct_findings group by report_id) fc using (report_id)
left join lab_value e on e.field = 'era' and e.value = r.era
where r.agency_id is not null
order by r.agency_id, r.report_year nulls last, r.is_primary desc, r.report_id"""
FINDINGS_SQL = """select r.agency_id, r.report_year, f.report_id, f.line_start, f.severity, f.lhs, f.rhs, f.lhs_label, f.rhs_label,
       f.detail, coalesce(lr.html, f.rule) as rule_html, coalesce(lr.rel, '·') as rel,
       coalesce(ls.html, f.severity) as severity_html, lk.html as key_html, f.key
from marts.fct_findings f
join marts.dim_report r using (report_id)
left join lab_rule lr on lr.rule = f.rule
left join lab_value ls on ls.field = 'severity' and ls.value = f.severity
left join lab_key lk on lk.key = f.key
where r.agency_id is not null
order by r.agency_id, case f.severity when 'error' then 0 when 'warn' then 1 else 2 end, r.report_year,
         f.rule, f.key, f.report_id"""
AGENCIES_SQL = """select a.*, coalesce(lv.html, a.level) as level_html, coalesce(kd.html, a.kind) as kind_html
from marts.dim_agency a
left join lab_value lv on lv.field = 'level' and lv.value = a.level
left join lab_value kd on kd.field = 'kind' and kd.value = a.kind
order by a.agency_id"""


def _figure_cells(y: dict, figs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Per figure, the <td> of every body-year row, in one pass over each column (integers formatted
    inline: a function call per cell was half the time at 3.5M cells)."""
    years = y["report_year"]
    mark: dict[str | None, str] = {"table": "", None: ""}
    mark.update(SOURCE_MARK)
    out: dict[str, list[str]] = {}
    for name, dtype in figs:
        vals, srcs = y[name], y[f"{name}_source"]
        empty = f'<td class="n" data-col="{name}" data-value="">{DASH}</td>'
        if dtype in INTEGER_TYPES:
            out[name] = [f'<td class="n" data-col="{name}" data-year="{yr}" data-value="{v}">{v:,}{mark.get(s, "")}</td>'
                         if v is not None else empty for v, s, yr in zip(vals, srcs, years)]
        else:
            out[name] = [f'<td class="n" data-col="{name}" data-year="{yr}" data-value="{_plain(v)}">{_num(v)}'
                         f'{mark.get(s, "")}</td>' if v is not None else empty for v, s, yr in zip(vals, srcs, years)]
    for name, share in RATES:
        out[name] = [f'<td class="n" data-col="{name}" data-value="{"" if v is None else v}">'
                     f'{_pct(v) if share else _num(v)}</td>' for v in y[name]]
    return out


def _known_before(values: list) -> np.ndarray:
    """known[i] = how many of values[:i] are known: a body's rows [a, b) have known[b] - known[a]."""
    return np.concatenate(([0], np.cumsum([v is not None for v in values])))


def _change_rows(y: dict, carry_html: dict[str, str]) -> list[str]:
    """The year-over-year row of every body-year."""
    cols = [(c, share, y[c]) for c, share in CHANGES]
    rows = []
    for i, year in enumerate(y["report_year"]):
        cells = []
        for c, share, vals in cols:
            v = vals[i]
            text = _pct(v) if share else _num(v)
            cells.append(f'<td class="n" data-col="{c}" data-value="{"" if v is None else v}">'
                         f'{"+" if v is not None and v > 0 else ""}{text}</td>')
        status = y["carry_over_status"][i]
        cls = "err" if status == "broken" else "ok" if status == "consistent" else "muted"
        rows.append(f"<tr><td>{year}</td>{''.join(cells)}<td class=\"{cls}\">{carry_html.get(status, DASH)}</td>"
                    f'<td class="n">{_num(y["prev_requests_carried_forward"][i])}</td>'
                    f'<td class="n">{_num(y["requests_carried_in"][i])}</td>'
                    f'<td class="n">{_num(y["carry_over_diff"][i])}</td></tr>')
    return rows


def _report_rows(r: dict) -> list[str]:
    names, reasons = _esc(r["file_name"]), _esc(r["pick_reason"])
    rows = []
    for i, rid in enumerate(r["report_id"]):
        status = ("代表该年度 <span class=\"en\">stands for the year</span>" if r["is_primary"][i]
                  else "旧版本 <span class=\"en\">superseded</span>" if r["is_superseded"][i]
                  else "未选用 <span class=\"en\">not picked</span>")
        rows.append(f'<tr><td>{r["report_year"][i] or DASH}</td><td class="wrap"><a href="../report/{rid[:2]}/{rid}.html">'
                    f'{names[i]}</a><br><span class="muted mono">{rid}</span></td><td>{r["era_html"][i] or DASH}</td>'
                    f'<td>{r["published"][i] or DASH}</td><td>{status}<br><span class="muted">{reasons[i]}</span></td>'
                    f'<td class="n">{r["findings"][i]:,}</td></tr>')
    return rows


def _finding_rows(f: dict) -> list[str]:
    details, lhs_l, rhs_l = _esc(f["detail"]), _esc(f["lhs_label"]), _esc(f["rhs_label"])
    rows = []
    for i, rid in enumerate(f["report_id"]):
        line = f["line_start"][i]
        lhs, rhs = f["lhs"][i], f["rhs"][i]
        sides = ('<span class="muted">—</span>' if lhs is None and rhs is None else
                 f'<span class="eq"><b>{_num(lhs)}</b></span> <span class="muted">{lhs_l[i]}</span> {f["rel"][i]} '
                 f'<span class="eq"><b>{_num(rhs)}</b></span> <span class="muted">{rhs_l[i]}</span>')
        sev = f["severity"][i]
        rows.append(f'<tr><td><a href="../report/{rid[:2]}/{rid}.html{"#L" + str(line) if line else ""}">'
                    f'{f["report_year"][i] or DASH}</a></td><td>{f["rule_html"][i]}</td>'
                    f'<td><span class="pill {sev}">{f["severity_html"][i]}</span></td>'
                    f'<td>{f["key_html"][i] or html.escape(f["key"][i] or DASH)}</td><td>{sides}</td>'
                    f'<td class="wrap">{details[i]}</td></tr>')
    return rows


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
    parts = _fixed_parts(ctx)
    lab = ctx.labels
    y = _columns(ctx.arrow(YEARS_SQL))
    reports = _columns(ctx.arrow(REPORTS_SQL))
    found = _columns(ctx.arrow(FINDINGS_SQL))
    cells = _figure_cells(y, figs)
    carry_html = {v: lab.value("carry_over_status", v) for v in lab.vocab.get("carry_over_status", {})}
    change_rows = _change_rows(y, carry_html)
    report_rows, finding_rows = _report_rows(reports), _finding_rows(found)
    y_at, r_at, f_at = _ranges(y["agency_id"]), _ranges(reports["agency_id"]), _ranges(found["agency_id"])
    labels = {name: lab.column(name) for name, _ in [*figs, *RATES]}
    order = [name for name, _ in figs]
    known = {name: _known_before(y[name]) for name in [*order, *(r for r, _ in RATES)]}
    root = "../"
    shell = page(title="\x01", body="\x02", root=root, footer=ctx.footer(root))
    head, rest = shell.split("\x01")
    mid, tail = rest.split("\x02")
    (ctx.out / "body").mkdir(parents=True, exist_ok=True)
    paths, pages = [], []
    for a in ctx.arrow(AGENCIES_SQL).to_pylist():
        aid = a["agency_id"]
        ya, yb = y_at.get(aid, (0, 0))
        ra, rb = r_at.get(aid, (0, 0))
        fa, fb = f_at.get(aid, (0, 0))
        out = [head, html.escape(a["agency_name"] or aid), mid, _header(a)]
        out += [parts["reports_head"], *_chosen(report_rows, reports["is_primary"], ra, rb),
                "</tbody></table></div>"]
        if rb - ra > MAX_REPORTS:
            out.append(f'<p>共 {rb - ra:,} 份报告，这里列出每年选用的报告和其余的前几份。 {rb - ra:,} reports: the ones '
                       f'that stand for their year and the first others; <a href="../reports.html#agency_id={aid}">'
                       "在报告页查看全部 all reports of this body</a></p>")
        out.append("</section>")
        if yb > ya:
            out.append(parts["figures_head"])
            out += [f'<th class="n"><a href="../report/{rid[:2]}/{rid}.html">{yr}</a></th>'
                    for rid, yr in zip(y["report_id"][ya:yb], y["report_year"][ya:yb])]
            out.append(parts["figures_head2"])
            for name in order:
                if known[name][yb] > known[name][ya]:
                    out += ["<tr><td>", labels[name], "</td>", *cells[name][ya:yb], "<td>",
                            _spark(y[name][ya:yb]) if name in TRENDS else "", "</td></tr>"]
            for name, _ in RATES:
                if known[name][yb] > known[name][ya]:
                    out += ['<tr class="sub"><td>', labels[name], "</td>", *cells[name][ya:yb], "<td></td></tr>"]
            out += ["</tbody></table></div></section>", parts["changes_head"], *change_rows[ya:yb],
                    "</tbody></table></div></section>"]
        else:
            out.append(parts["no_years"])
        n = fb - fa
        out.append(f'<section><h2>发现 <span class="en">findings</span> ({n})</h2>')
        if n:
            out += [parts["findings_head"], *finding_rows[fa:min(fb, fa + MAX_FINDINGS)], "</tbody></table></div>"]
            if n > MAX_FINDINGS:
                out.append(f'<p>还有 {n - MAX_FINDINGS:,} 条 more: <a href="../findings.html#agency_id={aid}">'
                           "在发现页查看全部 all findings of this body</a></p>")
        else:
            out.append('<p class="muted">没有发现 none.</p>')
        out += ["</section>", tail]
        paths.append(f"body/{aid}.html")
        pages.append("".join(out))
    written = files.write_texts(ctx.out, paths, pages)
    ctx.bytes_written["body pages"] = ctx.bytes_written.get("body pages", 0) + written
    ctx.files_written["body pages"] = ctx.files_written.get("body pages", 0) + len(paths)


def _chosen(rows: list[str], primary: list[bool], a: int, b: int) -> list[str]:
    """The report rows of a body, at most MAX_REPORTS: every one that stands for its year, then the
    first others, in their order (by year)."""
    if b - a <= MAX_REPORTS:
        return rows[a:b]
    keep = [i for i in range(a, b) if primary[i]]
    others = [i for i in range(a, b) if not primary[i]][: max(MAX_REPORTS - len(keep), 0)]
    return [rows[i] for i in sorted(keep + others)]


def _header(a: dict) -> str:
    place = " · ".join(html.escape(x) for x in (a["province"], a["prefecture"], a["county"]) if x) or "未知 unknown"
    names = "；".join(html.escape(n) for n in a.get("names_seen") or [])
    return (f'<h1>{html.escape(a["agency_name"] or "")}</h1><p class="sub">{place} · {a["level_html"] or DASH} · '
            f'{a["kind_html"] or DASH}</p><section><dl class="meta"><dt>机关编号 <span class="en">agency_id</span></dt>'
            f'<dd class="mono">{a["agency_id"]}</dd><dt>行政区划代码 <span class="en">division_code</span></dt>'
            f'<dd>{html.escape(a["division_code"] or DASH)}</dd><dt>年度 <span class="en">years</span></dt>'
            f'<dd>{a["first_year"]}–{a["last_year"]} ({a["n_years"]} 年 years, {a["n_reports"]} 份报告 reports)</dd>'
            f'<dt>出现过的名称 <span class="en">names seen</span></dt><dd>{names}</dd></dl></section>')
