"""The ``fused`` layout: a scraped page whose table cells ran together, and what a reader can still know.

Rendering: every table row is its cells concatenated (``规章000``, ``一、本年新收…数量0000000``), data
cells sometimes separated by a space (``0 0 0 0 0 00``, a certain boundary), blank cells written
``/``, ``-`` or ``—`` (an empty one would leave no trace); the whole page is often one line, with
the site's navigation text before the title.

Truth: which cells the text determines. This module decides it on its own, by brute force over the
runs as written (not with the parser's solver): every split of a row's run into its cells that the
cell grammar allows (no leading zero, a sign only in v2019 本年增/减, money with decimals and 万元/元,
a blank symbol alone), kept when the row's sum holds (表三 总计 = the applicant columns, 表四 总计 =
its four results), then the rows left with several splits are tried together against the column
sums of 表三 (本年新收 + 上年结转 = 总计 + 结转下年度; 总计 = the outcome rows). A row is determined
when every surviving combination gives it the same split; otherwise its cells are not facts of the
truth (they go to ``optional_facts``: a reader that gives them must give them right) and the row
expects a ``table_ambiguous`` finding. Used only for reports whose tables obey their identities.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

BLANK_SYMBOLS = ("/", "-", "—")
_BLANK_PIECES = {"/", "-", "—", "——", "－", "--", "\\"}
MAX_SPLITS = 4000          # per row; beyond, the row counts as not determined
MAX_COMBINATIONS = 20000   # rows tried together; beyond, those rows count as not determined
P_SPACE_ROW = 0.35         # a row whose data cells are sometimes separated by a space
P_SPACE_CELL = 0.6         # ... and each boundary in such a row
P_SPACE_AFTER_LABEL = 0.1
P_ONE_LINE = 0.6           # the whole page on one line

Run = tuple[tuple[str, ...], tuple[str, ...]]    # (catalog keys of the row, chunks as written)


def render_fused_table(doc, rows, rng: random.Random, runs: list[Run]) -> None:
    """Write ``rows`` (render.Cell lists) with their cells run together; record each data row's run."""
    for row in rows:
        spaced = rng.random() < P_SPACE_ROW
        keys: list[str] = []
        chunks: list[str] = []
        prev_data = False
        for c in row:
            if c.key:
                if prev_data and spaced and rng.random() < P_SPACE_CELL:
                    doc.add(" ")
                    chunks.append("")
                elif not prev_data and keys == [] and rng.random() < P_SPACE_AFTER_LABEL:
                    doc.add(" ")
                if not chunks:
                    chunks.append("")
                chunks[-1] += c.text
                keys.append(c.key)
                doc.cell(c.text, c.key)
                prev_data = True
            else:
                if prev_data:          # a label after data cells (legacy: unit and value) ends the run
                    runs.append((tuple(keys), tuple(chunks)))
                    keys, chunks = [], []
                doc.add(c.text)
                prev_data = False
        if keys:
            runs.append((tuple(keys), tuple(chunks)))
        doc.add("\n")


def one_line(text: str, rng: random.Random) -> str:
    """The page as one line: line breaks dropped (after a sentence end or a heading) or made spaces."""
    if rng.random() >= P_ONE_LINE:
        return text
    return "".join(line + ("" if not line or line[-1] in "。：:" or rng.random() < 0.7 else " ")
                   for line in text.split("\n"))


# ---------------------------------------------------------------- what the text determines

def _kind(key: str, era: str) -> str:
    if key in ("t2.fees.amount_10k_yuan", "t2.procurement.amount_yuan") or key.startswith("legacy.") and \
            key.endswith(("amount_10k_yuan", "budget_10k_yuan")):
        return "money"
    if era == "v2019" and key.startswith("t2.") and key.endswith(".change"):
        return "signed"
    return "count"


def _value(piece: str, kind: str):
    """The value of a piece for a cell of ``kind``; ``False`` when the piece is not a valid cell."""
    if piece in _BLANK_PIECES:
        return None
    s = piece
    if kind == "money":
        for unit in ("万元", "元"):
            if s.endswith(unit) and len(s) > len(unit):
                s = s[:-len(unit)]
                break
    neg = kind == "signed" and s.startswith("-")
    if neg:
        s = s[1:]
    whole, _, frac = s.partition(".")
    if not (whole.isdigit() and whole.isascii()) or (whole != "0" and whole.startswith("0")) or len(whole) > 15:
        return False
    if "." in s:
        if kind != "money" or not (frac.isdigit() and frac.isascii()):
            return False
        return Decimal(s)
    v = int(whole)
    if neg:
        return False if v == 0 else -v
    return Decimal(v) if kind == "money" else v


