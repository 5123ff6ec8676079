"""表二/表三/表四 (v2019, v2021). Contract: ``extract_tables(norm_text) -> TableExtraction``."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.parse.model import Fact, Finding


@dataclass(slots=True)
class TableExtraction:
    era: str | None = None                 # "v2019" | "v2021" decided from the headers, else None
    facts: list[Fact] = field(default_factory=list)      # t2.* t3.* t4.* keys (value None = blank cell)
    findings: list[Finding] = field(default_factory=list)


def extract_tables(text: str) -> TableExtraction:
    """Stub until issue #3 lands."""
    return TableExtraction()
