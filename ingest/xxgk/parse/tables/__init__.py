"""表二/表三/表四 (v2019, v2021). Contract: ``extract_tables(norm_text) -> TableExtraction``.

Pipeline (one module per concern):
  era.py        the template era from the header wording
  tokens.py     layout tokenising: any layout -> one stream of cell tokens with offsets
  templates.py  the official templates as ordered rows of catalog keys; label matching
  labels.py     the Chinese template wording (data only)
  assemble.py   token stream -> row segments (label + its value cells; lost-label rows)
  splitting.py  merged digit runs ("000000") split only where certain
  values.py     cell text -> numbers / blanks / money in the key's unit
  placement.py  segments -> facts with placement, and findings for what cannot be placed
  shortrows.py  rows showing fewer cells than their template: every reading, kept where all agree
  rendering.py  what the text shows of its rendering: label filler, empty cells dropped or kept
  identities.py the template identities and cell domains (data/templates/identities.csv)
  cellsplit.py  every valid split of a run of merged cells into a row's cells
  solver.py     a table of runs as one system under its identities: which rows are certain
  fused.py      tables whose cells ran together ("规章000规范性文件1077"): anchors, runs, solve
All passes are linear in the text length (the digit-run search is bounded per row and per table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.parse.model import Fact, Finding, Span
from xxgk.parse.tables.assemble import Seg, assemble
from xxgk.parse.tables.era import compact, detect_era
from xxgk.parse.tables.fused import find_runs, looks_fused, read_fused
from xxgk.parse.tables.labels import T2_ANCHOR_PREFIX, T2_HEADER_WORDS, T3_ANCHOR_WORDS, T4_MARKERS
from xxgk.parse.tables.placement import Placer
from xxgk.parse.tables.rendering import Rendering, rendering
from xxgk.parse.tables.templates import Table, t2_table, t3_table, t4_table
from xxgk.parse.tables.tokens import END, START, TEXT, tokenize


@dataclass(slots=True)
class TableExtraction:
    era: str | None = None                 # "v2019" | "v2021" decided from the headers, else None
    facts: list[Fact] = field(default_factory=list)      # t2.* t3.* t4.* keys (value None = blank cell)
    findings: list[Finding] = field(default_factory=list)
    # [start, end) of every table found (read or not): prose is never read inside them
    regions: list[tuple[int, int]] = field(default_factory=list)


# Every table row is opened by a token holding one of these (see assemble): a text without any has
# no table, and is done after one scan of its compact form.
_OPENERS = (*T4_MARKERS, T2_ANCHOR_PREFIX, *T2_HEADER_WORDS, *T3_ANCHOR_WORDS)
# All of them in one pattern: one scan of the text finds whether any occurs (a search per word
# costs more than the whole regex scan; 30% of reports are pre-2019 ones that hold none).
_ANY_OPENER = re.compile("|".join(map(re.escape, _OPENERS)))


# A row label that ends in figures ("规章000", "…数量0000000"): the cells ran into their label.
_FUSED_LABEL = re.compile(r"\d(?:万?元)?$")
_DIGIT = re.compile(r"\d")


def extract_tables(text: str) -> TableExtraction:
    flat = compact(text)
    era = detect_era(text, flat)
    if _ANY_OPENER.search(flat) is None:
        return TableExtraction(era=era)       # sections without a table: xxgk.parse.sections (table_missing)
    era3 = era or ("v2021" if "逾期不补正" in flat else "v2019")
    tables: dict[str, Table] = {"t3": t3_table(era3), "t4": t4_table()}
    if era is not None:
        tables["t2"] = t2_table(era)
    asm = assemble(tokenize(text), tables, era3)

    out = TableExtraction(era=era)
    shown = rendering(asm.segs, tables)     # how the text renders its tables (pads, drops, keeps)
    missing: list[str] = []
    unreadable = False
    for name in ("t2", "t3", "t4"):
        if name not in tables:
            continue
        segs = [s for s in asm.segs if s.table == name]
        era_t = era if name == "t2" and era else era3
        fused_labels = any(s.label is not None and _FUSED_LABEL.search(s.label[TEXT]) for s in segs)
        placer = _place(text, tables[name], segs, shown) if segs and not fused_labels else None
        if placer is None or len(placer.facts) < len(tables[name].keys):
            # no row seen by the cell reader, rows whose cells ran into their labels, or a table the
            # cell reader left incomplete that looks run together: read it as runs of merged cells
            runs = find_runs(text, tables[name], era_t)
            if runs.header is not None and (runs.runs or placer is None) and (placer is None or looks_fused(runs, tables[name])):
                fused = read_fused(text, tables[name], era_t, runs)
                if placer is None or len(fused.facts) >= len(placer.facts):   # a tie: its findings name the runs
                    out.facts.extend(fused.facts)
                    out.findings.extend(fused.findings)
                    if fused.region:
                        out.regions.append(fused.region)
                    unreadable |= not fused.facts
                    continue
        if placer is None:
            missing.append(name)
            continue
        region = _region(segs)
        if not placer.facts and not any(s.cells for s in segs) and _DIGIT.search(text, region[1]):
            # its rows are there without a cell, and the text goes on: unreadable, not cut short
            unreadable = True
            out.findings.append(Finding("table_unreadable", name, "warn",
                                        f"table {name}: {len(segs)} row labels found but no cell after them",
                                        Span.of(text, region[0], region[1])))
        else:
            out.findings.extend(placer.findings)
        out.facts.extend(placer.facts.values())
        out.regions.append(region)
    if out.facts or unreadable:         # a v2019/v2021 report has all three tables
        for name in missing:
            out.findings.append(Finding("table_incomplete", name, "warn", f"table {name} not found"))
    return out


def _place(text: str, table: Table, segs: list[Seg], shown: Rendering) -> Placer:
    placer = Placer(text, table, shown)
    placer.place_all(segs)
    placer.completeness()
    return placer


def _region(segs: list[Seg]) -> tuple[int, int]:
    """From the first label or cell of a table's segments to the end of its last cell."""
    starts = [s.label[START] for s in segs if s.label is not None] + [s.cells[0][START] for s in segs if s.cells]
    ends = [s.cells[-1][END] for s in segs if s.cells] + [s.label[END] for s in segs if s.label is not None]
    return min(starts), max(ends)
