-- The two sides of every rule (DOMAIN.md R0–R8 and completeness), per report, rule and key.
--
-- One rule family per file: macros/rule_checks/<rule>.sql holds its CTEs (read the rule there); this
-- model holds the inputs they share (below), includes them, and unites their rows.
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
{{ incremental_by_report('rule_checks') }}

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

{{ rule_check_balance() }},

{{ rule_check_row_total() }},

{{ rule_check_outcome_total() }},

{{ rule_check_review_total() }},

{{ rule_check_legacy_identity() }},

{{ rule_check_part_exceeds_whole() }},

{{ rule_check_carry_over() }},

{{ rule_check_narrative_mismatch() }},

{{ rule_check_invalid_value() }},

{{ rule_check_table_incomplete() }},

{{ rule_check_metadata_missing() }},

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
