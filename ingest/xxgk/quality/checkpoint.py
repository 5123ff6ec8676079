"""Run the checkpoint over the rule checks and turn its results into findings rows.

Called from the dbt Python model ``marts.fct_findings`` with DuckDB relations (``dbt.ref(...)``). The
frame handed to GX (pandas: GX's only route here, see gx_project) holds only the assessable rule-check
rows (a few dozen per report), never the facts; everything else stays in DuckDB, Arrow and polars.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd
import polars as pl
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
    """The GX frame: assessable rule-check rows, lhs/rhs as floats (exact for the 4-decimal values).

    Only what the expectations read: `rule` (each expectation's row_condition), lhs/rhs, and check_id
    (the unexpected_index_column_names the failing rows come back by). report_id and key stay out: at 100k
    reports the frame has ~5M rows and every column of Python strings costs ~400 MB. Through Arrow, so the
    ids never become millions of Python str objects."""
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


def one_per_doubt(pf: pl.DataFrame) -> pl.DataFrame:
    """The parser may report one doubt twice (two passes over a table): one finding per report, rule
    and key (in order of first appearance), severity the worst of error/warn (else the first given),
    the distinct details joined in order, the first line."""
    rank = pl.col("severity").replace_strict({"error": 0, "warn": 1}, default=2, return_dtype=pl.Int8)
    grouped = (
        pf.with_columns(pl.col("key").fill_null("\x00").alias("_group_key"))
        .group_by(["report_id", "rule", "_group_key"], maintain_order=True)
        .agg(pl.col("key").first(), pl.col("severity").first().alias("_first_severity"), rank.min().alias("_rank"),
             pl.col("detail").cast(pl.String).unique(maintain_order=True).str.join(" · ").alias("detail"),
             pl.col("line_start").min())
    )
    severity = (pl.when(pl.col("_rank") == 0).then(pl.lit("error"))
                .when(pl.col("_rank") == 1).then(pl.lit("warn"))
                .otherwise(pl.col("_first_severity")))
    return grouped.select("report_id", "rule", "key", severity.alias("severity"), "detail", "line_start")


def _dedupe_key(df: pl.DataFrame) -> pl.Series:
    """report|rule|key, a table_incomplete finding keyed by its table: what a parse finding and a check
    finding for the same doubt share."""
    key = pl.col("key").fill_null("")
    key = pl.when(pl.col("rule") == "table_incomplete").then(key.str.split(".").list.first()).otherwise(key)
    return df.select(pl.concat_str([pl.col("report_id"), pl.col("rule"), key], separator="|")).to_series()


def _failed_rows(checks, failed: pa.Table, session) -> pl.DataFrame:
    """The rule-check rows the checkpoint rejected, joined in DuckDB (the ids go in as Arrow)."""
    if failed.num_rows == 0:
        return pl.DataFrame(schema={c: pl.String for c in _CHECK_COLUMNS})
    rel = checks.join(session.from_arrow(failed), "check_id")
    # decimals become doubles in DuckDB, as every client of the table sees them
    return rel.project(", ".join(f"cast({c} as double) as {c}" if c in ("lhs", "rhs", "diff") else c
                                 for c in _CHECK_COLUMNS)).pl()


_CHECK_COLUMNS = ("report_id", "rule", "rule_code", "key", "severity", "detail", "lhs", "rhs", "diff", "lhs_label",
                  "rhs_label", "ref_key", "line_start", "line_end", "check_id")


def build_findings(checks, parse_findings, *, session) -> pa.Table:
    """fct_findings rows: rule-check rows the checkpoint rejected + the parser's findings.

    ``checks``: the int_rule_checks relation; ``parse_findings``: stg_reports__parse_findings; ``session``
    the DuckDB connection they belong to. The rule sides and the finding texts are computed in SQL
    (int_rule_checks); the only frame GX gets is the assessable rows' ids, rules and sides (pandas, as GX
    needs); the failed rows and the parser's findings are handled as Arrow/polars frames.
    A check finding that repeats a parse finding (same report and rule, same key or, for
    table_incomplete, the same table) is dropped: the parser saw it first, with its own words.
    """
    outcome = run_checkpoint(_frame(checks))
    failed = pa.table({"check_id": pa.array(list(outcome.failed), pa.string())})
    rows = _failed_rows(checks, failed, session)
    check_rows = rows.select(
        *_CHECK_COLUMNS[:4], pl.col("severity").fill_null("error"), *_CHECK_COLUMNS[5:12],
        pl.col("line_start").cast(pl.Int32), pl.col("line_end").cast(pl.Int32), pl.lit("checkpoint").alias("source"),
        pl.col("check_id").cast(pl.String))

    pf = one_per_doubt(parse_findings.pl())
    codes = {name: rule.code for name, rule in RULES_BY_NAME.items()}
    parse_rows = pf.select(
        "report_id", "rule",
        pl.col("rule").replace_strict(codes, default="parse", return_dtype=pl.String).alias("rule_code"),
        "key", "severity", "detail",
        *(pl.lit(None, pl.Float64).alias(c) for c in ("lhs", "rhs", "diff")),
        *(pl.lit(None, pl.String).alias(c) for c in ("lhs_label", "rhs_label", "ref_key")),
        pl.col("line_start").cast(pl.Int32), pl.col("line_start").cast(pl.Int32).alias("line_end"),
        pl.lit("parse").alias("source"), pl.lit(None, pl.String).alias("check_id"))

    if check_rows.height and parse_rows.height:
        check_rows = check_rows.filter(~_dedupe_key(check_rows).is_in(_dedupe_key(parse_rows).implode()))

    out = pl.concat([check_rows.cast(parse_rows.schema), parse_rows]).with_columns(
        pl.lit(outcome.run_name).alias("gx_run"))
    ident = out.select(pl.concat_str([pl.col("report_id"), pl.col("source"), pl.col("rule"),
                                      pl.col("key").fill_null(""), pl.col("detail").fill_null("")],
                                     separator="|")).to_series()
    out = out.with_columns(pl.Series("finding_id", [hashlib.md5(s.encode("utf-8")).hexdigest()[:16] for s in ident],
                                     dtype=pl.String))
    out = (out.sort(["report_id", "source", "rule", "key"], nulls_last=True, maintain_order=True)
           .unique(subset="finding_id", keep="first", maintain_order=True))
    return out.select([f.name for f in FINDINGS_SCHEMA]).to_arrow().cast(FINDINGS_SCHEMA)
