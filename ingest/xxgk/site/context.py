"""What every page writer gets: the read-only connection, the labels, where to write, and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from xxgk.site.labels import Labels
from xxgk.site.layout import esc


@dataclass
class Ctx:
    con: duckdb.DuckDBPyConnection
    labels: Labels
    out: Path                      # the site folder being written
    warehouse: Path
    built_at: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    bytes_written: dict[str, int] = field(default_factory=dict)  # page kind -> bytes
    files_written: dict[str, int] = field(default_factory=dict)  # page kind -> files

    def write(self, rel: str, text: str, kind: str) -> None:
        data = text.encode("utf-8")
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.bytes_written[kind] = self.bytes_written.get(kind, 0) + len(data)
        self.files_written[kind] = self.files_written.get(kind, 0) + 1

    def footer(self, root: str) -> str:
        return (f"生成于 built {esc(self.built_at)} · 数据仓库 warehouse <code>{esc(self.warehouse)}</code> · "
                "每个数字都来自这个仓库 (every number on these pages is read from this warehouse; "
                f'<a href="{root}downloads.html">下载 Downloads</a> describes the tables and columns).')

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params: list | None = None):
        return self.con.execute(sql, params or []).fetchall()[0][0]  # fetchall: leaves no unfinished result

    def arrow(self, sql: str, params: dict | None = None) -> pa.Table:
        return self.con.sql(sql, params=params).to_arrow_table()

    def batches(self, sql: str, params: dict | None = None, rows: int = 1000) -> pa.RecordBatchReader:
        """The result as a stream of Arrow batches (memory stays at one batch)."""
        return self.con.sql(sql, params=params).to_arrow_reader(rows)


def report_href(report_id: str) -> str:
    """Path of a report's page, relative to the site root (two-character folders keep each folder small)."""
    return f"report/{report_id[:2]}/{report_id}.html"
