-- The two sides of every rule (DOMAIN.md R0–R8 and completeness), per report, rule and key.
--
-- One row per check instance. `assessable` is false when a cell the rule needs is unknown (absent,
-- blank or approximate): such a rule is "not assessable", never failed. The Great Expectations
-- checkpoint (xxgk.quality, run by the dbt Python model marts.fct_findings) validates the assessable
-- rows, one expectation per rule; the rows it rejects become findings.
--
-- Part/whole pairs (R5) that an exact identity already covers (R1, R2, R3, R7) are only checked when
-- that identity is not assessable, so one wrong cell yields one finding, not two.
--
-- Incremental by report (macros/incremental_reports.sql): every read of a report's own rows is
-- limited to the reports to rebuild (`in_changed_reports`). R6 carry_over also reads the year before's
-- picked report, unfiltered; a report is rebuilt when that report or the pick changes.
{{ config(
    materialized='incremental', incremental_strategy='append', on_schema_change='fail',
    pre_hook=["{{ prepare_changed_reports('rule_checks') }}", "{{ delete_changed_reports() }}"],
    post_hook="{{ record_report_versions('rule_checks') }}",
) }}
{{ report_version_dependencies('rule_checks') }}

with reports as (
    select report_id, era, report_year, agency_name, province, prefecture, county, division_code, level, kind
    from {{ ref('stg_reports__reports') }}
    where {{ in_changed_reports() }}
),

-- Each rule reads only the columns and rows it needs, straight from the table (a filtered column scan
-- is cheap). One CTE over all of int_report_facts, texts included, was materialised and re-scanned by
-- every rule: at 100k reports (15M facts, 12M of them 表三) that cost more than the rules themselves.
-- 表三/表四 cells (blank ones too: completeness counts them), with the report's era.
t34 as not materialized (
    select f.report_id, f.key, f.section, f.row_key, f.col, f.value, f.is_known, f.line_start, f.line_end, r.era
    from {{ ref('int_report_facts') }} as f
    join reports as r using (report_id)
    where f.section in ('t3', 't4') and {{ in_changed_reports('f.report_id') }}
),

-- R0/R1 need no era: no join with the reports for 12M cells (the source test raw.facts -> raw.reports
-- stops the build before this model if a fact's report were missing)
t3_cells as not materialized (
    select report_id, key, row_key, col, value, line_start, line_end
    from {{ ref('int_report_facts') }}
    where section = 't3' and is_known and {{ in_changed_reports() }}
),
t3 as not materialized (select * exclude (is_known, section) from t34 where is_known and section = 't3'),
t4 as not materialized (select * exclude (is_known, section) from t34 where is_known and section = 't4'),

-- The known cells the pairwise rules (R5 declared pairs and 统计表 identities, R6, R8) look up by key:
-- the keys their seeds name, and every prose figure (R8). A few percent of the facts, kept once.
rule_keys as (
    select part_key as key from {{ ref('rule_legacy_identities') }}
    union select whole_key from {{ ref('rule_legacy_identities') }}
    union select part_key from {{ ref('rule_part_whole') }}
    union select whole_key from {{ ref('rule_part_whole') }}
    union select table_key from {{ ref('rule_narrative_pairs') }}
    union select unnest(['t3.carried_in.total', 't3.carried_forward.total'])
),

known as materialized (
    select f.report_id, f.key, f.section, f.value, f.line_start, f.line_end, r.era
    from (
        select * from {{ ref('int_report_facts') }}
        where is_known and section = 'narrative' and {{ in_changed_reports() }}
        union all
        select * from {{ ref('int_report_facts') }} as f
        where is_known and section <> 'narrative' and key in (select key from rule_keys)
          and {{ in_changed_reports() }}
    ) as f
    join reports as r using (report_id)
),

applicant_cols as (select applicant_type from {{ ref('applicant_types') }}),
outcome_rows as (select row_key, era from {{ ref('t3_rows') }} where row_kind = 'outcome'),
outcome_needed as (
    select e.era, count(*) + 1 as n
    from (values ('v2019'), ('v2021')) as e(era)
    join outcome_rows as o on o.era in (e.era, 'both')
    group by e.era
),

-- R0 balance: per 表三 column, 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理
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
),

-- R1 row_total: per 表三 row, 总计 = the six applicant columns
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
),

-- R2 outcome_total: per 表三 column, （七）总计 = the sum of the outcome rows of the report's era
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
),

-- R3 review_total: per 表四 block, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
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
),

