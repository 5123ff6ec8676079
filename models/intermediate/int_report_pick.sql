-- Which report stands for a body in a year when it published more than one (copies under another
-- name or in another encoding are already one report). Deterministic order: a current version before
-- an earlier version of a file that was since changed (no file holds it any more), then most table
-- figures, then most figures, then the later publication date, then the smallest report_id. A file the
-- parser found to be no annual report (finding not_annual_report: a notice, a policy, a news page) is
-- never picked, so it stays out of marts.fct_agency_year.
with current_reports as (
    select distinct report_id from {{ ref('stg_reports__files') }}
),

not_reports as (
    select distinct report_id from {{ ref('stg_reports__parse_findings') }} where rule = 'not_annual_report'
),

counts as (
    select
        report_id,
        count(*) filter (where is_known and section in ('t2', 't3', 't4', 'legacy')) as n_table_figures,
        count(*) filter (where is_known)                                           as n_figures
    from {{ ref('int_report_facts') }}
    group by report_id
),

r as (
    select
        rep.report_id,
        a.agency_id,
        rep.report_year,
        rep.published,
        coalesce(c.n_table_figures, 0) as n_table_figures,
        coalesce(c.n_figures, 0)       as n_figures,
        cur.report_id is null          as is_superseded,
        nr.report_id is not null       as is_not_report
    from {{ ref('stg_reports__reports') }} as rep
    join {{ ref('int_report_agency') }} as a using (report_id)
    left join counts as c using (report_id)
    left join current_reports as cur using (report_id)
    left join not_reports as nr using (report_id)
),

ranked as (
    select
        *,
        row_number() over w as pick_rank,
        count(*) over (partition by agency_id, report_year) as n_reports_for_year,
        lead(n_table_figures) over w as next_table_figures,
        lead(n_figures) over w       as next_figures,
        lead(published) over w       as next_published,
        lead(is_superseded) over w   as next_superseded
    from r
    where agency_id is not null and report_year is not null and not is_not_report
    window w as (
        partition by agency_id, report_year
        order by is_superseded, n_table_figures desc, n_figures desc, published desc nulls last, report_id
    )
)

select
    r.report_id,
    r.n_table_figures,
    r.n_figures,
    r.is_superseded,
    k.pick_rank,
    coalesce(k.n_reports_for_year, 1) as n_reports_for_year,
    coalesce(k.pick_rank = 1, false)  as is_primary,
    case
        when r.is_not_report then 'not picked: not an annual report (finding not_annual_report)'
        when k.report_id is null then null
        when k.pick_rank > 1 and k.is_superseded
            then 'not picked: an earlier version of a file that now holds a newer report'
        when k.pick_rank > 1 then 'not picked: another report of this body for this year ranks higher'
        when k.n_reports_for_year = 1 then 'only report of this body for this year'
        when k.next_superseded then 'current version (the others are earlier versions of changed files)'
        when k.n_table_figures > k.next_table_figures
            then 'most table figures (' || k.n_table_figures || ' vs ' || k.next_table_figures || ')'
        when k.n_figures > k.next_figures
            then 'most figures (' || k.n_figures || ' vs ' || k.next_figures || ')'
        when k.published is not null and (k.next_published is null or k.published > k.next_published)
            then 'latest publication date (' || k.published || ')'
        else 'tie on figures and date: smallest report_id'
    end as pick_reason
from r
left join ranked as k using (report_id)
