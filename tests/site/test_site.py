"""The report site, read as files: written by `xxgk run` next to a real warehouse (real ingest, dbt
build and GX checkpoint), every page present, nothing loaded from the network, and the numbers on the
pages equal to the warehouse's."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import q, xxgk
from xxgk.quality.rules import RULES
from xxgk.site import build_site
from xxgk.site.overview import TRENDS

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("site")]

TOP_PAGES = ("index.html", "bodies.html", "reports.html", "findings.html", "quality.html", "checks.html",
             "downloads.html")
# what would load something from elsewhere: src/href to a URL, CSS imports and url() of URLs
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


def report_page(site: Path, report_id: str) -> Path:
    return site / "report" / report_id[:2] / f"{report_id}.html"


def data_rows(site: Path, name: str) -> dict:
    text = (site / "data" / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=", text.index("]")) + 1:].rstrip().rstrip(";"))


def test_every_page_is_written(samples_site):
    wh, site = samples_site
    for name in TOP_PAGES:
        assert (site / name).stat().st_size > 500, name
    bodies = {r for (r,) in q(wh, "select agency_id from marts.dim_agency")}
    assert {p.stem for p in (site / "body").glob("*.html")} == bodies
    reports = {r for (r,) in q(wh, "select report_id from marts.dim_report")}
    assert {p.stem for p in (site / "report").glob("*/*.html")} == reports
    assert (site / "assets" / "site.css").exists() and (site / "assets" / "site.js").exists()


def test_nothing_is_loaded_from_the_network(samples_site):
    _, site = samples_site
    checked = 0
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not REMOTE.search(text), (path, REMOTE.search(text).group(0))
            checked += 1
    assert checked > 10


def test_overview_numbers_equal_the_warehouse(samples_site):
    wh, site = samples_site
    page = (site / "index.html").read_text(encoding="utf-8")
    want = {"reports": "select count(*) from marts.dim_report", "bodies": "select count(*) from marts.dim_agency",
            "figures": "select count(*) from marts.fct_report_facts", "findings": "select count(*) from marts.fct_findings",
            "errors": "select count(*) from marts.fct_findings where severity = 'error'"}
    for key, sql in want.items():
        assert f'id="total-{key}" data-value="{q(wh, sql)[0][0]}"' in page, key
    assert 'id="total-quarantined" data-value="1"' in page  # empty.txt
    # every year's total in the year × era × level table
    for year, n in q(wh, "select report_year, count(*) from marts.dim_report where report_year is not null group by 1"):
        assert re.search(rf'<tr data-year="{year}">.*?data-total="{n}"', page), year
    # every trend: the SQL shown is the SQL run, and its values are on the page
    for tid, _, _, sql, pct in TRENDS:
        assert json.dumps(sql)[1:-1].replace("\\n", "\n").replace("<", "&lt;").replace(">", "&gt;") in page
        for year, value, _ in q(wh, sql):
            if value is not None:
                shown = f"{float(value) * 100:.1f}%" if pct else f"{float(value):,.0f}"
                assert re.search(rf"<tr><td>{year}</td><td[^>]*>{re.escape(shown)}<", page), (tid, year)


def test_report_pages_carry_every_figure_with_its_span(samples_site):
    wh, site = samples_site
    catalog = (site / "data" / "catalog.js").read_text(encoding="utf-8")
    keys = json.loads(re.search(r"d\.catalog_keys=(\[.*?\]);", catalog).group(1))
    for (rid,) in q(wh, "select report_id from marts.dim_report"):
        html = report_page(site, rid).read_text(encoding="utf-8")
        facts = json.loads(re.search(r'<script type="application/json" id="facts">(.*?)</script>', html, re.S)
                           .group(1).replace("<\\/", "</"))
        # a catalog key travels as its number in data/catalog.js
        on_page = sorted((keys[f[2]] if isinstance(f[2], int) else f[2], f[0], f[1],
                          None if f[3] is None else Decimal(str(f[3])).normalize()) for f in facts)
        in_wh = sorted((k, s, e, None if v is None else Decimal(str(v)).normalize()) for k, s, e, v in q(
            wh, "select key, span_start, span_end, value from marts.fct_report_facts where report_id = ?", [rid]))
        assert on_page == in_wh, rid
        n_findings = q(wh, "select count(*) from marts.fct_findings where report_id = ?", [rid])[0][0]
        assert f'findings</span> ({n_findings})</h2>' in html
        assert html.count('<tr><td>') >= n_findings


def test_report_page_shows_both_sides_of_a_failed_rule(samples_site):
    wh, site = samples_site
    rid, lhs, rhs, key = q(wh, """select report_id, lhs, rhs, key from marts.fct_findings
                                  where rule = 'part_exceeds_whole'""")[0]
    html = report_page(site, rid).read_text(encoding="utf-8")
    row = re.search(r"<tr><td>分项大于总数 <span class=\"en\">part_exceeds_whole</span>.*?</tr>", html, re.S).group(0)
    assert f"<b>{int(lhs)}</b>" in row.replace(f'<b data-value="{lhs}">', "<b>")
    assert f"<b>{int(rhs)}</b>" in row.replace(f'<b data-value="{rhs}">', "<b>")
    assert key in row and "&gt;" in row


def test_body_pages_equal_fct_agency_year_and_stay_small(samples_site):
    wh, site = samples_site
    cols = [c for (c,) in q(wh, "select column_name from duckdb_columns() where schema_name = 'marts' "
                                "and table_name = 'fct_agency_year' and column_name || '_source' in "
                                "(select column_name from duckdb_columns() where schema_name = 'marts' "
                                "and table_name = 'fct_agency_year')")]
    assert "requests_received" in cols and "total_handled" in cols
    checked = 0
    for row in q(wh, f"select agency_id, report_year, {', '.join(cols)} from marts.fct_agency_year"):
        agency, year, values = row[0], row[1], row[2:]
        html = (site / "body" / f"{agency}.html").read_text(encoding="utf-8")
        for col, value in zip(cols, values):
            m = re.search(rf'data-col="{col}" data-year="{year}" data-value="([^"]*)"', html)
            if value is None:
                assert m is None or m.group(1) == ""
            else:
                assert m and Decimal(m.group(1)) == Decimal(str(value)), (agency, year, col)
                checked += 1
    assert checked > 20
    for page in (site / "body").glob("*.html"):
        assert page.stat().st_size < 200_000


def test_findings_page_lists_every_finding(samples_site):
    wh, site = samples_site
    data = data_rows(site, "findings")
    assert len(data["rows"]) == q(wh, "select count(*) from marts.fct_findings")[0][0]
    i = data["cols"].index("rule")
    assert sorted(r[i] for r in data["rows"]) == sorted(r for (r,) in q(wh, "select rule from marts.fct_findings"))


def test_quality_page_names_quarantined_and_duplicate_files(samples_site):
    wh, site = samples_site
    html = (site / "quality.html").read_text(encoding="utf-8")
    assert re.search(r'<table id="quarantined">.*empty\.txt.*?<td>empty</td>', html, re.S)
    assert re.search(r'<table id="duplicates">.*copy_of_', html, re.S)
    rules = {r for (r,) in q(wh, "select distinct rule from intermediate.int_rule_checks where assessable")}
    for rule in rules:
        assert f'<tr data-rule="{rule}">' in html
    # every discrepancy, none capped
    n = q(wh, """select count(*) from marts.fct_findings where source = 'checkpoint' and diff is not null
                 and rule not in ('year_missing', 'agency_missing', 'era_missing')""")[0][0]
    assert len(data_rows(site, "discrepancies")["rows"]) == n


def test_checks_page_shows_this_warehouses_validation(samples_site):
    wh, site = samples_site
    html = (site / "checks.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'<tr data-rule="{rule.name}">' in html
    runs = [r for (r,) in q(wh, "select distinct gx_run from marts.fct_findings where gx_run is not null")]
    copied = list((site / "gx").glob("*.json"))
    assert copied and copied[0].stem in runs
    result = json.loads(copied[0].read_text(encoding="utf-8"))
    rejected = sum(len((r.get("result") or {}).get("unexpected_index_list") or []) for r in result["results"])
    assert len(data_rows(site, "checks")["rows"]) == rejected
    # the warehouse's own GX project, next to it (not the repo's)
    assert (wh.with_name("xxgk_gx") / "gx" / "uncommitted" / "validations").is_dir()


def test_downloads_are_every_mart_with_its_columns(samples_site):
    wh, site = samples_site
    folder = site / "downloads"
    marts = [r for (r,) in q(wh, """select table_name from duckdb_tables() where schema_name = 'marts'
                                    union select view_name from duckdb_views() where schema_name = 'marts'""")]
    assert "fct_report_facts" in marts
    con = duckdb.connect()
    for name in marts:
        n = q(wh, f"select count(*) from marts.{name}")[0][0]
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 >= n  # multi-line texts make more lines, never fewer
        assert con.execute(f"select count(*) from read_parquet('{folder / name}.parquet')").fetchone()[0] == n
        meta = dict(con.execute(f"select key, value from parquet_kv_metadata('{folder / name}.parquet')").fetchall())
        described = json.loads(meta[b"xxgk:columns"])
        assert described.get("report_id", "x") != ""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "| `agency_name` | 机关名称 |" in readme and "## fct_report_facts" in readme


def test_xxgk_site_rewrites_the_site_alone(samples_site, tmp_path):
    wh, _ = samples_site
    out = tmp_path / "again"
    proc = xxgk("site", "--warehouse", str(wh), "--out", str(out), check=True)
    assert str(out / "index.html") in proc.stdout
    assert (out / "index.html").exists()
    stale = out / "report" / "zz" / "stale.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    xxgk("site", "--warehouse", str(wh), "--out", str(out), check=True)
    assert not stale.exists()  # a rewrite leaves no page of an earlier site behind


def test_site_of_a_warehouse_without_marts_says_what_to_do(tmp_path):
    wh = tmp_path / "empty.duckdb"
    duckdb.connect(str(wh)).close()
    result = build_site(wh, tmp_path / "site")
    assert "No marts yet" in result.index.read_text(encoding="utf-8")


def test_site_on_a_missing_warehouse_is_one_line_and_writes_nothing(tmp_path):
    proc = xxgk("site", "--warehouse", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no warehouse" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_synthetic_2k_site_pages_stay_small_and_complete(synth_site):
    wh, site = synth_site
    assert len(list((site / "report").glob("*/*.html"))) == q(wh, "select count(*) from marts.dim_report")[0][0]
    sizes = [p.stat().st_size for p in (site / "body").glob("*.html")]
    assert len(sizes) == q(wh, "select count(*) from marts.dim_agency")[0][0]
    assert max(sizes) < 200_000
    # a body's page lists every year's report; one with more reports than fit links to the rest
    agency, n = q(wh, "select agency_id, n_reports from marts.dim_agency order by n_reports desc limit 1")[0]
    html = (site / "body" / f"{agency}.html").read_text(encoding="utf-8")
    assert html.count('<td class="wrap"><a href="../report/') == min(n, 60)
    if n > 60:
        assert f'href="../reports.html#agency_id={agency}"' in html
