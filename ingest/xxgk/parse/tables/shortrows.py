"""Rows that show fewer cells than their template: which column each shown cell is under, where certain.

A row that shows fewer cells than its template lost some, and the text does not say which. Each way
the row could have been written is a *reading* (one piece per column, or "not shown"):

- **cut**: the text ends inside the row; the shown cells are its first ones, the rest were cut off;
- **merged**: adjacent cells lost their separators ("000000"); the splits of the digit runs that the
  row's own identities prove (``splitting.split_runs``);
- **dropped**: the rendering left its empty cells out (HTML/Word/PDF conversions, text copies); the
  shown cells in order, each under a column whose values it fits (``identities.domain``: a "-3" only
  under a signed column, "160.5万元" only under money), the others blank. Considered once the text shows
  a row that only dropped cells explain (``shows_dropped_cells``); then also a blank right after a
  label may be that label's filler (a label spanning several columns) rather than a cell.

The placer then solves the readings of a table's short rows together with the rows read whole, under
the template identities (``solver.solve``, data/templates/identities.csv); a cell is kept only when
every reading that survives puts the same shown cell under its column. Everything else stays unknown.
Pure functions; the number of readings per row is bounded (more: the row is unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from xxgk.parse.tables.cellsplit import MAX_DIGITS, Piece, Split, Value, piece_value as _piece_value
from xxgk.parse.tables.identities import Domain, domain
from xxgk.parse.tables.splitting import MAX_RUN as SPLIT_MAX_RUN, _local, split_runs
from xxgk.parse.tables.tokens import KIND, TEXT, Tok
from xxgk.parse.tables.values import parse_cell_number, to_key_value

MAX_READINGS = 4096        # readings of one row; a row with more is left unknown
MAX_RUN = 12               # a digit run that cannot be one cell is split only up to this length
piece_value = lru_cache(maxsize=4096)(_piece_value)   # pieces of merged runs repeat ("0", "1")
DROPPED = -1               # piece index of a blank: a cell the rendering left out, or one shown blank
CUT = -2                   # piece index of a cell the end of the text took: unknown

_MONEY = ("万元", "元")


def _whole_value(tok: Tok, key: str, dom: Domain) -> tuple[bool, Value]:
    """(fits, value) of a shown cell taken whole under a column of domain ``dom``."""
    if tok[KIND] == "null":
        return True, None
    parsed = parse_cell_number(tok[TEXT])
    if parsed is None:
        return False, None
    amount, unit = parsed
    if unit in _MONEY and unit not in dom.units:
        return False, None
    if amount < 0 and not dom.signed:
        return False, None
    if dom.kind == "int" and amount != amount.to_integral_value():
        return False, None
    if amount.adjusted() >= MAX_DIGITS:
        return False, None
    return True, to_key_value(key, amount, unit)


def _must_split(text: str) -> bool:
    """A bare digit run that no single cell can hold ("000", "01"): merged cells for certain."""
    return len(text) >= 2 and text.isascii() and text.isdigit() and (text[0] == "0" or len(text) > MAX_DIGITS)


@lru_cache(maxsize=1024)
def _run_splits(text: str) -> list[tuple[tuple[int, int], ...]]:
    """Every cut of a digit run into two or more valid counts (no leading zeros), as (start, end) pieces."""
    if len(text) > MAX_RUN:
        return []
    out: list[tuple[tuple[int, int], ...]] = []

    def rec(a: int, acc: list[tuple[int, int]]) -> None:
        if a == len(text):
            if len(acc) >= 2:
                out.append(tuple(acc))
            return
        ends = range(a + 1, a + 2) if text[a] == "0" else range(a + 1, len(text) + 1)
        for b in ends:
            acc.append((a, b))
            rec(b, acc)
            acc.pop()

    rec(0, [])
    return out


def leading_blanks(cells: Sequence[Tok]) -> int:
    n = 0
    while n < len(cells) and cells[n][KIND] == "null" and not cells[n][TEXT]:
        n += 1
    return n


def dropped_for_certain(cells: Sequence[Tok], keys: tuple[str, ...], era: str) -> bool:
    """Whether a short row (not cut by the end of the text) lost cells that merged digits cannot
    explain: too few characters to fill the row, or digit runs short enough to search and no split of
    them that the row's identities prove (splitting.split_runs). A run too long to search proves
    nothing."""
    texts = [c[TEXT] if c[KIND] == "num" else None for c in cells]
    runs = [t for t in texts if t is not None and t.isascii() and t.isdigit() and len(t) >= 2]
    if sum(len(t) for t in runs) + len(cells) - len(runs) < len(keys):
        return True
    if any(len(t) > SPLIT_MAX_RUN for t in runs):
        return False
    pad = leading_blanks(cells)
    return not any(split_runs(texts[f:], keys, era) for f in range(pad + 1))


class Readings(NamedTuple):
    cands: tuple[Split, ...] | None  # the readings (None: more than MAX_READINGS)
    complete: bool = True           # False: listing stopped once every column had two readings apart


def _canonical(split: Split) -> Split:
    """The reading as the table sees it: a blank is a blank, whether a cell shown blank or one the
    rendering dropped (the same to every identity and to the cell's value)."""
    return tuple(_BLANK if p[3] is None and p[0] != CUT else p for p in split)


_BLANK: Piece = (DROPPED, 0, 0, None)


def _assess(split: Split, ident: tuple[tuple[int, int], ...]) -> bool | None:
    """Whether a row identity holds under ``split``; None when a blank term leaves it unassessed."""
    total: Value | int = 0
    for cell, coef in ident:
        v = split[cell][3]
        if v is None:
            return None
        total += coef * v
    return total == 0


class _Found:
    """Readings as they are found, duplicates dropped. The row's own identities filter them, but only
    an identity that some reading satisfies: one that fails wherever it can be assessed shows an
    error in the row (the readings that leave it unassessed would hide the error, not read the row).
    ``every`` False: the listing stops once the readings no identity fails agree on no column."""

    def __init__(self, width: int, local: list, every: bool):
        self.items: dict[Split, tuple[bool | None, ...]] = {}   # reading -> verdict of each identity
        self.holds: set[int] = set()    # identities some reading assesses and satisfies
        self.first: Split | None = None  # the first reading no identity fails
        self.sure = 0                   # readings no identity fails
        self.apart = [False] * width    # per column: two such readings put different pieces there
        self.left = width               # columns still agreed on
        self.local, self.every = local, every
        self.stopped = False

    def add(self, split: Split) -> bool:
        """Keep ``split``; False: stop listing (no column left to agree on, or too many readings)."""
        if split in self.items:
            return True
        verdicts = tuple(_assess(split, ident) for ident in self.local)
        self.items[split] = verdicts
        self.holds.update(i for i, v in enumerate(verdicts) if v)
        if False not in verdicts:
            self.sure += 1
            if self.first is None:
                self.first = split
            else:
                for j, p in enumerate(split):
                    if not self.apart[j] and p[:3] != self.first[j][:3]:
                        self.apart[j] = True
                        self.left -= 1
            if not self.every and not self.left:
                self.stopped = True
                return False
        return len(self.items) <= MAX_READINGS

    def kept(self) -> tuple[Split, ...]:
        holds = self.holds
        return tuple(s for s, verdicts in self.items.items()
                     if all(v is not False or i not in holds for i, v in enumerate(verdicts)))


def readings(cells: Sequence[Tok], keys: tuple[str, ...], era: str, *, cut: bool, dropped: bool,
             fillers: int, every: bool = True) -> Readings:
    """The readings of a row that shows ``cells`` (fewer than ``len(keys)``, or as many with leading
    blanks that may be filler). ``cut``: the text ends in the row; ``dropped``: the text drops empty
    cells; ``fillers``: how many of the leading blank cells may be the label's filler; ``every``: all
    readings are needed (the row is in an identity across rows), else the listing stops once they
    agree on no column. A piece's index is the cell's in ``cells`` (DROPPED: a blank; CUT: not in the
    text). Short rows repeat across reports ("0 | 0 | 0 | 0 | 0 | 0"): the readings depend on the
    cells' kinds and texts only, and are made once per process for each."""
    shape = tuple((c[KIND], c[TEXT]) for c in cells)
    return _readings(shape, keys, era, cut, dropped, fillers, every)


@lru_cache(maxsize=4096)
def _readings(shape: tuple[tuple[str, str], ...], keys: tuple[str, ...], era: str, cut: bool, dropped: bool,
              fillers: int, every: bool) -> Readings:
    cells: list[Tok] = [(kind, text, 0, 0, 0) for kind, text in shape]  # type: ignore[misc]
    width = len(keys)
    domains = [domain(k, era) for k in keys]
    found = _Found(width, _local(keys, era), every)
    for f in range(fillers + 1):
        shown = list(range(f, len(cells)))
        # what each shown cell may be: itself whole, or (a run that cannot be one cell) its splits
        alts: list[list[tuple[tuple[int, int], ...] | None]] = []
        for i in shown:
            text = cells[i][TEXT]
            if cells[i][KIND] == "num" and _must_split(text):
                alts.append(list(_run_splits(text)))
            else:
                alts.append([None])                      # None: the cell whole
        if not every:
            # the rightmost reading first: with the leftmost (the plain search's first) it usually
            # leaves no column agreed on, and the listing can stop at once
            seen = found.sure
            _place(cells, keys, domains, shown, alts, cut, dropped, lambda sp: found.add(sp) and found.sure == seen,
                   rightmost=True)
            if found.stopped:
                break
        if not _place(cells, keys, domains, shown, alts, cut, dropped, found.add):
            break
        texts = [cells[i][TEXT] if cells[i][KIND] == "num" else None for i in shown]
        for cand in split_runs(texts, keys, era) if len(shown) < width else ():
            if not found.add(_canonical(tuple(_piece(cells, shown[i], a, b, keys[j], domains[j])
                                              for j, (i, a, b) in enumerate(cand)))):
                break
        if found.stopped or len(found.items) > MAX_READINGS:
            break
    if found.stopped:
        return Readings(found.kept(), complete=False)
    return Readings(found.kept() if len(found.items) <= MAX_READINGS else None)


def _piece(cells: Sequence[Tok], i: int, a: int, b: int, key: str, dom: Domain) -> Piece:
    text = cells[i][TEXT]
    if a == 0 and b == len(text):
        return (i, a, b, _whole_value(cells[i], key, dom)[1])
    ok, value = piece_value(text[a:b], dom)
    return (i, a, b, value if ok else None)


def _place(cells: Sequence[Tok], keys: tuple[str, ...], domains: list[Domain], shown: list[int],
           alts: list[list[tuple[tuple[int, int], ...] | None]], cut: bool, dropped: bool,
           add: Callable[[Split], bool], rightmost: bool = False) -> bool:
    """``add`` every placement of the shown cells (each whole or one of its splits) in order under the
    row's columns: gaps only where cells are dropped, missing tail cells only where the text was cut
    (or dropped). ``rightmost``: each cell as far right as it goes first. False when ``add`` said stop."""
    width = len(keys)
    acc: list[Piece] = []
    tail = DROPPED if dropped and not cut else CUT
    whole: dict[tuple[int, int], tuple[bool, Value]] = {}

    def rec(k: int, j: int) -> bool:
        if k == len(shown):
            if j < width and not (cut or dropped):
                return True
            return add(tuple(acc) + ((tail, 0, 0, None),) * (width - j) if j < width else tuple(acc))
        i = shown[k]
        left = len(shown) - k - 1                       # cells after this one: a column each at least
        for alt in alts[k]:
            size = 1 if alt is None else len(alt)
            last = width - size - left if dropped else j
            for s in (range(last, j - 1, -1) if rightmost else range(j, last + 1)):
                if s + size > width:
                    break
                pieces: list[Piece] = []
                for n in range(size):
                    col = s + n
                    if alt is None:
                        fit = whole.get((i, col))
                        if fit is None:
                            fit = whole[i, col] = _whole_value(cells[i], keys[col], domains[col])
                        ok, value = fit
                        piece: Piece = (i, 0, len(cells[i][TEXT]), value) if value is not None else _BLANK
                    else:
                        a, b = alt[n]
                        ok, value = piece_value(cells[i][TEXT][a:b], domains[col])
                        piece = (i, a, b, value) if value is not None else _BLANK
                    if not ok:
                        break
                    pieces.append(piece)
                else:
                    mark = len(acc)
                    acc.extend([(DROPPED, 0, 0, None)] * (s - j))
                    acc.extend(pieces)
                    more = rec(k + 1, s + size)
                    del acc[mark:]
                    if not more:
                        return False
        return True

    return rec(0, 0)


def agreed(cands: Sequence[Split]) -> list[Piece | None]:
    """Per column: the piece every reading puts there (DROPPED: a blank; CUT: cut off), else None."""
    out: list[Piece | None] = []
    for col in zip(*cands):
        first = col[0]
        out.append(first if all(p[:3] == first[:3] for p in col) else None)
    return out

