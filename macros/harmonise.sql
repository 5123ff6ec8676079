{#-
  Harmonised figures across the three eras. `figures` is a list of
  (name, [ (keys, source, factor), ... ]) in order of preference; a candidate counts only when
  every one of its keys is known (a sum over a blank cell is unknown, not a smaller number).

  harmonise_candidates_map(figures, m) -> columns <name>__<i> from a per-report map key -> known value
  harmonise_pick(figures)       -> <name> (bigint; decimal for money), <name>_source
-#}
{% macro harmonise_pick(figures) -%}
  {%- for name, cands in figures %}
    {%- set t = 'decimal(20, 4)' if name.endswith('yuan') else 'bigint' %}
    cast(coalesce({% for c in cands %}{{ name }}__{{ loop.index }}{% if not loop.last %}, {% endif %}{% endfor %}) as {{ t }}) as {{ name }},
    case
      {%- for keys, source, factor in cands %}
      when {{ name }}__{{ loop.index }} is not null then '{{ source }}'
      {%- endfor %}
    end as {{ name }}_source{% if not loop.last %},{% endif %}
  {%- endfor %}
{%- endmacro %}

{#- harmonise_candidates_map(figures, m) -> columns <name>__<i> from a map column `m` (key -> known
    value, one row per report): a candidate is the sum of its keys when all of them are in the map. -#}
{% macro harmonise_candidates_map(figures, m) -%}
  {%- for name, cands in figures -%}
    {%- for keys, source, factor in cands %}
    case when {% for k in keys %}{{ m }}['{{ k }}'] is not null{% if not loop.last %} and {% endif %}{% endfor %}
         then ({% for k in keys %}{{ m }}['{{ k }}']{% if not loop.last %} + {% endif %}{% endfor %}) * {{ factor }}
    end as {{ name }}__{{ loop.index }}{% if not (loop.last and name == figures[-1][0]) %},{% endif %}
    {%- endfor %}
  {%- endfor %}
{%- endmacro %}
