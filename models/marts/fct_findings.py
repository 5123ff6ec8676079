"""marts.fct_findings: one row per data-quality finding.

Runs the Great Expectations checkpoint (expectations/gx, suite "rules") INSIDE `dbt build`: the
assessable rows of intermediate.int_rule_checks go to GX as one pandas frame (ids, rules, sides), one
expectation per rule; the rows it rejects come back by id (joined in DuckDB) and become findings with
both sides of the rule and their difference (xxgk.quality.checkpoint.build_findings).
The parser's own findings (raw.parse_findings) are passed through. A run with findings succeeds;
the model fails only when the checkpoint itself cannot evaluate the rules.

Incremental by report (macros/incremental_reports.sql, docs/incremental.md): a report's findings
depend only on its own rule-check rows and parse findings, so the findings of the reports whose rule
checks were not rebuilt in this build are carried over from the previous table and the checkpoint
validates only the others. gx_run names the validation run that produced each finding. The model stays a
table written whole (findings are few rows); dbt-duckdb's incremental Python path cannot append an
Arrow result, and a table keeps the carry-over in plain sight here.
"""

import pyarrow as pa

# build_findings' order; a stable sort of the carried-over and new rows keeps it
SORT_KEYS = [("report_id", "ascending"), ("source", "ascending"), ("rule", "ascending"), ("key", "ascending")]


def model(dbt, session):
    # the hooks (which reports are carried over, the versions built from) are in _marts__models.yml:
    # a Python model's code holds no Jinja
    dbt.config(materialized="table")
    from xxgk.quality.checkpoint import FINDINGS_SCHEMA, build_findings

    checks = dbt.ref("int_rule_checks")
    parse_findings = dbt.ref("stg_reports__parse_findings")
    # written by the pre-hook prepare_reused_reports: empty on a first or full build
    reused = f'dbt_state."{dbt.this.schema}__{dbt.this.identifier}__reused"'
    if session.sql(f"select count(*) from {reused}").fetchall()[0][0] == 0:
        return _on_this_connection(session, build_findings(checks, parse_findings, session=session))

    not_reused = f"report_id not in (select report_id from {reused})"
    new = build_findings(checks.filter(not_reused), parse_findings.filter(not_reused), session=session)
    columns = ", ".join(f.name for f in FINDINGS_SCHEMA)
    carried = session.sql(f"select {columns} from {dbt.this} "
                          f"where report_id in (select report_id from {reused})").fetch_arrow_table()
    table = pa.concat_tables([carried.cast(FINDINGS_SCHEMA), new])
    return _on_this_connection(session, table.sort_by(SORT_KEYS, null_placement="at_end"))


def _on_this_connection(session, table: pa.Table):
    """The result as a relation of the model's own connection: dbt-duckdb writes an Arrow result through
    a second connection, and the model's connection, inside a transaction begun earlier in the build (a
    hook's), would not see the table it wrote."""
    return session.from_arrow(table)
