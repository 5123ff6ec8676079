-- Every figure of every report under its catalog key, with where it came from in the text.
--
-- A view: it is int_report_facts under the names a reader expects (the catalog's unit first). As a
-- table it was a third stored copy of every fact (15M rows with their sentences at 100k reports) and
-- ~13 s of every full build, for a projection that costs nothing at query time.
{{ config(materialized='view') }}
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
    f.sentence,
    f.confidence
from {{ ref('int_report_facts') }} as f
