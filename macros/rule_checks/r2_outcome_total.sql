{#- R2 outcome_total: per 表三 column, （七）总计 = the sum of the outcome rows of the report's era

    CTEs of intermediate.int_rule_checks, included there. Reads t3, outcome_rows, outcome_needed;
    the result is `r2`, one row per check in the columns of every rule. -#}
{% macro rule_check_outcome_total() %}
r2(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        t.report_id, 'outcome_total', 't3.total.' || t.col, null,
        max(t.value) filter (where t.row_key = 't3.total'),
        sum(t.value) filter (where o.row_key is not null),
        count(*), any_value(n.n),
        '（七）总计', '办理结果各行之和',
        '表三 column ' || t.col,
        min(t.line_start), max(t.line_end),
        'outcome_total|' || t.col
    from t3 as t
    left join outcome_rows as o on o.row_key = t.row_key and o.era in (t.era, 'both')
    left join outcome_needed as n on n.era = t.era
    where t.row_key = 't3.total' or o.row_key is not null
    group by t.report_id, t.col
)
{% endmacro %}
