-- The harmonised yearly figures of each report (one row per report), with the source of each
-- (table = 2019+ national tables, legacy = pre-2019 统计表, prose = a sentence). Definitions in
-- ingest/xxgk/data/templates/figures.csv (macros/figure_definitions.sql is written from it).
--
-- The facts are pivoted once: the known values of the keys some figure uses are gathered per report
-- into one map (key -> value); every candidate is then a few map look-ups on that one row, instead of
-- one filtered aggregate per candidate over all the fact rows.
--
-- Incremental by report (macros/incremental_reports.sql).
{{ incremental_by_report('report') }}
{%- set figs = figure_definitions() %}

{%- set used = [] %}
{%- for name, cands in figs %}{% for keys, source, factor in cands %}{% for k in keys %}{% do used.append(k) %}{% endfor %}{% endfor %}{% endfor %}

with pivoted as (
    select report_id, map(list(key), list(value)) as v
    from {{ ref('int_report_facts') }}
    where is_known
      and {{ in_changed_reports() }}
      and key in ({{ "'" ~ (used | unique | list | join("', '")) ~ "'" }})
    group by report_id
),

candidates as (
    select
        report_id,
        {{ harmonise_candidates_map(figs, 'v') }}
    from pivoted
)

select
    r.report_id,
    {{ harmonise_pick(figs) }}
from {{ ref('stg_reports__reports') }} as r
left join candidates as c using (report_id)
where {{ in_changed_reports('r.report_id') }}
