-- Every file path seen, with the report its content is now (a changed file points at its new version).
select * from {{ source('raw', 'files') }}
