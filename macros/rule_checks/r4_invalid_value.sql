{#- R4 invalid_value: the value as stated vs the nearest valid value (one row per invalid cell, and one
    passing row per report whose values are all valid, so every report with figures is assessed)

    CTEs of intermediate.int_rule_checks, included there. Reads int_report_facts (the changed reports' rows);
    the result is `r4`, one row per check in the columns of every rule. -#}
{% macro rule_check_invalid_value() %}
valued as not materialized (
    select
        report_id, key, value, line_start, line_end,
        case
            when value_type like 'decimal%' then greatest(value, 0)
            when value_type like '%negative%' then round(value)
            else greatest(round(value), 0)
        end as nearest_valid
    -- every stated value, approximate ones too; no era needed, so straight from the table
    from {{ ref('int_report_facts') }}
    where value is not null and {{ in_changed_reports() }}
),
r4(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        report_id, 'invalid_value', key, null,
        value, nearest_valid,
        1, 1,
        key, 'nearest valid value',
        cast(null as varchar),
        line_start, line_end,
        'invalid_value|' || key
    from valued
    where value <> nearest_valid
    union all
    select
        report_id, 'invalid_value', null, null,
        0, 0,
        count(*), count(*),
        'invalid values', 'no invalid values',
        cast(null as varchar),
        min(line_start), max(line_end),
        'invalid_value|'
    from valued
    group by report_id
    having count(*) filter (where value <> nearest_valid) = 0
)
{% endmacro %}
