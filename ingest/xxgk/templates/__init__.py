"""The official report templates, read from their one source: ``ingest/xxgk/data/templates/*.csv``.

The tables of 国办公开办函〔2019〕60号 (v2019) and 〔2021〕30号 (v2021) — 表二 (Art. 20 proactive
disclosure), 表三 (applications), 表四 (review and litigation) — and the pre-2019 统计表: their rows and
columns, the Chinese labels (as the form prints them, as the catalog names them, and the variants the
parser accepts), catalog keys, units and which cells may be negative. The parser
(xxgk.parse.tables.labels, xxgk.parse.legacy), the synthetic generator (xxgk.synth) and the checked-in
copies for dbt and the docs (written by ``python -m xxgk.generate``) all read it from here.
What each file holds: ``ingest/xxgk/data/templates/README.md``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "data" / "templates"

ERAS = ("v2019", "v2021")


def read_csv(name: str) -> list[dict[str, str]]:
    with (TEMPLATES_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("|") if v)


def in_era(row_era: str, era: str) -> bool:
    return row_era in ("both", era)


# ----------------------------------------------------------------------------- 表二

@dataclass(frozen=True, slots=True)
class T2Row:
    era: str
    row: str                   # "licensing"
    item: str                  # the 第二十条第（N）项 it is printed under
    label: str                 # as printed and catalogued ("行政许可")
    match: tuple[str, ...]     # label prefixes the parser accepts for this row


@dataclass(frozen=True, slots=True)
class T2Cell:
    era: str
    row: str
    column: str                # "decisions"
    col_label: str
    unit: str
    value_type: str            # int | decimal | "int (may be negative)"
    description: str

    @property
    def key(self) -> str:
        return f"t2.{self.row}.{self.column}"


@cache
def t2_rows() -> tuple[T2Row, ...]:
    return tuple(T2Row(r["era"], r["row"], r["item"], r["label"], _split(r["match"])) for r in read_csv("t2_rows.csv"))


@cache
def t2_cells() -> tuple[T2Cell, ...]:
    return tuple(T2Cell(**r) for r in read_csv("t2_cells.csv"))


# ----------------------------------------------------------------------------- 表三

@dataclass(frozen=True, slots=True)
class T3Row:
    row_key: str               # "t3.denied.state_secret"
    era: str                   # both | v2019 | v2021
    row_kind: str              # intake | outcome | total | carry
    outcome_group: str
    outcome_group_zh: str
    group: str                 # the printed group it sits in (t3_groups.csv), "" for a row of its own
    printed: str               # as the form prints it ("1.属于国家秘密")
    label: str                 # the catalog's row label ("（三）不予公开 1.属于国家秘密")
    label_zh: str              # short, for the marts ("属于国家秘密")
    ordinal: int | None        # the "N." of a sub-row (recognises truncated labels)
    keywords: tuple[str, ...]  # any of these inside a label identifies the row; () = by context only
    sort_order: int

    @property
    def key(self) -> str:
        """The row's name under "t3." ("denied.state_secret")."""
        return self.row_key.removeprefix("t3.")


@dataclass(frozen=True, slots=True)
class T3Group:
    group: str                 # denied | unable | rejected | other_handling | outcomes
    era: str
    printed: str               # "（三）不予公开"
    keyword: str               # what identifies the group's label in a text


@dataclass(frozen=True, slots=True)
class T3Column:
    applicant_type: str        # "commercial"
    label_zh: str              # "法人或其他组织·商业企业" (catalog, marts)
    printed: str               # "商业企业" (the form's column header)
    is_organisation: str       # "true" | "false" | "" (the total)
    sort_order: int


@cache
def t3_rows() -> tuple[T3Row, ...]:
    return tuple(
        T3Row(r["row_key"], r["era"], r["row_kind"], r["outcome_group"], r["outcome_group_zh"], r["group"],
              r["printed"], r["label"], r["label_zh"], int(r["ordinal"]) if r["ordinal"] else None,
              _split(r["keywords"]), int(r["sort_order"]))
        for r in read_csv("t3_rows.csv"))


@cache
def t3_groups() -> tuple[T3Group, ...]:
    return tuple(T3Group(**r) for r in read_csv("t3_groups.csv"))


@cache
def t3_columns() -> tuple[T3Column, ...]:
    return tuple(T3Column(r["applicant_type"], r["label_zh"], r["printed"], r["is_organisation"],
                          int(r["sort_order"])) for r in read_csv("t3_columns.csv"))


def t3_row(key: str) -> T3Row:
    """A 表三 row by its name under "t3." ("total", "other_handling.misc")."""
    return next(r for r in t3_rows() if r.key == key)


def t3_era_rows(era: str) -> tuple[T3Row, ...]:
    return tuple(r for r in t3_rows() if in_era(r.era, era))


def t3_group_rows(group: str, era: str) -> tuple[T3Row, ...]:
    """The rows printed under a group label, in form order; ``outcomes`` = every outcome row."""
    if group == "outcomes":
        return tuple(r for r in t3_era_rows(era) if r.row_kind == "outcome")
    return tuple(r for r in t3_era_rows(era) if r.group == group)


