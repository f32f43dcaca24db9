-- One row per settled fact in marts.fct_index_scores.
with

scores as (
    select * from marts.fct_index_scores
),

max_points as (
    select index_code, unit_level, year, part_metric as metric, max_points from raw.ref_score_parts
)

select
    scores.index_code,
    scores.year,
    scores.unit_level,
    scores.unit_key,
    scores.unit_name,
    scores.metric,
    scores.value,
    scores.official_rank as rank,
    array_to_string(scores.observation_ids, ' ') as observation_ids,
    case when scores.value_unit = 'percent' then scores.value end as percent_value,
    case when max_points.max_points is not null then scores.value end as points_value,
    max_points.max_points,
    -- an unresolved conflict must reach the mart as a null, never as one of its numbers
    case when scores.value_settled_by = 'unresolved' then scores.value end as unresolved_value_shown,
    case when scores.rank_settled_by = 'unresolved' then scores.official_rank end as unresolved_rank_shown
from scores
left join max_points using (index_code, unit_level, year, metric)
order by all
