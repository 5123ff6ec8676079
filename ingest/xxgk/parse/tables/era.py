"""Era of the 表二 template, decided from the tables' own header wording (not the report year)."""

from __future__ import annotations

from xxgk.parse.tables.labels import ERA_MARKERS


def compact(text: str) -> str:
    """Text with whitespace and pipes removed, so split header cells read as one word."""
    return "".join(text.split()).replace("|", "")


def detect_era(text: str, flat: str | None = None) -> str | None:
    """'v2021' / 'v2019' by counting header markers; None when no table header is present.
    ``flat``: ``compact(text)`` when the caller has it already."""
    if flat is None:
        flat = compact(text)
    score = {era: sum(1 for m in marks if m in flat) for era, marks in ERA_MARKERS.items()}
    if not any(score.values()):
        return None
    if score["v2021"] == score["v2019"]:
        return None
    return max(score, key=score.__getitem__)