-- R7 legacy_identity: pre-2019 统计表 identities (seeds/rule_legacy_identities.csv)
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
),

-- R5 part_exceeds_whole. A pair an exact identity covers (R1, R2, R3, R7) is only checked when that
-- identity is not assessable: start from those few identity groups and fetch their cells, instead of
-- pairing every cell with its whole and discarding most pairs afterwards.
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
),

-- R6 carry_over: 上年结转 in year t+1 = 结转下年度继续办理 in year t, for the report that stands for
-- the body in each year (int_report_pick)
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
),

-- R8 narrative_mismatch: a figure in prose = the table figure(s) for the same thing
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
),

-- R4 invalid_value: the value as stated vs the nearest valid value (one row per invalid cell, and one
-- passing row per report whose values are all valid, so every report with figures is assessed)
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
),

-- Completeness of 表三/表四 (v2019/v2021): cells missing between cells that are present.
-- A table cut off at the end of an excerpt is not flagged here (its missing cells all follow the
-- last one present); the table parser reports cut rows it can see (e.g. a 表四 row of 10 of 15 cells).
-- Per report and table: the cells present vs the template cells up to the last one present (counted
-- once per era in the small template); only a report with a gap is laid against the template cell by
-- cell, to name the first missing row.
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
),

-- Completeness of the metadata: year, body and era known
meta(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select report_id, 'year_missing', null, null, cast(report_year as decimal(38, 4)), null,
           1, 1, 'report year', null, cast(null as varchar), null, null, 'year_missing|'
    from reports
    union all
    select report_id, 'agency_missing', null, null,
           case when coalesce(agency_name, province, prefecture, county, division_code, level, kind) is not null then 1 end,
           null, 1, 1, 'reporting body known', null, null, null, null, 'agency_missing|'
    from reports
    union all
    select report_id, 'era_missing', null, null,
           case when era is not null then 1 end,
           null, 1, 1, 'format era known', null, null, null, null, 'era_missing|'
    from reports
),

unioned as (
    select * from r0
    union all select * from r1
    union all select * from r2
    union all select * from r3
    union all select * from r4
    union all select * from r5
    union all select * from r6
    union all select * from r7
    union all select * from r8
    union all select * from completeness
    union all select * from meta
),

typed as (
    select
        report_id,
        rule,
        key,
        ref_key,
        cast(lhs as decimal(38, 4)) as lhs,
        cast(rhs as decimal(38, 4)) as rhs,
        n_known,
        n_needed,
        lhs_label,
        rhs_label,
        scope,
        line_start,
        line_end,
        check_group
    from unioned
)

select
    md5(concat_ws('|', c.report_id, c.check_group)) as check_id,
    c.report_id,
    c.rule,
    rc.rule_code,
    rc.severity,
    c.key,
    c.ref_key,
    c.lhs,
    c.rhs,
    c.lhs - c.rhs                                      as diff,
    c.n_known,
    c.n_needed,
    coalesce(c.n_known = c.n_needed, false)            as assessable,
    c.lhs_label,
    c.rhs_label,
    case
        when c.rule = 'year_missing' then 'the report year is unknown'
        when c.rule = 'agency_missing' then 'nothing is known about the reporting body (name, jurisdiction, level, kind)'
        when c.rule = 'era_missing' then 'the format era (pre2019 / v2019 / v2021) is unknown'
        when c.rule = 'table_incomplete' then
            c.scope || ': ' || {{ fmt_num('c.lhs') }} || ' of ' || {{ fmt_num('c.rhs') }}
            || ' cells present up to the last cell given; first gap in ' || c.key
        when c.rule = 'invalid_value' then
            c.key || ' = ' || {{ fmt_num('c.lhs') }} || ' is not a valid value (nearest valid: ' || {{ fmt_num('c.rhs') }} || ')'
        when c.rule = 'part_exceeds_whole' then
            c.key || ' = ' || {{ fmt_num('c.lhs') }} || ' exceeds its whole ' || c.ref_key || ' = ' || {{ fmt_num('c.rhs') }}
        else
            coalesce(c.scope || ': ', '') || c.lhs_label || ' = ' || {{ fmt_num('c.lhs') }} || ' but '
            || c.rhs_label || ' = ' || {{ fmt_num('c.rhs') }}
            || ' (difference ' || {{ fmt_num('c.lhs - c.rhs') }} || ')'
    end                                                as detail,
    c.line_start,
    c.line_end,
    c.check_group
from typed as c
left join {{ ref('rule_catalog') }} as rc on rc.rule = c.rule
