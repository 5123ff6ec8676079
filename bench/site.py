#!/usr/bin/env python3
"""Benchmark of the report site (issue #19): how long `xxgk site` takes and how big its pages are.

    .venv/bin/python bench/site.py --warehouse /path/xxgk.duckdb            # an existing warehouse
    .venv/bin/python bench/site.py --synth 2000 --work /tmp/site2k           # synth + run, then measure
    .venv/bin/python bench/site.py ... --out bench/SITE.md                   # also write the results

Target: the site of 100k reports in under a minute, every body page under 200 KB. The site is written
to a scratch folder (not next to the warehouse) so a measurement never replaces a user's site.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ingest"))


def build_warehouse(n: int, work: Path) -> Path:
    xxgk = str(Path(sys.executable).parent / "xxgk")
    corpus, wh = work / "corpus", work / "xxgk.duckdb"
    if not wh.exists():
        subprocess.run([xxgk, "synth", str(n), "--out", str(corpus), "--seed", "19"], check=True)
        subprocess.run([xxgk, "run", "--reports", str(corpus / "reports"), "--warehouse", str(wh)], check=True)
    return wh


def machine_speed() -> dict:
    """Two fixed workloads, to compare measurements taken on a busy and an idle machine: a million
    Python f-strings, and DuckDB casting ten million integers to text."""
    import duckdb

    t = time.perf_counter()
    _ = [f'<td data-value="{v}">{v:,}</td>' for v in range(1_000_000)]
    py = time.perf_counter() - t
    t = time.perf_counter()
    duckdb.connect().execute("select sum(length(cast(range as varchar))) from range(10000000)").fetchall()
    return {"python_1M_fstrings_s": round(py, 3), "duckdb_10M_casts_s": round(time.perf_counter() - t, 3),
            "load_average": os.getloadavg()[0]}


def measure(wh: Path, out: Path) -> dict:
    import duckdb

    from xxgk.site import build_site

    con = duckdb.connect(str(wh), read_only=True)
    counts = {name: con.execute(sql).fetchall()[0][0] for name, sql in {
        "reports": "select count(*) from marts.dim_report", "bodies": "select count(*) from marts.dim_agency",
        "figures": "select count(*) from marts.fct_report_facts", "findings": "select count(*) from marts.fct_findings",
    }.items()}
    con.close()
    shutil.rmtree(out, ignore_errors=True)
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    result = build_site(wh, out)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    body_sizes = sorted(p.stat().st_size for p in (out / "body").glob("*.html"))
    report_sizes = [p.stat().st_size for p in (out / "report").glob("*/*.html")]
    return {
        "counts": counts, "wall": wall, "cpu": cpu, "peak_rss_mib": after.ru_maxrss / 1024, "steps": result.seconds,
        "bytes": result.bytes_written, "files": result.files_written,
        "body_page_max": body_sizes[-1] if body_sizes else 0,
        "body_page_median": body_sizes[len(body_sizes) // 2] if body_sizes else 0,
        "report_page_avg": sum(report_sizes) / len(report_sizes) if report_sizes else 0,
        "report_page_max": max(report_sizes, default=0),
        "site_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        "machine": machine_speed(),
    }


def markdown(r: dict, wh: Path) -> str:
    c = r["counts"]
    mib = 1024 * 1024
    lines = [
        f"# Report site benchmark ({time.strftime('%Y-%m-%d')})", "",
        f"Warehouse `{wh.name}`: {c['reports']:,} reports, {c['bodies']:,} bodies, {c['figures']:,} figures, "
        f"{c['findings']:,} findings. Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. Machine speed at the time (idle reference in brackets): 1M Python "
        f"f-strings {r['machine']['python_1M_fstrings_s']} s [~0.4], 10M DuckDB casts "
        f"{r['machine']['duckdb_10M_casts_s']} s, load average {r['machine']['load_average']:.1f}.", "",
        f"**Whole site: {r['wall']:.1f} s** wall, {r['cpu']:.1f} s CPU (target: 100k reports in under 60 s), "
        f"{r['site_bytes'] / mib:,.0f} MiB on disk, peak RSS {r['peak_rss_mib']:,.0f} MiB.", "",
        "| step | seconds |", "|---|---:|",
        *[f"| {k} | {v:.2f} |" for k, v in r["steps"].items()], "",
        "| pages | files | MiB |", "|---|---:|---:|",
        *[f"| {k} | {r['files'].get(k, 0):,} | {v / mib:,.1f} |" for k, v in r["bytes"].items()], "",
        f"Body pages: largest {r['body_page_max'] / 1024:.0f} KB (target < 200 KB), median "
        f"{r['body_page_median'] / 1024:.0f} KB. Report pages: average {r['report_page_avg'] / 1024:.0f} KB, "
        f"largest {r['report_page_max'] / 1024:.0f} KB.", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path)
    ap.add_argument("--synth", type=int, help="build a synthetic corpus of N reports first")
    ap.add_argument("--work", type=Path, default=Path("/tmp/xxgk-site-bench"))
    ap.add_argument("--out", type=Path, help="write the results as Markdown here")
    a = ap.parse_args()
    if a.warehouse is None and a.synth is None:
        ap.error("give --warehouse or --synth N")
    a.work.mkdir(parents=True, exist_ok=True)
    wh = a.warehouse or build_warehouse(a.synth, a.work)
    r = measure(wh, a.work / "site")
    print(json.dumps(r, indent=1, default=str))
    text = markdown(r, wh)
    print(text)
    if a.out:
        a.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
