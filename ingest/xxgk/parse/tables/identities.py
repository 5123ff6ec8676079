"""The template identities and per-cell constraints, read from ``data/templates/identities.csv``.

One data file says what the numbers of a report must obey (DOMAIN.md R0-R4, R7), so that the fused
table solver (and later the rule checks) are generated from the same lines:

- ``kind=sum`` rows are linear equalities over catalog keys, ``lhs = rhs``, each side a ``+``-joined
  list of key patterns. ``{column}`` / ``{row}`` / ``{block}`` expand over ``for_each`` (the 表三
  columns, the era's 表三 rows, the 表四 blocks); ``*`` in a pattern stands for one key segment
  (``t3.denied.*.{column}``: every 不予公开 sub-row of that column) and is matched against the
  template keys of the era, so group rows (which carry no data) never enter an identity.
- ``kind=cell`` rows give the values a cell may take: ``int>=0``, ``int`` (signed) or
  ``decimal>=0`` followed by the units the cell may carry (``万元|元``). ``lhs`` is a space-separated
  list of key globs; a later row overrides an earlier one for the keys it matches.

An identity over keys the era's templates lack (a v2021 key in a v2019 report) is left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from xxgk.parse.catalog import catalog
from xxgk.parse.tables.labels import T3_COLUMNS, T4_BLOCKS
from xxgk.parse.tables.templates import Table, t2_table, t3_table, t4_table

IDENTITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "templates" / "identities.csv"
ERAS = ("pre2019", "v2019", "v2021")


@dataclass(frozen=True, slots=True)
class Identity:
    """sum(coef * value of key) == 0 over ``terms``; ``label`` names it in provenance and findings."""

    name: str                              # rule name ("row_total"), as in CONTRACT.md
    rule: str                              # R0..R7
    label: str                             # "R1 row_total t3.new"
    terms: tuple[tuple[str, int], ...]     # (catalog key, +1 | -1)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.terms)


@dataclass(frozen=True, slots=True)
class Domain:
    """The values a cell may hold."""

    kind: str                       # "int" | "decimal"
    signed: bool = False            # a leading "-" is allowed
    units: tuple[str, ...] = ()     # units the cell may carry after its number ("万元", "元")


COUNT = Domain("int")


def _template_keys(era: str) -> tuple[str, ...]:
    if era == "pre2019":
        return tuple(k for k, m in catalog().items() if m.section == "legacy")
    return (*t2_table(era).keys, *t3_table(era).keys, *t4_table().keys)


def _expansions(for_each: str, era: str) -> list[dict[str, str]]:
    if not for_each:
        return [{}]
    if for_each == "t3.column":
        return [{"column": c} for c in T3_COLUMNS]
    if for_each == "t3.row":
        return [{"row": r.prefix.removeprefix("t3.")} for r in t3_table(era).rows]
    if for_each == "t4.block":
        return [{"block": b} for b in T4_BLOCKS]
    raise ValueError(f"{IDENTITIES_CSV.name}: unknown for_each {for_each!r}")


def _side(expr: str, subst: dict[str, str], keys: tuple[str, ...]) -> list[str] | None:
    """Keys of one side of an identity; None when a named key is not in the era's templates."""
    out: list[str] = []
    for pattern in expr.split("+"):
        pattern = pattern.strip().format(**subst)
        if "*" in pattern:
            depth = pattern.count(".")
            out.extend(k for k in keys if k.count(".") == depth and fnmatchcase(k, pattern))
        elif pattern in keys:
            out.append(pattern)
        else:
            return None
    return out


def _rows() -> list[dict[str, str]]:
    with IDENTITIES_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def identities(era: str) -> tuple[Identity, ...]:
    """Every identity that holds in a report of ``era``, expanded to catalog keys."""
    keys = _template_keys(era)
    keyset = set(keys)
    out: list[Identity] = []
    for row in _rows():
        if row["kind"] != "sum" or row["era"] not in ("", era):
            continue
        for subst in _expansions(row["for_each"], era) if era != "pre2019" or not row["for_each"] else []:
            lhs, rhs = _side(row["lhs"], subst, keys), _side(row["rhs"], subst, keys)
            if not lhs or not rhs or not set(lhs) | set(rhs) <= keyset:
                continue
            scope = next(iter(subst.values()), "")
            label = f"{row['rule']} {row['name']}" + (f" {lhs[0].rsplit('.', 1)[0]}" if row["for_each"] == "t3.row"
                                                        else f" {scope}" if scope else f" {lhs[0]}")
            out.append(Identity(row["name"], row["rule"], label,
                                tuple([(k, 1) for k in lhs] + [(k, -1) for k in rhs])))
    return tuple(out)


def _parse_domain(spec: str) -> Domain:
    head, _, units = spec.partition(" ")
    kind = head.removesuffix(">=0")
    if kind not in ("int", "decimal"):
        raise ValueError(f"{IDENTITIES_CSV.name}: unknown cell domain {spec!r}")
    return Domain(kind, signed=not head.endswith(">=0"), units=tuple(u for u in units.split("|") if u))


@cache
def _cell_rules(era: str) -> tuple[tuple[tuple[str, ...], Domain], ...]:
    return tuple((tuple(row["lhs"].split()), _parse_domain(row["rhs"])) for row in _rows()
                 if row["kind"] == "cell" and row["era"] in ("", era))


@cache
def domain(key: str, era: str) -> Domain:
    """The values the cell under ``key`` may hold in a report of ``era`` (a count when nothing says)."""
    found = COUNT
    for globs, dom in _cell_rules(era):
        if any(fnmatchcase(key, g) for g in globs):
            found = dom
    return found


@cache
def table_era(table: Table) -> str:
    """The era whose template ``table`` is (表四 is the same in both: "v2021")."""
    keys = set(table.keys)
    if table.name == "t2":
        return "v2019" if "t2.procurement.items" in keys else "v2021"
    if table.name == "t3":
        return "v2021" if "t3.other_handling.misc.total" in keys else "v2019"
    return "v2021"


@cache
def table_identities(table: Table, era: str) -> tuple[Identity, ...]:
    """The identities of ``era`` whose keys all lie in ``table``."""
    keys = set(table.keys)
    return tuple(i for i in identities(era) if i.keys <= keys)
