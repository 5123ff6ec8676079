"""Bilingual labels (Chinese first, the English id beside it), all from data:

- rules: ``seeds.rule_catalog`` (label_zh per CONTRACT.md rule name)
- figure keys: ``seeds.metric_catalog`` (row_label · col_label)
- mart columns: ``site/data/column_labels.csv`` (Chinese) and the warehouse's column comments (English)
- values of small vocabularies (level, kind, era, severity, ...): ``site/data/vocabulary.csv``

The seeds are read from the warehouse when it has them, else from the repo's seeds/ folder.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from xxgk.paths import SEEDS_DIR
from xxgk.site.db import has_relation

DATA_DIR = Path(__file__).resolve().parent / "data"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Labels:
    rules: dict[str, str] = field(default_factory=dict)            # rule -> 中文
    rule_info: dict[str, dict[str, str]] = field(default_factory=dict)  # rule -> catalog row
    keys: dict[str, str] = field(default_factory=dict)             # catalog key -> 中文
    units: dict[str, str] = field(default_factory=dict)            # catalog key -> unit
    columns: dict[str, str] = field(default_factory=dict)          # mart column -> 中文
    vocab: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> value -> 中文

    def value(self, vocab_field: str, value: object) -> str:
        """``中文 <span class="en">value</span>`` (HTML), or the value alone when there is no label."""
        if value is None:
            return '<span class="muted">—</span>'
        zh = self.vocab.get(vocab_field, {}).get(str(value))
        return bi(zh, value)

    def rule(self, rule: str) -> str:
        return bi(self.rules.get(rule), rule)

    def key(self, key: str | None) -> str:
        if not key:
            return '<span class="muted">—</span>'
        return bi(self.key_zh(key), key)

    def key_zh(self, key: str) -> str | None:
        """The catalog label of a key; keys naming a table row (t3.total) borrow their first cell's row label."""
        if key in self.keys:
            return self.keys[key]
        prefix = key + "."
        first = next((k for k in self.keys if k.startswith(prefix)), None)
        return self.keys[first].split(" · ")[0] if first else None

    def column(self, column: str) -> str:
        return bi(self.columns.get(column), column)


def bi(zh: str | None, en: object) -> str:
    """Chinese first, the English id beside it."""
    if not zh:
        return html.escape(str(en))
    return f'{html.escape(zh)} <span class="en">{html.escape(str(en))}</span>'


def _seed(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, str]]:
    if has_relation(con, "seeds", name):
        cur = con.execute(f"select * from seeds.{name}")
        cols = [d[0] for d in cur.description]
        return [{c: ("" if v is None else str(v)) for c, v in zip(cols, row)} for row in cur.fetchall()]
    path = SEEDS_DIR / f"{name}.csv"
    return _csv(path) if path.exists() else []


def load_labels(con: duckdb.DuckDBPyConnection) -> Labels:
    lab = Labels()
    for r in _seed(con, "rule_catalog"):
        lab.rules[r["rule"]] = r.get("label_zh", "")
        lab.rule_info[r["rule"]] = r
    for r in _seed(con, "metric_catalog"):
        if r["key"] in lab.keys:
            continue  # a key may appear under two eras with the same labels
        lab.keys[r["key"]] = " · ".join(x for x in (r.get("row_label"), r.get("col_label")) if x)
        lab.units[r["key"]] = r.get("unit", "")
    lab.columns = column_labels()
    for r in _csv(DATA_DIR / "vocabulary.csv"):
        lab.vocab.setdefault(r["field"], {})[r["value"]] = r["label_zh"]
    return lab


def column_labels() -> dict[str, str]:
    """Mart column -> Chinese label (site/data/column_labels.csv)."""
    return {r["column"]: r["label_zh"] for r in _csv(DATA_DIR / "column_labels.csv")}
