"""Parsing: a pure function from a report's text to a ReportRecord (see report.parse_report)."""

from xxgk.parse.model import Agency, Fact, Finding, ReportRecord, Span
from xxgk.parse.report import PARSER_VERSION, parse_report

__all__ = ["Agency", "Fact", "Finding", "ReportRecord", "Span", "PARSER_VERSION", "parse_report"]
