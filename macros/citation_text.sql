{#
    The citation of one published number, as a reader should quote it:
    "PAR INDEX 2020, Bà Rịa - Vũng Tàu: 86.02, rank 9 of 63. Sources: <sources>. PAR INDEX & SIPAS warehouse,
    release <release_name> (<data_version>)".
    The one home of that text: a mart calls it with column expressions (fct_rankings and fct_index_scores, once
    their sources carry publishers and dates), the report page shows the column. The rank part is left out when
    the rank is unknown; a number is written without trailing zeros (86.020 -> 86.02); a missing number has no
    citation (null).
#}
{% macro citation_number(number) -%}
    case when cast({{ number }} as varchar) like '%.%'
         then rtrim(rtrim(cast({{ number }} as varchar), '0'), '.')
         else cast({{ number }} as varchar) end
{%- endmacro %}

{% macro citation_text(index_code, year, unit_name, value, official_rank, rank_of, sources, release_name, data_version) -%}
    case when {{ value }} is not null then concat(
        replace({{ index_code }}, '_', ' '), ' ', cast({{ year }} as varchar), ', ', {{ unit_name }}, ': ',
        {{ citation_number(value) }},
        case when {{ official_rank }} is not null
             then ', rank ' || cast({{ official_rank }} as varchar)
                  || coalesce(' of ' || cast({{ rank_of }} as varchar), '') end,
        '. Sources: ', {{ sources }},
        '. PAR INDEX & SIPAS warehouse, release ', {{ release_name }}, ' (', {{ data_version }}, ')'
    ) end
{%- endmacro %}
