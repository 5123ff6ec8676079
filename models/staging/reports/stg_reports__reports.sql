-- One row per report: metadata only (the texts stay in raw.reports, read by the data-quality report).
-- source_present: the last run's folder held this report (a file with its text). A report whose file
-- is gone stays (the warehouse is an archive); `xxgk run --prune` drops it.
with last_run as (
    select run_id from {{ source('raw', 'runs') }} order by started_at desc, run_id desc limit 1
)

select
    report_id,
    file_name,
    source_path,
    source_format,
    encoding,
    byte_size,
    length(raw_text)                              as text_chars,
    parser_version,
    ingested_at,
    run_id,
    last_seen_run,
    coalesce(last_seen_run = (select run_id from last_run), false) as source_present,
    nullif(trim(title), '')                       as title,
    nullif(regexp_replace(agency_name, '\s+', '', 'g'), '') as agency_name,
    agency_name_as_written,
    nullif(trim(province), '')                    as province,
    nullif(trim(prefecture), '')                  as prefecture,
    nullif(trim(county), '')                      as county,
    nullif(trim(division_code), '')               as division_code,
    level,
    kind,
    agency_evidence,
    report_year,
    published,
    era,
    era_evidence
from {{ source('raw', 'reports') }}
