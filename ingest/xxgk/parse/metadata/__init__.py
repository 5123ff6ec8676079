"""Report metadata: body, jurisdiction, year, publication date. Contract:
``extract_metadata(norm_text) -> Metadata``."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.parse.model import Agency, Finding


@dataclass(slots=True)
class Metadata:
    agency: Agency = field(default_factory=Agency)
    report_year: int | None = None
    published: str | None = None      # ISO date "YYYY-MM-DD"
    title: str | None = None
    findings: list[Finding] = field(default_factory=list)


def extract_metadata(text: str) -> Metadata:
    """Stub until issue #4 lands."""
    return Metadata()
