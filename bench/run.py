#!/usr/bin/env python3
"""Benchmark of issue #6: a synthetic national corpus through the whole pipeline, on this machine.

    .venv/bin/python bench/run.py                      # 10k and 100k reports, writes bench/RESULTS.md
    .venv/bin/python bench/run.py --sizes 200 --out /tmp/RESULTS.md   # smoke run (~1 min)

For each size it generates a corpus (xxgk.synth, excluded from timings), then measures:
- floors over the same bytes: DuckDB ``read_text`` of every report, and a bare Python regex scan of
  all digit runs in every file;
- the pipeline (``xxgk.pipeline.run`` in a child process, falling back to ``xxgk run``): per-stage
  seconds from ``RunSummary.timings`` (ingest+parse, dbt build with its tests = quality checks,
  report), end to end, reports/s, and peak RSS of the whole process tree (polled from /proc);
- a re-run on unchanged input, and a run after changing a few reports and adding a few;
- extraction accuracy: ``xxgk extract`` over the corpus scored against the generator's truth.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


# ---------------------------------------------------------------- process-tree peak RSS from /proc

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    kids = _children_map()
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        total += _rss_kb(p)
        stack.extend(kids.get(p, ()))
    return total


def run_measured(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, interval: float = 0.2,
                 stdout=subprocess.PIPE) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd``; return (wall seconds, peak RSS of its process tree in bytes, completed process)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def poll():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            done.wait(interval)

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    out, err = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    return wall, peak[0] * 1024, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


# ---------------------------------------------------------------- floors

def report_files(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*") if p.suffix in (".txt", ".html", ".htm"))


def floor_duckdb(reports: Path) -> tuple[float, int, int]:
    import duckdb
    con = duckdb.connect()
    globs = [str(reports / "**" / "*.txt"), str(reports / "**" / "*.html")]
    t = time.perf_counter()
    n, chars = con.execute("select count(*), sum(length(content)) from read_text(?)", [globs]).fetchone()
    dt = time.perf_counter() - t
    con.close()
    return dt, int(n), int(chars or 0)


def floor_regex(files: list[Path]) -> tuple[float, int]:
    digits = re.compile(rb"\d+")
    t = time.perf_counter()
    n = 0
    for f in files:
        with open(f, "rb") as fh:
            n += len(digits.findall(fh.read()))
    return time.perf_counter() - t, n


# ---------------------------------------------------------------- pipeline

_RUNNER = r"""
import json, sys, inspect
from pathlib import Path
from xxgk.pipeline import run
kw = {}
params = inspect.signature(run).parameters
if "jobs" in params: kw["jobs"] = int(sys.argv[3])
if "log" in params: kw["log"] = lambda m: print(m, file=sys.stderr)
s = run(Path(sys.argv[1]), Path(sys.argv[2]), **kw)
print("@@SUMMARY@@" + json.dumps({"timings": s.timings, "up_to_date": getattr(s, "up_to_date", None),
      "reports_total": getattr(s, "reports_total", None), "facts_total": getattr(s, "facts_total", None),
      "errors": getattr(s, "errors", None)}, default=str))
