"""A whole table of merged runs as one system: which rows do the template's identities settle?

Input: for every row read, its candidate splits (cellsplit.row_splits, already filtered by the
identities inside the row) and the table's identities (identities.py). A row is *certain* when every
solution of the whole system gives it the same split; only then are its cells kept.

1. The identities across rows (R0, R2, R7) prune by bounds (a candidate stays only if the other rows
   can still make the sum hold), repeated until nothing changes. Sound: a candidate that is part of
   some solution is never removed.
2. Rows left with several candidates are searched (smallest first, pruning again after every choice),
   collecting which candidate each row takes in the solutions. The search is bounded (a shared
   Budget and a cap on solutions); when the bound is hit, only rows the pruning alone settled count.
3. No solution at all means the text breaks an identity (a genuine error, or a misread): the
   identities across rows are then not trusted and only rows with a single split of their own are kept.

An identity with a term outside the rows read is left out; a reading that puts a blank cell under one
of its terms leaves it unassessable for that reading only (it fits any sum). Each certain row says
which identities decided it (``decided_by``; empty = its only split).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xxgk.parse.tables.cellsplit import Budget, Split
from xxgk.parse.tables.identities import Identity

MAX_SOLUTIONS = 64


@dataclass(slots=True)
class RowSystem:
    """One row of the system: its catalog keys and candidate splits (None: the row could not be read)."""

    keys: tuple[str, ...]
    cands: list[Split] | None
    decided_by: set[str] = field(default_factory=set)   # identity labels that removed candidates


@dataclass(slots=True)
class Verdict:
    split: Split | None               # the certain split, or None
    candidates: int                   # splits left for the row (0: none fits)
    decided_by: tuple[str, ...] = ()  # identities that settled it
    trusted: bool = True              # False: the identities across rows failed, not used
    alive: tuple[int, ...] = ()       # indices of the row's candidates that may still hold (a sound
                                      # superset: every candidate some solution takes is in it)


def _contribution(split: Split, cells: Sequence[tuple[int, int]]) -> int | None:
    total = 0
    for cell, coef in cells:
        v = split[cell][3]
        if v is None:
            return None
        total += coef * v
    return total


def _bounds(vals: list) -> tuple[int | None, int | None]:
    """(min, max) of a row's contributions; None where a blank term leaves it unbounded."""
    if any(v is None for v in vals):
        return None, None
    return min(vals), max(vals)


class _System:
    def __init__(self, rows: Sequence[RowSystem], idents: Sequence[Identity]):
        self.rows = rows
        where = {k: (r, c) for r, row in enumerate(rows) for c, k in enumerate(row.keys)}
        # usable identities across rows: (label, [(row, [(cell, coef)])], per-row contributions)
        self.cons: list[tuple[str, list[int], list[list[int]]]] = []
        for ident in idents:
            per_row: dict[int, list[tuple[int, int]]] = {}
            for key, coef in ident.terms:
                rc = where.get(key)
                if rc is None:
                    break
                per_row.setdefault(rc[0], []).append((rc[1], coef))
            else:
                if len(per_row) < 2 or any(not rows[r].cands for r in per_row):   # a row unread or unsplittable
                    continue
                # a candidate with a blank term leaves the identity unassessable for that reading:
                # its contribution is None and it fits any sum
                contribs = [[_contribution(s, cells) for s in rows[r].cands]  # type: ignore[union-attr]
                            for r, cells in per_row.items()]
                self.cons.append((ident.label, list(per_row), contribs))
        self.of_row: dict[int, list[int]] = {}
        for ci, (_, rws, _) in enumerate(self.cons):
            for r in rws:
                self.of_row.setdefault(r, []).append(ci)

    def propagate(self, dom: dict[int, list[int]], pruned: dict[int, set[str]] | None,
                  budget: Budget, changed: int | None = None) -> bool:
        """Bounds-prune the candidate indices in ``dom`` (row -> indices) in place; False if one empties.
        ``changed``: only that row's domain changed since ``dom`` was last pruned (the other
        identities hold as they were): its identities are checked first, the others as they change."""
        queue = list(range(len(self.cons))) if changed is None else list(self.of_row.get(changed, ()))
        queued = set(queue)
        while queue:
            ci = queue.pop()
            queued.discard(ci)
            if not budget.spend():
                return True            # out of work: what is pruned so far stays sound
            label, rws, contribs = self.cons[ci]
            bounds = [_bounds([contribs[i][x] for x in dom[r]]) for i, r in enumerate(rws)]
            # the sum of the rows' bounds, and how many rows are unbounded (a blank in some reading)
            unbounded = sum(1 for a, _ in bounds if a is None)
            slo = sum(a for a, _ in bounds if a is not None)
            shi = sum(b for _, b in bounds if b is not None)
            for i, r in enumerate(rws):
                a, b = bounds[i]
                if unbounded - (a is None):
                    continue                 # another row fits any sum: nothing to prune here
                olo, ohi = slo - (a or 0), shi - (b or 0)      # the other rows' lowest and highest sum
                c = contribs[i]
                keep = [x for x in dom[r] if c[x] is None or -ohi <= c[x] <= -olo]
                if len(keep) == len(dom[r]):
                    continue
                if not keep:
                    return False
                dom[r] = keep
                if pruned is not None:
                    pruned.setdefault(r, set()).add(label)
                for cj in self.of_row[r]:
                    if cj not in queued:
                        queue.append(cj)
                        queued.add(cj)
                # this row's bounds changed: update the sums before pruning the others
                na, nb = bounds[i] = _bounds([c[x] for x in keep])
                unbounded += (na is None) - (a is None)
                slo += (na or 0) - (a or 0)
                shi += (nb or 0) - (b or 0)
        return True


