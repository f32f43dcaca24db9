-- One row per settled fact in marts.fct_index_scores.
with

scores as (
    select * from {{ ref('fct_index_scores') }}
),

year_maxima as (
    {{ metric_maxima_by_year() }}
)

select
    scores.index_code,
    scores.year,
    scores.unit_level,
    scores.unit_key,
    scores.unit_name,
    scores.metric,
    scores.value_unit,
    scores.value,
    scores.official_rank as rank,
    array_to_string(scores.observation_ids, ' ') as observation_ids,
    case when scores.value_unit = 'percent' then scores.value end as percent_value,
    case when scores.value_unit = 'points' and scores.metric_kind not like '%change' then scores.value end
        as points_value,
    year_maxima.max_points,
    -- an unresolved conflict must reach the mart as a null, never as one of its numbers
    case when scores.value_settled_by = 'unresolved' then scores.value end as unresolved_value_shown,
    case when scores.rank_settled_by = 'unresolved' then scores.official_rank end as unresolved_rank_shown,
    -- nor may a number only weak sources state
    case when scores.value_grade = 'weak' then scores.value end as weak_value_shown,
    case when scores.rank_grade = 'weak' then scores.official_rank end as weak_rank_shown
from scores
left join year_maxima using (index_code, unit_level, year, metric)
order by all
