{#-
Per-report incremental models (docs/incremental.md).

A per-report model's rows for a report depend only on a few inputs; `report_versions(kind)` turns
them into one version string per report:

  report       the report's own rows: raw.reports/facts/parse_findings are replaced together, with a
               new run_id and ingested_at, whenever the report is ingested or re-parsed
  pick         + whether the report stands for its body in its year (int_report_pick: depends on the
               body's other reports and on supersession, so it can change without the report changing)
  rule_checks  + for a picked report, the picked report of the year before and its version (R6
               carry_over compares the two)
  rule_checks_built  the rule_checks versions int_rule_checks was built from in this build (for
               marts.fct_findings, a Python model, which runs the checkpoint over those rows)

Each incremental model keeps the versions it was built from in dbt_state.<schema>__<model>. A build:
  pre-hook   changed reports = versions that differ from the stored ones, new reports, and reports
             gone from raw (stored, no version now) -> dbt_state.<schema>__<model>__changed;
             delete their rows from the model
  body       computes rows only for the changed reports (`in_changed_reports()`) and appends them
  post-hook  stores the current versions (same transaction as the model's rows)
A report whose rows vanish (a re-parse finds no figures) or that leaves raw is still deleted: the
delete does not depend on the new rows, unlike dbt's delete+insert strategy.

What is global (seeds, model SQL, macros, the checkpoint's code, package versions) is not versioned
per report: xxgk.dbt_run fingerprints it and passes --full-refresh when it changed.
-#}

{#- The config of a per-report incremental model, and the refs its versions read. In the model, first:
        {{ incremental_by_report('report') }}      (kind: report | pick | rule_checks) -#}
{% macro incremental_by_report(kind) -%}
{{ config(
    materialized='incremental', incremental_strategy='append', on_schema_change='fail',
    pre_hook=["{{ prepare_changed_reports('" ~ kind ~ "') }}", "{{ delete_changed_reports() }}"],
    post_hook="{{ record_report_versions('" ~ kind ~ "') }}",
) }}
{{ report_version_dependencies(kind) }}
{%- endmacro %}


{% macro report_state_relation(suffix='') -%}
    dbt_state."{{ this.schema }}__{{ this.identifier }}{{ suffix }}"
{%- endmacro %}


{#- The report that stands for each body in each year (int_report_pick), with what R6 carry_over and
    the versions above need of it. -#}
{% macro picked_reports() -%}
    select a.report_id, a.agency_id, r.report_year, r.run_id, r.ingested_at, r.parser_version
    from {{ ref('int_report_agency') }} as a
    join {{ ref('int_report_pick') }} as p using (report_id)
    join {{ ref('stg_reports__reports') }} as r using (report_id)
    where p.is_primary
{%- endmacro %}


{% macro report_versions(kind) -%}
    {%- set own -%}
        concat_ws('|', r.run_id, cast(r.ingested_at as varchar), r.parser_version)
    {%- endset -%}
    {%- if kind == 'report' -%}
        select r.report_id, {{ own }} as version
        from {{ ref('stg_reports__reports') }} as r
    {%- elif kind == 'pick' -%}
        select r.report_id,
               concat_ws('|', {{ own }}, coalesce(p.is_primary, false)) as version
        from {{ ref('stg_reports__reports') }} as r
        left join {{ ref('int_report_pick') }} as p using (report_id)
    {%- elif kind == 'rule_checks' -%}
        select r.report_id,
               concat_ws('|', {{ own }}, cur.report_id is not null,
                         coalesce(prev.report_id, '-'), coalesce(prev.version, '-')) as version
        from {{ ref('stg_reports__reports') }} as r
        left join ({{ picked_reports() }}) as cur using (report_id)
        left join (
            select r.report_id, r.agency_id, r.report_year, concat_ws('|', {{ own }}) as version
            from ({{ picked_reports() }}) as r
        ) as prev on prev.agency_id = cur.agency_id and prev.report_year = cur.report_year - 1
    {%- elif kind == 'rule_checks_built' -%}
        {#- the versions int_rule_checks was just built from (earlier in this build): a model over its rows
            (marts.fct_findings) rebuilds exactly the reports whose checks were rebuilt -#}
        {%- set checks = ref('int_rule_checks') -%}
        select report_id, version from dbt_state."{{ checks.schema }}__{{ checks.identifier }}"
    {%- else -%}
        {{ exceptions.raise_compiler_error("report_versions: unknown kind '" ~ kind ~ "' (report | pick | rule_checks | rule_checks_built)") }}
    {%- endif -%}
{%- endmacro %}


{#- The refs report_versions(kind) uses, as dbt sees them at parse time (the incremental branch is not
    rendered then), so the model runs after them. -#}
{% macro report_version_dependencies(kind) -%}
-- depends_on: {{ ref('stg_reports__reports') }}
{%- if kind in ('pick', 'rule_checks') %}
-- depends_on: {{ ref('int_report_pick') }}
{%- endif %}
{%- if kind == 'rule_checks' %}
-- depends_on: {{ ref('int_report_agency') }}
{%- endif %}
{%- endmacro %}


{#- pre-hook 1: the reports to rebuild, kept in dbt_state.<schema>__<model>__changed (also a record of
    what the last build recomputed). On a full build: every report. -#}
{% macro prepare_changed_reports(kind) -%}
    create schema if not exists dbt_state;
    {%- if is_incremental() %}
    {%- set state = adapter.get_relation(database=this.database, schema='dbt_state',
                                          identifier=this.schema ~ '__' ~ this.identifier) %}
    {%- if state is none %}
    -- no stored versions (a model built before it was incremental): rebuild every report
    create table {{ report_state_relation() }} (report_id varchar, version varchar);
    delete from {{ this }};
    {%- endif %}
    create or replace table {{ report_state_relation('__changed') }} as
    select coalesce(v.report_id, s.report_id) as report_id
    from ({{ report_versions(kind) }}) as v
    full join {{ report_state_relation() }} as s on s.report_id = v.report_id
    where v.version is distinct from s.version;
    {%- else %}
    create or replace table {{ report_state_relation('__changed') }} as
    select report_id from ({{ report_versions(kind) }});
    {%- endif %}
{%- endmacro %}


{#- pre-hook of a table model that carries rows over (marts.fct_findings): the reports whose previous
    rows stay, in dbt_state.<schema>__<model>__reused. Only reports proven unchanged (same version as
    stored) are reused; empty when the model is new, on a full refresh, or without stored versions. -#}
{% macro prepare_reused_reports(kind) -%}
    {%- set existing = load_relation(this) %}
    {%- set state = adapter.get_relation(database=this.database, schema='dbt_state',
                                          identifier=this.schema ~ '__' ~ this.identifier) %}
    create schema if not exists dbt_state;
    create or replace table {{ report_state_relation('__reused') }} as
    {%- if existing is not none and existing.is_table and state is not none and not should_full_refresh() %}
    select v.report_id
    from ({{ report_versions(kind) }}) as v
    join {{ report_state_relation() }} as s on s.report_id = v.report_id and s.version = v.version
    {%- else %}
    select cast(null as varchar) as report_id where false
    {%- endif %}
{%- endmacro %}


{#- pre-hook 2: remove the changed reports' rows (the body appends their new rows) -#}
{% macro delete_changed_reports() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where report_id in (select report_id from {{ report_state_relation('__changed') }})
    {%- endif -%}
{%- endmacro %}


{#- post-hook: the versions this build is made of -#}
{% macro record_report_versions(kind) -%}
    create or replace table {{ report_state_relation() }} as {{ report_versions(kind) }}
{%- endmacro %}


{#- In the model body: a filter on report_id, true on a full build. -#}
{% macro in_changed_reports(column='report_id') -%}
    {%- if is_incremental() -%}
    {{ column }} in (select report_id from {{ report_state_relation('__changed') }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}
