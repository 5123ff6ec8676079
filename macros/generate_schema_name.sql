{#- Use the folder's schema name as is (staging, intermediate, marts, seeds), not
    "<target schema>_<custom>", so BI users find marts.* as CONTRACT.md promises. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
