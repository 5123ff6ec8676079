"""Score `xxgk extract` output against the generator's truth.jsonl, streaming (100k reports fit).

Cell accuracy = truth facts read with the right value / truth facts. Also reported: wrong and missing
facts, blank cells turned into numbers, extra facts (keys not in the truth), metadata accuracy, and
recall of planted findings by rule name. An optional fact (a cell the text does not determine) may be
left out; one that is given and differs is wrong (``fact_wrong``, or ``null_wrong`` for a blank).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path


def _same(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _norm(s) -> str:
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(s or "")) if not ch.isspace())


def score_one(truth: dict, got: dict | None, c: Counter, by: Counter | None = None) -> None:
    facts = (got or {}).get("facts") or {}
    c["reports"] += 1
    if got is None:
        c["no_output"] += 1
    elif got.get("error"):
        c["errors"] += 1
    for k, v in (truth.get("facts") or {}).items():
        sec = k.split(".")[0]
        if k not in facts or facts[k] is None:
            c["fact_missing"] += 1
            if by is not None:
                by[f"missing:{sec}"] += 1
        elif _same(facts[k], v):
            c["fact_ok"] += 1
        else:
            c["fact_wrong"] += 1
            if by is not None:
                by[f"wrong:{sec}"] += 1
    for k in truth.get("nulls") or []:
        if facts.get(k) is None:
            c["null_ok"] += 1
        else:
            c["null_wrong"] += 1
    for k, v in (truth.get("optional_facts") or {}).items():
        if facts.get(k) is None:
            continue                      # left out: allowed
        if v is not None and _same(facts[k], v):
            c["optional_ok"] += 1
            continue
        c["null_wrong" if v is None else "fact_wrong"] += 1
        if by is not None:
            by[f"wrong:{k.split('.')[0]}"] += 1
    known = set(truth.get("facts") or {}) | set(truth.get("nulls") or []) | set(truth.get("optional_facts") or {})
    c["extra"] += sum(1 for k, v in facts.items() if k not in known and v is not None)
    ga, xa = truth.get("agency") or {}, (got or {}).get("agency") or {}
    for f in ("name", "province", "prefecture", "county", "level", "kind"):
        if ga.get(f) is not None:
            c["meta_n"] += 1
            names = {_norm(ga[f])} | ({_norm(a) for a in ga.get("aliases") or []} if f == "name" else set())
            c["meta_ok"] += _norm(xa.get(f)) in names
    for f in ("report_year", "published", "era"):
        if truth.get(f) is not None:
            c["meta_n"] += 1
            c["meta_ok"] += str((got or {}).get(f)) == str(truth[f])
    want = Counter(f["rule"] for f in truth.get("expected_findings") or [])
    have = Counter(f.get("rule") for f in (got or {}).get("findings") or [])
    for rule, n in want.items():
        c[f"find_want:{rule}"] += n
        c[f"find_hit:{rule}"] += min(n, have.get(rule, 0))


def score_files(truth_jsonl: Path, extract_jsonl: Path, by: Counter | None = None) -> dict:
    """Score an extract JSON Lines file against truth.jsonl; returns totals and ratios."""
    got: dict[str, dict] = {}
    with open(extract_jsonl, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                got[Path(rec.get("file", "")).name] = rec
    return score_records(truth_jsonl, got, by)


def score_records(truth_jsonl: Path, got: dict[str, dict], by: Counter | None = None) -> dict:
    c: Counter = Counter()
    with open(truth_jsonl, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                t = json.loads(line)
                score_one(t, got.get(t["file"]), c, by)
    return summarize(c)


def summarize(c: Counter) -> dict:
    n = c["fact_ok"] + c["fact_wrong"] + c["fact_missing"]
    out: dict[str, object] = {k: v for k, v in c.items() if not k.startswith("find_")}
    out["cells_in_truth"] = n
    out["cell_accuracy"] = round(c["fact_ok"] / n, 6) if n else None
    denom = c["fact_ok"] + c["fact_wrong"] + c["extra"]
    out["cell_precision"] = round(c["fact_ok"] / denom, 6) if denom else None
    out["meta_accuracy"] = round(c["meta_ok"] / c["meta_n"], 4) if c["meta_n"] else None
    rules = sorted(k.split(":", 1)[1] for k in c if k.startswith("find_want:"))
    out["finding_recall"] = {r: f'{c["find_hit:" + r]}/{c["find_want:" + r]}' for r in rules}
    return out
