{#- Completeness of the metadata: year, body and era known

    CTEs of intermediate.int_rule_checks, included there. Reads reports;
    the result is `meta`, one row per check in the columns of every rule. -#}
{% macro rule_check_metadata_missing() %}
meta(report_id, rule, key, ref_key, lhs, rhs, n_known, n_needed, lhs_label, rhs_label, scope, line_start, line_end, check_group) as (
    select report_id, 'year_missing', null, null, cast(report_year as decimal(38, 4)), null,
           1, 1, 'report year', null, cast(null as varchar), null, null, 'year_missing|'
    from reports
    union all
    select report_id, 'agency_missing', null, null,
           case when coalesce(agency_name, province, prefecture, county, division_code, level, kind) is not null then 1 end,
           null, 1, 1, 'reporting body known', null, null, null, null, 'agency_missing|'
    from reports
    union all
    select report_id, 'era_missing', null, null,
           case when era is not null then 1 end,
           null, 1, 1, 'format era known', null, null, null, null, 'era_missing|'
    from reports
)
{% endmacro %}