def solve(rows: Sequence[RowSystem], idents: Sequence[Identity], budget: Budget) -> list[Verdict]:
    """The verdict for every row (same order)."""
    system = _System(rows, idents)
    dom = {r: list(range(len(row.cands))) for r, row in enumerate(rows) if row.cands is not None}
    pruned: dict[int, set[str]] = {}
    ok = system.propagate(dom, pruned, budget)
    searched: dict[int, set[int]] | None = None
    if ok:
        open_rows = [r for r in system.of_row if len(dom[r]) > 1]
        if open_rows:
            searched, found = _search(system, dom, open_rows, budget)
            if searched is None and not found:
                ok = False        # no solution (the text breaks an identity), or none found in time
    out: list[Verdict] = []
    for r, row in enumerate(rows):
        if row.cands is None:
            out.append(Verdict(None, 0))
            continue
        own = tuple(sorted(row.decided_by))
        if not ok:                                   # identities across rows not trusted
            single = row.cands[0] if len(row.cands) == 1 else None
            out.append(Verdict(single, len(row.cands), own, trusted=False, alive=tuple(range(len(row.cands)))))
            continue
        idx = dom[r]
        labels = tuple(sorted(set(own) | pruned.get(r, set())))
        if len(idx) == 1:
            out.append(Verdict(row.cands[idx[0]], 1, labels, alive=(idx[0],)))
        elif searched is not None and len(searched.get(r, ())) == 1:
            only = next(iter(searched[r]))
            used = sorted({system.cons[ci][0] for ci in system.of_row.get(r, ())})
            out.append(Verdict(row.cands[only], 1, tuple(sorted(set(labels) | set(used))), alive=(only,)))
        else:
            alive = tuple(sorted(searched[r])) if searched is not None and r in searched else tuple(idx)
            out.append(Verdict(None, len(alive), labels, alive=alive))
    return out


def _search(system: _System, dom: dict[int, list[int]], open_rows: list[int],
            budget: Budget) -> tuple[dict[int, set[int]] | None, bool]:
    """(which candidates each open row takes over all solutions, whether any solution was found).
    The first is None when there is no solution or the search ran past its bounds (work, number of
    solutions): then only what the pruning settled is known, and only if some solution exists."""
    seen: dict[int, set[int]] = {r: set() for r in open_rows}
    solutions = 0
    stopped = False

    def rec(d: dict[int, list[int]]) -> None:
        nonlocal solutions, stopped
        if not budget.spend():
            stopped = True
            return
        free = [r for r in open_rows if len(d[r]) > 1]
        if not free:
            solutions += 1
            if solutions > MAX_SOLUTIONS:
                stopped = True
                return
            for r in open_rows:
                seen[r].add(d[r][0])
            return
        r = min(free, key=lambda x: len(d[x]))
        for x in d[r]:
            nd = {k: list(v) for k, v in d.items()}
            nd[r] = [x]
            if system.propagate(nd, None, budget, changed=r):
                rec(nd)
            if stopped:
                return

    rec(dom)
    if stopped or not solutions:
        return None, solutions > 0
    return seen, True
