"""Tables whose cell boundaries were lost: ``规章000规范性文件1077``, ``本年新收…数量0 0 0 0 0 00``.

Scraped pages often reach us with every cell of a table run together, sometimes the whole page on
one line. The template still fixes the order of the rows and how many cells each has, and the
identities (identities.csv) fix their sums, so such a table is read in three steps:

1. **Anchors.** The template's row labels, searched in template order from the table's header, each
   within a short window of the one before: the digits between a label and the next are that row's
   *run* (label words after the keyword are skipped; the next row's own number, "2." of
   "2.其他法律…", is taken off the end of the run). Whitespace inside a run is a certain cell boundary.
2. **Splits.** Every valid split of each run into the row's cells (cellsplit.row_splits), pruned by
   the identities inside the row (R1, R3).
3. **The system.** All rows together under the identities across rows (R0, R2; solver.solve). A row
   is kept only when exactly one split survives; its cells get placement ``split`` and, as
   provenance, the run and the identities that decided it. Other rows stay unknown, with a
   ``table_ambiguous`` finding that names the run as written.

A header found with no row readable after it is ``table_unreadable``. Pure functions of the text; the
work per table is bounded (a pathological run ends as "ambiguous", never as a long search).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.tables.cellsplit import Budget, Split, row_splits
from xxgk.parse.tables.identities import Domain, Identity, domain, table_identities
from xxgk.parse.tables.labels import MONEY_UNITS
from xxgk.parse.tables.labels import (
    T2_ANCHOR_PREFIX, T2_HEADER_WORDS, T2_ROW_LABELS, T3_ANCHOR_WORDS, T3_MISC_LABEL, T3_ROWS, T3_TOTAL_LABEL,
    T4_MARKERS,
)
from xxgk.parse.tables.placement import Placer
from xxgk.parse.tables.solver import RowSystem, Verdict, solve
from xxgk.parse.tables.templates import Table

WINDOW = 260             # most characters from one row's run to the next row's label
FIRST_WINDOW = 420       # from the table's header to its first row label (表三's header is long)
MAX_CONTINUATION = 48    # label words after the keyword, before the run
MAX_RUN = 200            # characters of one run; a longer one is not read
TABLE_BUDGET = 50_000    # pieces tried per table (splits and the table-wide search together): the
                         # synthetic fused corpus needs at most ~28,000; a hostile table stops at ~0.2 s
ALTERNATIVES = 9         # splits listed at most for a row outside every identity across rows

_RUN_START = frozenset("0123456789-/—－\\")
_RUN_CHARS = frozenset("0123456789-/—－\\ \t")     # a line break ends a run: cells one per line are
_SPACE = frozenset(" \t\r\n")                        # the cell reader's (blank lines mark empty cells)
# a number glued to one of these is prose ("2023年", "5条"), not a cell
_PROSE_AFTER = frozenset("年月日条件个项次人名篇份%余多")
_DIGIT = re.compile(r"\d")
_RUN_IN = re.compile(r"[0-9/—－\\-]")      # a character that opens a run (a figure, a blank sign)


@dataclass(slots=True)
class RowRun:
    row: int                            # index into the table's rows
    label: tuple[int, int]              # the keyword that named the row
    start: int                          # the run as written: [start, end)
    end: int
    chunks: list[tuple[str, int]]       # whitespace-separated pieces of the run, with their offsets
    fused: bool                         # the run touches its label (no space, pipe or line break)


@dataclass(slots=True)
class TableRuns:
    header: int | None                  # where the table's header starts (None: no such table)
    runs: list[RowRun] = field(default_factory=list)

    @property
    def region(self) -> tuple[int, int] | None:
        if self.header is None:
            return None
        end = max((r.end for r in self.runs), default=self.header)
        return self.header, max(end, self.header + 1)


@dataclass(slots=True)
class FusedTable:
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    region: tuple[int, int] | None = None
    read: int = 0                       # rows read with certainty


# ----------------------------------------------------------------------------------------------
# 1. anchors and runs

def _row_words(table: Table, era: str) -> list[tuple[str, ...]]:
    """The keywords that name each row of the table, in template order."""
    if table.name == "t2":
        return [T2_ROW_LABELS[r.prefix.split(".", 1)[1]] for r in table.rows]
    by_key = {f"t3.{r.key}": r.keywords for r in T3_ROWS}
    out = []
    for r in table.rows:
        words = by_key.get(r.prefix, ())
        if r.prefix == "t3.total":
            words = (T3_TOTAL_LABEL,)
        elif r.prefix == "t3.other_handling.misc":
            words = (T3_MISC_LABEL,)
        out.append(words)
    return out


def _header(text: str, table: Table) -> int | None:
    """Where the table's header starts: 表二 at a "第二十条" block header, 表三 at its first anchor
    word, 表四 at a "结果维持" that "尚未审结" follows."""
    if table.name == "t2":
        pos = text.find(T2_ANCHOR_PREFIX)
        while pos >= 0:
            near = text[pos:pos + 40]
            if any(w in near for w in T2_HEADER_WORDS):
                return pos
            pos = text.find(T2_ANCHOR_PREFIX, pos + 1)
        return None
    if table.name == "t3":
        # the header's own words first: a row's keyword ("本年新收") may stand in a sentence before it
        rows = {w for r in T3_ROWS for w in r.keywords}
        header = tuple(w for w in T3_ANCHOR_WORDS if w not in rows)
        for words in (header, tuple(w for w in T3_ANCHOR_WORDS if w in rows)):
            found = [p for p in (text.find(w) for w in words) if p >= 0]
            if found:
                return min(found)
        return None
    pos = text.find(T4_MARKERS[2])                       # 结果维持
    while pos >= 0:
        if T4_MARKERS[3] in text[pos:pos + 60]:          # 尚未审结
            return pos
        pos = text.find(T4_MARKERS[2], pos + 1)
    return None


def _earliest(text: str, words: tuple[str, ...], lo: int, hi: int) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for w in words:
        p = text.find(w, lo, hi + len(w))
        if p >= 0 and (best is None or p < best[0]):
            best = (p, p + len(w))
    return best


def _scan(text: str, p: int, limit: int) -> int:
    """End of the run of cell characters from ``p`` (digits, signs, blanks, decimals, units, spaces)."""
    i = p
    n = min(limit, len(text))
    while i < n:
        ch = text[i]
        if ch in _RUN_CHARS:
            i += 1
        elif ch == "." and i > p and text[i - 1].isdigit() and i + 1 < n and text[i + 1].isdigit():
            i += 1
        elif ch == "," and i > p and text[i - 1].isdigit() and text[i + 1:i + 4].isdigit() and i + 4 <= n:
            i += 1                   # a thousands separator ("1,234"): the number goes on
        elif ch == "元":
            i += 1
        elif ch == "万" and text.startswith("万元", i):
            i += 2
        else:
            break
    while i > p and text[i - 1] in _SPACE:
        i -= 1
    return i


_YEAR_TAIL = re.compile(r"(?:19|20)\d\d$")


def prose_tail(text: str, s: int, e: int) -> int:
    """End of the run [s, e) without the prose figure glued to its end: a run followed by 年 ends in a
    year ("…0 02019年3月"), one followed by another unit of prose ("5条") in its last piece."""
    if e >= len(text) or text[e] not in _PROSE_AFTER:
        return e
    if text[e] == "年" and _YEAR_TAIL.search(text, s, e):
        e -= 4
    else:
        while e > s and text[e - 1] not in _SPACE:
            e -= 1
    while e > s and text[e - 1] in _SPACE:
        e -= 1
    return e


def _chunks(text: str, s: int, e: int) -> list[tuple[str, int]]:
    out = []
    for m in re.finditer(r"\S+", text[s:e]):
        out.append((m.group(0), s + m.start()))
    return out


def _run_after(text: str, label_end: int, limit: int, next_ordinal: int | None,
               same_line: bool = True) -> tuple[int, int] | None:
    """The run after a row label: skip the label's remaining words, read the cell characters, drop
    the next row's number and a trailing prose figure. None when the row shows no run. ``same_line``:
    the run starts on its label's line (a label alone on its line heads cells one per line)."""
    limit = min(limit, len(text))
    p = label_end
    stop = min(limit, label_end + MAX_CONTINUATION)
    while p < stop and text[p] not in _RUN_START:
        if text[p] == "|" or (same_line and text[p] == "\n"):
            return None                                  # a delimited table: not this reader's
        p += 1
    if p >= stop or p >= limit:
        return None
    e = _scan(text, p, min(limit, p + MAX_RUN))
    if e <= p:
        return None
    after = text[e:e + 12]
    if next_ordinal is not None and after[:1] in (".", "、"):
        num = str(next_ordinal)
        if text.endswith(num, p, e):
            e -= len(num)
            while e > p and text[e - 1] in _SPACE:
                e -= 1
    else:
        e = prose_tail(text, p, e)
    if e <= p or not any(ch.isdigit() or ch in "/—－\\-" for ch in text[p:e]):
        return None
    return p, e


