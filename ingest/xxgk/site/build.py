"""Write the whole site for a warehouse (see xxgk.site)."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.site import bodies, body_pages, checks, downloads, findings, overview, quality, reports
from xxgk.site.context import Ctx
from xxgk.site.db import connect, has_relation
from xxgk.site.labels import load_labels
from xxgk.site.layout import page
from xxgk.site.sqllabels import register_labels

ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass
class SiteResult:
    index: Path
    seconds: dict[str, float] = field(default_factory=dict)   # step -> seconds
    bytes_written: dict[str, int] = field(default_factory=dict)
    files_written: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def default_site_dir(warehouse: Path) -> Path:
    """Where a run writes the site: next to the warehouse, one folder per warehouse (xxgk_site/ for
    xxgk.duckdb)."""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}_site")


def default_gx_roots(warehouse: Path) -> list[Path]:
    """Where a warehouse's validation results may be: its own GX project, then the shared one."""
    from xxgk.quality.gx_project import gx_root, warehouse_gx_root

    roots = [warehouse_gx_root(warehouse), gx_root()]
    return list(dict.fromkeys(roots))


def build_site(warehouse: Path, out_dir: Path | None = None, *, gx_roots: list[Path] | None = None,
               downloads_too: bool = True) -> SiteResult:
    """Write the site for ``warehouse`` (read-only access) to ``out_dir`` and return where its index is.

    The site is written to a fresh folder beside ``out_dir`` and then swapped in, so a reader never
    sees half a site and no page of an earlier build survives."""
    warehouse = Path(warehouse).resolve()
    out_dir = Path(out_dir).resolve() if out_dir else default_site_dir(warehouse)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    result = SiteResult(index=out_dir / "index.html")
    con = connect(warehouse)
    try:
        ctx = Ctx(con=con, labels=load_labels(con), out=tmp, warehouse=warehouse)
        register_labels(con, ctx.labels)
        shutil.copytree(ASSETS, tmp / "assets")

        def step(name: str, fn, *args) -> None:
            t = time.perf_counter()
            fn(*args)
            result.seconds[name] = time.perf_counter() - t

        if not has_relation(con, "marts", "dim_report"):
            step("overview", _no_marts, ctx)
        else:
            step("catalog", reports.write_catalog, ctx)
            step("overview", overview.write, ctx)
            step("bodies list", bodies.write_list, ctx)
            step("body pages", body_pages.write, ctx)
            step("reports list", reports.write_list, ctx)
            step("report pages", reports.write_pages, ctx)
            step("findings", findings.write, ctx)
            step("quality", quality.write, ctx)
            step("checks", checks.write, ctx, gx_roots if gx_roots is not None else default_gx_roots(warehouse))
            if downloads_too:
                step("downloads", downloads.write, ctx)
        result.bytes_written, result.files_written = ctx.bytes_written, ctx.files_written
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        con.close()
    _swap(tmp, out_dir)
    return result


def _no_marts(ctx: Ctx) -> None:
    body = ('<h1>还没有数据 <span class="en">No marts yet</span></h1><section><p>这个仓库还没有 marts 表。 The warehouse has '
            "no <code>marts.dim_report</code>: run <code>xxgk run</code> (or <code>dbt build</code>) first.</p></section>")
    ctx.write("index.html", page(title="No marts yet", body=body, root="", here="index.html",
                                 footer=ctx.footer("")), "overview")


def _swap(tmp: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)
