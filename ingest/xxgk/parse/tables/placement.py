"""Row segments -> facts: put each cell on its catalog key, and say how (label/position/split/rule).

Rules, in order, for a segment of N value cells in a row of width W:
- N == W: every cell under its column (where the text drops empty cells, a blank right after the
  label may be the label's filler: then the row is read as a short one, below).
- N > W: surplus blank cells are dropped; N == m*W with m rows free before the next labelled row
  -> m rows (the extra ones lost their labels: ``position``); all cells equal -> the first W (unless
  the text drops empty cells);
  one surplus cell equal to the next sub-row's number ("2" of "2.其他…") -> a truncated label;
  cut off by the end of the text -> the first W; otherwise nothing is placed (finding).
- N < W: a row with no cells that is followed by the next row label is blank (nulls). Any other
  short row is read by shortrows.py: every reading of it (cut by the end of the text, merged digits,
  empty cells dropped by the rendering) is listed, the table's short rows are solved together with
  the rows read whole under the template identities, and a cell is kept only where every surviving
  reading agrees (``rule`` when the identities decided, ``split`` for a piece of a merged run).
  The rest stays unknown, with a ``table_ambiguous`` finding that names the row as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from xxgk.parse.model import Fact, Finding, Placement, Span
from xxgk.parse.tables.assemble import Seg
from xxgk.parse.tables.cellsplit import Budget, Split
from xxgk.parse.tables.labels import MONEY_UNITS
from xxgk.parse.tables.identities import Identity, table_era, table_identities
from xxgk.parse.tables.rendering import Rendering, filler
from xxgk.parse.tables.shortrows import CUT, DROPPED, Readings, agreed, leading_blanks, readings
from xxgk.parse.tables.solver import RowSystem, solve
from xxgk.parse.tables.templates import Table
from xxgk.parse.tables.tokens import END, KIND, LINE, START, TEXT, Tok
from xxgk.parse.tables.values import parse_cell_number, to_key_value

MAX_DIGITS = 15
TABLE_BUDGET = 50_000    # solver work for a table's short rows (as for a fused table)
# cell text -> value, for keys that are counts (not money): the same for every such key, so
# computed once per process. Bounded: cleared when full. Only plausible numbers are kept.
_COUNTS: dict[str, Decimal | int] = {}
_MISS = object()
_new = tuple.__new__


def _drop_lost_label_blanks(cells: list[Tok], w: int) -> list[Tok]:
    """A row label that was lost leaves an empty line (or '|' '|') where it stood, which reads as an
    empty cell exactly where a full row ends. Drop such zero-width blanks at row boundaries; the
    caller uses the result only if it then splits into whole rows."""
    out: list[Tok] = []
    for i, c in enumerate(cells):
        if out and len(out) % w == 0 and c[KIND] == "null" and c[START] == c[END] and i + 1 < len(cells):
            continue
        out.append(c)
    return out if len(out) % w == 0 else cells


@lru_cache(maxsize=256)
def _across(table: Table, era: str, r: int) -> bool:
    """Whether row ``r`` is in an identity across rows (its readings go to the solver)."""
    keys = set(table.rows[r].keys)
    return any(ident.keys & keys and not ident.keys <= keys for ident in table_identities(table, era))


class _Short:
    """A short row waiting for the table's identities: its segment, shown cells and readings."""

    __slots__ = ("seg", "cells", "base", "cands", "complete")

    def __init__(self, seg: Seg, cells: list[Tok], base: str, found: Readings):
        self.seg, self.cells, self.base = seg, cells, base
        self.cands, self.complete = found


