-- The reporting body of each report, and a stable id for it across years.
-- A body is identified when its name is known and so is some jurisdiction (or it is national):
-- a bare "区统计局" or "河包镇人民政府" names thousands of bodies / is ambiguous nationwide, so it gets no id.
-- The id hashes jurisdiction + the name with the jurisdiction's own names stripped from its front,
-- so "白山市文化广播电视和旅游局" and "文化广播电视和旅游局" under 白山市 are one body.
with r as (
    select report_id, agency_name, province, prefecture, county, division_code, level, kind
    from {{ ref('stg_reports__reports') }}
),

s1 as (
    select *, coalesce(agency_name, '') as n0 from r
),

s2 as (
    select *, case when province is not null and starts_with(n0, province)
                   then substr(n0, length(province) + 1) else n0 end as n1
    from s1
),

s3 as (
    select *, case when prefecture is not null and starts_with(n1, prefecture)
                   then substr(n1, length(prefecture) + 1) else n1 end as n2
    from s2
),

stripped as (
    select *, case when county is not null and starts_with(n2, county)
                   then substr(n2, length(county) + 1) else n2 end as name_core
    from s3
)

select
    report_id,
    agency_name,
    name_core,
    agency_name is not null
        and (coalesce(province, prefecture, county, division_code) is not null or level = 'national')
        as agency_identified,
    case
        when agency_name is not null
         and (coalesce(province, prefecture, county, division_code) is not null or level = 'national')
        then 'ag_' || left(md5(concat_ws('|', coalesce(province, ''), coalesce(prefecture, ''),
                                         coalesce(county, ''), coalesce(nullif(name_core, ''), agency_name))), 12)
    end as agency_id
from stripped
