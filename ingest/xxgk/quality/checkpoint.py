"""Run the checkpoint over the rule checks and turn its results into findings rows.

Called from the dbt Python model ``marts.fct_findings`` with DuckDB relations (``dbt.ref(...)``), or
from Python/tests with DataFrames. The frame handed to GX holds only the assessable rule-check rows
(a few dozen per report), never the facts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd
import pyarrow as pa

from xxgk.quality.rules import RULES_BY_NAME

FINDINGS_SCHEMA = pa.schema([
    ("finding_id", pa.string()),
    ("report_id", pa.string()),
    ("rule", pa.string()),
    ("rule_code", pa.string()),
    ("key", pa.string()),
    ("severity", pa.string()),
    ("detail", pa.string()),
    ("lhs", pa.float64()),
    ("rhs", pa.float64()),
    ("diff", pa.float64()),
    ("lhs_label", pa.string()),
    ("rhs_label", pa.string()),
    ("ref_key", pa.string()),
    ("line_start", pa.int32()),
    ("line_end", pa.int32()),
    ("source", pa.string()),
    ("check_id", pa.string()),
    ("gx_run", pa.string()),
])

FRAME_COLUMNS = ["check_id", "report_id", "rule", "key", "lhs", "rhs"]


class CheckpointError(RuntimeError):
    """The checkpoint could not evaluate the rules (an expectation raised, or skipped rows)."""


@dataclass
class CheckpointOutcome:
    success: bool
    run_name: str
    failed: dict[str, str] = field(default_factory=dict)        # check_id -> rule
    evaluated: dict[str, int] = field(default_factory=dict)     # rule -> rows evaluated
    unexpected: dict[str, int] = field(default_factory=dict)    # rule -> rows failed
    seconds: float = 0.0
    data_docs: str | None = None


def _frame(checks) -> pd.DataFrame:
    """The GX frame: assessable rule-check rows, lhs/rhs as floats (exact for the 4-decimal values)."""
    if isinstance(checks, pd.DataFrame):
        df = checks.loc[checks["assessable"].astype(bool), FRAME_COLUMNS].copy()
    else:  # DuckDBPyRelation
        df = checks.filter("assessable").project(
            "check_id, report_id, rule, key, cast(lhs as double) as lhs, cast(rhs as double) as rhs").df()
    df["lhs"] = df["lhs"].astype("float64")
    df["rhs"] = df["rhs"].astype("float64")
    for c in ("check_id", "report_id", "key"):
        df[c] = df[c].astype(object)
    # one expectation per rule filters the frame on `rule` (a pandas query per metric): as a category
    # that comparison is on small integer codes, not millions of strings (~30% faster at 4.5M rows)
    df["rule"] = df["rule"].astype(object).astype("category")
    return df.reset_index(drop=True)


def run_checkpoint(frame: pd.DataFrame, *, keep_validations: int | None = None) -> CheckpointOutcome:
    """Validate the frame with the ``rules`` checkpoint; return which check rows failed, by rule."""
    from xxgk.quality import gx_project

    t0 = time.perf_counter()
    gx_project.prune_validations(keep_validations)
    context = gx_project.get_context()
    checkpoint = gx_project.ensure_project(context)
    run_name = "xxgk-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    from great_expectations.core.run_identifier import RunIdentifier

    result = checkpoint.run(batch_parameters={"dataframe": frame},
                            run_id=RunIdentifier(run_name=run_name))
    per_rule = frame.groupby("rule", observed=True).size().to_dict() if len(frame) else {}
    out = CheckpointOutcome(success=bool(result.success), run_name=run_name)
    seen_rules = set()
    for vr in result.run_results.values():
        for r in vr.results:
            cfg = r.expectation_config
            rule = (cfg.meta or {}).get("rule")
            if rule is None:
                continue
            seen_rules.add(rule)
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise CheckpointError(f"expectation for rule {rule!r} raised: "
                                      f"{r.exception_info.get('exception_message')}")
            res = r.result or {}
            evaluated = int(res.get("element_count") or 0)
            # element_count is the row count after row_condition; a mismatch means rows were skipped
            if evaluated != per_rule.get(rule, 0):
                raise CheckpointError(f"rule {rule!r}: GX evaluated {evaluated} rows, the frame has "
                                      f"{per_rule.get(rule, 0)}")
            out.evaluated[rule] = evaluated
            ids = [row["check_id"] for row in (res.get("unexpected_index_list") or [])
                   if isinstance(row, dict) and "check_id" in row]
            if not r.success and not ids and res.get("unexpected_count"):
                raise CheckpointError(f"rule {rule!r} failed but GX returned no failing rows")
            out.unexpected[rule] = len(ids)
            for cid in ids:
                out.failed[cid] = rule
    missing = set(RULES_BY_NAME) - seen_rules
    if missing:
        raise CheckpointError(f"the checkpoint has no expectation for rules {sorted(missing)}")
    out.seconds = time.perf_counter() - t0
    out.data_docs = str(gx_project.data_docs_index())
    return out


def _to_df(x) -> pd.DataFrame:
    return x if isinstance(x, pd.DataFrame) else x.df()


def build_findings(checks, parse_findings, *, session=None) -> pa.Table:
    """fct_findings rows: rule-check rows the checkpoint rejected + the parser's findings.

    ``checks``: int_rule_checks (relation or DataFrame); ``parse_findings``: stg_reports__parse_findings.
    A check finding that repeats a parse finding (same report and rule, same key or, for
    table_incomplete, the same table) is dropped: the parser saw it first, with its own words.
    """
    outcome = run_checkpoint(_frame(checks))
    failed = pd.DataFrame({"check_id": list(outcome.failed), "gx_rule": list(outcome.failed.values())},
                          dtype=object)

    if isinstance(checks, pd.DataFrame):
        rows = checks.merge(failed, on="check_id", how="inner")
    elif session is not None and len(failed):
        rel = session.from_df(failed)
        rows = checks.join(rel, "check_id").df()
    else:
        ids = failed["check_id"].tolist()
        rows = checks.df() if ids else _to_df(checks).iloc[0:0]
        rows = rows[rows["check_id"].isin(ids)].merge(failed, on="check_id", how="inner")

    check_rows = pd.DataFrame({
        "report_id": rows["report_id"],
        "rule": rows["rule"],
        "rule_code": rows["rule_code"],
        "key": rows["key"],
        "severity": rows["severity"].fillna("error"),
        "detail": rows["detail"],
        "lhs": pd.to_numeric(rows["lhs"], errors="coerce").astype("float64"),
        "rhs": pd.to_numeric(rows["rhs"], errors="coerce").astype("float64"),
        "diff": pd.to_numeric(rows["diff"], errors="coerce").astype("float64"),
        "lhs_label": rows["lhs_label"],
        "rhs_label": rows["rhs_label"],
        "ref_key": rows["ref_key"],
        "line_start": rows["line_start"],
        "line_end": rows["line_end"],
        "source": "checkpoint",
        "check_id": rows["check_id"],
    })

    pf = _to_df(parse_findings)
    if len(pf):
        # the parser may report one doubt twice (two passes over a table): one finding per
        # report, rule and key, its details joined
        pf = (pf.assign(_k=pf["key"].fillna("\x00"))
                .groupby(["report_id", "rule", "_k"], sort=False, dropna=False)
                .agg(key=("key", "first"), severity=("severity", lambda s: "error" if (s == "error").any()
                                                     else ("warn" if (s == "warn").any() else s.iloc[0])),
                     detail=("detail", lambda s: " · ".join(dict.fromkeys(str(x) for x in s))),
                     line_start=("line_start", "min"))
                .reset_index().drop(columns="_k"))
    parse_rows = pd.DataFrame({
        "report_id": pf["report_id"],
        "rule": pf["rule"],
        "rule_code": pf["rule"].map(lambda r: RULES_BY_NAME[r].code if r in RULES_BY_NAME else "parse"),
        "key": pf["key"],
        "severity": pf["severity"],
        "detail": pf["detail"],
        "lhs": float("nan"),
        "rhs": float("nan"),
        "diff": float("nan"),
        "lhs_label": None,
        "rhs_label": None,
        "ref_key": None,
        "line_start": pf["line_start"],
        "line_end": pf["line_start"],
        "source": "parse",
        "check_id": None,
    })

    if len(check_rows) and len(parse_rows):
        def dedupe_key(df: pd.DataFrame) -> pd.Series:
            k = df["key"].fillna("")
            table = k.str.split(".").str[0]
            k = k.where(df["rule"] != "table_incomplete", table)
            return df["report_id"].astype(str) + "|" + df["rule"].astype(str) + "|" + k.astype(str)

        seen = set(dedupe_key(parse_rows))
        check_rows = check_rows[~dedupe_key(check_rows).isin(seen)]

    out = pd.concat([check_rows, parse_rows], ignore_index=True)
    out["gx_run"] = outcome.run_name
    ident = (out["report_id"].astype(str) + "|" + out["source"] + "|" + out["rule"].astype(str) + "|"
             + out["key"].fillna("").astype(str) + "|" + out["detail"].fillna("").astype(str))
    import hashlib

    out["finding_id"] = [hashlib.md5(s.encode("utf-8")).hexdigest()[:16] for s in ident]
    for c in ("line_start", "line_end"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int32")
    out = out.sort_values(["report_id", "source", "rule", "key"], na_position="last", kind="stable")
    out = out.drop_duplicates("finding_id")
    table = pa.Table.from_pandas(out[[f.name for f in FINDINGS_SCHEMA]], schema=FINDINGS_SCHEMA,
                                 preserve_index=False)
    return table
