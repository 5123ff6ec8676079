{#-
  on-run-end: comments BI tools show for the tables dbt does not document itself.
  - raw.* (written by the ingest): the table and column descriptions of the `raw` source
    (models/staging/reports/_reports__sources.yml), so the tables the README points users to
    (raw.ingest_errors, raw.files, raw.reports) explain themselves in DBeaver, Metabase, Superset.
  - dbt_state.*: bookkeeping of the incremental builds; marked internal so nobody analyses it.
-#}
{% macro comment_for_bi_users() %}
  {#- returns the statements (the hook runs and commits them); only reads the catalog itself -#}
  {%- if execute %}
    {%- for src in graph.sources.values() if src.source_name == 'raw' %}
      {%- set rel = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) %}
      {%- if rel is not none %}
        {%- if src.description %}
    comment on table {{ rel }} is {{ xxgk_sql_string(src.description | trim) }};
        {%- endif %}
        {%- set present = adapter.get_columns_in_relation(rel) | map(attribute='name') | list %}
        {%- for col in src.columns.values() if col.description and col.name in present %}
    comment on column {{ rel }}.{{ adapter.quote(col.name) }} is {{ xxgk_sql_string(col.description | trim) }};
        {%- endfor %}
      {%- endif %}
    {%- endfor %}
    {%- set internal = run_query("select table_name from duckdb_tables() where database_name = current_database() "
                                 ~ "and schema_name = 'dbt_state'") %}
    {#- the catalog reads above opened a transaction; end it, or dbt rolls the comments back with it -#}
    {%- do adapter.commit() %}
    {%- for row in internal.rows %}
    comment on table dbt_state.{{ adapter.quote(row[0]) }} is {{ xxgk_sql_string(
        "Internal bookkeeping of incremental dbt builds (which report versions a model was built from, "
        ~ "the build fingerprint); not for analysis. Query the marts schema.") }};
    {%- endfor %}
  {%- endif %}
{% endmacro %}

{% macro xxgk_sql_string(text) -%}
  '{{ text | replace("'", "''") }}'
{%- endmacro %}
