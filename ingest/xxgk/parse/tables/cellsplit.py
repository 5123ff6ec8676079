"""Every valid way to cut a row's run of merged cells into the row's cells.

A run is a list of *chunks*: the pieces of text between certain boundaries (whitespace, a pipe, a
separate token). Each chunk holds one or more whole cells, so a split cuts every chunk into
consecutive pieces, one per cell, in column order. A piece is valid for its column's domain
(identities.Domain): a count has no leading zero ("0" itself is fine), a signed count may open with
"-", money may have decimals and carry its unit ("160.5964万元"); "/", "-", "—" alone are a blank
cell.

The search runs from the right end of the row (where 表三/表四 put their 总计) and prunes with the
identities that lie inside the row (R1, R3): once the total is placed, a part larger than what is
left of it, or parts that can no longer reach it, end the branch. The bounds are sound (they never
cut a branch that has a valid completion), so the result is every split that satisfies the row's
own identities. The work is counted on a shared ``Budget``: when it runs out the row is unknown
(``None``), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from xxgk.parse.tables.identities import Domain

MAX_DIGITS = 15            # no real cell holds a longer figure (placement.MAX_DIGITS)
BLANK_PIECES = frozenset({"/", "-", "—", "——", "－", "--", "\\"})

_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
Value = int | Decimal | None                 # None: a blank cell
Piece = tuple[int, int, int, Value]          # (chunk index, start, end within the chunk, value)
Split = tuple[Piece, ...]                    # one piece per cell, in column order
Local = tuple[tuple[int, int], ...]          # a row-local identity: (cell index, +1 | -1) terms


@dataclass(slots=True)
class Budget:
    """Work left for one table (search nodes); shared by its rows and the table-wide search."""

    nodes: int

    def spend(self, n: int = 1) -> bool:
        self.nodes -= n
        return self.nodes >= 0


def piece_value(s: str, dom: Domain) -> tuple[bool, Value]:
    """(valid, value) of a piece of a chunk for a cell of domain ``dom``."""
    if s in BLANK_PIECES:
        return True, None
    body = s
    for unit in dom.units:
        if body.endswith(unit) and len(body) > len(unit):
            body = body[:-len(unit)]
            break
    neg = body.startswith("-")
    if neg:
        if not dom.signed:
            return False, None
        body = body[1:]
    whole, dot, frac = body.partition(".")
    if "," in whole:                 # thousands separators: "1,234" (groups of three)
        if not _GROUPED.fullmatch(whole):
            return False, None
        whole = whole.replace(",", "")
        body = body.replace(",", "")
    if not whole.isdigit() or not whole.isascii() or len(whole) > MAX_DIGITS:
        return False, None
    if len(whole) > 1 and whole[0] == "0":
        return False, None
    if dot:
        if dom.kind != "decimal" or not frac.isdigit() or not frac.isascii():
            return False, None
        value: Value = Decimal(body)
    else:
        value = int(whole) if dom.kind == "int" else Decimal(whole)
    if neg:
        if value == 0:
            return False, None                      # "-0" is no figure
        value = -value
    return True, value


def _max_piece(dom: Domain) -> int:
    return MAX_DIGITS + (8 if dom.kind == "decimal" else 0) + (1 if dom.signed else 0) + \
        max((len(u) for u in dom.units), default=0)


@lru_cache(maxsize=512)     # rows of a template repeat across reports: the same set-up for each
def _setup(domains: tuple[Domain, ...], local: tuple[Local, ...]):
    """Per cell: longest piece, whether it is a plain count, the identities it is a term of; per
    identity and number j of open cells (0..j-1): the weights ``down``/``up`` of the largest value one
    open cell can hold, so that the sum lies in [assigned - down * big, assigned + up * big]."""
    width = len(domains)
    maxlen = [_max_piece(d) for d in domains]
    plain = [d.kind == "int" and not d.signed and not d.units for d in domains]
    terms_of: list[list[tuple[int, int]]] = [[] for _ in range(width)]
    for li, ident in enumerate(local):
        for cell, coef in ident:
            terms_of[cell].append((li, coef))
    coef_of = [dict(t) for t in terms_of]
    down = [[0] * (width + 1) for _ in local]
    up = [[0] * (width + 1) for _ in local]
    for li, ident in enumerate(local):
        for j in range(1, width + 1):
            down[li][j] = sum(abs(c) for cell, c in ident if cell < j and (c < 0 or domains[cell].signed))
            up[li][j] = sum(abs(c) for cell, c in ident if cell < j and (c > 0 or domains[cell].signed))
    return maxlen, plain, terms_of, coef_of, down, up


def _identities_of(terms_of: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Per identity, its (cell, coef) terms (terms_of is per cell)."""
    out: dict[int, list[tuple[int, int]]] = {}
    for cell, terms in enumerate(terms_of):
        for li, coef in terms:
            out.setdefault(li, []).append((cell, coef))
    return list(out.values())


