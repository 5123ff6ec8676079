-- One row per identified reporting body. Attributes come from its latest report.
with r as (
    select r.*, a.agency_id, a.name_core,
           lpad(cast(coalesce(r.report_year, 0) as varchar), 4, '0') || r.report_id as order_key
    from {{ ref('stg_reports__reports') }} as r
    join {{ ref('int_report_agency') }} as a using (report_id)
    where a.agency_id is not null
)

select
    agency_id,
    arg_max(agency_name, order_key) as agency_name,
    any_value(name_core)                                   as name_core,
    arg_max(province, order_key)            as province,
    arg_max(prefecture, order_key)          as prefecture,
    arg_max(county, order_key)              as county,
    max(division_code)                                     as division_code,
    arg_max(level, order_key)               as level,
    arg_max(kind, order_key)                as kind,
    min(report_year)                                       as first_year,
    max(report_year)                                       as last_year,
    count(distinct report_year)                            as n_years,
    count(*)                                               as n_reports,
    list_sort(list_distinct(list(agency_name)))            as names_seen
from r
group by agency_id
