"""Row segments -> facts: put each cell on its catalog key, and say how (label/position/split/rule).

Rules, in order, for a segment of N value cells in a row of width W:
- N == W: every cell under its column.
- N > W: surplus blank cells are dropped; N == m*W with m rows free before the next labelled row
  -> m rows (the extra ones lost their labels: ``position``); all cells equal -> the first W;
  one surplus cell equal to the next sub-row's number ("2" of "2.其他…") -> a truncated label;
  cut off by the end of the text -> the first W; otherwise nothing is placed (finding).
- N < W: merged digit runs are split where certain (``split``); a row with no cells that is followed
  by the next row label is blank (nulls); a row cut off by the end of the text keeps its first cells;
  otherwise cells were dropped by the rendering: 表二 keeps them left to right (its rows have no
  rule to check, finding), 表三 places nothing (finding), 表四 keeps whole leading 5-cell blocks
  that satisfy R3.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.tables.assemble import Seg
from xxgk.parse.tables.labels import MONEY_UNITS
from xxgk.parse.tables.splitting import split_runs
from xxgk.parse.tables.templates import Table
from xxgk.parse.tables.tokens import END, KIND, LINE, START, TEXT, Tok
from xxgk.parse.tables.values import parse_cell_number, to_key_value

Rule = Callable[[list[Decimal | None]], bool | None]
MAX_DIGITS = 15
# cell text -> value, for keys that are counts (not money): the same for every such key, so
# computed once per process. Bounded: cleared when full. Only plausible numbers are kept.
_COUNTS: dict[str, Decimal | int] = {}
_MISS = object()
_new = tuple.__new__


def r1(vals: list[Decimal | None]) -> bool | None:
    """表三: 总计 = the six applicant columns."""
    if len(vals) != 7 or any(v is None for v in vals):
        return None
    return sum(vals[:6]) == vals[6]  # type: ignore[arg-type]


def r3(vals: list[Decimal | None]) -> bool | None:
    """表四: in each block 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    verdict: bool | None = None
    for b in range(0, len(vals) - len(vals) % 5, 5):
        block = vals[b:b + 5]
        if any(v is None for v in block):
            continue
        if sum(block[:4]) != block[4]:  # type: ignore[arg-type]
            return False
        verdict = True
    return verdict


RULES: dict[str, Rule | None] = {"t2": None, "t3": r1, "t4": r3}


def _num(tok: Tok) -> Decimal | None:
    p = parse_cell_number(tok[TEXT]) if tok[KIND] == "num" else None
    return p[0] if p else None


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


