"""Parsing: a pure function from a report's text to a ReportRecord (see report.parse_report).

The names below are loaded on first use, so ``from xxgk.parse import PARSER_VERSION`` (the up-to-date
check) does not pay for importing the whole parser."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from xxgk.parse.version import PARSER_VERSION

if TYPE_CHECKING:
    from xxgk.parse.model import Agency, Fact, Finding, ReportRecord, Span
    from xxgk.parse.report import parse_report

__all__ = ["Agency", "Fact", "Finding", "ReportRecord", "Span", "PARSER_VERSION", "parse_report"]
_HOME = {"Agency": "model", "Fact": "model", "Finding": "model", "ReportRecord": "model", "Span": "model",
         "parse_report": "report"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"xxgk.parse.{_HOME[name]}"), name)
    raise AttributeError(f"module 'xxgk.parse' has no attribute {name!r}")
