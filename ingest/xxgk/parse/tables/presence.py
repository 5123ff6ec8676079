"""Is a table there at all? The section headings that introduce 表二/表三/表四.

A v2019/v2021 report puts each table under a numbered section heading ("三、收到和处理政府信息公开申请
情况"). When those headings are present but no table is (a page whose tables were images, or were
dropped by the tool that saved it), the report gets a ``table_missing`` finding instead of silence.
The headings are data: ``data/templates/table_sections.csv`` (table, heading number, words the
heading holds within a few characters of its number).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from xxgk.parse.model import Finding, Span

SECTIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "templates" / "table_sections.csv"


@cache
def _headings() -> tuple[tuple[str, str, str], ...]:
    """(table, heading number, words) of every row of the data file."""
    with SECTIONS_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple((r["table"], r["number"], r["words"]) for r in csv.DictReader(fh))


def _heading(text: str, number: str, words: str) -> tuple[int, int] | None:
    """[start, end) of a heading "<number>、…<words>": the words found by a literal scan, the number
    within 16 characters before them, opening a line or a sentence."""
    mark = number + "、"
    pos = text.find(words)
    while pos >= 0:
        head = text.rfind(mark, max(0, pos - 16 - len(mark)), pos)
        if head >= 0 and (head == 0 or text[head - 1] in OPENERS) and not any(
                ch in text[head:pos] for ch in "\n。"):
            return head, pos + len(words)
        pos = text.find(words, pos + 1)
    return None


OPENERS = "\n。 \t>"    # what stands before a heading's number: a line or sentence start


def missing_tables(text: str) -> Finding | None:
    """``table_missing`` when the 表三 heading of the 2019 template and another table's heading are
    present, and the caller found no table at all."""
    found = {t: _heading(text, number, words) for t, number, words in _headings()}
    if not found.get("t3") or not (found.get("t2") or found.get("t4")):
        return None
    s, e = found["t3"]  # type: ignore[misc]
    names = "/".join(t for t, x in found.items() if x)
    return Finding("table_missing", None, "warn",
                   f"the section headings of {names} are present but no table was found under them",
                   Span.of(text, s, e))
