{#- R1 row_total: per 表三 row, 总计 = the six applicant columns

    CTEs of intermediate.int_rule_checks, included there. Reads t3_cells, applicant_cols;
    the result is `r1`, one row per check in the columns of every rule. -#}
{% macro rule_check_row_total() %}
r1(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        report_id, 'row_total', row_key || '.total', null,
        max(value) filter (where col = 'total'),
        sum(value) filter (where col <> 'total'),
        count(*), 7,
        '总计', '自然人 + 五类法人或其他组织',
        '表三 row ' || row_key,
        min(line_start), max(line_end),
        'row_total|' || row_key
    from t3_cells
    where col in (select applicant_type from applicant_cols)
    group by report_id, row_key
)
{% endmacro %}
