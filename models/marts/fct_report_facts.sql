-- Every figure of every report under its catalog key, with where it came from in the text.
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
