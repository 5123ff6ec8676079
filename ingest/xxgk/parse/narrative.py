"""Figures stated in prose (narrative.* keys). Contract: ``extract_narrative(norm_text) -> NarrativeExtraction``."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.parse.model import Fact, Finding


@dataclass(slots=True)
class NarrativeExtraction:
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def extract_narrative(text: str) -> NarrativeExtraction:
    """Stub until issue #4 lands."""
    return NarrativeExtraction()
