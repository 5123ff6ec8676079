-- The harmonised yearly figures of each report (one row per report), with the source of each
-- (table = 2019+ national tables, legacy = pre-2019 统计表, prose = a sentence). Definitions in
-- macros/figure_definitions.sql.
{%- set figs = figure_definitions() %}

{%- set used = [] %}
{%- for name, cands in figs %}{% for keys, source, factor in cands %}{% for k in keys %}{% do used.append(k) %}{% endfor %}{% endfor %}{% endfor %}

with known as (
    -- only the keys some figure uses: the filtered aggregates below then scan far fewer rows
    select report_id, key, value
    from {{ ref('int_report_facts') }}
    where is_known
      and key in ({{ "'" ~ (used | unique | list | join("', '")) ~ "'" }})
),

candidates as (
    select
        report_id,
        {{ harmonise_candidates(figs) }}
        count(*) as n_known_figures
    from known
    group by report_id
)

select
    r.report_id,
    {{ harmonise_pick(figs) }}
from {{ ref('stg_reports__reports') }} as r
left join candidates as c using (report_id)