def find_runs(text: str, table: Table, era: str) -> TableRuns:
    """The table's header and the run of every row found after it, in template order."""
    head = _header(text, table)
    out = TableRuns(head)
    if head is None:
        return out
    if table.name == "t4":
        p = head
        stop = min(len(text), head + 200)
        while p < stop and text[p] not in _RUN_START:
            p += 1
        if p < stop and not _DIGIT.search(text, head, p):
            span = _run_after(text, p, stop + MAX_RUN, None, same_line=False)   # the header has lines of its own
            if span:
                s, e = span
                out.runs.append(RowRun(0, (head, p), s, e, _chunks(text, s, e), text[s - 1] not in _SPACE))
        return out
    words = _row_words(table, era)
    ordinals = [r.ordinal for r in table.rows]
    found: list[tuple[int, tuple[int, int]]] = []
    pos, window = head, FIRST_WINDOW
    for i, ws in enumerate(words):
        hit = _earliest(text, ws, pos, pos + window) if ws else None
        # a keyword among the words of the row before, ahead of its run ("其他" in "(二)部分公开(…不计其他情形)"),
        # does not name the next row: look further
        while hit is not None and found and hit[0] - pos <= MAX_CONTINUATION and not _RUN_IN.search(text, pos, hit[0]):
            hit = _earliest(text, ws, hit[1], pos + window)
        if hit is None:
            continue
        found.append((i, hit))
        pos, window = hit[1], WINDOW
    for j, (i, (ks, ke)) in enumerate(found):
        nxt = found[j + 1] if j + 1 < len(found) else None
        limit = nxt[1][0] if nxt else ke + MAX_CONTINUATION + MAX_RUN
        next_ordinal = ordinals[nxt[0]] if nxt and nxt[0] == i + 1 else None
        span = _run_after(text, ke, limit, next_ordinal)
        if span is None:
            continue
        s, e = span
        fused = text[s - 1] not in _SPACE and text[s - 1] != "|"
        out.runs.append(RowRun(i, (ks, ke), s, e, _chunks(text, s, e), fused))
    return out


