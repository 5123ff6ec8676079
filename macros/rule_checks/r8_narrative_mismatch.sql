{#- R8 narrative_mismatch: a figure in prose = the table figure(s) for the same thing

    CTEs of intermediate.int_rule_checks, included there. Reads known;
    the result is `r8`, one row per check in the columns of every rule. -#}
{% macro rule_check_narrative_mismatch() %}
npairs as (select narrative_key, family, table_key, factor from {{ ref('rule_narrative_pairs') }}),
npair_sizes as (select narrative_key, family, count(*) as n from npairs group by all),
nbase as (
    select k.report_id, k.key, k.value, k.line_start, k.line_end,
           case when k.era = 'pre2019' then 'legacy' when k.era in ('v2019', 'v2021') then 'table' end as family
    from known as k
    where k.section = 'narrative'
),
r8(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        b.report_id, 'narrative_mismatch', b.key, string_agg(np.table_key, ' + ' order by np.table_key),
        any_value(b.value), sum(t.value * np.factor),
        count(t.key) + 1, any_value(s.n) + 1,
        '正文 ' || b.key, '表格 ' || string_agg(np.table_key, ' + ' order by np.table_key),
        cast(null as varchar),
        least(min(b.line_start), min(t.line_start)), greatest(max(b.line_end), max(t.line_end)),
        'narrative_mismatch|' || b.key
    from nbase as b
    join npair_sizes as s on s.narrative_key = b.key and s.family = b.family
    join npairs as np on np.narrative_key = b.key and np.family = b.family
    left join known as t on t.report_id = b.report_id and t.key = np.table_key
    group by b.report_id, b.key
    having count(t.key) > 0
)
{% endmacro %}
