{#- The evidence grade of a settled number, from the independent publishers stating it (docs/evidence.md, "Evidence
    grades"). official: an official publisher states it; corroborated: two or more reputable domains;
    single: one; weak: only mirrors, spam or secondary compilations; disputed: sources disagree and no rule
    chose, or a resolution set every stated number aside. Only official, corroborated and single numbers are published as settled values. -#}
{% macro evidence_grade(settled_number, n_official_sources, n_independent_sources) -%}
    case
        when {{ settled_number }} is null then 'disputed'
        when {{ n_official_sources }} >= 1 then 'official'
        when {{ n_independent_sources }} >= 2 then 'corroborated'
        when {{ n_independent_sources }} = 1 then 'single'
        else 'weak'
    end
{%- endmacro %}
