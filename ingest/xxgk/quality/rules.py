"""The rules the checkpoint enforces: one Great Expectations expectation per rule, named after it.

Read from ``ingest/xxgk/data/rules.csv``, the one list of finding rules: CONTRACT.md names, codes,
severities and Chinese labels (``seeds/rule_catalog.csv`` is written from it for the marts, by
``python -m xxgk.generate``), plus, for the rules the checkpoint checks, how ``lhs``/``rhs``
must relate and the sentence the expectation carries in the Data Docs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

RULES_CSV = Path(__file__).resolve().parents[1] / "data" / "rules.csv"

Check = Literal["equal", "part_le_whole", "known"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str          # CONTRACT.md rule name, e.g. "balance"
    code: str          # R0..R8 or "completeness"
    check: Check       # how lhs/rhs of int_rule_checks must relate
    text: str          # what the rule says (the expectation's description)


def _checkpoint_rules() -> tuple[Rule, ...]:
    with RULES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] == "checkpoint"]
    return tuple(Rule(r["rule"], r["rule_code"], cast(Check, r["check"]), r["expectation"]) for r in rows)


RULES: tuple[Rule, ...] = _checkpoint_rules()

RULES_BY_NAME = {r.name: r for r in RULES}
