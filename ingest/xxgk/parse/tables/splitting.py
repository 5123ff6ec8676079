"""Merged digit runs: "000000" where six single-digit cells lost their separators.

A run is split only where the split is certain: every piece a single digit and the row then has
exactly its width, and either the table's rule (R1 in 表三, R3 in 表四) holds or the runs are all
zeros ("000" cannot be one number); or else the cells on which every split satisfying the rule
agrees. Otherwise nothing is split.
The search is bounded (long runs are never split), so the cost is constant per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from xxgk.parse.tables.values import is_digit_run

MAX_RUN = 12            # longer runs are not treated as merged cells
MAX_CANDIDATES = 5000   # bound on the enumeration


def _splits(s: str, parts: int) -> Iterator[list[tuple[int, int]]]:
    """All ways to cut s into `parts` pieces without leading zeros ("0" itself is fine)."""
    n = len(s)

    def rec(i: int, left: int) -> Iterator[list[tuple[int, int]]]:
        if left == 1:
            if n - i >= 1 and (s[i] != "0" or n - i == 1):
                yield [(i, n)]
            return
        for j in range(i + 1, n - left + 2):
            if s[i] == "0" and j - i > 1:
                break
            for rest in rec(j, left - 1):
                yield [(i, j), *rest]

    yield from rec(0, parts)


def _distributions(lengths: list[int], extra: int) -> Iterator[list[int]]:
    """Ways to give `extra` additional pieces to the runs (run i gets 0..lengths[i]-1 more)."""
    def rec(i: int, left: int) -> Iterator[list[int]]:
        if i == len(lengths):
            if left == 0:
                yield []
            return
        for k in range(0, min(left, lengths[i] - 1) + 1):
            for rest in rec(i + 1, left - k):
                yield [k, *rest]

    yield from rec(0, extra)


Piece = tuple[int, int, int]   # (token index, start within token text, end within token text)


def split_runs(texts: list[str | None], width: int,
               rule: Callable[[list[Decimal | None]], bool | None] | None) -> list[list[Piece]]:
    """Expand `texts` (cell texts; None = blank cell) to `width` cells by splitting digit runs.

    Returns the candidate splits (each: one piece per cell, in order): the single-digit split when
    it fits, else every split that satisfies ``rule`` (True/False, None = not assessable). An empty
    list means nothing is known. Cells on which all candidates agree are certain.
    """
    extra = width - len(texts)
    runs = [i for i, t in enumerate(texts) if t is not None and is_digit_run(t) and len(t) <= MAX_RUN]
    if extra <= 0 or not runs:
        return []
    lengths = [len(texts[i]) for i in runs]
    if sum(lengths) - len(runs) < extra:
        return []

    def assemble(cuts: dict[int, list[tuple[int, int]]]) -> tuple[list[Piece], list[Decimal | None]]:
        pieces: list[Piece] = []
        vals: list[Decimal | None] = []
        for i, t in enumerate(texts):
            for a, b in cuts.get(i, [(0, len(t or ""))]):
                pieces.append((i, a, b))
                vals.append(None if t is None else Decimal(t[a:b].replace(",", "")) if t[a:b] else None)
        return pieces, vals

    # 1. single digits each
    if sum(lengths) - len(runs) == extra:
        cuts = {i: [(k, k + 1) for k in range(len(texts[i]))] for i in runs}
        pieces, vals = assemble(cuts)
        ok = rule(vals) if rule else None
        zeros = all(set(texts[i]) == {"0"} for i in runs)   # "000" cannot be one number
        if ok is True or (ok is None and zeros):
            return [pieces]
    if rule is None:
        return []
    # 2. the only split consistent with the rule
    found: list[list[Piece]] = []
    seen = 0
    for dist in _distributions(lengths, extra):
        per_run = [list(_splits(texts[i], 1 + k)) for i, k in zip(runs, dist)]

        def product(j: int, acc: dict[int, list[tuple[int, int]]]) -> Iterator[dict]:
            if j == len(runs):
                yield dict(acc)
                return
            for cut in per_run[j]:
                acc[runs[j]] = cut
                yield from product(j + 1, acc)
            acc.pop(runs[j], None)

        for cuts in product(0, {}):
            seen += 1
            if seen > MAX_CANDIDATES:
                return []
            pieces, vals = assemble(cuts)
            if rule(vals) is True:
                found.append(pieces)
    return found
