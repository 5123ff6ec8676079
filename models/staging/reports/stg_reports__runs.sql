select * from {{ source('raw', 'runs') }}
