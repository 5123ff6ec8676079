select
    report_id,
    rule,
    nullif(trim(key), '') as key,
    severity,
    detail,
    span_start,
    line_start
from {{ source('raw', 'parse_findings') }}
