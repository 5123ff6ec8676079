-- Every figure of every report under its catalog key, with where it came from in the text.
-- Incremental by report (macros/incremental_reports.sql).
{{ config(
    materialized='incremental', incremental_strategy='append', on_schema_change='fail',
    pre_hook=["{{ prepare_changed_reports('report') }}", "{{ delete_changed_reports() }}"],
    post_hook="{{ record_report_versions('report') }}",
) }}
{{ report_version_dependencies('report') }}
select
    f.report_id,
    f.key,
    f.value,
    f.section,
    f.row_key,
    f.col,
    coalesce(f.catalog_unit, f.unit) as unit,
    f.unit                           as unit_as_written,
    f.value_type,
    f.in_catalog,
    f.is_known,
    f.raw,
    f.placement,
    f.approximate,
    f.line_start,
    f.line_end,
    f.span_start,
    f.span_end,
    f.sentence
from {{ ref('int_report_facts') }} as f
where {{ in_changed_reports('f.report_id') }}
