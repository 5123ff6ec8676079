#!/usr/bin/env python3
"""Benchmark of issue 20: scanned reports read by OCR — accuracy at 150/200/300 dpi, pages/s on 2 cores,
the cost of 2% scans in a run, and (``--engines``) the recognisers compared.

    .venv/bin/python bench/ocr.py --reports 16 --out bench/OCR_RESULTS.md     # ~1 h on a busy 2-core machine
    .venv/bin/python bench/ocr.py --corpus /tmp/scans --reports 16            # re-use a built corpus

Corpus: xxgk.synth.scan_corpus (printed by Chromium, scanned by xxgk.synth.scan), built once per dpi
under ``--corpus`` (generation is not timed). Accuracy: xxgk.synth.scan_score (cells, wrong cells
unflagged by ocr_misread/ocr_uncertain, metadata against the HTML twin). Speed: every scan read by
``xxgk.extract.extract_one`` in a pool of 2 processes; CPU seconds are summed over the workers
(the machine is shared: CPU time is what a run costs, wall time what it took here).

Mixed run (``--mixed N``): `xxgk run` over N synthetic text reports, then over the same N plus 2% scans
(copies of the corpus's scans under new names), wall and CPU of the ingest stage from the run's own
timings; the ratio at 10k reports is extrapolated from the per-report costs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ingest"))


def _extract_timed(path: str) -> tuple[str, dict, float, int]:
    from xxgk.extract import extract_one

    t = time.process_time()
    obj = extract_one(Path(path))
    cpu = time.process_time() - t
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(path))
    return path, obj, cpu, pages


def build(corpus: Path, n: int, dpis: list[int]) -> None:
    from xxgk.synth.scan import ScanStyle
    from xxgk.synth.scan_corpus import make_scan_corpus

    for dpi in dpis:
        d = corpus / f"dpi{dpi}"
        if (d / "truth.jsonl").exists() and len(list((d / "reports").glob("*.pdf"))) >= n:
            continue
        make_scan_corpus(n, d, seed=7, style=replace(ScanStyle(), dpi=dpi), printed_dir=corpus / "printed")


def measure(corpus: Path, dpi: int, n: int, jobs: int = 2) -> dict:
    from xxgk.extract import extract_one
    from xxgk.synth.scan_score import score_scans

    d = corpus / f"dpi{dpi}"
    truths = [json.loads(line) for line in open(d / "truth.jsonl", encoding="utf-8")][:n]
    files = [str(d / "reports" / t["file"]) for t in truths]
    wall = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(_extract_timed, files))
    wall = time.perf_counter() - wall
    got = {Path(p).name: obj for p, obj, _, _ in results}
    twins = {}
    for t in truths:
        twin = d / t["synth"]["text_twin"]
        twins[twin.name] = extract_one(twin)
    s = score_scans(truths, got, twins)
    pages = sum(pg for *_, pg in results)
    cpu = sum(c for _, _, c, _ in results)
    s.update(dpi=dpi, pages=pages, wall_s=round(wall, 1), cpu_s=round(cpu, 1),
             pages_per_s_wall=round(pages / wall, 3), cpu_s_per_page=round(cpu / pages, 2),
             pages_per_s_2cores=round(2 * pages / cpu, 3))
    return s


# ---------------------------------------------------------------- recognisers compared

def _tesseract_recognise(crops, numeric=None):
    """Tesseract 5 (chi_sim, LSTM) on each crop, one process for all crops (a list file)."""
    import tempfile

    import cv2

    from xxgk.read.ocr_engine import Reading

    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, c in enumerate(crops):
            p = Path(tmp) / f"{i:05d}.png"
            cv2.imwrite(str(p), c)
            names.append(str(p))
        lst = Path(tmp) / "list.txt"
        lst.write_text("\n".join(names) + "\n")
        out = subprocess.run(["tesseract", str(lst), "stdout", "-l", "chi_sim", "--psm", "7", "tsv"],
                             capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    words: dict[int, list[tuple[str, float]]] = {}
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            words.setdefault(int(f[1]) - 1, []).append((f[11].strip(), max(0.0, float(f[10])) / 100))
    res = []
    for i in range(len(crops)):
        ws = words.get(i, [])
        text = "".join(w for w, _ in ws)
        chars = tuple(c for w, c in ws for _ in w)
        r = Reading(text, chars)
        res.append(Reading(text, chars, r) if numeric and numeric[i] else r)
    return res


def compare_engines(corpus: Path, dpi: int, n: int, v4_model: str | None) -> list[dict]:
    """Each recogniser plugged into the same page reader, on the same scans (one process: CPU time)."""
    import xxgk.read.ocr_engine as engine
    import xxgk.read.ocr_page as page
    from xxgk.extract import extract_one
    from xxgk.synth.scan_score import score_scans

    d = corpus / f"dpi{dpi}"
    truths = [json.loads(line) for line in open(d / "truth.jsonl", encoding="utf-8")][:n]
    twins = {Path(t["synth"]["text_twin"]).name: extract_one(d / t["synth"]["text_twin"]) for t in truths}
    rows = []
    original_path, original_recognise = engine.model_path, page.recognise
    choices = [("PP-OCRv6 small (rapidocr 3.10 wheel)", None, None)]
    if v4_model:
        choices.append(("PP-OCRv4 mobile (rapidocr-onnxruntime 1.4.4 wheel)", v4_model, None))
    if shutil.which("tesseract"):
        choices.append(("Tesseract 5.3 chi_sim (Debian)", None, _tesseract_recognise))
    for name, model, recogniser in choices:
        engine._model.cache_clear()
        engine.model_path = (lambda m=model: Path(m)) if model else original_path
        page.recognise = recogniser or original_recognise
        t = time.process_time()
        got = {t_["file"]: extract_one(d / "reports" / t_["file"]) for t_ in truths}
        cpu = time.process_time() - t
        s = score_scans(truths, got, twins)
        rows.append({"engine": name, "cells": s["cells"], "cells_ok": s.get("cells_ok", 0),
                     "wrong": s.get("cells_wrong", 0), "wrong_unflagged": s.get("cells_wrong_unflagged", 0),
                     "metadata_differs": s.get("metadata_differs", 0), "cpu_s": round(cpu, 1)})
    engine.model_path, page.recognise = original_path, original_recognise
    engine._model.cache_clear()
    return rows


# ---------------------------------------------------------------- a run with 2% scans

def _run(reports: Path, wh: Path) -> dict:
    env = {**os.environ, "XXGK_WAREHOUSE": str(wh)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([str(ROOT / ".venv/bin/xxgk"), "run", "--reports", str(reports), "--warehouse", str(wh),
                           "--jobs", "2"], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout[-2000:] + proc.stderr[-2000:])
    return {"wall_s": round(wall, 1),
            "cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1)}


def mixed(corpus: Path, n_text: int, work: Path) -> dict:
    from xxgk.synth.corpus import generate_corpus

    text = work / "text"
    if not text.exists():
        generate_corpus(n_text, text, seed=3)
    scans = sorted((corpus / "dpi200" / "reports").glob("*.pdf"))
    n_scans = max(1, round(n_text * 0.02 / 0.98))
    mixed_dir = work / "mixed"
    if mixed_dir.exists():
        shutil.rmtree(mixed_dir)
    shutil.copytree(text / "reports", mixed_dir / "reports")
    (mixed_dir / "reports" / "scans").mkdir()
    for i in range(n_scans):
        src = scans[i % len(scans)]
        data = src.read_bytes() + f"\n% copy {i}\n".encode()   # distinct bytes (else one report), same PDF
        (mixed_dir / "reports" / "scans" / f"scan_{i:04d}.pdf").write_bytes(data)
    base = _run(text / "reports", work / "base.duckdb")
    with_scans = _run(mixed_dir / "reports", work / "mixed.duckdb")
    return {"text_reports": n_text, "scans": n_scans, "without_scans": base, "with_scans": with_scans,
            "ratio_wall": round(with_scans["wall_s"] / base["wall_s"], 2),
            "ratio_cpu": round(with_scans["cpu_s"] / base["cpu_s"], 2)}


def render_md(r: dict) -> str:
    """The results as bench/OCR_RESULTS.md."""
    import platform

    lines = ["# OCR benchmark (issue 20)", "",
             f"`bench/ocr.py` on {time.strftime('%Y-%m-%d %H:%M')}, {platform.processor() or platform.machine()}, "
             f"nproc {os.cpu_count()}. The machine is shared: CPU seconds (summed over the 2 worker processes) "
             "are what the OCR costs; wall seconds are what it took here, with other jobs running.", ""]
    if r.get("dpi"):
        lines += ["## Accuracy and speed by resolution", "",
                  "| dpi | reports | pages | table cells | right | wrong (unflagged) | missing | blank cells kept "
                  "blank | prose figures right | metadata as the text version | CPU s/page | pages/s on 2 cores "
                  "(CPU) | wall s |", "|" + "---|" * 13]
        for d in r["dpi"]:
            lines.append(
                f"| {d['dpi']} | {d['reports']} | {d['pages']} | {d['cells']} | {d.get('cells_ok', 0)} "
                f"({d['cell_accuracy']:.2%}) | {d.get('cells_wrong', 0)} ({d.get('cells_wrong_unflagged', 0)}) | "
                f"{d.get('cells_missing', 0)} | {d.get('blank_ok', 0)}/{d.get('blank_cells', 0)} | "
                f"{d.get('prose_ok', 0)}/{d.get('prose', 0)} | "
                f"{d.get('metadata_compared', 0) - d.get('metadata_differs', 0)}/{d.get('metadata_compared', 0)} | "
                f"{d['cpu_s_per_page']} | {d['pages_per_s_2cores']} | {d['wall_s']} |")
        lines += ["", "Misses and misreads: " + "; ".join(
            f"{d['dpi']} dpi: {d['wrong'] or 'none'}" for d in r["dpi"]), ""]
    if r.get("engines"):
        lines += ["## Recognisers compared (same page reader, same scans, 200 dpi)", "",
                  "| engine | table cells right | wrong (unflagged) | metadata differs | CPU s |", "|---|---|---|---|---|"]
        for e in r["engines"]:
            lines.append(f"| {e['engine']} | {e['cells_ok']}/{e['cells']} | {e['wrong']} ({e['wrong_unflagged']}) | "
                         f"{e['metadata_differs']} | {e['cpu_s']} |")
        lines.append("")
    if r.get("mixed"):
        m = r["mixed"]
        lines += ["## A run with 2% scans", "",
                  f"`xxgk run --jobs 2` over {m['text_reports']} synthetic text reports, then over the same plus "
                  f"{m['scans']} scans: wall {m['without_scans']['wall_s']} s → {m['with_scans']['wall_s']} s "
                  f"(×{m['ratio_wall']}), CPU {m['without_scans']['cpu_s']} s → {m['with_scans']['cpu_s']} s "
                  f"(×{m['ratio_cpu']}).", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/xxgk-ocr-bench"))
    ap.add_argument("--reports", type=int, default=16)
    ap.add_argument("--dpis", default="150,200,300")
    ap.add_argument("--engines", action="store_true")
    ap.add_argument("--engine-reports", type=int, default=4)
    ap.add_argument("--v4-model", default=None, help="path of ch_PP-OCRv4_rec_infer.onnx (rapidocr-onnxruntime)")
    ap.add_argument("--mixed", type=int, default=0, help="text reports in the mixed run (0: skip)")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    dpis = [int(x) for x in a.dpis.split(",") if x.strip()]   # --dpis "": no accuracy runs
    build(a.corpus, a.reports, sorted({*dpis, 200}) if (a.engines or a.mixed) else dpis)
    results: dict = {"dpi": [], "engines": [], "mixed": None}
    for dpi in dpis:
        r = measure(a.corpus, dpi, a.reports)
        print(json.dumps({k: v for k, v in r.items() if k != "wrong"}, ensure_ascii=False), flush=True)
        results["dpi"].append(r)
    if a.engines:
        results["engines"] = compare_engines(a.corpus, 200, a.engine_reports, a.v4_model)
        print(json.dumps(results["engines"], ensure_ascii=False), flush=True)
    if a.mixed:
        results["mixed"] = mixed(a.corpus, a.mixed, a.corpus / "mixed")
        print(json.dumps(results["mixed"]), flush=True)
    if a.out:
        out = a.out.with_suffix(".json")
        old = json.loads(out.read_text()) if out.exists() else {}
        merged = {k: v if v else old.get(k) for k, v in results.items()}    # one file, filled part by part
        out.write_text(json.dumps(merged, ensure_ascii=False, indent=1, default=str))
        a.out.write_text(render_md(merged), encoding="utf-8")


if __name__ == "__main__":
    main()
