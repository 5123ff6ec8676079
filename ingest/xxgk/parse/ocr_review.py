"""Figures read by OCR: marked as such, doubtful ones left unknown, misreads caught by the identities.

``review_ocr(record, layer)`` runs after ``parse_report`` on a report some of whose text was read by
OCR (``layer``: xxgk.read.ocr_page.OcrText, offsets into ``record.text``). In place:

- every figure whose text came from OCR gets placement ``ocr`` and its ``confidence`` (the
  recogniser's probability of the figure's least sure character); a blank cell of an OCR'd table
  gets placement ``ocr`` without a confidence (no ink was found in the cell);
- a figure below ``CONFIDENCE_THRESHOLD`` is removed (unknown, never a guess) with a finding
  ``ocr_uncertain`` naming the key, what was read and how surely;
- the template identities R0–R3 (表三 each column and row, 表四 each block) are checked over the
  figures that remain: every OCR'd figure in a row or column that fails one gets a finding
  ``ocr_misread`` (the figure is kept as read, and the checks in the warehouse fail on it too:
  the finding says which cells to look at in the scan);
- the report gets one ``input_ocr`` finding (info), so users can filter reports read by OCR.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from xxgk.parse.model import Fact, Finding, ReportRecord
from xxgk.parse.tables.labels import T3_COLUMNS, T3_ROWS, T4_BLOCKS, T4_COLUMNS
from xxgk.parse.tables.values import is_null_token

# Below this the recogniser is not sure enough of a figure's least sure character to keep the figure.
# Measured on the scanned synthetic corpus (docs/ocr.md): right figures read at 150–300 dpi have
# confidence ≥ 0.9 with few exceptions; the misreads that stay above this threshold are caught by the
# identities (ocr_misread).
CONFIDENCE_THRESHOLD = 0.8
# Keys whose figures may be negative (表二 本年增/减): measured at 200 dpi, 2 of ~30 lost their minus.
SIGNED_SUFFIX = ".change"

_APPLICANTS = tuple(c for c in T3_COLUMNS if c != "total")
_NOT_OUTCOMES = {"new", "carried_in", "total", "carried_forward"}
_T4_PARTS = tuple(c for c in T4_COLUMNS if c != "total")


def identities(era: str | None) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(rule, label, left-hand keys, right-hand keys) of every R0–R3 identity of the era's templates."""
    out: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []
    if era not in ("v2019", "v2021"):
        return out
    rows = [r.key for r in T3_ROWS if r.era in (None, era)]
    outcomes = tuple(r for r in rows if r not in _NOT_OUTCOMES)
    for c in T3_COLUMNS:
        out.append(("balance", f"表三 column {c}", (f"t3.new.{c}", f"t3.carried_in.{c}"),
                    (f"t3.total.{c}", f"t3.carried_forward.{c}")))
        out.append(("outcome_total", f"表三 column {c}", (f"t3.total.{c}",), tuple(f"t3.{r}.{c}" for r in outcomes)))
    for r in rows:
        out.append(("row_total", f"表三 row {r}", (f"t3.{r}.total",), tuple(f"t3.{r}.{c}" for c in _APPLICANTS)))
    for b in T4_BLOCKS:
        out.append(("review_total", f"表四 {b}", (f"t4.{b}.total",), tuple(f"t4.{b}.{p}" for p in _T4_PARTS)))
    return out


def _fmt(v: Decimal | int | None) -> str:
    return "?" if v is None else str(v)


def review_ocr(record: ReportRecord, layer, threshold: float = CONFIDENCE_THRESHOLD) -> None:
    pieces = sorted((p for p in layer.pieces if p.kind != "table"), key=lambda p: p.start)
    tables = sorted((p for p in layer.pieces if p.kind == "table"), key=lambda p: p.start)
    starts = [p.start for p in pieces]
    tstarts = [p.start for p in tables]

    def piece_at(pos: int, end: int):
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pieces[i].start <= pos and end <= pieces[i].end:
            return pieces[i]
        return None

    def in_table(pos: int) -> bool:
        i = bisect_right(tstarts, pos) - 1
        return i >= 0 and tables[i].start <= pos < tables[i].end

    kept: list[Fact] = []
    uncertain = 0
    for f in record.facts:
        s = f.span
        if s is None:
            kept.append(f)
            continue
        piece = piece_at(s.start, s.end)
        if piece is None:
            kept.append(f._replace(placement="ocr") if in_table(s.start) else f)
            continue
        conf = piece.confidence_of(s.start, s.end)
        conf = round(conf if conf is not None else piece.confidence, 4)
        # a cell read as something that is neither a figure nor a blank mark ("/", "-") is no blank either
        garbled = f.value is None and f.raw.strip() and not is_null_token(f.raw)
        # a signed cell (表二 本年增/减): its minus is a small mark a scan can lose, and no identity checks it
        unsigned = f.key.endswith(SIGNED_SUFFIX) and f.value not in (None, 0)
        if garbled or unsigned or (f.value is not None and conf < threshold):
            uncertain += 1
            why = ("not a figure" if garbled else "a signed figure whose sign OCR cannot vouch for" if unsigned
                   else f"confidence {conf:.2f} (below {threshold})")
            record.findings.append(Finding(
                "ocr_uncertain", f.key, "warn",
                f"OCR read {f.raw!r} here, {why}: left unknown; read the figure in the scan", s))
            continue
        kept.append(f._replace(placement="ocr", confidence=conf))
    record.facts = kept
    misread = _check_identities(record)
    pages_note = f"{len({p.table for p in tables})} table(s), " if tables else ""
    ocr_figs = sum(1 for f in kept if f.placement == "ocr" and f.value is not None)
    record.findings.append(Finding(
        "input_ocr", None, "info",
        f"the report was read by OCR ({pages_note}{ocr_figs} figure(s) kept with placement 'ocr' and their "
        f"confidence, {uncertain} left unknown as uncertain, {misread} flagged by the table identities)"))


def _check_identities(record: ReportRecord) -> int:
    known = {f.key: f for f in record.facts if f.value is not None and not f.approximate}
    flagged: set[str] = set()
    for rule, label, lhs, rhs in identities(record.era):
        keys = lhs + rhs
        if not all(k in known for k in keys):
            continue               # not assessable (as in the warehouse's checks)
        ocr = [k for k in keys if known[k].placement == "ocr"]
        if not ocr:
            continue
        left = sum(known[k].value for k in lhs)          # type: ignore[misc]
        right = sum(known[k].value for k in rhs)         # type: ignore[misc]
        if left == right:
            continue
        for k in ocr:
            if k in flagged:
                continue
            flagged.add(k)
            f = known[k]
            record.findings.append(Finding(
                "ocr_misread", k, "warn",
                f"{k} = {_fmt(f.value)} was read by OCR (confidence {f.confidence}) in {label}, which fails "
                f"{rule} ({' + '.join(lhs)} = {_fmt(left)} but {_fmt(right)} on the other side): one of its "
                "cells is misread or the report is inconsistent; check the scan", f.span))
    return len(flagged)
