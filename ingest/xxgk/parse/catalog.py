"""The metric catalog: the canonical key of every figure (xxgk.templates.catalog_rows; seeds/metric_catalog.csv
is the same, written out for dbt)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from xxgk.templates import catalog_rows


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    section: str      # t2 | t3 | t4 | legacy | narrative
    era: str          # v2019 | v2021 | both | pre2019 | any
    row_label: str
    col_label: str
    unit: str
    value_type: str   # int | decimal | "int (may be negative)"
    description: str

    @property
    def may_be_negative(self) -> bool:
        return "negative" in self.value_type

    @property
    def is_money(self) -> bool:
        return self.value_type == "decimal" or self.unit in ("元", "万元")


@cache
def catalog() -> dict[str, Metric]:
    """All metrics by key. A key may appear under two eras (t2.licensing.decisions); first wins."""
    out: dict[str, Metric] = {}
    for row in catalog_rows():
        out.setdefault(row["key"], Metric(**row))
    return out


def keys_for(section: str, era: str | None = None) -> list[str]:
    """Catalog keys of a section in catalog order, optionally only those valid in ``era``."""
    eras = {None: None, "v2019": {"v2019", "both"}, "v2021": {"v2021", "both"},
            "pre2019": {"pre2019", "any"}}[era]
    seen: list[str] = []
    for row in catalog_rows():
        if row["section"] == section and (eras is None or row["era"] in eras) and row["key"] not in seen:
            seen.append(row["key"])
    return seen
