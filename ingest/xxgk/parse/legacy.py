"""Pre-2019 统计表 (legacy.* keys). Contract: ``extract_legacy(norm_text, report_year) -> LegacyExtraction``."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.parse.model import Fact, Finding


@dataclass(slots=True)
class LegacyExtraction:
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def extract_legacy(text: str, report_year: int | None = None) -> LegacyExtraction:
    """Stub until issue #4 lands."""
    return LegacyExtraction()
