{#- R0 balance: per 表三 column, 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理

    CTEs of intermediate.int_rule_checks, included there. Reads t3_cells;
    the result is `r0`, one row per check in the columns of every rule. -#}
{% macro rule_check_balance() %}
r0 as (
    select
        report_id, 'balance' as rule, 't3.total.' || col as key, cast(null as varchar) as ref_key,
        sum(value) filter (where row_key in ('t3.new', 't3.carried_in'))        as lhs,
        sum(value) filter (where row_key in ('t3.total', 't3.carried_forward')) as rhs,
        count(*) as n_known, 4 as n_needed,
        '本年新收 + 上年结转' as lhs_label, '（七）总计 + 结转下年度继续办理' as rhs_label,
        '表三 column ' || col as scope,
        min(line_start) as line_start, max(line_end) as line_end,
        'balance|' || col as check_group
    from t3_cells
    where row_key in ('t3.new', 't3.carried_in', 't3.total', 't3.carried_forward')
    group by report_id, col
)
{% endmacro %}
