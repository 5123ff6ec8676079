"""The official templates of 表二/表三/表四 as the table parser needs them: row labels, column sets,
header markers — read from the template data (ingest/xxgk/data/templates, via xxgk.templates).

No readable Chinese template wording is written in the parser's code: it is all in that data. Labels
are matched against the *normalised* text (half-width punctuation, Simplified), with whitespace removed.

Template (国办公开办函〔2019〕60号 and 〔2021〕30号 formats):
- 表二 rows are named by their first cell ("规章", "行政许可", ...); the column set depends on the era.
- 表三 has 7 numeric columns in a fixed order and 23 (v2019) / 25 (v2021) data rows; group rows
  ("三、本年度办理结果", "(三)不予公开" …) carry no data of their own.
- 表四 is one row of 15 numbers under a two-level header.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk import templates as tpl

# ----------------------------------------------------------------------------------------------
# Era markers (header wording). Counted on the text with whitespace and "|" removed, so split
# header cells ("本年新\n制作数量") still count.
ERA_MARKERS: dict[str, tuple[str, ...]] = tpl.era_markers()

# ----------------------------------------------------------------------------------------------
# 表二
T2_ANCHOR_PREFIX = tpl.markers("t2_anchor_prefix")[0]   # "第二十条第(一)项" block headers open 表二
T2_HEADER_WORDS = tpl.markers("t2_header")


def _t2_row_labels() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for r in sorted(tpl.t2_rows(), key=lambda r: r.era):    # v2019 first: it has every row, in form order
        if out.setdefault(r.row, r.match) != r.match:
            raise ValueError(f"t2_rows.csv: {r.row} is matched by different labels in different eras")
    return out


# row prefix -> label prefixes (a row label *starts with* one of these, after numbering is removed)
T2_ROW_LABELS: dict[str, tuple[str, ...]] = _t2_row_labels()


def _t2_rows(era: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    cols: dict[str, list[str]] = {}
    for c in tpl.t2_cells():
        if c.era == era:
            cols.setdefault(c.row, []).append(c.column)
    return tuple((row, tuple(c)) for row, c in cols.items())


# era -> ordered rows (template order) with their column suffixes
T2_ROWS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {era: _t2_rows(era) for era in tpl.ERAS}

# Keys whose cells are money, and the unit the key is expressed in.
MONEY_UNITS: dict[str, str] = {c.key: c.unit for c in tpl.t2_cells() if c.value_type == "decimal"}

# ----------------------------------------------------------------------------------------------
# 表三
T3_COLUMNS = tuple(c.applicant_type for c in tpl.t3_columns())

T3_ANCHOR_WORDS = tpl.markers("t3_anchor")
T3_HEADER_WORDS = tpl.markers("t3_header")


@dataclass(frozen=True)
class T3Row:
    key: str                     # row prefix under "t3."
    keywords: tuple[str, ...]    # any of these inside the label identifies the row
    ordinal: int | None = None   # the "N." of a sub-row, for recognising truncated labels ("2")
    era: str | None = None       # None = both eras
    label_span: int = 1          # label columns the row's label spans (see _label_span)


def _label_span(row_kind: str, group: str) -> int:
    """表三 has three label columns: 一、/二、/三、/四、 open the first, （一）…（七） the second, the
    sub-rows "1.…" the third; a label spans from its column to the cells (its filler, in text copies
    that pad spanned cells, is one empty cell per extra column)."""
    if group:
        return 1
    return 3 if row_kind in ("intake", "carry") else 2


# Rows without keywords ("3.其他", "(七)总计") are matched by context (templates.match_t3).
T3_ROWS: tuple[T3Row, ...] = tuple(T3Row(r.key, r.keywords, r.ordinal, None if r.era == "both" else r.era,
                                         _label_span(r.row_kind, r.group))
                                   for r in tpl.t3_rows())

# Group rows: label keyword -> the first sub-row it introduces (a group label followed directly by
# numbers shares its line with that sub-row, whose own label was lost).
T3_GROUPS: dict[str, str] = {
    g.keyword: tpl.t3_group_rows(g.group, "v2021" if g.era == "v2021" else "v2019")[0].key for g in tpl.t3_groups()
}
T3_MISC_LABEL = tpl.t3_row("other_handling.misc").label_zh   # v2021 (六)3.其他, after numbering is removed
T3_TOTAL_LABEL = tpl.t3_row("total").label_zh                # (七)总计

# ----------------------------------------------------------------------------------------------
# 表四
T4_MARKERS = tpl.markers("t4_marker")
T4_BLOCKS = tpl.t4_blocks()
T4_COLUMNS = tpl.t4_columns()

# ----------------------------------------------------------------------------------------------
# Text that ends any table context: the header of a pre-2019 统计表 (legacy parser's job).
LEGACY_HEADER_WORDS = tpl.markers("legacy_header")

# Cell contents meaning "blank" (present but no figure).
NULL_TOKENS = frozenset(tpl.markers("null_token"))

# Units a number may carry inside its cell.
CELL_UNITS = tpl.markers("cell_unit")