# ----------------------------------------------------------------------------- 表四

@dataclass(frozen=True, slots=True)
class T4Cell:
    proceeding: str            # review | suit_direct | suit_after_review (表四); suit | complaint (统计表)
    proceeding_zh: str
    printed: str               # the block's header on the form ("" for the pre-2019 blocks)
    era: str                   # both (表四) | pre2019
    outcome: str
    outcome_zh: str
    sort_order: int

    @property
    def key(self) -> str:
        return f"t4.{self.proceeding}.{self.outcome}"


@cache
def t4_cells() -> tuple[T4Cell, ...]:
    return tuple(T4Cell(r["proceeding"], r["proceeding_zh"], r["printed"], r["era"], r["outcome"], r["outcome_zh"],
                        int(r["sort_order"])) for r in read_csv("t4.csv"))


def t4_blocks() -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.proceeding for c in t4_cells() if c.era == "both"))


def t4_columns() -> tuple[str, ...]:
    first = t4_blocks()[0]
    return tuple(c.outcome for c in t4_cells() if c.proceeding == first)


# ----------------------------------------------------------------------------- pre-2019 统计表

LEGACY_COL_LABEL = "统计数"
LEGACY_DESCRIPTION = "pre-2019 统计表 indicator (labels vary by province; match by label, not position)"


@dataclass(frozen=True, slots=True)
class LegacyRow:
    key: str | None            # None: a section line of the form ("一、主动公开情况")
    printed: str               # as the form prints it
    label: str                 # the catalog's row label
    unit: str
    value_type: str


@cache
def legacy_rows() -> tuple[LegacyRow, ...]:
    return tuple(LegacyRow(r["key"] or None, r["printed"], r["label"] or r["printed"], r["unit"], r["value_type"])
                 for r in read_csv("legacy.csv"))


@cache
def legacy_variants() -> tuple[tuple[str, str], ...]:
    """(key, label) for the labels provinces print instead of the catalog's."""
    return tuple((r["key"], r["label"]) for r in read_csv("legacy_variants.csv"))


# ----------------------------------------------------------------------------- vocabulary

@cache
def _markers() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["kind"], r["era"], r["word"]) for r in read_csv("markers.csv"))


def markers(kind: str) -> tuple[str, ...]:
    """Words of one kind (markers.csv), in file order."""
    return tuple(w for k, _, w in _markers() if k == kind)


def era_markers() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, era, word in _markers():
        if kind == "era":
            out.setdefault(era, []).append(word)
    return {era: tuple(words) for era, words in out.items()}


# ----------------------------------------------------------------------------- the metric catalog

CATALOG_FIELDS = ("key", "section", "era", "row_label", "col_label", "unit", "value_type", "description")


def _catalog_rows() -> Iterator[dict[str, str]]:
    for era in ("v2021", "v2019"):
        labels = {r.row: r.label for r in t2_rows() if r.era == era}
        for c in t2_cells():
            if c.era == era:
                yield dict(key=c.key, section="t2", era=era, row_label=labels[c.row], col_label=c.col_label,
                           unit=c.unit, value_type=c.value_type, description=c.description)
    for r in t3_rows():
        for col in t3_columns():
            yield dict(key=f"{r.row_key}.{col.applicant_type}", section="t3", era=r.era, row_label=r.label,
                       col_label=col.label_zh, unit="件", value_type="int",
                       description=f"applications: {r.key} / {col.applicant_type}")
    for t4 in t4_cells():
        if t4.era == "both":
            yield dict(key=t4.key, section="t4", era="both", row_label=t4.proceeding_zh, col_label=t4.outcome_zh,
                       unit="件", value_type="int", description=f"{t4.proceeding} {t4.outcome}")
    for lr in legacy_rows():
        if lr.key:
            yield dict(key=lr.key, section="legacy", era="pre2019", row_label=lr.label, col_label=LEGACY_COL_LABEL,
                       unit=lr.unit, value_type=lr.value_type, description=LEGACY_DESCRIPTION)
    for n in read_csv("narrative.csv"):
        yield dict(key=n["key"], section="narrative", era="any", row_label=n["row_label"], col_label="",
                   unit=n["unit"], value_type=n["value_type"], description=n["description"])


@cache
def catalog_rows() -> tuple[dict[str, str], ...]:
    """Every catalog key (seeds/metric_catalog.csv is this, written out), in catalog order. A key valid in
    both eras with different labels (t2.licensing.decisions) appears once per era."""
    return tuple(_catalog_rows())


def may_be_negative(value_type: str) -> bool:
    return "negative" in value_type


@cache
def signed_keys() -> frozenset[str]:
    """Catalog keys whose figures may be negative (v2019 表二 本年增/减)."""
    return frozenset(r["key"] for r in catalog_rows() if may_be_negative(r["value_type"]))
