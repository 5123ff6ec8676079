{#- R3 review_total: per 表四 block, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结

    CTEs of intermediate.int_rule_checks, included there. Reads t4;
    the result is `r3`, one row per check in the columns of every rule. -#}
{% macro rule_check_review_total() %}
r3(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        report_id, 'review_total', row_key || '.total', null,
        max(value) filter (where col = 'total'),
        sum(value) filter (where col in ('upheld', 'corrected', 'other', 'pending')),
        count(*), 5,
        '总计', '结果维持 + 结果纠正 + 其他结果 + 尚未审结',
        '表四 ' || row_key,
        min(line_start), max(line_end),
        'review_total|' || row_key
    from t4
    where col in ('upheld', 'corrected', 'other', 'pending', 'total')
    group by report_id, row_key
)
{% endmacro %}
