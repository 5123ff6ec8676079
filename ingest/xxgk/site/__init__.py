"""The report site: static pages that open from disk (file://), no server, no network.

    from xxgk.site import build_site
    build_site(Path("warehouse/xxgk.duckdb"))            # -> warehouse/xxgk_site/index.html

    xxgk site [--warehouse FILE] [--out DIR]

Every `xxgk run` writes it next to the warehouse. Pages: overview, bodies, a page per body, reports,
a page per report (text with every figure highlighted at its provenance span), findings, data
quality, Great Expectations checks, downloads. One stylesheet and one small script are bundled
(site/assets); charts are inline SVG drawn in Python; long lists are data files paged and searched
client-side. Every number is read from the warehouse (read-only) by the queries in these modules.
"""

from xxgk.site.build import SiteResult, build_site, default_site_dir

__all__ = ["SiteResult", "build_site", "default_site_dir"]
