"""Recall of a reviewer's findings: the ``expected_findings`` of the hand-checked golden files against
what the parser (``xxgk extract`` JSON Lines) and the warehouse (``marts.fct_findings``) report.

    .venv/bin/python -m xxgk.quality.findings_recall --golden /work/shared/golden \
        [--jsonl extract.jsonl] [--warehouse warehouse/xxgk.duckdb] [--quiet]

Parse rules (parts_sum_mismatch, date_inconsistent …) are in both outputs; checkpoint rules (R0–R8,
completeness) only in the warehouse, so give the warehouse for the whole picture (both: their union).

An expected finding is found when the report has a finding of the same rule whose key is the same, or
one is a dotted prefix of the other ("t3" vs "t3.new"), or either key is null (a reviewer who names no
key, or a parser finding about the report as a whole). Two reviewers' entries for one doubt count as
two, as the golden files list them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path


def keys_match(want: str | None, got: str | None) -> bool:
    if want is None or got is None or want == got:
        return True
    return got.startswith(want + ".") or want.startswith(got + ".")


def load_golden(folder: Path) -> dict[str, list[dict]]:
    out = {}
    for p in sorted(Path(folder).glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        out[g["file"]] = list(g.get("expected_findings") or [])
    return out


def from_jsonl(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    got: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                got[Path(rec.get("file", "")).name].extend(
                    (f["rule"], f.get("key")) for f in rec.get("findings") or [])
    return got


def from_warehouse(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    import duckdb

    got: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("select d.file_name, f.rule, f.key from marts.fct_findings f "
                           "join marts.dim_report d using (report_id)").fetchall()
    finally:
        con.close()
    for file_name, rule, key in rows:
        got[Path(file_name).name].append((rule, key))
    return got


def score(golden: dict[str, list[dict]], got: dict[str, list[tuple[str, str | None]]]) -> dict:
    """Found/expected overall and per rule, and the misses (file, rule, key), over the reports in ``got``."""
    found: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    misses = []
    for file, wants in golden.items():
        if file not in got:
            continue
        have = got[file]
        for w in wants:
            rule, key = w["rule"], w.get("key")
            expected[rule] += 1
            if any(r == rule and keys_match(key, k) for r, k in have):
                found[rule] += 1
            else:
                misses.append((file, rule, key))
    n, k = sum(expected.values()), sum(found.values())
    return {"found": k, "expected": n, "recall": round(k / n, 4) if n else None,
            "by_rule": {r: f"{found[r]}/{expected[r]}" for r in sorted(expected)}, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--golden", required=True, type=Path)
    ap.add_argument("--jsonl", type=Path, help="xxgk extract output")
    ap.add_argument("--warehouse", type=Path, help="a built warehouse (marts.fct_findings)")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    a = ap.parse_args(argv)
    if not a.jsonl and not a.warehouse:
        ap.error("give --jsonl, --warehouse or both")
    got: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for src in ([from_jsonl(a.jsonl)] if a.jsonl else []) + ([from_warehouse(a.warehouse)] if a.warehouse else []):
        for f, v in src.items():
            got[f].extend(v)
    res = score(load_golden(a.golden), got)
    print(f"expected findings found {res['found']}/{res['expected']} = {res['recall']}")
    print("by rule: " + ", ".join(f"{r} {v}" for r, v in res["by_rule"].items()))
    if not a.quiet:
        for file, rule, key in res["misses"]:
            print(f"   missed {file}: {rule} {key or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