# What no single cell can be: a number with a leading zero ("001"), more digits than any figure has,
# a digit touching a blank sign ("0-", "3/").
_NOT_ONE_CELL = re.compile(r"^0\d|\d{16}|\d[/—－\\]|[/—－\\]\d|\d-(?!\d)")


def looks_fused(runs: TableRuns, table: Table) -> bool:
    """Whether the runs may be read as the table's rows where the cell reader fell short: every run
    has exactly its row's cells (nothing to split: a table on one line with spaces between cells), or
    the cells ran together (rather than empty cells being dropped from a delimited row): most runs
    touch their label, some piece of a run cannot be one cell, or a run has fewer pieces than its row
    has cells but at least a digit for each."""
    if not runs.runs:
        return False
    if all(len(r.chunks) == len(table.rows[r.row].keys) for r in runs.runs):
        return True
    if 2 * sum(r.fused for r in runs.runs) >= len(runs.runs):
        return True
    for r in runs.runs:
        width = len(table.rows[r.row].keys)
        if any(_NOT_ONE_CELL.search(c) for c, _ in r.chunks):
            return True
        if len(r.chunks) < width <= sum(ch.isdigit() for c, _ in r.chunks for ch in c):
            return True
    return False


# ----------------------------------------------------------------------------------------------
# 2-3. splits and the system

@dataclass(frozen=True, slots=True)
class _Plan:
    """What the solver needs of a table's template in an era, made once per process."""

    identities: tuple[Identity, ...]                                  # the table's identities
    domains: tuple[tuple[Domain, ...], ...]                           # per row: its cells' domains
    local: tuple[tuple[tuple[str, tuple[tuple[int, int], ...]], ...], ...]   # per row: (label, terms) inside it
    across: tuple[bool, ...]                                          # per row: in an identity across rows


@lru_cache(maxsize=16)
def _table_identities(table: Table, era: str) -> _Plan:
    mine = table_identities(table, era)
    local = []
    for row in table.rows:
        where = {k: c for c, k in enumerate(row.keys)}
        local.append(tuple((i.label, tuple((where[k], c) for k, c in i.terms)) for i in mine
                           if all(k in where for k, _ in i.terms)))
    crossing = {k for i in mine if not any(i.keys <= set(r.keys) for r in table.rows) for k in i.keys}
    return _Plan(mine, tuple(tuple(domain(k, era) for k in r.keys) for r in table.rows), tuple(local),
                 tuple(any(k in crossing for k in r.keys) for r in table.rows))


def _alts(run: RowRun, splits: list[Split]) -> str:
    def one(split: Split) -> str:
        return "|".join(run.chunks[c][0][a:b] or "/" for c, a, b, _ in split)
    shown = [one(s) for s in splits[:3]]
    return " or ".join(shown) + (" …" if len(splits) > 3 else "")


