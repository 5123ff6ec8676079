"""Merged digit runs in a delimited table: "000000" where six single-digit cells lost their separators.

The same machinery as the fused tables (cellsplit.row_splits under the identities of
data/templates/identities.csv), with the delimited layout's stricter acceptance: here a short row
may just as well have lost empty cells, so

- the split with one digit per cell is taken when the row's identity (R1 in 表三, R3 in 表四) holds,
  or, when it cannot be assessed (a blank term), if every run is zeros ("000" cannot be one number);
- otherwise the splits under which the row's identities hold (at least one assessed, none failing)
  are returned, and the caller keeps the cells on which all of them agree.

Only bare digit runs of at most MAX_RUN digits are cut; every other cell stays whole. The work is
bounded (cellsplit.Budget), so the cost is constant per row.
"""

from __future__ import annotations

from functools import lru_cache

from xxgk.parse.tables.cellsplit import Budget, Split, Value, row_splits
from xxgk.parse.tables.identities import domain, identities
from xxgk.parse.tables.values import is_digit_run, parse_cell_number

MAX_RUN = 12            # longer runs are not treated as merged cells
MAX_NODES = 20_000      # search nodes per row

Piece = tuple[int, int, int]   # (token index, start within token text, end within token text)


@lru_cache(maxsize=256)      # a template has a few dozen rows: read once per process
def _local(keys: tuple[str, ...], era: str) -> list[tuple[tuple[int, int], ...]]:
    where = {k: i for i, k in enumerate(keys)}
    return [tuple((where[k], c) for k, c in ident.terms) for ident in identities(era)
            if all(k in where for k, _ in ident.terms)]


def has_identity(keys: tuple[str, ...], era: str) -> bool:
    """Whether some identity lies inside the row (R1 for a 表三 row, R3 for 表四)."""
    return bool(_local(keys, era))


def _verdict(split: Split, local: list[tuple[tuple[int, int], ...]]) -> bool | None:
    """False when an identity of the row fails; True when none fails and at least one could be
    assessed (no blank term, as in R3's three blocks); None when none could be assessed."""
    verdict: bool | None = None
    for ident in local:
        total: Value | int = 0
        for cell, coef in ident:
            v = split[cell][3]
            if v is None:
                break
            total += coef * v
        else:
            if total != 0:
                return False
            verdict = True
    return verdict


def split_runs(texts: list[str | None], keys: tuple[str, ...], era: str,
               use_identities: bool = True) -> list[list[Piece]]:
    """Expand ``texts`` (cell texts; None = blank cell) to the row's cells by splitting digit runs.

    Returns the candidate splits (each: one piece per cell, in order); an empty list means nothing
    is known. ``use_identities=False``: only the one-digit-per-cell split of runs of zeros.
    """
    width = len(keys)
    runs = [i for i, t in enumerate(texts) if t is not None and is_digit_run(t) and len(t) <= MAX_RUN]
    extra = width - len(texts)
    if extra <= 0 or not runs or sum(len(texts[i]) for i in runs) - len(runs) < extra:  # type: ignore[arg-type]
        return []
    chunks = [t if i in runs else "" for i, t in enumerate(texts)]   # type: ignore[misc]
    atomic: dict[int, Value] = {}
    for i, t in enumerate(texts):
        if i not in runs:
            parsed = parse_cell_number(t) if t is not None else None
            atomic[i] = parsed[0] if parsed else None
    domains = [domain(k, era) for k in keys]
    local = _local(keys, era) if use_identities else []
    budget = Budget(MAX_NODES)

    def pieces(split: Split) -> list[Piece]:
        return [(c, a, b) if c not in atomic else (c, 0, len(texts[c] or "")) for c, a, b, _ in split]

    # 1. one digit per cell: the only split when the digits are exactly as many as the cells they fill
    if sum(len(texts[i]) for i in runs) - len(runs) == extra:  # type: ignore[arg-type]
        single = row_splits(chunks, domains, (), budget, 1, atomic)
        if single:
            ok = _verdict(single[0], local)
            zeros = all(set(texts[i]) == {"0"} for i in runs)  # type: ignore[arg-type]
            if ok is True or (ok is None and zeros):
                return [pieces(single[0])]
    if not local:
        return []
    # 2. every split the row's identities prove (assessable and true)
    found = row_splits(chunks, domains, local, budget, None, atomic)
    if not found:
        return []
    return [pieces(s) for s in found if _verdict(s, local) is True]
