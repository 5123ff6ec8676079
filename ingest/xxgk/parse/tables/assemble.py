"""Token stream -> row segments: which row label each run of value cells follows.

One left-to-right pass with a small state (current table context and current row). A *segment* is
a labelled row with the value cells after it; values that follow a row already full and closed
(by a pipe run, a row break, or a lone '|') open a *lost-label* segment, placed later by the
template order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.parse.tables.labels import (
    LEGACY_HEADER_WORDS, T2_ANCHOR_PREFIX, T2_HEADER_WORDS, T3_ANCHOR_WORDS, T3_HEADER_WORDS,
    T4_MARKERS,
)
from xxgk.parse.tables.templates import Table, match_t2, match_t3, squash
from xxgk.parse.tables.tokens import KIND, Line, Tok, absolute

MAX_LABEL = 200     # longer text is prose, never a row label


@dataclass(slots=True)
class Seg:
    table: str                       # "t2" | "t3" | "t4"
    row: int                         # index into the table's rows
    width: int
    label: Tok | None
    lost: bool = False               # label missing: placed by position
    group: bool = False              # only a group label named it (first sub-row)
    truncated: bool = False          # label cut short; row known from its number and the order
    cells: list[Tok] = field(default_factory=list)
    closed: bool = False             # a row break was seen after it was full
    end: str = "eot"                 # what ended it: "label" | "text" | "eot"


@dataclass
class Assembly:
    segs: list[Seg] = field(default_factory=list)


def assemble(lines: list[Line], tables: dict[str, Table], era3: str) -> Assembly:
    res = Assembly()
    cur: Seg | None = None
    last: Seg | None = None          # last labelled-or-lost segment (for lost-label rows)
    ctx: str | None = None
    last_t3: str | None = None
    prev_text: str = ""

    def end(how: str) -> None:
        nonlocal cur
        if cur is not None:
            cur.end = how
            cur = None

    def start(table: str, row: int, label: Tok | None, group: bool = False) -> None:
        nonlocal cur, last
        if cur is not None and not cur.cells and cur.group:
            if res.segs and res.segs[-1] is cur:   # "(三)不予公开" directly followed by "1.属于国家秘密"
                res.segs.pop()
            cur = None
        end("label")
        t = tables.get(table)
        width = len(t.rows[row].keys) if t else 0
        cur = Seg(table, row, width, label, group=group)
        res.segs.append(cur)
        last = cur

    has_t2 = "t2" in tables
    t2_era = _t2_era(tables["t2"]) if has_t2 else ""
    for ls, ln, toks in lines:
        for tok in toks:
            kind = tok[0]        # (kind, text, start, end, 0) with offsets from ls: see tokens.Line
            if kind == "num" or kind == "null":       # the most common tokens first
                prev_text = ""
                if cur is None or cur.closed:
                    base = cur if cur is not None else last
                    if base is None or base.table == "t4" or not base.closed:
                        continue
                    t = tables[base.table]
                    nxt = base.row + 1
                    if nxt >= len(t.rows):
                        continue
                    end("label")
                    cur = Seg(base.table, nxt, len(t.rows[nxt].keys), None, lost=True)
                    res.segs.append(cur)
                    last = cur
                cur.cells.append((kind, tok[1], ls + tok[2], ls + tok[3], ln))   # absolute()
                continue
            if kind == "text":
                txt = tok[1]
                s, f = _TEXTS.get(txt) or _text_info(txt)
                if f & _PROSE:
                    end("text")
                    prev_text = ""
                    continue
                if f & _LEGACY:
                    end("text")
                    ctx, last = None, None
                    continue
                if f & _T4:
                    ctx = "t4"
                    if cur is not None and cur.table == "t4" and all(c[KIND] == "null" for c in cur.cells):
                        cur.cells.clear()          # blanks inside the two-level header, not data
                        cur.closed = False
                    elif cur is None or cur.table != "t4" or cur.cells:
                        start("t4", 0, absolute(tok, ls, ln))
                    continue
                if f & _T2_ANCHOR:
                    end("label")
                    ctx, last = "t2", None
                    continue
                if ctx in (None, "t2") and has_t2 and f & _T2_HEADER:
                    if cur is not None and cur.cells:
                        end("label")
                    ctx = "t2"
                    continue
                if ctx == "t2" and has_t2:
                    p = match_t2(txt, t2_era)
                    if p is not None:
                        start("t2", tables["t2"].index(p), absolute(tok, ls, ln))
                        prev_text = ""
                        continue
                if f & _T3_ANCHOR or ctx == "t3":
                    m = match_t3(txt, era3, last_t3) if len(s) <= 80 else None
                    if m is None and prev_text and len(prev_text) + len(s) <= 80:
                        m = match_t3(prev_text + s, era3, last_t3)
                    truncated = False
                    if m is None and ctx == "t3" and last_t3 is not None:
                        # "4.保护第" (label cut short): the next row with that number; right after a
                        # group label ("(三)不予公开 | 1.属于") the group's own sub-rows count too
                        inclusive = cur is not None and cur.group and not cur.cells
                        p = _by_ordinal(s, tables["t3"], last_t3, inclusive)
                        if p is not None:
                            m, truncated = (p, False), True
                    if m is not None:
                        prefix, group = m
                        ctx = "t3"
                        last_t3 = prefix
                        start("t3", tables["t3"].index(prefix), absolute(tok, ls, ln), group)
                        if truncated and cur is not None:
                            cur.truncated = True
                        prev_text = ""
                        continue
                    if f & _T3_ANCHOR:
                        end("label")
                        ctx, last = "t3", None
                        prev_text = s
                        continue
                    if ctx == "t3" and f & _T3_HEADER:
                        if cur is not None and cur.cells:
                            end("label")
                        prev_text = s
                        continue
                # unknown text: continuation of a label that has no values yet, or a row we don't know
                if cur is not None and cur.cells:
                    end("text")
                    last = None
                prev_text = s
                continue

            prev_text = ""
            if kind == "lone":
                if cur is not None and not cur.closed:
                    if len(cur.cells) < cur.width:
                        cur.cells.append(("null", "", ls + tok[2], ls + tok[2], ln))
                    else:
                        cur.closed = True
            else:  # pad / brk
                if cur is not None and not cur.closed and len(cur.cells) >= cur.width and cur.cells:
                    cur.closed = True
    return res


_ORDINAL = re.compile(r"(\d{1,2})[.、]")


def _by_ordinal(label: str, table: Table, last_prefix: str, inclusive: bool = False) -> str | None:
    """A sub-row label cut short ("4.保护第"): the next row after the last one with that number."""
    m = _ORDINAL.match(label)
    if m is None:
        return None
    n = int(m.group(1))
    i = table.index(last_prefix) + (0 if inclusive else 1)
    for row in table.rows[i:i + 8]:
        if row.ordinal == n:
            return row.prefix
    return None


def _t2_era(table: Table) -> str:
    return "v2019" if any(r.prefix == "t2.procurement" for r in table.rows) else "v2021"


_LEGACY, _T4, _T2_ANCHOR, _T2_HEADER, _T3_ANCHOR, _T3_HEADER, _PROSE = 1, 2, 4, 8, 16, 32, 64

# text cell -> (its squashed form, _flags of it): row labels and header cells repeat across reports,
# so each is read once per process. Bounded: cleared when full; prose is never kept.
_TEXTS: dict[str, tuple[str, int]] = {}
_TEXTS_MAX = 20_000


def _text_info(txt: str) -> tuple[str, int]:
    if len(txt) > MAX_LABEL:
        return "", _PROSE
    if "。" in txt:                # a sentence, not a label
        info = "", _PROSE
    else:
        s = squash(txt)
        info = s, _flags(s)
    if len(_TEXTS) >= _TEXTS_MAX:
        _TEXTS.clear()
    _TEXTS[txt] = info
    return info


def _flags(s: str) -> int:
    """Which marker groups the squashed text ``s`` holds (bit set of the constants above; never _PROSE)."""
    f = 0
    if s in LEGACY_HEADER_WORDS:
        f |= _LEGACY
    if any(m in s for m in T4_MARKERS):
        f |= _T4
    if s.startswith(T2_ANCHOR_PREFIX) and len(s) <= 20:
        f |= _T2_ANCHOR
    if any(w in s for w in T2_HEADER_WORDS):
        f |= _T2_HEADER
    if any(w in s for w in T3_ANCHOR_WORDS):
        f |= _T3_ANCHOR
    if any(w in s for w in T3_HEADER_WORDS):
        f |= _T3_HEADER
    return f
