{#- R6 carry_over: 上年结转 in year t+1 = 结转下年度继续办理 in year t, for the report that stands for
    the body in each year (int_report_pick)

    CTEs of intermediate.int_rule_checks, included there. Reads known;
    the result is `r6`, one row per check in the columns of every rule. -#}
{% macro rule_check_carry_over() %}
primary_reports as (
    -- every body's picked reports, not only the changed ones: the year before is read too
    select report_id, agency_id, report_year from ({{ picked_reports() }})
),
-- the year before's 结转下年度继续办理, read for any report (`known` holds only the changed ones)
prev_carried_forward as (
    select report_id, value
    from {{ ref('int_report_facts') }}
    where is_known and key = 't3.carried_forward.total'
),
r6(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        cur.report_id, 'carry_over', 't3.carried_in.total', prev.report_id || ':t3.carried_forward.total',
        cin.value, cfw.value,
        2, 2,
        '上年结转 (' || cur.report_year || ')', '结转下年度继续办理 (' || prev.report_year || ', report ' || prev.report_id || ')',
        cast(null as varchar),
        cin.line_start, cin.line_end,
        'carry_over|' || cur.report_id
    from primary_reports as cur
    join known as cin on cin.report_id = cur.report_id and cin.key = 't3.carried_in.total'
    join primary_reports as prev on prev.agency_id = cur.agency_id and prev.report_year = cur.report_year - 1
    join prev_carried_forward as cfw on cfw.report_id = prev.report_id
)
{% endmacro %}
