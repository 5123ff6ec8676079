"""The site's read-only view of a warehouse: an in-memory DuckDB with the warehouse attached read-only,
plus a few SQL macros the page queries share (HTML escaping, number formatting).

Pages are generated from DuckDB queries in bulk: one query per page kind returns every page's rows
(as Arrow batches), never one query per body or report.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

MEMORY_LIMIT = "8GB"

MACROS = (
    # HTML text/attribute escaping for strings built in SQL
    """create or replace temp macro h(s) as
       replace(replace(replace(replace(coalesce(cast(s as varchar), ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
               '"', '&quot;')""",
    # the same, keeping null (for concat_ws and coalesce)
    "create or replace temp macro hn(s) as case when s is null then null else h(s) end",
    # a number as the page shows it: thousands separators, no trailing zeros; — for unknown
    """create or replace temp macro fnum(x) as
       case when x is null then '—'
            when cast(x as decimal(38, 4)) = trunc(cast(x as decimal(38, 4))) then format('{:,}', cast(x as hugeint))
            else rtrim(rtrim(format('{:,.4f}', cast(x as double)), '0'), '.') end""",
    # a number as data (data-value attributes): no separators, no trailing zeros
    """create or replace temp macro fplain(x) as
       case when x is null then null
            when cast(x as decimal(38, 4)) = trunc(cast(x as decimal(38, 4))) then cast(cast(x as hugeint) as varchar)
            else rtrim(rtrim(cast(cast(x as decimal(38, 4)) as varchar), '0'), '.') end""",
    # an integer with thousands separators; format() costs ~1 us a value, so the common sizes are
    # done with arithmetic (integer division truncates, so -1500 gives -1 and 500)
    """create or replace temp macro fint(x) as
       case when x is null then '—'
            when x > -1000 and x < 1000 then cast(x as varchar)
            when x > -1000000 and x < 1000000
                 then cast(x // 1000 as varchar) || ',' || lpad(cast(abs(x) % 1000 as varchar), 3, '0')
            else format('{:,}', x) end""",
    # a share as a percentage with one decimal
    "create or replace temp macro fpct(x) as case when x is null then '—' else format('{:.1f}%', x * 100) end",
    # Chinese first, the English id beside it (labels.bi)
    """create or replace temp macro bi(zh, en) as
       case when zh is null or zh = '' then h(en) else h(zh) || ' <span class="en">' || h(en) || '</span>' end""",
    # a value or a muted dash
    "create or replace temp macro dash(x) as case when x is null then '<span class=\"muted\">—</span>' else h(x) end",
)


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the warehouse attached read-only as the default catalog (so BI
    readers and a running build are never disturbed, and temp macros have somewhere to live)."""
    # bounded like the run's own connections: DuckDB would otherwise keep much of a multi-GB
    # warehouse cached while the pages are built (2.5 GB peak at 100k reports)
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    path = str(Path(warehouse).resolve()).replace("'", "''")
    con.execute(f"attach '{path}' as wh (read_only)")
    con.execute("use wh")
    for sql in MACROS:
        con.execute(sql)
    return con


def has_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute(
        """select 1 from duckdb_tables() where database_name = 'wh' and schema_name = ? and table_name = ?
           union all
           select 1 from duckdb_views() where database_name = 'wh' and schema_name = ? and view_name = ?""",
        [schema, name, schema, name]).fetchall())


def has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    return bool(con.execute(
        """select 1 from duckdb_columns() where database_name = 'wh' and schema_name = ? and table_name = ?
           and column_name = ?""", [schema, table, column]).fetchall())
