"""The labels as small temp tables, so page queries can join them (HTML built in DuckDB):
lab_rule(rule, html, rel), lab_value(field, value, html, zh), lab_key(key, html), lab_column(column, html)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from xxgk.site.labels import Labels, bi

# how the two sides of a failed rule relate (quality/rules.py: the check each rule makes)
RELATION = {"equal": "≠", "part_le_whole": "&gt;", "known": "≠"}


def register_labels(con: duckdb.DuckDBPyConnection, labels: Labels) -> None:
    from xxgk.quality.rules import RULES_BY_NAME

    rules = sorted(set(labels.rules) | set(RULES_BY_NAME))
    # catalog keys and the row keys above them (a finding may name a row: t3.total)
    keys = sorted({k for key in labels.keys for k in _prefixes(key)})
    tables = {
        "lab_rule": pa.table({
            "rule": rules,
            "html": [bi(labels.rules.get(r), r) for r in rules],
            "rel": [RELATION.get(RULES_BY_NAME[r].check, "≠") if r in RULES_BY_NAME else "·" for r in rules]}),
        "lab_value": pa.table({
            "field": [f for f, vals in labels.vocab.items() for _ in vals],
            "value": [v for vals in labels.vocab.values() for v in vals],
            "html": [bi(zh, v) for vals in labels.vocab.values() for v, zh in vals.items()],
            "zh": [zh for vals in labels.vocab.values() for zh in vals.values()]}),
        "lab_key": pa.table({"key": keys, "html": [labels.key(k) for k in keys]}),
        "lab_column": pa.table({"column": list(labels.columns),
                                "html": [bi(zh, c) for c, zh in labels.columns.items()]}),
    }
    for name, table in tables.items():
        con.register(f"_{name}", table)
        con.execute(f"create or replace temp table {name} as select * from _{name}")
        con.unregister(f"_{name}")


def _prefixes(key: str) -> list[str]:
    parts = key.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts) + 1)]
