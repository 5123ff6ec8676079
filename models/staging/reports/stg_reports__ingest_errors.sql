select run_id, source_path, file_name, reason, detail, byte_size, seen_at
from {{ source('raw', 'ingest_errors') }}
