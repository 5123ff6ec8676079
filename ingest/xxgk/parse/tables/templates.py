"""The templates as the placer needs them: ordered rows with catalog keys, and label matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from xxgk.parse.tables.labels import (
    T2_ROW_LABELS, T2_ROWS, T3_COLUMNS, T3_GROUPS, T3_MISC_LABEL, T3_ROWS, T3_TOTAL_LABEL, T4_BLOCKS,
    T4_COLUMNS,
)


@dataclass(frozen=True)
class Row:
    prefix: str                 # "t3.denied.state_secret"
    keys: tuple[str, ...]       # catalog keys of its cells, in column order
    ordinal: int | None = None  # "N." of a sub-row
    label_span: int = 1         # label columns its label spans (its filler: label_span - 1 empty cells)


@dataclass(frozen=True)
class Table:
    name: str                   # "t2" | "t3" | "t4"
    rows: tuple[Row, ...]

    @cached_property
    def _positions(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, r in enumerate(self.rows):
            out.setdefault(r.prefix, i)
        return out

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every catalog key of the table, in template order."""
        return tuple(k for r in self.rows for k in r.keys)

    def index(self, prefix: str) -> int:
        return self._positions[prefix]

    # A table keys the per-process caches of its identities and rows (identities.py, placement.py):
    # its hash is computed once, not over every row at each look-up
    @cached_property
    def _hash(self) -> int:
        return hash((self.name, self.rows))

    def __hash__(self) -> int:
        return self._hash


# The templates are immutable: built once per process.
@lru_cache(maxsize=None)
def t2_table(era: str) -> Table:
    return Table("t2", tuple(Row(f"t2.{p}", tuple(f"t2.{p}.{c}" for c in cols)) for p, cols in T2_ROWS[era]))


@lru_cache(maxsize=None)
def t3_table(era: str) -> Table:
    return Table("t3", tuple(Row(f"t3.{r.key}", tuple(f"t3.{r.key}.{c}" for c in T3_COLUMNS), r.ordinal, r.label_span)
                             for r in T3_ROWS if r.era in (None, era)))


@lru_cache(maxsize=None)
def t4_table() -> Table:
    keys = tuple(f"t4.{b}.{c}" for b in T4_BLOCKS for c in T4_COLUMNS)
    return Table("t4", (Row("t4", keys),))


# ----------------------------------------------------------------------------------------------
# label matching (on whitespace-free normalised text)

_NUMBERING = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、])")


def squash(s: str) -> str:
    return "".join(s.split())


def strip_numbering(label: str) -> str:
    s = squash(label)
    for _ in range(3):
        m = _NUMBERING.match(s)
        if not m:
            break
        s = s[m.end():]
    return s


@lru_cache(maxsize=8192)     # labels repeat across reports; pure in its arguments
def match_t2(label: str, era: str) -> str | None:
    """Row prefix ("t2.licensing") of a 表二 row label, or None."""
    s = strip_numbering(label)
    allowed = {p for p, _ in T2_ROWS[era]}
    for prefix, starts in T2_ROW_LABELS.items():
        if prefix in allowed and s.startswith(starts):
            return f"t2.{prefix}"
    return None


@lru_cache(maxsize=8192)     # labels repeat across reports; pure in its arguments
def match_t3(label: str, era: str, last_prefix: str | None) -> tuple[str, bool] | None:
    """(row prefix, is_group) of a 表三 row label, or None. ``last_prefix`` = previous row seen."""
    s = squash(label)
    bare = strip_numbering(label)
    for r in T3_ROWS:
        if r.era not in (None, era) or not r.keywords:
            continue
        if any(k in s for k in r.keywords):
            return f"t3.{r.key}", False
    for kw, first in T3_GROUPS.items():
        if kw in s:
            if first.startswith("other_handling.") and era != "v2021":
                continue
            return f"t3.{first}", True
    if bare == T3_MISC_LABEL and era == "v2021" and last_prefix in (
            "t3.other_handling.no_correction", "t3.other_handling.no_fee"):
        return "t3.other_handling.misc", False
    if bare == T3_TOTAL_LABEL and last_prefix not in (None, "t3.new", "t3.carried_in"):
        return "t3.total", False
    return None
