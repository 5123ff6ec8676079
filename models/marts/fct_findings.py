"""marts.fct_findings: one row per data-quality finding.

Runs the Great Expectations checkpoint (expectations/gx, suite "rules") INSIDE `dbt build`: the
assessable rows of intermediate.int_rule_checks go to GX as a pandas frame, one expectation per
rule; the rows it rejects become findings with both sides of the rule and their difference.
The parser's own findings (raw.parse_findings) are passed through. A run with findings succeeds;
the model fails only when the checkpoint itself cannot evaluate the rules.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from xxgk.quality.checkpoint import build_findings

    checks = dbt.ref("int_rule_checks")
    parse_findings = dbt.ref("stg_reports__parse_findings")
    return build_findings(checks, parse_findings, session=session)
