#!/usr/bin/env python3
"""Benchmark of issue 18: metadata (who reported, where, when) on variants of the real report texts.

    .venv/bin/python bench/metadata_variants.py                 # 10,000 variants, writes bench/METADATA.md
    .venv/bin/python bench/metadata_variants.py --n 2000 --out /tmp/METADATA.md

The variants (``xxgk.synth.variants``) give the bodies of the real texts new reporting bodies from the
whole division list and the curated non-division jurisdictions, wrapped in every common title and
header form; a few are not annual reports. Scored: metadata fields against the truth (what the text
lets a reader know), wrong body names (a name where the truth has another or none), not_annual_report
recall and false alarms, and the reports with a miss per form. ``bench/run.py`` runs this too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ingest"))


def _parse_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    from xxgk.parse.report import parse_report
    return [(name, parse_report(text, name).to_contract_json()) for name, text in chunk]


def run(n: int = 10_000, seed: int = 18, jobs: int | None = None) -> dict:
    from xxgk.synth.variants import generate_variants, score_metadata
    t = time.perf_counter()
    items = generate_variants(n, seed)
    gen_s = time.perf_counter() - t
    jobs = jobs or os.cpu_count() or 1
    pairs = [(name, text) for name, text, _ in items]
    size = max(1, len(pairs) // (jobs * 8))
    chunks = [pairs[i:i + size] for i in range(0, len(pairs), size)]
    t = time.perf_counter()
    got: dict[str, dict] = {}
    with ProcessPoolExecutor(jobs) as pool:
        for part in pool.map(_parse_chunk, chunks):
            got.update(part)
    parse_s = time.perf_counter() - t
    res = score_metadata([tr for _, _, tr in items], got)
    fails = res.pop("fails")
    res.update(variants=n, seed=seed, generate_seconds=round(gen_s, 2), parse_seconds=round(parse_s, 2),
               jobs=jobs, fail_examples=fails[:30])
    return res


def write(res: dict, out: Path) -> None:
    L = ["# Metadata on unseen forms (issue 18)", "",
         f"{res['variants']:,} variants of the real report texts (`xxgk.synth.variants`, seed {res['seed']}), "
         f"parsed in {res['parse_seconds']} s with {res['jobs']} workers (generated in {res['generate_seconds']} s).", "",
         f"- **Metadata**: {res['meta_ok']:,} of {res['meta_n']:,} fields right = **{res['meta_accuracy'] * 100:.2f}%** "
         f"(target ≥ 98%) over {res['reports']:,} reports",
         f"- **Wrong body names**: {res['wrong_names']} (target 0; a name where the truth has another or none)",
         f"- **Not an annual report** flagged: {res['not_report_recall']}; reports wrongly flagged: "
         f"{res['not_report_false_alarms']}", "",
         "Reports with a miss, by form (tag: missed/with that tag):", "",
         f"`{json.dumps(res['reports_with_a_miss_by_tag'], ensure_ascii=False)}`", "",
         "First misses:", "", *[f"- {f}" for f in res["fail_examples"]], "",
         "The variants share the parser's vocabulary and the real texts' bodies: a floor, not proof.", ""]
    out.write_text("\n".join(L), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "METADATA.md")
    a = ap.parse_args(argv)
    res = run(a.n, a.seed, a.jobs)
    write(res, a.out)
    print(f"metadata {res['meta_accuracy']}, wrong names {res['wrong_names']}, not reports {res['not_report_recall']}"
          f" (false alarms {res['not_report_false_alarms']}); wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
