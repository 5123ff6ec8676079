"""The rules the checkpoint enforces: one Great Expectations expectation per rule, named after it.

Names are the CONTRACT.md finding rule names; ``seeds/rule_catalog.csv`` holds the same list with
severities and readable Chinese labels for the marts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Check = Literal["equal", "part_le_whole", "known"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str          # CONTRACT.md rule name, e.g. "balance"
    code: str          # R0..R8 or "completeness"
    check: Check       # how lhs/rhs of int_rule_checks must relate
    text: str          # what the rule says


RULES: tuple[Rule, ...] = (
    Rule("balance", "R0", "equal",
         "表三 each column: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理"),
    Rule("row_total", "R1", "equal", "表三 each row: 总计 = the sum of the six applicant columns"),
    Rule("outcome_total", "R2", "equal", "表三 each column: （七）总计 = the sum of all outcome rows"),
    Rule("review_total", "R3", "equal", "表四 each block: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
    Rule("invalid_value", "R4", "equal",
         "counts are non-negative integers (v2019 本年增/减 may be negative), money a non-negative decimal: "
         "value = nearest valid value"),
    Rule("part_exceeds_whole", "R5", "part_le_whole", "a part never exceeds its whole"),
    Rule("carry_over", "R6", "equal", "结转下年度继续办理 in year t = 上年结转 in year t+1 (same body)"),
    Rule("legacy_identity", "R7", "equal",
         "pre-2019 统计表 identities: 收到申请数 = sum of channels, 申请办结数 = 按时 + 延期, ..."),
    Rule("narrative_mismatch", "R8", "equal", "a figure stated in prose = the table figure for the same thing"),
    Rule("table_incomplete", "completeness", "equal",
         "表三/表四 present: no cell missing before the last cell given"),
    Rule("year_missing", "completeness", "known", "the report year is known"),
    Rule("agency_missing", "completeness", "known", "something is known about the reporting body"),
    Rule("era_missing", "completeness", "known", "the format era is known"),
)

RULES_BY_NAME = {r.name: r for r in RULES}
