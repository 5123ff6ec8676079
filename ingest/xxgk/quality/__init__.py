"""Data-quality layer: the Great Expectations checkpoint over the rule checks and the findings it yields.

The two sides of every rule are computed in SQL (dbt model ``intermediate.int_rule_checks``); the
checkpoint (expectations/gx, one expectation per rule, named after it) validates them as a pandas
frame, and the rows it rejects become rows of ``marts.fct_findings`` together with the parser's own
findings. All of it runs inside ``dbt build`` (the Python model ``models/marts/fct_findings.py``).
"""

from xxgk.quality.rules import RULES, Rule

__all__ = ["RULES", "Rule"]