def _splits(chunks: tuple[str, ...], kinds: list[str]) -> list[tuple] | None:
    """Every split of the chunks into len(kinds) cells (left to right); None past MAX_SPLITS."""
    out: list[tuple] = []

    def rec(ci: int, pos: int, cell: int, acc: list) -> bool:
        if len(out) > MAX_SPLITS:
            return False
        if ci == len(chunks):
            if cell == len(kinds):
                out.append(tuple(acc))
            return True
        if cell == len(kinds):
            return True
        ch = chunks[ci]
        for end in range(pos + 1, len(ch) + 1):
            v = _value(ch[pos:end], kinds[cell])
            if v is False:
                continue
            acc.append(v)
            ok = rec(ci + 1, 0, cell + 1, acc) if end == len(ch) else rec(ci, end, cell + 1, acc)
            acc.pop()
            if not ok:
                return False
        return True

    return out if rec(0, 0, 0, []) else None


def _row_sum_holds(keys: tuple[str, ...], vals: tuple) -> bool:
    """表三 row: 总计 = the six applicant columns; 表四: each block's 总计 = its four results.
    A blank term makes a sum unassessable (it then holds)."""
    if keys[0].startswith("t3."):
        if any(v is None for v in vals):
            return True
        return sum(vals[:6]) == vals[6]
    if keys[0].startswith("t4."):
        for b in range(0, 15, 5):
            block = vals[b:b + 5]
            if all(v is not None for v in block) and sum(block[:4]) != block[4]:
                return False
    return True


def _columns_hold(rows: dict[str, tuple], era_rows: list[str], outcome: list[str]) -> bool:
    for c in range(7):
        def get(r: str):
            v = rows.get(r)
            return None if v is None else v[c]
        r0 = [get("new"), get("carried_in"), get("total"), get("carried_forward")]
        if all(x is not None for x in r0) and r0[0] + r0[1] != r0[2] + r0[3]:
            return False
        r2 = [get(r) for r in outcome]
        tot = get("total")
        if tot is not None and all(x is not None for x in r2) and all(r in rows for r in outcome) \
                and sum(r2) != tot:
            return False
    return True


def undetermined(runs: list[Run], era: str) -> tuple[set[str], dict[str, str]]:
    """(keys the text does not determine, {row: run as written} of the rows left ambiguous)."""
    from xxgk.synth.figures import outcome_rows
    lost: set[str] = set()
    ambiguous: dict[str, str] = {}
    cands: dict[int, list[tuple]] = {}
    for i, (keys, chunks) in enumerate(runs):
        sp = _splits(chunks, [_kind(k, era) for k in keys])
        if sp is not None:
            sp = [s for s in sp if _row_sum_holds(keys, s)]
        cands[i] = sp if sp else []
        if sp is None or not sp:
            cands[i] = []
    # 表三 rows together under the column sums
    t3 = {i: runs[i][0][0].rsplit(".", 1)[0].removeprefix("t3.") for i in cands if runs[i][0][0].startswith("t3.")}
    outcome = outcome_rows(era) if era in ("v2019", "v2021") else []
    open_rows = [i for i in t3 if len(cands[i]) > 1]
    fixed = {t3[i]: cands[i][0] for i in t3 if len(cands[i]) == 1}
    settled: dict[int, set] = {i: set(cands[i]) for i in cands}
    n_comb = 1
    for i in open_rows:
        n_comb *= len(cands[i])
    if open_rows and n_comb <= MAX_COMBINATIONS and all(cands[i] for i in t3):
        seen: dict[int, set] = {i: set() for i in open_rows}
        for combo in itertools.product(*(cands[i] for i in open_rows)):
            rows = dict(fixed)
            rows.update({t3[i]: s for i, s in zip(open_rows, combo)})
            if _columns_hold(rows, [], outcome):
                for i, s in zip(open_rows, combo):
                    seen[i].add(s)
        if all(seen.values()):
            settled.update(seen)
    for i, (keys, chunks) in enumerate(runs):
        if len(settled[i]) != 1:
            lost.update(keys)
            ambiguous[keys[0].rsplit(".", 1)[0] if not keys[0].startswith("t4.") else "t4"] = " ".join(chunks)
    return lost, ambiguous
