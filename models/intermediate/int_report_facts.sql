-- One figure per report and key. When the parser gave a key twice, keep the best-supported one:
-- a known value over a blank, an exact over an approximate, a labelled cell over a placed one,
-- then the first in the text.
select
    *,
    value is not null and not approximate as is_known
from {{ ref('stg_reports__facts') }}
qualify row_number() over (
    partition by report_id, key
    order by
        (value is null),
        approximate,
        case placement when 'label' then 0 when 'split' then 1 when 'rule' then 2 when 'position' then 3 else 4 end,
        line_start nulls last,
        span_start nulls last
) = 1
