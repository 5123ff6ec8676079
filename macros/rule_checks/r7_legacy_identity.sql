{#- R7 legacy_identity: pre-2019 统计表 identities (seeds/rule_legacy_identities.csv)

    CTEs of intermediate.int_rule_checks, included there. Reads known;
    the result is `r7`, one row per check in the columns of every rule. -#}
{% macro rule_check_legacy_identity() %}
ident as (select whole_key, part_key from {{ ref('rule_legacy_identities') }}),
ident_sizes as (select whole_key, count(*) as n_parts from ident group by whole_key),
r7_cells as (
    select k.report_id, i.whole_key, 'part' as side, k.value, k.line_start, k.line_end
    from known as k join ident as i on i.part_key = k.key
    union all
    select k.report_id, s.whole_key, 'whole', k.value, k.line_start, k.line_end
    from known as k join ident_sizes as s on s.whole_key = k.key
),
r7(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        c.report_id, 'legacy_identity', c.whole_key, null,
        max(c.value) filter (where c.side = 'whole'),
        sum(c.value) filter (where c.side = 'part'),
        count(*), any_value(s.n_parts) + 1,
        c.whole_key, '分项之和',
        '统计表 ' || c.whole_key,
        min(c.line_start), max(c.line_end),
        'legacy_identity|' || c.whole_key
    from r7_cells as c
    join ident_sizes as s using (whole_key)
    group by c.report_id, c.whole_key
)
{% endmacro %}
