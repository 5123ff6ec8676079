"""The data-quality page: built from a real warehouse (golden reports + planted violations, dbt build,
checkpoint), static and offline, numbers equal to the warehouse's; and in headless Chromium it loads
without console errors and its charts render."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import duckdb
import pytest

from xxgk.dbt_run import dbt_build
from xxgk.quality.gx_project import copy_gx_project
from tests.golden import from_golden, load_golden_warehouse
from xxgk.report import build_report

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    wh = tmp / "w.duckdb"
    reports = [from_golden(p) for p in sorted(GOLDEN.glob("*.json"))]
    bad = from_golden(GOLDEN / "003_8e2ae5a13d6d1592.json")
    bad.report_id, bad.file_name = "plant_balance", "plant_balance.txt"
    bad.facts["t3.new.natural_person"] = D(7)
    bad.facts["t3.new.total"] = D(7)
    reports.append(bad)
    load_golden_warehouse(wh, reports)
    gx_root = copy_gx_project(tmp / "exp")
    proc = dbt_build(wh, target_path=tmp / "target", log_path=tmp / "logs", gx_root=gx_root)
    assert proc.returncode == 0, proc.stdout[-3000:]
    out = build_report(wh, tmp / "out" / "quality.html",
                       data_docs=gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html")
    return wh, out


def _totals(wh: Path) -> dict[str, int]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {"reports": q("select count(*) from marts.dim_report"),
                "figures": q("select count(*) from marts.fct_report_facts"),
                "findings": q("select count(*) from marts.fct_findings"),
                "errors": q("select count(*) from marts.fct_findings where severity = 'error'"),
                "bodies": q("select count(*) from marts.dim_agency")}
    finally:
        con.close()


@pytest.mark.e2e
def test_page_is_static_offline_and_matches_the_warehouse(report_page):
    wh, out = report_page
    page = out.read_text(encoding="utf-8")
    # no network: no external scripts, styles or images
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)
    for key, value in _totals(wh).items():
        assert f'id="total-{key}" data-value="{value}"' in page, key
    # the planted balance failure is among the largest discrepancies, with its source line
    m = re.search(r'<table id="discrepancies">(.*?)</table>', page, re.S)
    assert m and "balance" in m.group(1) and "t3.total.natural_person" in m.group(1)
    assert re.search(r"<pre>[^<]*&quot;t3.new.natural_person&quot;", m.group(1))
    # the Data Docs link resolves from the page's folder
    href = re.search(r'id="data-docs-link" href="([^"]+)"', page).group(1)
    assert (out.parent / href).resolve().exists()


def test_page_without_marts_says_what_to_do(tmp_path):
    wh = tmp_path / "empty.duckdb"
    duckdb.connect(str(wh)).close()
    out = build_report(wh, tmp_path / "q.html", data_docs=None)
    assert "No marts yet" in out.read_text(encoding="utf-8")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (apt-get install -y chromium)")
def test_page_in_headless_chromium(report_page, tmp_path):
    wh, out = report_page
    proc = subprocess.run(
        [_chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=10000", "--dump-dom", out.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]
    assert console == [], console
    dom = proc.stdout
    # every chart div got plotly's SVG (2 main-svg layers per chart)
    charts = re.findall(r'<div id="(chart-[a-z]+)" class="plotly-graph-div', dom)
    assert len(charts) >= 3
    assert dom.count('class="main-svg"') >= 2 * len(charts)
    assert dom.count('class="point"') > 0
    # numbers the browser shows = the warehouse's
    for key, value in _totals(wh).items():
        m = re.search(rf'id="total-{key}" data-value="(\d+)">([\d,]+)<', dom)
        assert m and int(m.group(1)) == value and int(m.group(2).replace(",", "")) == value, key
