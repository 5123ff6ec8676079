-- 表三 in long form: one row per report, outcome row and applicant type (cells present in the text;
-- count null = the cell is blank). agency_id is null when the body is not identified;
-- is_primary marks the report that stands for its body in that year.
--
-- Incremental by report (macros/incremental_reports.sql); a report is rebuilt when it changes or when
-- it starts or stops being the one that stands for its body.
{{ incremental_by_report('pick') }}
select
    f.report_id,
    a.agency_id,
    r.report_year,
    r.era,
    p.is_primary,
    f.col                   as applicant_type,
    apt.label_zh             as applicant_label,
    coalesce(apt.is_organisation, false) as applicant_is_organisation,
    f.row_key               as outcome,
    tr.label_zh             as outcome_label,
    tr.row_kind,
    tr.outcome_group,
    tr.outcome_group_zh,
    -- a whole number as an integer; a cell that is not one stays in fct_report_facts (R4 finding)
    case when f.value = trunc(f.value) then cast(f.value as bigint) end as count,
    f.placement,
    f.line_start
from {{ ref('int_report_facts') }} as f
join {{ ref('stg_reports__reports') }} as r using (report_id)
join {{ ref('int_report_agency') }} as a using (report_id)
join {{ ref('int_report_pick') }} as p using (report_id)
left join {{ ref('applicant_types') }} as apt on apt.applicant_type = f.col
left join {{ ref('t3_rows') }} as tr on tr.row_key = f.row_key
where f.section = 't3'
  and {{ in_changed_reports('f.report_id') }}
