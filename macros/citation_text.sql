{#
    The citation of one published number, as a reader should quote it (the `citation` column of fct_rankings
    and fct_index_scores):
    "PAR INDEX 2020, Bà Rịa - Vũng Tàu: 86.02, rank 9 of 63 (evidence: official). Sources: <publisher>, <date>,
    <url>; ... and 2 more. PAR INDEX & SIPAS warehouse, release <release_name> (<data_version>)".
    - a number is written as published, with a decimal point and without trailing zeros (86.020 -> 86.02);
    - a score or rank the warehouse does not publish is written "missing", with its grade when it has one (weak,
      disputed): nothing is filled in;
    - the evidence grade follows each number, once when the score and the rank share it;
    - the sources are int_facts__cited_sources' list (strongest tier first), at most var citation_max_sources;
    - the release part is citation_release(): a dbt build cannot know the release (its name and data version come
      from the finished marts), so the models write citation_release(null, null), "unreleased build", and `parwh
      build` replaces it when it names the release (parwh/releases.py), through the same expression stored in the
      file as the DuckDB macro marts.citation_release.
#}
{% macro citation_number(number) -%}
    case when cast({{ number }} as varchar) like '%.%'
         then rtrim(rtrim(cast({{ number }} as varchar), '0'), '.')
         else cast({{ number }} as varchar) end
{%- endmacro %}

{% macro citation_release(release_name, data_version) -%}
    coalesce('release ' || {{ release_name }} || ' (' || {{ data_version }} || ')', 'unreleased build')
{%- endmacro %}

{% macro citation_grade(grade) -%}
    coalesce(' (evidence: ' || {{ grade }} || ')', '')
{%- endmacro %}

{% macro citation_sources(cited_sources, max_sources) -%}
    coalesce(nullif(concat(
        array_to_string(list_transform({{ cited_sources }}[1:{{ max_sources }}],
            lambda s: concat_ws(', ', s.publisher, coalesce(s.source_date, 'undated'), s.source_url)), '; '),
        case when len({{ cited_sources }}) > {{ max_sources }}
             then ' and ' || cast(len({{ cited_sources }}) - {{ max_sources }} as varchar) || ' more' end
    ), ''), 'none')
{%- endmacro %}

{#- metric_label is null for the total score (the issue's example names no metric) -#}
{% macro citation_text(index_code, year, unit_name, metric_label, value, value_grade, official_rank, rank_grade,
                       rank_of, cited_sources, release_name, data_version, max_sources) -%}
    concat(
        replace({{ index_code }}, '_', ' '), ' ', cast({{ year }} as varchar), ', ', {{ unit_name }},
        coalesce(', ' || {{ metric_label }}, ''), ': ',
        coalesce({{ citation_number(value) }},
                 case when {{ metric_label }} is null then 'score' else 'value' end || ' missing'),
        case when {{ value_grade }} is distinct from {{ rank_grade }} then {{ citation_grade(value_grade) }} end,
        ', ',
        coalesce('rank ' || cast({{ official_rank }} as varchar) || coalesce(' of ' || cast({{ rank_of }} as varchar), ''),
                 'rank missing'),
        {{ citation_grade(rank_grade) }},
        '. Sources: ', {{ citation_sources(cited_sources, max_sources) }},
        '. PAR INDEX & SIPAS warehouse, ', {{ citation_release(release_name, data_version) }}
    )
{%- endmacro %}
