#!/usr/bin/env python3
"""The hand-checked reports (tests/fixtures: seeds, real excerpts, real fused pages) printed and scanned, read
by OCR and scored against their golden truth, beside the same reports as text and as the printed PDF.

    .venv/bin/python bench/ocr_real.py --out bench/OCR_REAL.md          # ~10 min on 2 idle cores

Each text is rendered as the HTML page it came from (xxgk.synth.text_page), printed by Chromium, and scanned
at ``--dpi`` (xxgk.synth.scan: skew, grain, dust, blur, JPEG, a seal; colour and grayscale alternate). The
synthetic scan corpus (bench/ocr.py) shares the generator's assumptions; these texts are real ones, so this
is the floor that matters: wrong figures must stay 0, metadata must equal the text's.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "ingest"))
sys.path.insert(0, str(ROOT))               # tests.golden: the golden scorer

COUNTERS = ("meta_ok", "meta_n", "fact_ok", "fact_wrong", "fact_missing", "null_ok", "null_wrong", "extra")


def _score(args: tuple[str, str, str, str]) -> tuple[str, dict[str, dict], float]:
    text, printed, scan, golden = args
    from xxgk.extract import extract_one

    from tests.golden import golden_scorer

    score_one = golden_scorer()
    truth = json.loads(Path(golden).read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    cpu = 0.0
    for kind, path in (("text", text), ("pdf", printed), ("scan", scan)):
        t = time.process_time()
        got = extract_one(Path(path))
        if kind == "scan":
            cpu = time.process_time() - t
        out[kind] = {"error": got["error"]} if "error" in got else score_one(truth, got)
    return Path(text).name, out, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/xxgk-ocr-real"))
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()

    from xxgk.synth.formats import render_texts
    from xxgk.synth.scan import ScanStyle, scan_pdf

    goldens = {p.stem: p for p in (FIXTURES / "golden").glob("*.json")}
    texts = sorted(p for p in (FIXTURES / "reports").rglob("*.txt") if p.stem in goldens)
    a.work.mkdir(parents=True, exist_ok=True)
    if not all((a.work / "pdf-chromium" / (t.stem + ".pdf")).exists() for t in texts):
        render_texts(texts, a.work, ("pdf-chromium",))
    jobs = []
    for k, t in enumerate(texts):
        printed = a.work / "pdf-chromium" / (t.stem + ".pdf")
        scan = a.work / f"scan{a.dpi}" / (t.stem + ".pdf")
        if not scan.exists():
            scan.parent.mkdir(parents=True, exist_ok=True)
            style = ScanStyle(dpi=a.dpi, color=k % 2 == 0)
            scan.write_bytes(scan_pdf(printed.read_bytes(), style, random.Random(k)))
        jobs.append((str(t), str(printed), str(scan), str(goldens[t.stem])))
    started = time.time()
    with ProcessPoolExecutor(a.jobs) as pool:
        results = sorted(pool.map(_score, jobs))
    wall = time.time() - started
    totals = {kind: dict.fromkeys(COUNTERS, 0) for kind in ("text", "pdf", "scan")}
    errors: list[str] = []
    problems: list[str] = []
    for name, by_kind, _ in results:
        for kind, c in by_kind.items():
            if "error" in c:
                errors.append(f"{name} ({kind}): {c['error']}")
                continue
            for key in COUNTERS:
                totals[kind][key] += c[key]
            if kind == "scan":
                problems += [f"{name}: {p}" for p in c["problems"] if not p.startswith("missing")]
    cpu = sum(c for _, _, c in results)
    lines = [
        "# The hand-checked reports, printed and scanned (issue 20)",
        "",
        f"Measured with `bench/ocr_real.py` at {a.dpi} dpi: {len(texts)} reports of `tests/fixtures` (seeds, real "
        "excerpts, real fused pages) as the HTML page each came from, printed by Chromium, scanned (skew, grain, "
        "dust, blur, JPEG, a seal). Scored by the golden scorer against the hand-checked truth.",
        "",
        "| read as | metadata | cells right | wrong | missing | blanks kept | extra |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, label in (("text", "the text"), ("pdf", "the printed PDF"), ("scan", f"the scan, {a.dpi} dpi")):
        c = totals[kind]
        lines.append(f"| {label} | {c['meta_ok']}/{c['meta_n']} | {c['fact_ok']} | {c['fact_wrong']} | "
                     f"{c['fact_missing']} | {c['null_ok']}/{c['null_ok'] + c['null_wrong']} | {c['extra']} |")
    lines += ["", f"OCR: {cpu:.0f} CPU-s for the scans ({wall:.0f} s wall, {a.jobs} workers, all three readings).", ""]
    if errors:
        lines += ["Errors:", "", *[f"- {e}" for e in errors], ""]
    lines += ["Wrong or extra figures from the scans:", "", *([f"- {p}" for p in problems] or ["- none"]), ""]
    per = ["| report | text | scan |", "|---|---|---|"]
    for name, by_kind, _ in results:
        t, s = by_kind["text"], by_kind["scan"]
        if "error" in t or "error" in s:
            continue
        per.append(f"| {name} | {t['fact_ok']} cells, metadata {t['meta_ok']}/{t['meta_n']} | {s['fact_ok']} cells, "
                   f"metadata {s['meta_ok']}/{s['meta_n']}, {s['fact_wrong']} wrong |")
    lines += ["Per report:", "", *per, ""]
    report = "\n".join(lines)
    print(report)
    if a.out:
        a.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
