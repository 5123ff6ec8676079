"""The report site in headless Chromium (DevTools protocol over a pipe, tests/site/browser.py), on real
warehouses — the bundled samples and a 2,000-report synthetic corpus — at 1024, 1440 and 1920 px:
no horizontal overflow, no console errors, no request that is not a local file, and the numbers the
browser shows equal to the warehouse. Screenshots of every page at every width go to
$XXGK_SCREENSHOTS (or the test's temp folder) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import q
from tests.site.browser import Browser, chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.xdist_group("site"),
              pytest.mark.skipif(chromium() is None, reason="chromium not installed (scripts/ensure_test_deps.sh)")]

WIDTHS = (1024, 1440, 1920)
TOP_PAGES = ("index.html", "bodies.html", "reports.html", "findings.html", "quality.html", "checks.html",
             "downloads.html")


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("XXGK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def busiest_pages(wh: Path) -> list[str]:
    """The top pages, plus the body and the report with the most findings (the longest pages)."""
    agency = q(wh, """select r.agency_id from marts.fct_findings f join marts.dim_report r using (report_id)
                      where r.agency_id is not null group by 1 order by count(*) desc, 1 limit 1""")[0][0]
    report = q(wh, "select report_id from marts.fct_findings group by 1 order by count(*) desc, 1 limit 1")[0][0]
    return [*TOP_PAGES, f"body/{agency}.html", f"report/{report[:2]}/{report}.html"]


def check_pages(browser: Browser, site: Path, pages: list[str], shots: Path, label: str) -> None:
    problems = []
    for rel in pages:
        for width in WIDTHS:
            page = browser.open((site / rel).as_uri(), width=width)
            try:
                scroll, inner = page.eval("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    problems.append(f"{rel} @{width}: page is {scroll} px wide")
                if page.console_errors:
                    problems.append(f"{rel} @{width}: {page.console_errors}")
                remote = [u for u in page.requests if not u.startswith(("file:", "data:", "about:"))]
                if remote:
                    problems.append(f"{rel} @{width}: requested {remote}")
                page.screenshot(shots / f"{label}-{rel.replace('/', '_')}-{width}.png", max_height=4000)
            finally:
                page.close()
    assert not problems, "\n".join(problems)


def test_samples_site_renders_cleanly_at_three_widths(browser, samples_site, shots):
    wh, site = samples_site
    check_pages(browser, site, busiest_pages(wh), shots, "samples")


def test_synthetic_2k_site_renders_cleanly_at_three_widths(browser, synth_site, shots):
    wh, site = synth_site
    check_pages(browser, site, busiest_pages(wh), shots, "synth2k")


def test_totals_and_charts_in_the_browser_equal_the_warehouse(browser, synth_site):
    wh, site = synth_site
    page = browser.open((site / "index.html").as_uri())
    shown = page.eval("""Object.fromEntries([...document.querySelectorAll('[id^=total-]')]
                         .map(e => [e.id.slice(6), e.textContent.replace(/,/g, '')]))""")
    assert int(shown["reports"]) == q(wh, "select count(*) from marts.dim_report")[0][0]
    assert int(shown["bodies"]) == q(wh, "select count(*) from marts.dim_agency")[0][0]
    assert int(shown["findings"]) == q(wh, "select count(*) from marts.fct_findings")[0][0]
    # the stacked bars add up to the reports of each year (a bar per era, values in data-value)
    bars = page.eval("""[...document.querySelectorAll('#chart-year-era rect.bar')]
                        .map(r => [r.querySelector('title').textContent.split(' · ')[0], +r.dataset.value])""")
    per_year: dict[str, int] = {}
    for year, n in bars:
        per_year[year] = per_year.get(year, 0) + n
    want = {str(y): n for y, n in q(wh, """select report_year, count(*) from marts.dim_report
                                           where report_year is not null group by 1""")}
    assert per_year == want
    # every bar is drawn at a visible height and the count axis ticks at whole numbers
    heights = page.eval("[...document.querySelectorAll('#chart-year-era rect.bar')].map(r => r.getBBox().height)")
    assert min(heights) > 0
    ticks = page.eval("[...document.querySelectorAll('#chart-year-era > text')].map(t => t.textContent)")
    assert all(t.replace(",", "").isdigit() for t in ticks if ":" not in t and not t.startswith("20"))
    page.close()


def test_findings_filters_match_the_warehouse(browser, synth_site):
    wh, site = synth_site
    rule, n = q(wh, "select rule, count(*) from marts.fct_findings group by 1 order by 2 desc limit 1")[0]
    page = browser.open((site / "findings.html").as_uri() + f"#rule={rule}")
    assert int(page.eval("document.getElementById('findings-table').dataset.shown")) == n
    year, province, m = q(wh, """select r.report_year, r.province, count(*) from marts.fct_findings f
                                 join marts.dim_report r using (report_id) where r.province is not null
                                 group by 1, 2 order by 3 desc limit 1""")[0]
    page.eval(f"""(() => {{ const t = document.getElementById('findings-table');
        t.querySelector('select[data-col=rule]').value = '';
        t.querySelector('select[data-col=report_year]').value = '{year}';
        const p = t.querySelector('select[data-col=province]'); p.value = '{province}';
        p.dispatchEvent(new Event('change')); }})()""")
    assert int(page.eval("document.getElementById('findings-table').dataset.shown")) == m
    # every row links to its report page, which exists
    href = page.eval("document.querySelector('#findings-table tbody a').getAttribute('href')")
    assert (site / href.split("#")[0]).exists()
    page.close()


def test_report_page_highlights_every_figure_at_its_span(browser, synth_site):
    wh, site = synth_site
    rid = q(wh, "select report_id from marts.dim_report where era = 'v2021' order by report_id limit 1")[0][0]
    page = browser.open((site / "report" / rid[:2] / f"{rid}.html").as_uri())
    keys = set(page.eval("[...document.querySelectorAll('mark.fig')].flatMap(m => m.dataset.keys.split(' '))"))
    want = {k for (k,) in q(wh, """select key from marts.fct_report_facts where report_id = ?
                                   and span_end > span_start""", [rid])}
    assert want and keys == want
    # the highlighted text is the text at the span, and the hover text names key, value and placement
    key, start, end, value, placement = q(wh, """select key, span_start, span_end, value, placement
        from marts.fct_report_facts where report_id = ? and section = 't3' and value is not null
        order by span_start limit 1""", [rid])[0]
    title = page.eval(f"[...document.querySelectorAll('mark.fig')].find(m => m.dataset.keys.split(' ')"
                      f".includes('{key}')).title")
    assert key in title and f"{int(value):,}" in title and placement in title
    text = q(wh, "select coalesce(parsed_text, raw_text) from raw.reports where report_id = ?", [rid])[0][0]
    marked = page.eval(f"""[...document.querySelectorAll('mark.fig')]
        .filter(m => m.dataset.keys.split(' ').includes('{key}')).map(m => m.textContent).join('')""")
    assert marked.replace("\n", "") == text[start:end].replace("\n", "")
    # the figures table lists them all
    assert int(page.eval("document.getElementById('figures-table').dataset.shown")) == q(
        wh, "select count(*) from marts.fct_report_facts where report_id = ?", [rid])[0][0]
    page.close()


def test_body_page_in_the_browser_equals_fct_agency_year(browser, synth_site):
    wh, site = synth_site
    agency, year, received, handled = q(wh, """select agency_id, report_year, requests_received, total_handled
        from marts.fct_agency_year where requests_received is not null and total_handled is not null
        order by requests_received desc limit 1""")[0]
    page = browser.open((site / "body" / f"{agency}.html").as_uri(), width=1024)
    cell = page.eval(f"""[...document.querySelectorAll('td[data-col=requests_received][data-year="{year}"]')]
                         .map(td => td.textContent)[0]""")
    assert int(cell.rstrip("ᴸᴾ").replace(",", "")) == received
    cell = page.eval(f"""document.querySelector('td[data-col=total_handled][data-year="{year}"]').textContent""")
    assert int(cell.rstrip("ᴸᴾ").replace(",", "")) == handled
    page.close()
