"""Run the checkpoint over the rule checks and turn its results into findings rows.

Called from the dbt Python model ``marts.fct_findings`` with DuckDB relations (``dbt.ref(...)``), or
from Python/tests with DataFrames. The frame handed to GX holds only the assessable rule-check rows
(a few dozen per report), never the facts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
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

# What the expectations read: `rule` (each expectation's row_condition), lhs/rhs, and check_id (the
# unexpected_index_column_names the failing rows come back by). report_id and key stay out: at 100k
# reports the frame has ~5M rows and every column of Python strings costs ~400 MB.
FRAME_COLUMNS = ["check_id", "rule", "lhs", "rhs"]


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
        df["check_id"] = df["check_id"].astype(object)
    else:  # DuckDBPyRelation: through Arrow, so the ids never become millions of Python str objects
        table = checks.filter("assessable").project(
            "check_id, rule, cast(lhs as double) as lhs, cast(rhs as double) as rhs").fetch_arrow_table()
        df = pd.DataFrame({
            # Arrow-backed strings: ~40 bytes a row instead of ~90 as Python objects (5M rows at 100k)
            "check_id": pd.array(table.column("check_id").combine_chunks().cast(pa.large_string()),
                                 dtype=pd.ArrowDtype(pa.large_string())),
            "rule": table.column("rule").dictionary_encode().to_pandas(),  # a category already
            "lhs": table.column("lhs").to_numpy(zero_copy_only=False),
            "rhs": table.column("rhs").to_numpy(zero_copy_only=False),
        })
    df["lhs"] = df["lhs"].astype("float64")
    df["rhs"] = df["rhs"].astype("float64")
    # one expectation per rule filters the frame on `rule` (a pandas query per metric): as a category
    # that comparison is on small integer codes, not millions of strings (~30% faster at 4.5M rows)
    if not isinstance(df["rule"].dtype, pd.CategoricalDtype):
        df["rule"] = df["rule"].astype(object).astype("category")
    df["rule"] = df["rule"].cat.reorder_categories(sorted(df["rule"].cat.categories))
    return df.reset_index(drop=True)


# GX fingerprints every pandas batch it is given (pandas.util.hash_pandas_object over all rows, a
# batch marker in the validation result) unless the frame's shallow size exceeds its HASH_THRESHOLD
# (1e9 bytes). At 100k reports (~5M rule-check rows) that hash took half the checkpoint's time and
# 2 GB of memory; above this size the run goes without the marker, as GX itself does for big frames.
FINGERPRINT_MAX_BYTES = 50_000_000


def _limit_gx_fingerprint() -> None:
    from great_expectations.execution_engine import pandas_execution_engine

    if getattr(pandas_execution_engine, "HASH_THRESHOLD", None) is None:
        raise CheckpointError("great_expectations.execution_engine.pandas_execution_engine.HASH_THRESHOLD "
                              "is gone: check how this GX version fingerprints batches")
    pandas_execution_engine.HASH_THRESHOLD = min(pandas_execution_engine.HASH_THRESHOLD, FINGERPRINT_MAX_BYTES)


def run_checkpoint(frame: pd.DataFrame, *, keep_validations: int | None = None) -> CheckpointOutcome:
    """Validate the frame with the ``rules`` checkpoint; return which check rows failed, by rule."""
    from xxgk.quality import gx_project

    t0 = time.perf_counter()
    gx_project.prune_validations(keep_validations)
    context = gx_project.get_context()
    _limit_gx_fingerprint()
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


def _one_per_doubt(pf: pd.DataFrame) -> pd.DataFrame:
    """The parser may report one doubt twice (two passes over a table): one finding per report, rule
    and key (in order of first appearance), severity the worst of error/warn (else the first given),
    the distinct details joined in order, the first line.

    Vectorised: a per-group Python lambda took ~10 s on the ~50k parse findings of 100k reports.
    """
    pf = pf.reset_index(drop=True)
    gid = pf.groupby([pf["report_id"], pf["rule"], pf["key"].fillna("\x00")], sort=False, dropna=False).ngroup()
    first = ~gid.duplicated()
    out = pf.loc[first, ["report_id", "rule", "key", "severity"]].reset_index(drop=True)  # row i = group i
    rank = pf["severity"].map({"error": 0, "warn": 1}).fillna(2).groupby(gid).min()
    out["severity"] = np.select([rank.to_numpy() == 0, rank.to_numpy() == 1], ["error", "warn"],
                                default=out["severity"].to_numpy(dtype=object)).astype(object)
    details = pd.DataFrame({"g": gid, "d": pf["detail"].map(str)}).drop_duplicates()
    joined = details.drop_duplicates("g").set_index("g")["d"]
    several = details["g"].duplicated(keep=False)
    if several.any():
        joined.update(details[several].groupby("g", sort=True)["d"].agg(" · ".join))
    out["detail"] = joined.sort_index().to_numpy()
    out["line_start"] = pf["line_start"].groupby(gid).min().sort_index().to_numpy()
    return out


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
        pf = _one_per_doubt(pf)
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
