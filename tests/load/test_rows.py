"""Parsed records -> raw-table rows: the pure functions behind the ingest's Arrow tables."""

from __future__ import annotations

from decimal import Decimal

from xxgk.load.rows import FACT_SCHEMA, fact_table, record_rows
from xxgk.parse.model import Fact, ReportRecord, Span


def _rows(facts: list[Fact]):
    record = ReportRecord(file="a.txt", text="x", facts=facts)
    return record_rows(record, report_id="r1", text_id="t1", source_path="/in/a.txt", source_format="txt",
                       encoding="utf-8", byte_size=1, raw_text="x", parser_version="test")


def test_a_figure_too_large_for_the_warehouse_is_stored_as_unknown_with_a_finding():
    small = Fact("t3.new.total", 12, "12", Span(10, 12, 3, 3))
    huge = Fact("t4.review.total", 10 ** 16, "10000000000000000", Span(40, 57, 5, 5))
    _, facts, findings = _rows([small, huge])
    assert facts == [small, huge._replace(value=None)]
    assert findings == [("r1", "invalid_value", "t4.review.total", "error",
                         "figure '10000000000000000' is too large to be a count or amount; stored as unknown", 40, 5)]


def test_figures_just_below_the_limit_pass_unchanged():
    facts = [Fact("t3.new.total", 10 ** 16 - 1, "9999999999999999", None),
             Fact("t2.fees.amount", Decimal("-9999999999999999.9999"), "-9999999999999999.9999", None)]
    _, stored, findings = _rows(facts)
    assert stored == facts and findings == []


def test_fact_table_has_one_row_per_fact_with_its_report_and_span():
    facts = [Fact("t3.new.total", 12, "12", Span(10, 12, 3, 3)),
             Fact("t2.fees.amount", Decimal("160.5964"), "160.5964万元", Span(80, 90, 7, 8), "prose",
                  unit="万元", sentence="收取费用160.5964万元。"),
             Fact("t3.new.natural", None, "/", None, "position", approximate=True),
             Fact("t3.new.research", 7, "7", Span(20, 21, 4, 4), "ocr", confidence=0.97)]
    table = fact_table(["r1", "r1", "r2", "r3"], facts)
    assert table.schema == FACT_SCHEMA
    assert table.to_pylist() == [
        {"report_id": "r1", "key": "t3.new.total", "value": "12", "raw": "12", "placement": "label",
         "approximate": False, "unit": None, "span_start": 10, "span_end": 12, "line_start": 3, "line_end": 3,
         "sentence": None, "page": None, "bbox": None, "confidence": None},
        {"report_id": "r1", "key": "t2.fees.amount", "value": "160.5964", "raw": "160.5964万元",
         "placement": "prose", "approximate": False, "unit": "万元", "span_start": 80, "span_end": 90,
         "line_start": 7, "line_end": 8, "sentence": "收取费用160.5964万元。", "page": None, "bbox": None, "confidence": None},
        {"report_id": "r2", "key": "t3.new.natural", "value": None, "raw": "/", "placement": "position",
         "approximate": True, "unit": None, "span_start": None, "span_end": None, "line_start": None,
         "line_end": None, "sentence": None, "page": None, "bbox": None, "confidence": None},
        {"report_id": "r3", "key": "t3.new.research", "value": "7", "raw": "7", "placement": "ocr",
         "approximate": False, "unit": None, "span_start": 20, "span_end": 21, "line_start": 4, "line_end": 4,
         "sentence": None, "page": None, "bbox": None, "confidence": 0.97},
    ]


def test_fact_table_carries_where_each_pdf_figure_is():
    facts = [Fact("t3.new.total", 12, "12", Span(10, 12, 3, 3)), Fact("t3.new.natural", None, "", None)]
    table = fact_table(["r1", "r1"], facts, [(3, (72.5, 100.0, 80.25, 110.5)), None])
    rows = table.to_pylist()
    assert (rows[0]["page"], rows[0]["bbox"]) == (3, [72.5, 100.0, 80.25, 110.5])
    assert (rows[1]["page"], rows[1]["bbox"]) == (None, None)


def test_fact_table_of_no_facts_is_empty_with_the_schema():
    table = fact_table([], [])
    assert table.num_rows == 0 and table.schema == FACT_SCHEMA
