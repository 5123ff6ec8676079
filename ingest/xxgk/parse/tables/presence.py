"""Is a table there at all? The section headings that introduce 表二/表三/表四.

A v2019/v2021 report puts each table under a numbered section heading ("三、收到和处理政府信息公开申请
情况"). When those headings are present but no table is (a page whose tables were images, or were
dropped by the tool that saved it), the report gets a ``table_missing`` finding instead of silence.
The headings are data: ``data/templates/table_sections.csv`` (table, heading number, words the
heading holds within a few characters of its number).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from xxgk.parse.model import Finding, Span

SECTIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "templates" / "table_sections.csv"


@cache
def _headings() -> dict[str, re.Pattern[str]]:
    with SECTIONS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # a heading: its number and 、 at a line or sentence start, the words within 16 characters
    return {r["table"]: re.compile(rf"(?:^|[\n。\s>]){re.escape(r['number'])}、[^\n。]{{0,16}}?{re.escape(r['words'])}")
            for r in rows}


def missing_tables(text: str) -> Finding | None:
    """``table_missing`` when the 表三 heading of the 2019 template and another table's heading are
    present, and the caller found no table at all."""
    found = {t: rx.search(text) for t, rx in _headings().items()}
    if not found.get("t3") or not (found.get("t2") or found.get("t4")):
        return None
    m = found["t3"]
    names = "/".join(t for t, x in found.items() if x)
    return Finding("table_missing", None, "warn",
                   f"the section headings of {names} are present but no table was found under them",
                   Span.of(text, m.start(), m.end()))
