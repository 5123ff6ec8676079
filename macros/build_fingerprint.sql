{#-
The project fingerprint of a warehouse's last complete build (xxgk.dbt_run, docs/incremental.md).
dbt_run hashes what no per-report version covers (models, macros, seeds, the checkpoint's code, engine
versions) into $XXGK_BUILD_FINGERPRINT and passes --full-refresh when the stored one differs.

on-run-start: a build that writes tables under another fingerprint (or none: dbt run by hand) first
  forgets the stored one, so if it stops half-way the next build is a full refresh, even after the code
  is changed back.
on-run-end: a complete build (every node succeeded, nothing selected or excluded) stores its fingerprint.
-#}

{% macro forget_build_fingerprint() -%}
    {%- if execute and invocation_args_dict.get('which') in ('build', 'run', 'seed') %}
    create schema if not exists dbt_state;
    create table if not exists dbt_state.build_fingerprint (fingerprint varchar, recorded_at timestamp);
    delete from dbt_state.build_fingerprint
    where fingerprint is distinct from '{{ env_var("XXGK_BUILD_FINGERPRINT", "") }}';
    {%- endif %}
{%- endmacro %}


{% macro record_build_fingerprint(results) -%}
    {%- set fingerprint = env_var('XXGK_BUILD_FINGERPRINT', '') -%}
    {%- set failed = results | rejectattr('status', 'in', ['success', 'pass', 'warn']) | list -%}
    {%- set selected = invocation_args_dict.get('select') or invocation_args_dict.get('exclude')
                       or invocation_args_dict.get('selector') -%}
    {%- if execute and fingerprint and invocation_args_dict.get('which') == 'build'
          and not failed and not selected and results | length > 0 %}
    create schema if not exists dbt_state;
    create or replace table dbt_state.build_fingerprint as
    select '{{ fingerprint }}' as fingerprint, current_timestamp::timestamp as recorded_at;
    {%- endif %}
{%- endmacro %}