class Placer:
    def __init__(self, text: str, table: Table):
        self.text = text
        self.table = table
        self.facts: dict[str, Fact] = {}
        self.findings: list[Finding] = []
        self.explained: set[str] = set()  # row prefixes whose missing cells already have a finding

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
        for i, seg in enumerate(segs):
            if seg.lost and seg.row >= labelled_after[i]:
                self.find("table_ambiguous", self.table.rows[min(seg.row, len(self.table.rows) - 1)].prefix,
                          f"{len(seg.cells)} cells without a row label do not fit the template order",
                          seg.cells[0] if seg.cells else None)
                continue
            self.place(seg, labelled_after[i])

    def place(self, seg: Seg, next_row: int) -> None:
        row = self.table.rows[seg.row]
        keys, w = row.keys, len(row.keys)
        base = "position" if (seg.lost or seg.group or seg.truncated) else "label"
        cells = list(seg.cells)
        lead = 0                        # blank filler of a label spanning several columns
        while len(cells) - lead > w and cells[lead][KIND] == "null":
            lead += 1
        cells = cells[lead:]
        while len(cells) > w and cells[-1][KIND] == "null":
            cells.pop()
        n = len(cells)
        if n == w:
            self.put_row(keys, cells, base)
            return
        if n > w:
            self._overfull(seg, cells, next_row, base)
            return
        self._short(seg, cells, base)

    def _overfull(self, seg: Seg, cells: list[Tok], next_row: int, base: str) -> None:
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
            return
        if len({c[TEXT] for c in cells}) == 1:
            self.put_row(row.keys, cells, base)
            return
        if n == w + 1 and seg.row + 1 < len(self.table.rows):
            ordinal = self.table.rows[seg.row + 1].ordinal
            if ordinal is not None and cells[-1][TEXT].rstrip(".") == str(ordinal):
                self.put_row(row.keys, cells, base)
                return
        if seg.end == "eot":
            self.put_row(row.keys, cells, base)
            self.find("table_incomplete", row.prefix,
                      f"{n - w} trailing cells after {row.prefix} at the end of the text were not placed",
                      cells[w])
            return
        self.find("table_ambiguous", row.prefix,
                  f"{n} cells for a row of {w}: cannot tell which cell is which", cells[0])

    def _short(self, seg: Seg, cells: list[Tok], base: str) -> None:
        row = self.table.rows[seg.row]
        keys, w, n = row.keys, len(row.keys), len(cells)
        rule = RULES[self.table.name]
        texts = [c[TEXT] if c[KIND] == "num" else None for c in cells]
        # a split the row's rule proves is taken anywhere; at the end of a cut-off text a short row is
        # otherwise explained by the cut, so only runs of zeros (which cannot be one number) are split
        candidates = split_runs(texts, w, rule) if n else []
        if not candidates and n and seg.end == "eot":
            candidates = split_runs(texts, w, None)
        pad = 0
        while pad < n and texts[pad] is None and cells[pad][KIND] == "null":
            pad += 1
        if not candidates and pad and rule is not None and seg.end != "eot":
            # blanks right after the label can be the filler of a label spanning several columns
            # ("一、本年新收… |  |  | 820000 | 10"): without them, is there a split the rule proves?
            candidates = split_runs(texts[pad:], w, rule)
            if candidates:
                candidates = [[(i + pad, a, b) for i, a, b in c] for c in candidates]
        runs = [i for i, t in enumerate(texts) if t is not None and len(t) >= 2 and t.isdigit() and t.isascii()]
        if candidates:
            first = candidates[0]
            certain = 0
            for j, k in enumerate(keys):
                i, a, b = first[j]
                value = cells[i][TEXT][a:b]
                if all(cells[c[j][0]][TEXT][c[j][1]:c[j][2]] == value for c in candidates[1:]):
                    whole = a == 0 and b == len(cells[i][TEXT])
                    self.put(k, cells[i], base if whole else "split", a, b)
                    certain += 1
            if certain < w:
                self.find("table_ambiguous", row.prefix,
                          f"merged digits in {row.prefix}: {w - certain} cells cannot be split with certainty",
                          cells[runs[0]] if runs else cells[0])
            return
        if n == 0:
            if seg.end == "label" and not seg.group and not seg.lost:
                for k in keys:
                    lab = seg.label
                    if lab is not None:
                        self.put(k, ("null", "", lab[END], lab[END], lab[LINE]), base)
                    else:
                        self.put(k, ("null", "", 0, 0, 1), base)
            return
        if seg.end == "eot":
            self.put_row(keys, cells, base)
            return
        # cells were dropped by the rendering
        if self.table.name == "t2":
            # 表二 rows are short and read left to right; a lone value goes under the first
            # column (as a careful reader would). Recorded as placement "position" and an info
            # note, not as a missing table: the row is there, one column was left empty.
            self.put_row(keys, cells, "position")
            self.explained.add(row.prefix)
            self.find("table_ambiguous", row.prefix,
                      f"{n} of {w} cells in {row.prefix}; placed left to right", cells[0], severity="info")
            return
        if self.table.name == "t4":
            # whole blocks missing (n a multiple of 5): keep the leading blocks that satisfy R3;
            # otherwise single blanks were dropped somewhere and no cell's column is known
            vals = [_num(c) for c in cells]
            placed = 0
            for b in range(0, n if n % 5 == 0 else 0, 5):
                block = vals[b:b + 5]
                if all(v is not None for v in block) and sum(block[:4]) == block[4]:  # type: ignore
                    self.put_row(keys[b:b + 5], cells[b:b + 5], "position")
                    placed += 5
                else:
                    break
            if placed < n:
                self.find("table_ambiguous", keys[placed].rsplit(".", 1)[0],
                          f"表四 has {n} of {w} cells; {n - placed} could not be placed", cells[placed])
            return
        # 表三: which columns the cells belong to is unknown (a total that happens to equal the sum
        # of the other cells proves nothing: the total itself may be the dropped blank)
        self.find("table_ambiguous", row.prefix,
                  f"{row.prefix} shows {n} of {w} cells (empty cells dropped): columns unknown", cells[0])

    # -- completeness -----------------------------------------------------------------------
    def completeness(self) -> None:
        expected = self.table.keys
        if len(self.facts) == len(expected):    # facts only ever hold this table's keys
            return
        missing = [k for k in expected if k not in self.facts
                   and k.rsplit(".", 1)[0] not in self.explained]
        if missing:
            self.findings.append(Finding(
                "table_incomplete", missing[0].rsplit(".", 1)[0], "warn",
                f"{len(expected) - len(missing)} of {len(expected)} cells"))