class _Lines:
    """1-based line of an offset, by bisection over the newlines (built once per text)."""

    def __init__(self, text: str):
        self.nl = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect_right(self.nl, pos - 1) + 1


def read_fused(text: str, table: Table, era: str, runs: TableRuns | None = None) -> FusedTable:
    """Facts and findings of one table read as merged runs (``runs``: find_runs, when already made)."""
    runs = runs if runs is not None else find_runs(text, table, era)
    out = FusedTable(region=runs.region)
    if runs.header is None:
        return out
    if not runs.runs:
        span = Span.of(text, runs.header, runs.header + 1)
        if _DIGIT.search(text, runs.header) is None:        # the text ends inside the header
            out.findings.append(Finding("table_incomplete", table.name, "warn",
                                        f"table {table.name}: the text ends in its header", span))
        else:
            out.findings.append(Finding("table_unreadable", table.name, "warn",
                                        f"table {table.name} has its header here but no row could be read", span))
        return out
    plan = _table_identities(table, era)
    budget = Budget(TABLE_BUDGET)
    rows: list[RowSystem] = []
    for run in runs.runs:
        keys = table.rows[run.row].keys
        domains, local, across = plan.domains[run.row], plan.local[run.row], plan.across[run.row]
        chunks = [c for c, _ in run.chunks]
        cands = row_splits(chunks, domains, [loc for _, loc in local], budget, None if across else ALTERNATIVES)
        decided: set[str] = set()
        if cands and local and sum(map(len, chunks)) > len(keys):
            # the row's own identity decided only if the run alone has several splits (no split that
            # satisfies it leaves the row unknown: a misread run as likely as an error in the text)
            plain = row_splits(chunks, domains, (), budget, 2)
            if plain is not None and len(plain) > 1:
                decided = {label for label, _ in local}
        rows.append(RowSystem(keys, cands, decided))
    if any(r.cands is not None and len(r.cands) > 1 for r in rows):
        verdicts = solve(rows, plan.identities, budget)
    else:     # every row read has one split or none: the identities across rows have nothing to decide
        verdicts = [Verdict(r.cands[0] if r.cands else None, len(r.cands or ()), tuple(sorted(r.decided_by)))
                    for r in rows]
    placer = Placer(text, table)
    line = _Lines(text)
    for run, row, verdict in zip(runs.runs, rows, verdicts):
        prefix = table.rows[run.row].prefix
        label = text[run.label[0]:run.label[1]]
        as_written = text[run.start:run.end]
        width = len(row.keys)
        if verdict.split is None:
            placer.explained.add(prefix)
            if row.cands is None:
                why = "too long to split within the work bound"
            elif verdict.candidates == 0:
                why = f"no split into {width} cell{'s' if width > 1 else ''} fits the template" + (
                    "" if verdict.trusted else " and its identities")
            else:
                alts = row.cands if row.cands is not None else []
                why = (f"{verdict.candidates} splits into {width} cells fit"
                       + (" the template and its identities" if verdict.trusted else " (the table's identities "
                          "do not hold, so they cannot decide)") + f": {_alts(run, alts)}")
            placer.find("table_ambiguous", prefix, f"{label} {as_written!r}: {why}; cells left unknown",
                        ("num", as_written, run.start, run.end, line(run.start)))
            continue
        out.read += 1
        whole = len(run.chunks) == width
        how = "label" if whole else "split"
        note = None
        if not whole:
            by = ", ".join(verdict.decided_by) if verdict.decided_by else "the only valid split"
            note = f"split of {as_written!r} into {width} cells: {by}"
        ln = line(run.start)            # a run lies within one line
        facts = placer.facts
        for key, (c, a, b, value) in zip(row.keys, verdict.split):
            chunk, off = run.chunks[c]
            if key in MONEY_UNITS:      # the unit written in the cell, converted to the key's
                placer.put(key, ("num" if value is not None else "null", chunk, off, off + len(chunk), ln), how, a, b)
                if note is not None and key in facts:
                    facts[key] = facts[key]._replace(sentence=note)
            else:                       # a count or a blank: the split's own value
                facts[key] = _new(Fact, (key, value, chunk[a:b] if b > a else chunk, _new(Span, (off + a, off + b, ln, ln)),
                                         how, False, None, note, None))
    placer.completeness()
    out.facts = list(placer.facts.values())
    out.findings.extend(placer.findings)
    return out


_new = tuple.__new__     # Fact/Span built without their Python-level __new__ (see placement.put)
