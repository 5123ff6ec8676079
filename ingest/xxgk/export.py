"""`xxgk export`: write the marts as Parquet, partitioned by report year where the table has one.

For tools that cannot open DuckDB files, and the hand-off format for engines beyond one machine
(docs/scaling.md). Reads the warehouse read-only, so it runs beside BI readers.
"""

from __future__ import annotations

from pathlib import Path

import duckdb


def export_marts(warehouse: Path, out_dir: Path) -> dict[str, int]:
    """Export every table in the marts schema; returns rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    written: dict[str, int] = {}
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
        for table in tables:
            columns = {r[0] for r in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ?",
                [table]).fetchall()}
            target = out_dir / table
            path = str(target).replace("'", "''")
            if "report_year" in columns:
                con.execute(f"copy (select * from marts.\"{table}\") to '{path}' "
                            "(format parquet, partition_by (report_year), overwrite_or_ignore true)")
            else:
                con.execute(f"copy (select * from marts.\"{table}\") to '{path}.parquet' (format parquet)")
            written[table] = con.execute(f"select count(*) from marts.\"{table}\"").fetchone()[0]
    finally:
        con.close()
    return written
