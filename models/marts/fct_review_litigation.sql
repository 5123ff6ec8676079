-- Administrative review and litigation in long form, from 表四 (2019+) and the pre-2019 统计表:
-- one row per report, proceeding and outcome. count null = the cell is blank.
--
-- Incremental by report (macros/incremental_reports.sql); a report is rebuilt when it changes or when
-- it starts or stops being the one that stands for its body.
{{ incremental_by_report('pick') }}
with cells as (
    select
        report_id, key, value, line_start,
        case when section = 't4' then 'table' else 'legacy' end as source,
        case
            when section = 't4' then split_part(key, '.', 2)
            when key like 'legacy.review.%' then 'review'
            when key like 'legacy.suit.%' then 'suit'
            when key like 'legacy.complaint.%' then 'complaint'
        end as proceeding,
        col as outcome
    from {{ ref('int_report_facts') }}
    where (section = 't4'
       or key like 'legacy.review.%' or key like 'legacy.suit.%' or key like 'legacy.complaint.%')
      and {{ in_changed_reports() }}
)

select
    c.report_id,
    a.agency_id,
    r.report_year,
    r.era,
    p.is_primary,
    c.proceeding,
    o.proceeding_zh,
    c.outcome,
    o.outcome_zh,
    -- a whole number as an integer; a cell that is not one stays in fct_report_facts (R4 finding)
    case when c.value = trunc(c.value) then cast(c.value as bigint) end as count,
    c.source,
    c.key,
    c.line_start
from cells as c
join {{ ref('stg_reports__reports') }} as r using (report_id)
join {{ ref('int_report_agency') }} as a using (report_id)
join {{ ref('int_report_pick') }} as p using (report_id)
left join {{ ref('review_outcomes') }} as o on o.proceeding = c.proceeding and o.outcome = c.outcome
