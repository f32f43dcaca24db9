{#
  Ranks among the units whose score is known, per release: the computed rank (1 = best, ties share), how many
  scores are known, and the percentile (share of known scores at or below this one; 1 = top). Shared by
  fct_rankings and by the scale benchmark's models (models/bench/), so both run the same SQL.
  group_column: also rank within that group (fct_rankings: the region), as group_rank.
#}
{% macro ranks_among_known(relation, release_columns, unit_column, score_column='score', group_column=none) -%}
    {%- set release = release_columns | join(', ') -%}
    select
        *,
        -- = cume_dist() ascending: the known scores at or below this one are all but those ranked above it
        round((n_known_scores - computed_rank + 1) / n_known_scores, 4) as percentile
    from (
        select
            {{ release }}, {{ unit_column }},
            cast(rank() over release_by_score as integer) as computed_rank,
            count(*) over release as n_known_scores
            {%- if group_column %},
            cast(rank() over group_by_score as integer) as group_rank
            {%- endif %}
        from {{ relation }}
        where {{ score_column }} is not null
        window
            release as (partition by {{ release }}),
            release_by_score as (partition by {{ release }} order by {{ score_column }} desc)
            {%- if group_column %},
            group_by_score as (partition by {{ release }}, {{ group_column }} order by {{ score_column }} desc)
            {%- endif %}
    ) as ranked
{%- endmacro %}


{#
  Each unit's score and rank next to those of its previous year, with the changes. A series is what stays fixed
  across years (index and level). previous_unit maps (year, unit) to the unit it is compared with and whether
  that crosses the 2025 merger; without it a unit is compared with itself. No rank change is computed across
  the merger: ranks among 34 units and among 63 differ in kind. Shared by fct_deltas and the scale benchmark.
#}
{% macro changes_against_previous_year(relation, series_columns, unit_column, previous_unit=none,
                                       rank_column='official_rank', carry=[]) -%}
    {%- set crosses = 'coalesce(previous_unit.crosses_merger, false)' if previous_unit else 'false' -%}
    select
        {% for column in series_columns + ['year', unit_column] + carry %}current_year.{{ column }},
        {% endfor -%}
        previous_year.year as previous_year,
        previous_year.{{ unit_column }} as previous_unit_key,
        {{ crosses }} as crosses_merger,
        current_year.score,
        previous_year.score as previous_score,
        round(current_year.score - previous_year.score, 3) as score_change_computed,
        current_year.{{ rank_column }},
        previous_year.{{ rank_column }} as previous_{{ rank_column }},
        case when not {{ crosses }} then previous_year.{{ rank_column }} - current_year.{{ rank_column }} end
            as rank_change_computed
    from {{ relation }} as current_year
    {%- if previous_unit %}
    left join {{ previous_unit }} as previous_unit
        on previous_unit.year = current_year.year
        and previous_unit.{{ unit_column }} = current_year.{{ unit_column }}
    {%- endif %}
    left join {{ relation }} as previous_year
        on previous_year.year = current_year.year - 1
        {% for column in series_columns %}and previous_year.{{ column }} = current_year.{{ column }}
        {% endfor -%}
        and previous_year.{{ unit_column }} =
            {%- if previous_unit %} previous_unit.previous_unit_key{% else %} current_year.{{ unit_column }}{% endif %}
{%- endmacro %}