"""


def pipeline_available() -> str | None:
    r = subprocess.run([PY, "-c", "import xxgk.pipeline as p; p.run"], capture_output=True, text=True)
    if r.returncode == 0:
        return "library"
    r = subprocess.run([PY, "-m", "xxgk.cli", "run", "--help"], capture_output=True, text=True)
    return "cli" if r.returncode == 0 else None


def run_pipeline(mode: str, reports: Path, warehouse: Path, jobs: int) -> dict:
    if mode == "library":
        cmd = [PY, "-c", _RUNNER, str(reports), str(warehouse), str(jobs)]
    else:
        cmd = [PY, "-m", "xxgk.cli", "run", "--reports", str(reports), "--warehouse", str(warehouse),
               "--jobs", str(jobs)]
    wall, peak, cp = run_measured(cmd)
    out = {"wall": wall, "peak_rss": peak, "rc": cp.returncode, "timings": {}}
    for line in (cp.stdout or "").splitlines():
        if line.startswith("@@SUMMARY@@"):
            out.update(json.loads(line[len("@@SUMMARY@@"):]))
    if cp.returncode != 0:
        out["stderr_tail"] = (cp.stderr or "")[-2000:]
    return out


def touch_some(reports: Path, truth: Path, n_change: int, n_add: int, seed: int) -> None:
    """Change a few reports (a sentence appended: figures unchanged) and add a few copies as new files."""
    files = report_files(reports)
    rng = random.Random(seed)
    for f in rng.sample(files, min(n_change, len(files))):
        with open(f, "a", encoding="utf-8") as fh:
            fh.write("\n本报告于发布后作了文字更正。\n" if f.suffix == ".txt" else "\n<p>本报告于发布后作了文字更正。</p>\n")
    for i, f in enumerate(rng.sample(files, min(n_add, len(files)))):
        shutil.copyfile(f, f.with_name(f"added{i:03d}_{f.name}"))


def dbt_node_seconds(warehouse: Path) -> dict[str, float]:
    """Seconds inside dbt build by kind of node, from dbt's run_results.json of the last build of
    ``warehouse`` (the pipeline keeps dbt's target under ``<warehouse dir>/.dbt/<name>/``). The GX
    checkpoint runs as the dbt Python model marts.fct_findings, so it is reported on its own."""
    results = None
    for name in (warehouse.name + ".building", warehouse.name):  # dbt builds the copy that is then published
        path = warehouse.parent / ".dbt" / name / "target" / "run_results.json"
        try:
            results = json.loads(path.read_text(encoding="utf-8"))["results"]
            break
        except (OSError, ValueError, KeyError):
            continue
    if results is None:
        return {}
    out: dict[str, float] = {"seeds": 0.0, "models": 0.0, "gx_checkpoint": 0.0, "tests": 0.0}
    for r in results:
        uid, secs = r.get("unique_id", ""), float(r.get("execution_time") or 0)
        kind = uid.split(".", 1)[0]
        if uid.endswith(".fct_findings"):
            out["gx_checkpoint"] += secs
        elif kind in ("model", "seed", "test"):
            out[kind + "s"] += secs
    return out


# ---------------------------------------------------------------- accuracy

def warehouse_finding_recall(warehouse: Path, truth: Path) -> dict:
    """Planted findings (truth.jsonl ``expected_findings``) against ``marts.fct_findings`` of the built
    warehouse: the checkpoint rules (R0–R8, completeness) exist only there, not in ``xxgk extract``.
    Per rule: planted, caught, and findings raised on reports where none was planted."""
    import duckdb
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        return {"error": str(exc)}
    try:
        rows = con.execute("""select f.file_name, x.rule, count(*) from raw.files f
                              join marts.fct_findings x using (report_id) group by all""").fetchall()
    finally:
        con.close()
    have: dict[str, Counter] = {}
    for name, rule, n in rows:
        have.setdefault(name, Counter())[rule] += n
    want_n: Counter = Counter()
    hit: Counter = Counter()
    unplanted: Counter = Counter()
    with open(truth, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            t = json.loads(line)
            want = Counter(f["rule"] for f in t.get("expected_findings") or [])
            got = have.get(t["file"], Counter())
            for rule, n in want.items():
                want_n[rule] += n
                hit[rule] += min(n, got.get(rule, 0))
            for rule in got:
                if rule not in want:
                    unplanted[rule] += 1
    return {"recall": {r: f"{hit[r]}/{want_n[r]}" for r in sorted(want_n)},
            "reports_with_unplanted": dict(sorted(unplanted.items()))}


def accuracy(reports: Path, truth: Path, work: Path, jobs: int) -> dict:
    from xxgk.synth.score import score_files
    out = work / "extract.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        t = time.perf_counter()
        cp = subprocess.run([PY, "-m", "xxgk.cli", "extract", str(reports), "--jobs", str(jobs)], stdout=fh,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
        dt = time.perf_counter() - t
    by: Counter = Counter()
    res = score_files(truth, out, by)
    res["extract_seconds"] = dt
    res["extract_rc"] = cp.returncode
    res["by_section"] = dict(by.most_common())
    return res


# ---------------------------------------------------------------- machine

def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    vers = {}
    for mod in ("duckdb", "dbt.version"):
        try:
            m = __import__(mod, fromlist=["x"])
            vers[mod.split(".")[0]] = getattr(m, "__version__", None) or str(getattr(m, "__version__", "?"))
        except Exception:
            vers[mod.split(".")[0]] = "not installed"
    try:
        from importlib.metadata import version
        vers["dbt"] = version("dbt-core")
    except Exception:
        pass
    return {"nproc": os.cpu_count(), "memory": mem, "cpu": cpu, "python": platform.python_version(),
            "os": platform.platform(), **vers}


# ---------------------------------------------------------------- main

def bench_size(n: int, args, mode: str | None) -> dict:
    from xxgk.synth import generate_corpus
    work = Path(args.workdir) / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    res: dict = {"n": n}
    t = time.perf_counter()
    summ = generate_corpus(n, work / "corpus", seed=args.seed)
    res["generate_seconds"] = time.perf_counter() - t
    res["corpus"] = {"reports": summ.reports, "bytes": summ.bytes, "by_era": summ.by_era,
                     "by_layout": summ.by_layout, "min_bytes": summ.min_bytes, "max_bytes": summ.max_bytes}
    reports, truth = work / "corpus" / "reports", work / "corpus" / "truth.jsonl"
    print(f"[{n}] generated {summ.reports} reports, {summ.bytes / 1e6:.1f} MB in {res['generate_seconds']:.1f}s",
          flush=True)
    subprocess.run(["sync"], check=False)
    files = report_files(reports)
    res["floor_read_text"], nf, chars = floor_duckdb(reports)
    res["floor_read_text_files"] = nf
    res["floor_regex"], ndig = floor_regex(files)
    res["floor_regex_numbers"] = ndig
    print(f"[{n}] floors: read_text {res['floor_read_text']:.2f}s ({nf} files), regex {res['floor_regex']:.2f}s",
          flush=True)
    if mode and not args.skip_pipeline:
        wh = work / "warehouse.duckdb"
        res["full"] = run_pipeline(mode, reports, wh, args.jobs)
        res["full"]["dbt_nodes"] = dbt_node_seconds(wh)
        res["warehouse_findings"] = warehouse_finding_recall(wh, truth)
        print(f"[{n}] full run {res['full']['wall']:.1f}s rc={res['full']['rc']} {res['full'].get('timings')}",
              flush=True)
        res["rerun"] = run_pipeline(mode, reports, wh, args.jobs)
        print(f"[{n}] unchanged re-run {res['rerun']['wall']:.1f}s", flush=True)
        touch_some(reports, truth, args.change, args.add, args.seed)
        res["changed"] = run_pipeline(mode, reports, wh, args.jobs)
        res["changed_counts"] = {"changed": args.change, "added": args.add}
        print(f"[{n}] run after changing {args.change} and adding {args.add}: {res['changed']['wall']:.1f}s",
              flush=True)
        # restore the corpus to match truth for scoring: drop added copies (changed files keep figures)
        for f in reports.rglob("added*_*"):
            f.unlink()
    if not args.skip_accuracy:
        res["accuracy"] = accuracy(reports, truth, work, args.jobs)
        a = res["accuracy"]
        print(f"[{n}] accuracy {a['cell_accuracy']} of {a['cells_in_truth']} cells; extract "
              f"{a['extract_seconds']:.1f}s", flush=True)
    if not args.keep:
        shutil.rmtree(work / "corpus", ignore_errors=True)
    return res


def fmt_s(x) -> str:
    return "—" if x is None else f"{x:.2f} s"


def write_results(path: Path, mach: dict, results: list[dict], args, mode) -> None:
    L = ["# Benchmark results (issue #6)", "",
         f"Run on {time.strftime('%Y-%m-%d %H:%M')} by `bench/run.py --sizes {args.sizes} --jobs {args.jobs}`"
         f" (seed {args.seed}). Generation is excluded from every timing.", "",
         "## Machine", "",
         f"- CPU: {mach['cpu']} — nproc {mach['nproc']}", f"- Memory: {mach['memory']}",
         f"- OS: {mach['os']}", f"- Python {mach['python']}, DuckDB {mach.get('duckdb')}, dbt-core {mach.get('dbt')}",
         f"- Pipeline entry point: {mode or 'not available'}", "",
         "Other jobs may have shared the machine during the run; treat small differences as noise.", ""]
    for r in results:
        c = r["corpus"]
        L += [f"## {c['reports']:,} reports ({c['bytes'] / 1e6:.1f} MB; eras {c['by_era']})", ""]
        L += [f"Generated in {r['generate_seconds']:.1f} s (not timed below). File sizes "
              f"{c['min_bytes']:,}–{c['max_bytes']:,} bytes.", ""]
        L += ["| measure | seconds | reports/s | × read_text floor | peak RSS |", "|---|---|---|---|---|"]
        nrep = c["reports"]
        fl = r["floor_read_text"]

        def row(label, secs, rss=None):
            if secs is None:
                L.append(f"| {label} | — | — | — | — |")
                return
            L.append(f"| {label} | {secs:.2f} | {nrep / secs:,.0f} | {secs / fl:.1f}× | "
                     f"{'—' if rss is None else f'{rss / 2**20:,.0f} MiB'} |")

        row("floor: DuckDB read_text (count, sum length)", fl)
        row("floor: Python regex scan of all digits", r["floor_regex"])
        full = r.get("full")
        if full:
            tm = full.get("timings") or {}
            row("ingest + parse", tm.get("ingest"))
            row("dbt build (models + tests = quality checks)", tm.get("dbt_build"))
            nodes = full.get("dbt_nodes") or {}
            if nodes:
                row("&nbsp;&nbsp;of which: seeds and SQL models", nodes["seeds"] + nodes["models"])
                row("&nbsp;&nbsp;of which: GX checkpoint (marts.fct_findings)", nodes["gx_checkpoint"])
                row("&nbsp;&nbsp;of which: dbt schema tests", nodes["tests"])
                if tm.get("dbt_build"):
                    row("&nbsp;&nbsp;of which: dbt start-up (parse, manifest) and the rest",
                        max(tm["dbt_build"] - sum(nodes.values()), 0.0))
            row("report site (xxgk.site)", tm.get("site", tm.get("report")))
            row("end to end (child process wall time)", full["wall"], full["peak_rss"])
            rr, ch = r["rerun"], r["changed"]
            row("re-run, unchanged input", rr["wall"], rr["peak_rss"])
            row(f"re-run after changing {r['changed_counts']['changed']} and adding "
                f"{r['changed_counts']['added']} reports", ch["wall"], ch["peak_rss"])
            L.append("")
            L.append(f"Stage timings reported by the pipeline: `{json.dumps(tm)}`; exit code {full['rc']}.")
            wf = r.get("warehouse_findings") or {}
            if wf.get("recall"):
                L.append(f"Planted findings caught in `marts.fct_findings` (parse and checkpoint rules): "
                         f"`{json.dumps(wf['recall'], ensure_ascii=False)}`; reports with a finding of a rule "
                         f"not planted there: `{json.dumps(wf['reports_with_unplanted'], ensure_ascii=False)}` "
                         f"(the generator plants only some damage; unplanted findings are not all false).")
            if full.get("stderr_tail"):
                L += ["", "Pipeline failed:", "```", full["stderr_tail"], "```"]
            L.append(f"Unchanged re-run = {rr['wall'] / full['wall'] * 100:.1f}% of the full run "
                     f"(target < 5%); up_to_date={rr.get('up_to_date')}.")
        else:
            L.append("")
            L.append("Pipeline not run (not available or --skip-pipeline).")
        a = r.get("accuracy")
        if a:
            L += ["", f"**Extraction accuracy**: {a['fact_ok']:,} of {a['cells_in_truth']:,} truth cells correct = "
                  f"**{a['cell_accuracy'] * 100:.3f}%** (target ≥ 99.9%); wrong {a.get('fact_wrong', 0):,}, "
                  f"missing {a.get('fact_missing', 0):,}, blank cells read as numbers {a.get('null_wrong', 0):,}, "
                  f"extra keys {a.get('extra', 0):,}; precision {a['cell_precision']}; metadata "
                  f"{a['meta_accuracy']}; extract errors {a.get('errors', 0)}; `xxgk extract` took "
                  f"{a['extract_seconds']:.1f} s ({nrep / a['extract_seconds']:,.0f} reports/s).",
                  f"Misses by section: `{json.dumps(a['by_section'], ensure_ascii=False)}`.",
                  f"Planted parse findings recalled by `xxgk extract` (checkpoint rules are scored on the warehouse "
                  f"above): `{json.dumps(a['finding_recall'], ensure_ascii=False)}`."]
        L.append("")
    L += ["## Targets (issue #6)", "",
          "- 100,000 reports end to end < 5 min; ingest+parse ≥ 1,000 reports/s; within 10× of the read_text floor.",
          "- Unchanged re-run < 5% of the full run. Peak memory < 2 GB at 100,000. Accuracy ≥ 99.9% of cells.", ""]
    path.write_text("\n".join(L), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (default 10000,100000)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", default="/tmp/xxgk-bench")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    ap.add_argument("--change", type=int, default=10, help="reports changed before the incremental run")
    ap.add_argument("--add", type=int, default=5, help="reports added before the incremental run")
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    ap.add_argument("--variants", type=int, default=10_000,
                    help="metadata variants of the real texts scored into bench/METADATA.md (0: skip)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "ingest"))
    mode = pipeline_available()
    if mode is None:
        print("note: no pipeline entry point (xxgk.pipeline.run / xxgk run) yet: timing floors and accuracy only",
              file=sys.stderr)
    mach = machine()
    results = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        results.append(bench_size(n, args, mode))
        write_results(Path(args.out), mach, results, args, mode)  # after each size: partial results survive
    (Path(args.out).with_suffix(".json")).write_text(json.dumps({"machine": mach, "results": results},
                                                               ensure_ascii=False, indent=1, default=str))
    print(f"wrote {args.out}")
    if args.variants:
        sys.path.insert(0, str(ROOT / "bench"))
        import metadata_variants
        res = metadata_variants.run(args.variants, jobs=args.jobs)
        metadata_variants.write(res, ROOT / "bench" / "METADATA.md")
        print(f"metadata on {args.variants} variants {res['meta_accuracy']}, wrong names {res['wrong_names']}: "
              f"wrote bench/METADATA.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