def _one_each(chunks: Sequence[str], domains: Sequence[Domain], atomic: dict[int, Value],
              terms_of: list[list[tuple[int, int]]], sums: list) -> Split | None:
    """The split with one character per cell (blank and atomic chunks one cell each), if every piece
    is valid and every identity holds."""
    if not atomic and all(d.kind == "int" for d in domains) and all(ch.isdigit() and ch.isascii() for ch in chunks):
        # the common row: digits only, counts only ("0000000", "0 0 0 0 0 00"): every digit a valid cell
        pieces = [(c, a, a + 1, int(d)) for c, ch in enumerate(chunks) for a, d in enumerate(ch)]
        for li, terms in enumerate(_identities_of(terms_of)):
            if sum(coef * pieces[j][3] for j, coef in terms) != 0:
                return None
        return tuple(pieces)
    pieces = []
    for c, ch in enumerate(chunks):
        if ch == "" or c in atomic:
            pieces.append((c, 0, 0, atomic.get(c)))
            continue
        if ch.isdigit() and ch.isascii() and all(d.kind == "int" for d in domains[len(pieces):len(pieces) + len(ch)]):
            pieces.extend((c, a, a + 1, int(ch[a])) for a in range(len(ch)))    # single digits: valid counts
            continue
        for a in range(len(ch)):
            ok, value = piece_value(ch[a], domains[len(pieces)])
            if not ok:
                return None
            pieces.append((c, a, a + 1, value))
    for j, p in enumerate(pieces):
        for li, coef in terms_of[j]:
            if sums[li] is not None:
                sums[li] = None if p[3] is None else sums[li] + coef * p[3]
    if any(x is not None and x != 0 for x in sums):
        return None
    return tuple(pieces)


def row_splits(chunks: Sequence[str], domains: Sequence[Domain], local: Sequence[Local] = (),
               budget: Budget | None = None, limit: int | None = None,
               atomic: dict[int, Value] | None = None) -> list[Split] | None:
    """Every split of ``chunks`` into ``len(domains)`` cells that satisfies the ``local`` identities.

    An empty chunk ("") is a blank cell of its own; a chunk in ``atomic`` is one cell whatever it
    holds, with the value given there (a delimited cell that is not a digit run: "1,234", "/").
    ``limit``: stop after that many splits (the caller only needs to know whether there is more than
    one). None when the budget ran out.
    """
    atomic = atomic or {}
    width = len(domains)
    nchunks = len(chunks)
    if width == 0 or nchunks == 0 or nchunks > width:
        return [] if nchunks else None
    chars_before = [0] * (nchunks + 1)           # characters in the chunks before chunk c
    for c, ch in enumerate(chunks):
        chars_before[c + 1] = chars_before[c] + max(1, len(ch))
    if chars_before[nchunks] < width:
        return []
    maxlen, plain_count, terms_of, coef_of, down, up = _setup(tuple(domains), tuple(map(tuple, local)))
    digits = [ch.isdigit() and ch.isascii() for ch in chunks]
    sums: list[Value | int] = [0] * len(local)   # assigned part of each identity; None = a blank term
    nlocal = range(len(local))
    if chars_before[nchunks] == width:
        # as many characters as cells: one character each, the only split there can be
        one = _one_each(chunks, domains, atomic, terms_of, sums)
        if budget is not None and not budget.spend(width):
            return None
        return [] if one is None else [one]
    out: list[Split] = []
    pieces: list[Piece] = [(0, 0, 0, None)] * width
    budget = budget if budget is not None else Budget(50_000)
    exhausted = False

    def feasible(j: int, left: int) -> int:
        """Bounds of every identity once cell j is placed (cells 0..j-1 open, ``left`` chars for them):
        0 they can still hold; 1 cell j's value is too large for one (a longer piece only makes it
        worse); 2 some identity cannot hold otherwise."""
        big = 10 ** min(max(0, left - (j - 1)), MAX_DIGITS) - 1 if j else 0   # the most one open cell can hold
        verdict = 0
        for li in nlocal:
            s = sums[li]
            if s is None:
                continue
            if s - down[li][j] * big > 0:
                verdict = 1 if coef_of[j].get(li, 0) > 0 else 2
            elif s + up[li][j] * big < 0:
                verdict = 1 if coef_of[j].get(li, 0) < 0 else 2
            else:
                continue
            if verdict == 1:
                return 1
        return verdict

    def rec(j: int, c: int, e: int) -> None:
        """Assign cell j (cells j+1.. are placed) a piece ending at ``e`` in chunk ``c``."""
        nonlocal exhausted
        if exhausted or (limit is not None and len(out) >= limit):
            return
        if j < 0:
            if c < 0:
                out.append(tuple(pieces))
            return
        if c < 0:
            return
        ch = chunks[c]
        dom = domains[j]
        whole = ch == "" or c in atomic
        if whole:
            starts: range | list[int] = [0]
        elif c + 1 > j:                  # every cell left must take a chunk: this piece opens the chunk
            starts = [0] if e <= maxlen[j] else []
        else:
            starts = range(e - 1, max(-1, e - 1 - maxlen[j]), -1)
        plain = plain_count[j] and digits[c]
        for s in starts:
            # the cells 0..j-1 must cover what is left: at least one char each, one cell per chunk
            chars_left = chars_before[c] + s
            if chars_left < j:
                break                    # and fewer still for every start further left
            if s == 0 and c > j:
                continue
            budget.nodes -= 1            # one unit of work per piece tried
            if budget.nodes < 0:
                exhausted = True
                return
            if whole:
                ok, value = True, atomic.get(c)
            elif plain:                  # a count in a chunk of digits: no leading zero
                ok = ch[s] != "0" or e - s == 1
                value = int(ch[s:e]) if ok else None
            else:
                ok, value = piece_value(ch[s:e], dom)
            if not ok:
                continue
            pieces[j] = (c, s, e, value)
            mine = terms_of[j]
            if mine:
                saved = sums[:]
                for li, coef in mine:
                    if sums[li] is not None:
                        sums[li] = None if value is None else sums[li] + coef * value
                verdict = feasible(j, chars_left)
            else:
                verdict = 0
            if verdict == 0:
                if s > 0:
                    rec(j - 1, c, s)
                else:
                    rec(j - 1, c - 1, len(chunks[c - 1]) if c > 0 else 0)
            if mine:
                sums[:] = saved
            if exhausted:
                return
            if verdict == 1 and plain:
                break                    # a longer piece of digits is a larger value: worse still

    rec(width - 1, nchunks - 1, len(chunks[-1]))
    return None if exhausted else out
