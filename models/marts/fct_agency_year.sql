-- One row per identified reporting body and year: the harmonised figures of the report that stands
-- for it that year (int_report_pick; `pick_reason` says why), the source of each figure, derived
-- rates, carry-over continuity with the year before (R6) and year-over-year changes.
{%- set figs = figure_definitions() %}

with base as (
    select
        a.agency_id,
        r.report_year,
        r.report_id,
        r.era,
        p.n_reports_for_year,
        p.pick_reason,
        r.source_present,
        f.* exclude (report_id)
    from {{ ref('int_report_figures') }} as f
    join {{ ref('stg_reports__reports') }} as r using (report_id)
    join {{ ref('int_report_agency') }} as a using (report_id)
    join {{ ref('int_report_pick') }} as p using (report_id)
    where p.is_primary
),

with_prev as (
    select
        b.*,
        prev.report_id                 as prev_report_id,
        prev.requests_carried_forward  as prev_requests_carried_forward,
        prev.requests_received         as prev_requests_received,
        prev.total_handled             as prev_total_handled,
        prev.proactive_total           as prev_proactive_total,
        prev.review_total              as prev_review_total,
        prev.litigation_total          as prev_litigation_total
    from base as b
    left join base as prev on prev.agency_id = b.agency_id and prev.report_year = b.report_year - 1
)

select
    w.agency_id,
    d.agency_name,
    d.province,
    d.prefecture,
    d.county,
    d.level,
    d.kind,
    w.report_year,
    w.report_id,
    w.era,
    w.n_reports_for_year,
    w.pick_reason,
    w.source_present,
    {%- for name, cands in figs %}
    w.{{ name }},
    w.{{ name }}_source,
    {%- endfor %}
    -- derived rates
    round(cast(w.granted + w.partially_granted as double) / nullif(w.total_handled, 0), 4)  as grant_rate,
    round(cast(w.review_corrected as double)
          / nullif(w.review_upheld + w.review_corrected + w.review_other, 0), 4)            as review_correction_rate,
    round(cast(w.litigation_total as double) * 100 / nullif(w.requests_received, 0), 2)     as litigation_per_100_requests,
    -- R6: carry-over continuity
    w.prev_report_id,
    w.prev_requests_carried_forward,
    case
        when w.prev_report_id is null then 'no report for the previous year'
        when w.requests_carried_in is null or w.prev_requests_carried_forward is null then 'not assessable'
        when w.requests_carried_in = w.prev_requests_carried_forward then 'consistent'
        else 'broken'
    end                                                                                     as carry_over_status,
    w.requests_carried_in - w.prev_requests_carried_forward                                 as carry_over_diff,
    -- year-over-year changes (null when the previous year is missing or the figure unknown)
    w.requests_received - w.prev_requests_received                                         as requests_received_change,
    round(cast(w.requests_received - w.prev_requests_received as double)
          / nullif(w.prev_requests_received, 0), 4)                                         as requests_received_change_pct,
    w.total_handled - w.prev_total_handled                                                 as total_handled_change,
    w.proactive_total - w.prev_proactive_total                                             as proactive_total_change,
    w.review_total - w.prev_review_total                                                   as review_total_change,
    w.litigation_total - w.prev_litigation_total                                           as litigation_total_change
from with_prev as w
join {{ ref('dim_agency') }} as d using (agency_id)
