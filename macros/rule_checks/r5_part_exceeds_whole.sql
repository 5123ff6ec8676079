{#- R5 part_exceeds_whole. A pair an exact identity covers (R1, R2, R3, R7) is only checked when that
    identity is not assessable: start from those few identity groups and fetch their cells, instead of
    pairing every cell with its whole and discarding most pairs afterwards.

    CTEs of intermediate.int_rule_checks, included there. Reads known, t3, t4, outcome_rows; r1, r2, r3, and r7 with its ident;
    the result is `r5`, one row per check in the columns of every rule. -#}
{% macro rule_check_part_exceeds_whole() %}
open_r1 as (select report_id, split_part(check_group, '|', 2) as row_key, check_group from r1 where n_known <> n_needed),
open_r2 as (select report_id, split_part(check_group, '|', 2) as col, check_group from r2 where n_known <> n_needed),
open_r3 as (select report_id, split_part(check_group, '|', 2) as row_key, check_group from r3 where n_known <> n_needed),
open_r7 as (select report_id, key as whole_key, check_group from r7 where n_known <> n_needed),

pairs as (
    -- declared pairs (channels, "其中" rows): no identity covers them
    select p.report_id, p.key as part_key, w.key as whole_key, p.value as part_value, w.value as whole_value,
           p.line_start as p_line, w.line_end as w_line
    from known as p
    join {{ ref('rule_part_whole') }} as s on s.part_key = p.key
    join known as w on w.report_id = p.report_id and w.key = s.whole_key
    union all
    -- 统计表 identities that are not assessable: each part vs the whole
    select p.report_id, p.key, w.key, p.value, w.value, p.line_start, w.line_end
    from open_r7 as g
    join ident as i on i.whole_key = g.whole_key
    join known as p on p.report_id = g.report_id and p.key = i.part_key
    join known as w on w.report_id = g.report_id and w.key = g.whole_key
    union all
    -- 表三: an applicant cell never exceeds its row's 总计
    select p.report_id, p.key, w.key, p.value, w.value, p.line_start, w.line_end
    from open_r1 as g
    join t3 as p on p.report_id = g.report_id and p.row_key = g.row_key and p.col <> 'total'
    join t3 as w on w.report_id = g.report_id and w.key = g.row_key || '.total'
    union all
    -- 表三: an outcome row never exceeds （七）总计 in its column
    select p.report_id, p.key, w.key, p.value, w.value, p.line_start, w.line_end
    from open_r2 as g
    join t3 as p on p.report_id = g.report_id and p.col = g.col
    join outcome_rows as o on o.row_key = p.row_key
    join t3 as w on w.report_id = g.report_id and w.key = 't3.total.' || g.col
    union all
    -- 表四: an outcome never exceeds its block's 总计
    select p.report_id, p.key, w.key, p.value, w.value, p.line_start, w.line_end
    from open_r3 as g
    join t4 as p on p.report_id = g.report_id and p.row_key = g.row_key and p.col <> 'total'
    join t4 as w on w.report_id = g.report_id and w.key = g.row_key || '.total'
),
r5(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        p.report_id, 'part_exceeds_whole', p.part_key, p.whole_key,
        p.part_value, p.whole_value,
        2, 2,
        p.part_key, p.whole_key,
        cast(null as varchar),
        least(p.p_line, p.w_line), greatest(p.p_line, p.w_line),
        'part_exceeds_whole|' || p.part_key || '|' || p.whole_key
    from pairs as p
)
{% endmacro %}
