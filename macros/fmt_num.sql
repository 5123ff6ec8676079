{#- A number as a short string for finding details: 5 not 5.0000, 160.5964 as is. -#}
{% macro fmt_num(x) -%}
    case
        when {{ x }} is null then '?'
        when {{ x }} = trunc({{ x }}) then cast(cast({{ x }} as hugeint) as varchar)
        else rtrim(rtrim(cast({{ x }} as varchar), '0'), '.')
    end
{%- endmacro %}
