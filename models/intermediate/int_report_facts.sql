-- One figure per report and key. When the parser gave a key twice, keep the best-supported one:
-- a known value over a blank, an exact over an approximate, a labelled cell over a placed one,
-- then the first in the text.
--
-- Only the (rare) keys given twice go through the window: a window over every fact materialises and
-- sorts all of them with their texts (at 100k reports, 15M rows: ~2x the cost of the whole model).
--
-- Incremental by report (macros/incremental_reports.sql): a build recomputes the reports ingested or
-- re-parsed since the last one.
{{ incremental_by_report('report') }}

-- `facts` is read three times; DuckDB would materialise it (15M rows with their texts at 100k reports,
-- ~40% of the model's time) where three scans of the staging view cost less.
with facts as not materialized (
    select * from {{ ref('stg_reports__facts') }}
    where {{ in_changed_reports() }}
),

repeated as (
    select report_id, key
    from facts
    group by report_id, key
    having count(*) > 1
),

once as (
    select * from facts
    anti join repeated using (report_id, key)
),

best_of_repeated as (
    select * from facts
    semi join repeated using (report_id, key)
    qualify row_number() over (
        partition by report_id, key
        order by
            (value is null),
            approximate,
            case placement when 'label' then 0 when 'split' then 1 when 'rule' then 2 when 'position' then 3 else 4 end,
            line_start nulls last,
            span_start nulls last
    ) = 1
)

select
    *,
    value is not null and not approximate as is_known
from (
    select * from once
    union all
    select * from best_of_repeated
)
