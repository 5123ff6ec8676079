{#- Completeness of 表三/表四 (v2019/v2021): cells missing between cells that are present.
    A table cut off at the end of an excerpt is not flagged here (its missing cells all follow the
    last one present); the table parser reports cut rows it can see (e.g. a 表四 row of 10 of 15 cells).
    Per report and table: the cells present vs the template cells up to the last one present (counted
    once per era in the small template); only a report with a gap is laid against the template cell by
    cell, to name the first missing row.

    CTEs of intermediate.int_rule_checks, included there. Reads t34;
    the result is `completeness`, one row per check in the columns of every rule. -#}
{% macro rule_check_table_incomplete() %}
template as (
    select e.era, 't3' as tbl, r.row_key || '.' || a.applicant_type as key, r.row_key,
           r.sort_order * 10 + a.sort_order as pos
    from (values ('v2019'), ('v2021')) as e(era)
    join {{ ref('t3_rows') }} as r on r.era in (e.era, 'both')
    cross join {{ ref('applicant_types') }} as a
    union all
    select e.era, 't4', 't4.' || o.proceeding || '.' || o.outcome, 't4.' || o.proceeding, o.sort_order
    from (values ('v2019'), ('v2021')) as e(era)
    cross join {{ ref('review_outcomes') }} as o
    where o.proceeding in ('review', 'suit_direct', 'suit_after_review')
),
template_upto as (
    -- template cells at or before each position (ties included)
    select era, tbl, pos, count(*) over (partition by era, tbl order by pos) as n_upto
    from template
),
present as (
    select f.report_id, t.era, t.tbl, f.key, t.pos, f.line_start, f.line_end
    from t34 as f
    join template as t on t.key = f.key and t.era = f.era
),
table_present as (
    select report_id, era, tbl, max(pos) as last_pos, count(*) as n_present,
           min(line_start) as line_start, max(line_end) as line_end
    from present
    group by report_id, era, tbl
),
table_counts as (
    select p.*, u.n_upto
    from table_present as p
    join (select distinct era, tbl, pos, n_upto from template_upto) as u
      on u.era = p.era and u.tbl = p.tbl and u.pos = p.last_pos
),
first_gap as (
    select c.report_id, c.tbl, arg_min(t.row_key, t.pos) as row_key
    from (select * from table_counts where n_present < n_upto) as c
    join template as t on t.era = c.era and t.tbl = c.tbl and t.pos <= c.last_pos
    -- the cells of the few reports with a gap (a template key of the report's era is in `present`
    -- exactly when the report has that cell, so the table itself is enough)
    left join (
        select report_id, key from {{ ref('int_report_facts') }}
        where section in ('t3', 't4')
          and report_id in (select report_id from table_counts where n_present < n_upto)
    ) as p on p.report_id = c.report_id and p.key = t.key
    where p.key is null
    group by c.report_id, c.tbl
),
completeness(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select
        c.report_id, 'table_incomplete',
        coalesce(g.row_key, c.tbl), null,
        c.n_present, c.n_upto,
        1, 1,
        'cells present', 'cells up to the last one present',
        case c.tbl when 't3' then '表三' else '表四' end,
        c.line_start, c.line_end,
        'table_incomplete|' || c.tbl
    from table_counts as c
    left join first_gap as g using (report_id, tbl)
)
{% endmacro %}
