-- Every figure, with its key split into section / row / column and the catalog's type.
with catalog as (
    -- a key may appear under two eras (t2.licensing.decisions); its type and unit are the same
    select key, any_value(unit) as catalog_unit, any_value(value_type) as value_type
    from {{ ref('metric_catalog') }}
    group by key
)

select
    f.report_id,
    f.key,
    split_part(f.key, '.', 1)                              as section,
    regexp_replace(f.key, '\.[^.]+$', '')                  as row_key,
    regexp_extract(f.key, '[^.]+$')                        as col,
    f.value,
    f.raw,
    f.placement,
    f.approximate,
    f.unit,
    c.catalog_unit,
    coalesce(c.value_type, case when f.key like '%amount%' then 'decimal' else 'int' end) as value_type,
    c.key is not null                                      as in_catalog,
    f.span_start,
    f.span_end,
    f.line_start,
    f.line_end,
    f.sentence,
    f.confidence
from {{ source('raw', 'facts') }} as f
left join catalog as c on c.key = f.key
