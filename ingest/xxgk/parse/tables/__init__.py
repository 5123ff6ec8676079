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
All passes are linear in the text length (the digit-run search is bounded per row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.parse.model import Fact, Finding
from xxgk.parse.tables.assemble import assemble
from xxgk.parse.tables.era import compact, detect_era
from xxgk.parse.tables.labels import T2_ANCHOR_PREFIX, T2_HEADER_WORDS, T3_ANCHOR_WORDS, T4_MARKERS
from xxgk.parse.tables.placement import Placer
from xxgk.parse.tables.templates import Table, t2_table, t3_table, t4_table
from xxgk.parse.tables.tokens import tokenize


@dataclass(slots=True)
class TableExtraction:
    era: str | None = None                 # "v2019" | "v2021" decided from the headers, else None
    facts: list[Fact] = field(default_factory=list)      # t2.* t3.* t4.* keys (value None = blank cell)
    findings: list[Finding] = field(default_factory=list)


# Every table row is opened by a token holding one of these (see assemble): a text without any has
# no table, and is done after one scan of its compact form.
_OPENERS = (*T4_MARKERS, T2_ANCHOR_PREFIX, *T2_HEADER_WORDS, *T3_ANCHOR_WORDS)
# All of them in one pattern: one scan of the text finds whether any occurs (a search per word
# costs more than the whole regex scan; 30% of reports are pre-2019 ones that hold none).
_ANY_OPENER = re.compile("|".join(map(re.escape, _OPENERS)))


def extract_tables(text: str) -> TableExtraction:
    flat = compact(text)
    era = detect_era(text, flat)
    if _ANY_OPENER.search(flat) is None:
        return TableExtraction(era=era)
    era3 = era or ("v2021" if "逾期不补正" in flat else "v2019")
    tables: dict[str, Table] = {"t3": t3_table(era3), "t4": t4_table()}
    if era is not None:
        tables["t2"] = t2_table(era)
    asm = assemble(tokenize(text), tables, era3)

    out = TableExtraction(era=era)
    missing: list[str] = []
    for name in ("t2", "t3", "t4"):
        if name not in tables:
            continue
        segs = [s for s in asm.segs if s.table == name]
        if not segs:
            missing.append(name)
            continue
        placer = Placer(text, tables[name])
        placer.place_all(segs)
        placer.completeness()
        out.facts.extend(placer.facts.values())
        out.findings.extend(placer.findings)
    if out.facts:                       # a v2019/v2021 report has all three tables
        for name in missing:
            out.findings.append(Finding("table_incomplete", name, "warn", f"table {name} not found"))
    return out
