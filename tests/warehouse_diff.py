"""Compare the tables of two warehouse files row for row (as multisets), leaving out named columns.

Used to prove that two ways of building a warehouse give the same tables: an incremental dbt build
and a full rebuild (tests/dbt/test_incremental.py), a pruned archive and a clean run of the same
folder (tests/faults/test_vanished_files.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def table_differences(a: Path, b: Path, schemas: tuple[str, ...], *,
                      leave_out: dict[tuple[str, str], set[str]] | None = None,
                      leave_out_everywhere: frozenset[str] = frozenset()) -> tuple[list[str], dict]:
    """The tables and views of ``schemas`` in ``b`` (names), and how ``a``'s differ from them: row counts,
    and up to three rows found only in one of the two. Empty when every table holds the same rows."""
    leave_out = leave_out or {}
    con = duckdb.connect(str(a), read_only=True)
    try:
        con.execute(f"attach '{b}' as other (read_only)")
        marks = ", ".join("?" for _ in schemas)
        tables = con.execute(f"""select schema_name, table_name from duckdb_tables()
                                 where database_name = 'other' and schema_name in ({marks})
                                 union all
                                 select schema_name, view_name from duckdb_views()
                                 where database_name = 'other' and schema_name in ({marks})
                                 order by all""", [*schemas, *schemas]).fetchall()
        mine = con.execute("select current_database()").fetchone()[0]
        differences: dict = {}
        for schema, table in tables:
            cols = [c for (c,) in con.execute(
                """select column_name from duckdb_columns() where database_name = 'other'
                   and schema_name = ? and table_name = ? order by column_index""", [schema, table]).fetchall()
                    if c not in leave_out.get((schema, table), set()) and c not in leave_out_everywhere]
            select = ", ".join(f'"{c}"' for c in cols)
            x = f'select {select} from "{mine}"."{schema}"."{table}"'
            y = f'select {select} from other."{schema}"."{table}"'
            n_x, n_y = (con.execute(f"select count(*) from ({q})").fetchone()[0] for q in (x, y))
            only_x = con.execute(f"select * from ({x} except all {y}) limit 3").fetchall()
            only_y = con.execute(f"select * from ({y} except all {x}) limit 3").fetchall()
            if n_x != n_y:
                differences[f"{schema}.{table} row count"] = {str(a.name): n_x, str(b.name): n_y}
            if only_x or only_y:
                differences[f"{schema}.{table}"] = {f"only in {a.name}": only_x, f"only in {b.name}": only_y}
        return [t for _, t in tables], differences
    finally:
        con.close()
