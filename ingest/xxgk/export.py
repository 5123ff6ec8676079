"""`xxgk export`: write the marts as Parquet, partitioned by report year, with their column descriptions.

For tools that cannot open DuckDB files, and the hand-off format for engines beyond one machine
(docs/scaling.md). Reads the warehouse read-only, so it runs beside BI readers.

- Every relation of the ``marts`` schema is written, tables and views: ``fct_report_facts`` (every
  figure with its provenance) gains ``report_year`` from ``dim_report`` so it is partitioned like the rest.
- A relation is written to a temporary folder first and then replaces the previous export of that
  relation as a whole: no partition of an earlier export survives (a year that vanished is gone).
- Each Parquet file carries the column descriptions (the warehouse's column comments) as key-value
  metadata: ``xxgk:columns`` (JSON object column -> description) and ``xxgk:table``.
- ``README.md`` in the folder lists every column, in Chinese and English.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from xxgk.warehouse import scalar

PARTITION_COLUMN = "report_year"


class ExportError(RuntimeError):
    """The export cannot start (e.g. no warehouse); nothing was written."""


@dataclass
class Column:
    name: str
    type: str
    description: str


@dataclass
class Relation:
    name: str
    kind: str                      # table | view
    description: str
    columns: list[Column] = field(default_factory=list)
    # the SELECT that is exported: the relation itself, or (facts) joined to its report's year
    select: str = ""

    @property
    def partitioned(self) -> bool:
        return any(c.name == PARTITION_COLUMN for c in self.columns)


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection; ExportError (one line, nothing created) when the file is missing or unusable."""
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise ExportError(f"no warehouse at {warehouse}: run `xxgk run` first (or pass --warehouse FILE)")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise ExportError(f"cannot open the warehouse {warehouse}: {str(exc).splitlines()[0]}") from exc


def mart_relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table and view of the marts schema, with its columns and their descriptions."""
    rels = [Relation(name, kind, comment or "") for name, kind, comment in con.execute("""
        select table_name, 'table', comment from duckdb_tables() where schema_name = 'marts'
        union all
        select view_name, 'view', comment from duckdb_views() where schema_name = 'marts' and not internal
        order by 1""").fetchall()]
    if not rels:
        raise ExportError("the warehouse has no marts yet: run `xxgk run` (or `dbt build`) first")
    by_name = {r.name: r for r in rels}
    for table, name, dtype, comment in con.execute("""
            select table_name, column_name, data_type, comment from duckdb_columns()
            where schema_name = 'marts' order by table_name, column_index""").fetchall():
        if table in by_name:
            by_name[table].columns.append(Column(name, dtype, comment or ""))
    for r in rels:
        r.select = f'select * from marts."{r.name}"'
        if not r.partitioned and any(c.name == "report_id" for c in r.columns) and "dim_report" in by_name:
            # report-level rows (the figures) get their report's year, so they partition like the rest
            r.select = (f'select x.*, d.report_year from marts."{r.name}" as x '
                        "left join marts.dim_report as d using (report_id)")
            r.columns.append(Column(PARTITION_COLUMN, "INTEGER", "The year the report covers (from dim_report)."))
    return rels


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def kv_metadata(rel: Relation) -> str:
    """DuckDB's KV_METADATA option: the column descriptions travel inside every Parquet file."""
    columns = json.dumps({c.name: c.description for c in rel.columns}, ensure_ascii=False)
    return f"kv_metadata {{'xxgk:table': {_sql_string(rel.description)}, 'xxgk:columns': {_sql_string(columns)}}}"


def copy_relation(con: duckdb.DuckDBPyConnection, rel: Relation, target: Path, *, fmt: str,
                  partition: bool, compression: str = "zstd") -> None:
    """Write one relation to ``target`` (a file, or a folder of report_year=… partitions)."""
    path = _sql_string(str(target))
    if fmt == "csv":
        con.execute(f"copy ({rel.select}) to {path} (format csv, header true)")
    elif partition and rel.partitioned:
        con.execute(f"copy ({rel.select}) to {path} (format parquet, compression {compression}, "
                    f"partition_by ({PARTITION_COLUMN}), {kv_metadata(rel)})")
    else:
        con.execute(f"copy ({rel.select}) to {path} (format parquet, compression {compression}, {kv_metadata(rel)})")


def _replace(tmp: Path, final: Path) -> None:
    """Put ``tmp`` where ``final`` is; the previous export of this relation (file or folder) goes."""
    old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
    if final.exists() or final.is_symlink():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    elif old.exists() or old.is_symlink():
        old.unlink()


def export_marts(warehouse: Path, out_dir: Path) -> dict[str, int]:
    """Export every relation in the marts schema; returns rows written per relation."""
    con = open_warehouse(warehouse)
    written: dict[str, int] = {}
    try:
        rels = mart_relations(con)
        out_dir.mkdir(parents=True, exist_ok=True)
        for rel in rels:
            final = out_dir / (rel.name if rel.partitioned else f"{rel.name}.parquet")
            tmp = out_dir / f".{final.name}.tmp-{uuid.uuid4().hex[:8]}"
            try:
                copy_relation(con, rel, tmp, fmt="parquet", partition=True)
                _replace(tmp, final)
            finally:
                if tmp.is_dir():
                    shutil.rmtree(tmp, ignore_errors=True)
                elif tmp.exists():
                    tmp.unlink()
            # the other layout of the same relation, from an older export, would be read as stale data
            other = out_dir / (f"{rel.name}.parquet" if rel.partitioned else rel.name)
            if other.is_dir():
                shutil.rmtree(other)
            elif other.exists():
                other.unlink()
            written[rel.name] = scalar(con, f'select count(*) from marts."{rel.name}"')
        (out_dir / "README.md").write_text(columns_readme(rels, partitioned=True), encoding="utf-8")
    finally:
        con.close()
    return written


def columns_readme(rels: list[Relation], *, partitioned: bool, labels_zh: dict[str, str] | None = None) -> str:
    """README.md of an export: every relation and column, Chinese label and English description."""
    if labels_zh is None:
        from xxgk.site.labels import column_labels

        labels_zh = column_labels()
    lines = ["# xxgk marts — 数据表与字段 (tables and columns)", ""]
    if partitioned:
        lines += ["Tables with a `report_year` column are folders of Parquet files partitioned by year",
                  "(`report_year=2020/…`); read them with hive partitioning, e.g. in DuckDB:", "",
                  "```sql",
                  "select report_year, count(*) from read_parquet('fct_agency_year/*/*.parquet', hive_partitioning = true)",
                  "group by all order by all;", "```", "",
                  "Every Parquet file carries the column descriptions below as key-value metadata",
                  "(`xxgk:columns`, JSON): `select * from parquet_kv_metadata('dim_report/*/*.parquet')`.", ""]
    for rel in rels:
        lines += [f"## {rel.name}", "", rel.description or "", "",
                  "| column 字段 | 中文 | type | description |", "|---|---|---|---|"]
        for c in rel.columns:
            desc = c.description.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{c.name}` | {labels_zh.get(c.name, '')} | {c.type} | {desc} |")
        lines.append("")
    return "\n".join(lines)