class Placer:
    def __init__(self, text: str, table: Table, shown: Rendering = Rendering()):
        self.text = text
        self.table = table
        self.era = table_era(table)
        self.shown = shown                # how the text's tables were rendered
        self.facts: dict[str, Fact] = {}
        self.findings: list[Finding] = []
        self.explained: set[str] = set()  # row prefixes whose missing cells already have a finding
        self.short: list[_Short] = []     # short rows, placed once every row is read (settle)

    # -- output -----------------------------------------------------------------------------
    def put(self, key: str, tok: Tok, placement: str, a: int = 0, b: int | None = None) -> None:
        facts = self.facts
        old = facts.get(key)
        if old is not None and (old.placement == "label" or placement != "label"):
            return                       # first reading wins, except a labelled one beats a guess
        kind, text, start, end, line = tok
        if b is None:
            raw, start = text, start + a
        else:
            raw, start, end = text[a:b], start + a, start + b
        # Span/Fact built with tuple.__new__ (all fields given): a NamedTuple's own __new__ is a
        # Python-level function, and this runs for every cell of every table (~200 per report)
        span = _new(Span, (start, end, line, line))     # a token lies within one line
        if kind == "null":
            facts[key] = _new(Fact, (key, None, raw, span, placement, False, None, None, None))
            return
        count = key not in MONEY_UNITS
        if count:
            value = _COUNTS.get(raw, _MISS)
            if value is _MISS and len(raw) < MAX_DIGITS and raw.isdigit() and raw.isascii():
                value = int(raw)         # what parse_cell_number + to_key_value make of "1234"
                if len(_COUNTS) >= 20_000:
                    _COUNTS.clear()
                _COUNTS[raw] = value
            if value is not _MISS:
                facts[key] = _new(Fact, (key, value, raw, span, placement, False, None, None, None))
                return
        parsed = parse_cell_number(raw)
        if parsed is None:
            facts[key] = _new(Fact, (key, None, raw, span, placement, False, None, None, None))
            return
        amount, unit = parsed
        if amount.adjusted() >= MAX_DIGITS:      # no real cell holds a 16-digit figure
            facts[key] = _new(Fact, (key, None, raw[:40], span, placement, False, None, None, None))
            self.find("implausible_magnitude", key, f"cell of {len(raw)} characters is not a plausible figure", tok)
            return
        value = to_key_value(key, amount, unit)
        written = unit if unit in ("万元", "元") and unit != MONEY_UNITS.get(key, unit) else None
        if count and len(raw) <= 32:     # a count key's value depends on the cell text alone
            if len(_COUNTS) >= 20_000:
                _COUNTS.clear()
            _COUNTS[raw] = value
        facts[key] = _new(Fact, (key, value, raw, span, placement, False, written, None, None))

    def put_row(self, keys: tuple[str, ...], cells: list[Tok], placement: str) -> None:
        """put() of each cell under its key, pairwise (surplus cells are left out). Most cells are new
        blanks or counts already read in some report: stored here directly, without a call per
        cell; the rest go through put()."""
        facts = self.facts
        put = self.put
        for key, tok in zip(keys, cells):
            kind, raw, start, end, line = tok
            if key in facts:
                value = _MISS            # put() decides which reading wins
            elif kind == "null":
                value = None
            elif key in MONEY_UNITS:
                value = _MISS
            else:
                value = _COUNTS.get(raw, _MISS)
            if value is _MISS:
                put(key, tok, placement)
            else:
                facts[key] = _new(Fact, (key, value, raw, _new(Span, (start, end, line, line)), placement,
                                         False, None, None, None))

    def find(self, rule: str, key: str | None, detail: str, tok: Tok | None = None,
             severity: str = "warn") -> None:
        span = Span(tok[START], tok[END], tok[LINE], tok[LINE]) if tok is not None else None
        self.findings.append(Finding(rule, key, severity, detail, span))  # type: ignore[arg-type]

    # -- segments ---------------------------------------------------------------------------
    def place_all(self, segs: list[Seg]) -> None:
        labelled_after: list[int] = [len(self.table.rows)] * len(segs)
        nxt = len(self.table.rows)
        for i in range(len(segs) - 1, -1, -1):
            labelled_after[i] = nxt
            if not segs[i].lost:
                nxt = segs[i].row
        aligned = True          # the segment before ended where its row did: a lost label's row is the next
        for i, seg in enumerate(segs):
            if seg.lost and (seg.row >= labelled_after[i] or not aligned):
                why = ("do not fit the template order" if aligned else
                       "follow a row with surplus cells: which row they belong to is unknown")
                self.find("table_ambiguous", self.table.rows[min(seg.row, len(self.table.rows) - 1)].prefix,
                          f"{len(seg.cells)} cells without a row label {why}", seg.cells[0] if seg.cells else None)
                aligned = False
                continue
            aligned = self.place(seg, labelled_after[i])
        self.settle()

    def place(self, seg: Seg, next_row: int) -> bool:
        """Place one segment; whether its cells ended where its row (or rows) did."""
        row = self.table.rows[seg.row]
        keys, w = row.keys, len(row.keys)
        base = "position" if (seg.lost or seg.group or seg.truncated) else "label"
        cells = list(seg.cells)
        if self.shown.drops:
            # where empty cells are dropped, an empty cell of no width (a lone "|" line, a blank line) may
            # be a separator: left out, its column is blank in the readings that need it
            cells = [c for c in cells if not (c[KIND] == "null" and c[START] == c[END] and not c[TEXT])]
        # blank filler of a label spanning several columns: where the text pads labels, and any
        # surplus blank after the label
        lead = filler(seg, row, cells) if self.shown.pads else 0
        while len(cells) - lead > w and cells[lead][KIND] == "null":
            lead += 1
        cells = cells[lead:]
        while len(cells) > w and cells[-1][KIND] == "null":
            cells.pop()
        n = len(cells)
        if n == w:
            # a blank after the label: a cell, or the label's filler and a cell dropped (unless the text
            # shows that it keeps empty cells, or pads its labels)
            may_drop = (self.shown.drops or not self.shown.keeps) and not self.shown.pads
            fillers = max(0, min(leading_blanks(cells), row.label_span - 1 - lead)) if may_drop and seg.label is not None else 0
            if fillers:
                self.defer(seg, cells, base, fillers)
            else:
                self.put_row(keys, cells, base)
            return True
        if n > w:
            return self._overfull(seg, cells, next_row, base)
        self._short(seg, cells, base)
        return True

    def _overfull(self, seg: Seg, cells: list[Tok], next_row: int, base: str) -> bool:
        """Whether the cells were whole rows (the segment ended where its last row did)."""
        row = self.table.rows[seg.row]
        w, n = len(row.keys), len(cells)
        if n % w:
            cells = _drop_lost_label_blanks(cells, w)
            n = len(cells)
        m = n // w
        if self.table.name != "t4" and n % w == 0 and seg.row + m <= next_row and all(
                len(self.table.rows[seg.row + j].keys) == w for j in range(m)):
            for j in range(m):
                keys = self.table.rows[seg.row + j].keys
                self.put_row(keys, cells[j * w:(j + 1) * w], base if j == 0 else "position")
            return True
        if len({c[TEXT] for c in cells}) == 1 and not self.shown.drops:
            # every cell alike: the row's are among them (where empty cells may have been dropped, one
            # of its cells may be a blank that is not there); less than a row more: the next row's
            # cells are not among them
            self.put_row(row.keys, cells, base)
            return n < 2 * w
        if n == w + 1 and seg.row + 1 < len(self.table.rows):
            ordinal = self.table.rows[seg.row + 1].ordinal
            if ordinal is not None and cells[-1][TEXT].rstrip(".") == str(ordinal):
                self.put_row(row.keys, cells, base)
                return True          # the surplus cell is the next row's label, cut to its number
        if seg.end == "eot":
            self.put_row(row.keys, cells, base)
            self.find("table_incomplete", row.prefix,
                      f"{n - w} trailing cells after {row.prefix} at the end of the text were not placed",
                      cells[w])
            return False
        self.find("table_ambiguous", row.prefix,
                  f"{n} cells for a row of {w}: cannot tell which cell is which", cells[0])
        return False

    def _short(self, seg: Seg, cells: list[Tok], base: str) -> None:
        row = self.table.rows[seg.row]
        if not cells:
            if seg.end == "label" and not seg.group and not seg.lost:
                lab = seg.label
                blank: Tok = ("null", "", lab[END], lab[END], lab[LINE]) if lab is not None else ("null", "", 0, 0, 1)
                for k in row.keys:
                    self.put(k, blank, base)
            return
        self.defer(seg, cells, base, 0 if self.shown.pads else filler(seg, row, cells))

    def defer(self, seg: Seg, cells: list[Tok], base: str, fillers: int) -> None:
        """List the readings of a row that may have lost cells; settle() places what they agree on."""
        keys = self.table.rows[seg.row].keys
        # the row a cut ends (or a full row read as filler and cells) may have dropped cells too,
        # unless the text shows that empty cells are kept
        cut = seg.end == "eot"
        dropped = self.shown.drops or ((cut or len(cells) >= len(keys)) and not self.shown.keeps)
        found = readings(cells, keys, self.era, cut=cut, dropped=dropped, fillers=fillers,
                         every=_across(self.table, self.era, seg.row))
        self.short.append(_Short(seg, cells, base, found))

    def settle(self) -> None:
        """Solve the short rows' readings with the rows read whole under the table's identities, and
        keep each cell every surviving reading puts under the same column."""
        if not self.short:
            return
        rows = self.table.rows
        waiting = {}
        for sh in self.short:
            waiting.setdefault(sh.seg.row, sh)            # a row written twice: the first one
        system: list[RowSystem] = []
        index: dict[int, int] = {}      # template row -> its place in the system
        for r, row in enumerate(rows):
            sh = waiting.get(r)
            if sh is not None:
                index[r] = len(system)
                system.append(RowSystem(row.keys, list(sh.cands) if sh.cands is not None else None))
                continue
            got = [self.facts.get(k) for k in row.keys]
            if any(f is not None for f in got):         # read whole: one reading, its values
                system.append(RowSystem(row.keys, [tuple((-3, 0, 0, f.value if f is not None else None)
                                                         for f in got)]))
        verdicts = None
        idents = table_identities(self.table, self.era)
        if any(sh.cands is not None and len(sh.cands) > 1 for sh in waiting.values()) and self._identities_hold(
                idents, {k for r in waiting for k in rows[r].keys}):
            verdicts = solve(system, idents, Budget(TABLE_BUDGET))
        for sh in self.short:
            cands = sh.cands or ()
            kept = cands
            if verdicts is not None and waiting[sh.seg.row] is sh:
                kept = tuple(cands[i] for i in verdicts[index[sh.seg.row]].alive)
            # placed by the template's rules (its cell domains, its identities), not left to right
            ruled = len(cands) > 1 or any(p[0] == DROPPED for c in kept for p in c)
            self._keep(sh, kept, ruled)

    def _identities_hold(self, idents: tuple[Identity, ...], open_keys: set[str]) -> bool:
        """Whether every identity the rows read whole can assess holds: one that fails shows an error
        in the table (or a misread), and then no identity may decide where a short row's cells go (the
        placement that hides the error would win)."""
        facts = self.facts
        for ident in idents:
            total = 0
            for key, coef in ident.terms:
                f = facts.get(key)
                if key in open_keys or f is None or f.value is None:
                    break
                total += coef * f.value
            else:
                if total != 0:
                    return False
        return True

    def _keep(self, sh: _Short, kept: Sequence[Split], ruled: bool) -> None:
        seg, cells = sh.seg, sh.cells
        row = self.table.rows[seg.row]
        keys, w = row.keys, len(row.keys)
        pieces = agreed(kept) if kept else [None] * w
        certain = 0
        for key, p in zip(keys, pieces):
            if p is None:
                continue
            certain += 1
            i, a, b, _ = p
            if i == CUT:
                continue                 # cut off by the end of the text: unknown (table_incomplete)
            how: Placement = "rule" if ruled else sh.base  # type: ignore[assignment]
            if i == DROPPED:             # an empty cell the rendering left out
                at = self._before(cells, keys.index(key), pieces, seg)
                self.put(key, ("null", "", at[END], at[END], at[LINE]), how)
                continue
            tok = cells[i]
            if a == 0 and b == len(tok[TEXT]):
                self.put(key, tok, how)
            else:
                self.put(key, tok, "split", a, b)
        if certain == w:
            return
        written = " | ".join(c[TEXT] for c in cells)
        label = seg.label[TEXT] if seg.label is not None else row.prefix
        if sh.cands is None:
            why = "too many ways to place them"
        elif not kept:
            why = "no placement fits the template and its identities"
        else:
            cause = ("the text ends in the row" if seg.end == "eot" else
                     "the rendering drops empty cells" if self.shown.drops else "merged digits")
            why = f"{len(kept) if sh.complete else 'several'} placements fit ({cause})"
        self.find("table_ambiguous", row.prefix,
                  f"{label} {written!r}: {len(cells)} cells for {w} columns, {why}; "
                  f"{w - certain} cell{'s' if w - certain > 1 else ''} left unknown", cells[0])

    @staticmethod
    def _before(cells: list[Tok], col: int, pieces: list, seg: Seg) -> Tok:
        """Where a dropped cell stood: after the last shown cell placed before its column."""
        for p in reversed(pieces[:col]):
            if p is not None and p[0] >= 0:
                return cells[p[0]]
        return seg.label if seg.label is not None else cells[0]

    # -- completeness -----------------------------------------------------------------------
    def completeness(self) -> None:
        expected = self.table.keys
        if len(self.facts) == len(expected):    # facts only ever hold this table's keys
            return
        missing = [(row.prefix, k) for row in self.table.rows for k in row.keys
                   if k not in self.facts and row.prefix not in self.explained]
        if missing:
            self.findings.append(Finding(
                "table_incomplete", missing[0][0], "warn",
                f"{len(expected) - len(missing)} of {len(expected)} cells"))
