#!/usr/bin/env python3
"""Benchmark of issue 16: PDF reports read by their layout — speed against `pdftotext -layout`, accuracy.

    .venv/bin/python bench/pdf.py                          # 200 reports, both renderers, 2 jobs
    .venv/bin/python bench/pdf.py --n 40 --out /tmp/PDF.md  # smoke run
    .venv/bin/python bench/pdf.py --corpus DIR             # reuse a corpus rendered before

A synthetic corpus is generated as HTML pages and rendered as PDF by Chromium's print and by LibreOffice
from Word (xxgk.synth.formats; not timed). Then, on the same files in the same run, with the same number
of worker processes:

- the floor: `pdftotext -layout` of every PDF (text only: no tables, no parsing);
- `xxgk extract` (xxgk.extract.extract_paths): read each PDF by its layout and parse it — reports/s,
  pages/s and the ratio to the floor;
- accuracy of that output against the truth (cells, wrong cells, blanks, metadata), per renderer.

Targets (issue 16): ≥ 50 pages/s on 2 cores, within 5× of pdftotext, ≥ 99.9% of cells, 0 wrong.
Writes bench/PDF_RESULTS.md and bench/PDF_RESULTS.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERERS = ("pdf-chromium", "pdf-office")


def _pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(str(f))) for f in files)


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _pdftotext(files: list[Path], jobs: int) -> float:
    """Wall seconds of `pdftotext -layout` over ``files``, ``jobs`` at a time."""
    def one(f: Path) -> None:
        subprocess.run(["pdftotext", "-layout", str(f), "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, files))
    return time.perf_counter() - t0


def _extract(files: list[Path], jobs: int) -> tuple[float, dict[str, dict]]:
    from xxgk.extract import extract_one

    t0 = time.perf_counter()
    if jobs <= 1:
        out = list(map(extract_one, files))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            out = list(pool.map(extract_one, files, chunksize=4))
    return time.perf_counter() - t0, {o["file"]: o for o in out}


def _score(truth_jsonl: Path, got: dict[str, dict]) -> dict:
    from xxgk.synth.score import score_one, summarize

    c: Counter = Counter()
    for line in truth_jsonl.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        score_one(t, got.get(t["file"]), c)
    return summarize(c)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="synthetic reports (default 200)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--corpus", help="a corpus rendered before "
                                     "(xxgk synth N --out DIR --formats pdf-chromium,pdf-office)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "PDF_RESULTS.md"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "ingest"))

    default = Path(os.environ.get("TMPDIR", "/tmp")) / f"xxgk-pdf-bench-{args.n}-{args.seed}"
    corpus = Path(args.corpus) if args.corpus else default
    made = 0.0
    if not all((corpus / r / "truth.jsonl").exists() for r in RENDERERS):
        from xxgk.synth import generate_corpus
        from xxgk.synth.formats import render_formats

        t0 = time.perf_counter()
        generate_corpus(args.n, corpus, seed=args.seed, jobs=args.jobs, layouts=("html",))
        render_formats(corpus, RENDERERS)
        made = time.perf_counter() - t0
    rows = []
    results: dict = {"jobs": args.jobs, "corpus": str(corpus), "rendered_seconds": round(made, 1), "renderers": {}}
    for renderer in RENDERERS:
        files = sorted((corpus / renderer).rglob("*.pdf"))
        pages = _pages(files)
        c0 = _cpu()
        floor = _pdftotext(files, args.jobs)
        c1 = _cpu()
        ours, got = _extract(files, args.jobs)
        c2 = _cpu()
        acc = _score(corpus / renderer / "truth.jsonl", got)
        r = {"files": len(files), "pages": pages, "pdftotext_s": round(floor, 2), "extract_s": round(ours, 2),
             "pages_per_s": round(pages / ours, 1), "reports_per_s": round(len(files) / ours, 1),
             "pdftotext_pages_per_s": round(pages / floor, 1), "ratio_to_pdftotext": round(ours / floor, 2),
             "pdftotext_cpu_s": round(c1 - c0, 2), "extract_cpu_s": round(c2 - c1, 2),
             "pages_per_cpu_s": round(pages / (c2 - c1), 1),
             "cells": acc["cells_in_truth"], "cells_ok": acc.get("fact_ok", 0), "wrong": acc.get("fact_wrong", 0),
             "blank_read_as_figure": acc.get("null_wrong", 0), "extra": acc.get("extra", 0),
             "cell_accuracy": acc["cell_accuracy"], "meta_accuracy": acc["meta_accuracy"],
             "errors": acc.get("errors", 0)}
        results["renderers"][renderer] = r
        rows.append((renderer, r))
    total_pages = sum(r["pages"] for _, r in rows)
    total_ours = sum(r["extract_s"] for _, r in rows)
    total_floor = sum(r["pdftotext_s"] for _, r in rows)
    results["pages_per_s"] = round(total_pages / total_ours, 1)
    results["ratio_to_pdftotext"] = round(total_ours / total_floor, 2)
    cpu = sum(r["extract_cpu_s"] for _, r in rows)
    results["pages_per_cpu_s"] = round(total_pages / cpu, 1)
    results["cpu_ratio_to_pdftotext"] = round(cpu / sum(r["pdftotext_cpu_s"] for _, r in rows), 2)

    load = os.getloadavg()
    lines = [
        "# PDF benchmark (issue 16)", "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M')} by `bench/pdf.py --n {args.n} --jobs {args.jobs}` "
        f"(seed {args.seed}); "
        f"{platform.processor() or platform.machine()}, nproc {os.cpu_count()}, load average at the end "
        f"{load[0]:.1f} (the machine is shared: speed varies with it). Rendering the corpus is not timed.", "",
        "| renderer | files | pages | pdftotext -layout | xxgk extract | pages/s | reports/s | × pdftotext | "
        "pages per CPU-second | cells | wrong | blanks as figures | metadata |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        lines.append(f"| {name} | {r['files']} | {r['pages']} | "
                     f"{r['pdftotext_s']} s ({r['pdftotext_pages_per_s']} p/s) | "
                     f"{r['extract_s']} s | {r['pages_per_s']} | {r['reports_per_s']} | {r['ratio_to_pdftotext']}× | "
                     f"{r['pages_per_cpu_s']} | "
                     f"{r['cells_ok']}/{r['cells']} = {r['cell_accuracy']} | {r['wrong']} | "
                     f"{r['blank_read_as_figure']} | "
                     f"{r['meta_accuracy']} |")
    lines += ["", f"All: {total_pages} pages in {total_ours:.1f} s = **{results['pages_per_s']} pages/s** with "
              f"{args.jobs} worker processes, **{results['ratio_to_pdftotext']}×** the time of `pdftotext -layout` "
              "(which gives text only: no tables, no figures).",
              f"CPU time (what a busy machine does not distort): {results['pages_per_cpu_s']} pages per CPU-second, "
              f"i.e. {2 * results['pages_per_cpu_s']:.0f} pages/s on 2 idle cores; "
              f"{results['cpu_ratio_to_pdftotext']}× pdftotext's CPU time.", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
