-- One row per ingested report: metadata, the body it belongs to, whether it is the report that
-- stands for its body in that year, and how complete its tables are.
with cells as (
    select
        f.report_id,
        count(*) filter (where f.section = 't2')                 as t2_cells,
        count(*) filter (where f.section = 't3')                 as t3_cells,
        count(*) filter (where f.section = 't4')                 as t4_cells,
        count(*) filter (where f.section = 'legacy')             as legacy_cells,
        count(*) filter (where f.section = 'narrative')          as narrative_figures,
        count(*) filter (where f.is_known)                       as known_figures,
        count(*) filter (where f.value is null)                  as blank_cells
    from {{ ref('int_report_facts') }} as f
    group by f.report_id
),

expected as (
    -- cells of the three national tables per era, from the catalog
    select era, section, count(distinct key) as n
    from (
        select key, section, unnest(case era when 'both' then ['v2019', 'v2021'] else [era] end) as era
        from {{ ref('metric_catalog') }}
        where section in ('t2', 't3', 't4')
    )
    group by era, section
)

select
    r.report_id,
    r.file_name,
    r.agency_name,
    r.agency_name_as_written,
    r.province,
    r.prefecture,
    r.county,
    r.division_code,
    r.level,
    r.kind,
    r.report_year,
    r.published,
    r.era,
    r.era_evidence,
    r.title,
    a.agency_id,
    a.agency_identified,
    p.is_primary,
    p.is_superseded,
    r.source_present,
    r.last_seen_run,
    p.n_reports_for_year,
    p.pick_reason,
    coalesce(c.t2_cells, 0)          as t2_cells,
    coalesce(c.t3_cells, 0)          as t3_cells,
    coalesce(c.t4_cells, 0)          as t4_cells,
    coalesce(c.legacy_cells, 0)      as legacy_cells,
    coalesce(c.narrative_figures, 0) as narrative_figures,
    coalesce(c.known_figures, 0)     as known_figures,
    coalesce(c.blank_cells, 0)       as blank_cells,
    e2.n + e3.n + e4.n               as table_cells_expected,
    case when r.era in ('v2019', 'v2021')
         then coalesce(c.t2_cells, 0) >= e2.n and coalesce(c.t3_cells, 0) >= e3.n and coalesce(c.t4_cells, 0) >= e4.n
    end                              as tables_complete,
    r.source_format,
    r.encoding,
    r.byte_size,
    r.text_chars,
    r.parser_version,
    r.ingested_at,
    r.run_id
from {{ ref('stg_reports__reports') }} as r
join {{ ref('int_report_agency') }} as a using (report_id)
join {{ ref('int_report_pick') }} as p using (report_id)
left join cells as c using (report_id)
left join expected as e2 on e2.era = r.era and e2.section = 't2'
left join expected as e3 on e3.era = r.era and e3.section = 't3'
left join expected as e4 on e4.era = r.era and e4.section = 't4'
