"""The data-quality report: one static HTML page per run (opens from disk, no server, no network).

    from xxgk.report import build_report
    build_report(Path("warehouse/xxgk.duckdb"), Path("reports_out/quality.html"))

    python -m xxgk.report [--warehouse FILE] [--out FILE]

Reads the warehouse read-only (marts, intermediate.int_rule_checks, raw.reports for the source
lines). Charts are plotly with plotly.js inlined once in the page.
"""

from xxgk.report.build import build_report

__all__ = ["build_report"]
