-- One row per raw observation, with what the gate checks on it. Quote readings are added in Python.
with

observations as (
    select * from marts.fct_observations
),

metric_units as (
    select index_code, unit_level, metric as metric_as_written, value_unit from raw.ref_metrics
),

max_points as (
    select index_code, unit_level, year, part_metric as metric, max_points from raw.ref_score_parts
),

-- candidates a recorded resolution set aside no longer claim their rank
set_aside as (
    select unnest(observation_ids) as observation_id
    from marts.rpt_conflicts
    where field = 'rank' and settled_by = 'resolution' and not is_kept
),

live_ranks as (
    select observation_id, index_code, year, unit_level, metric, unit_key, rank
    from observations
    where rank is not null and observation_id not in (select observation_id from set_aside)
),

rank_sharing as (
    select
        mine.observation_id,
        count(distinct other.unit_key) as units_sharing_rank,
        min(other.unit_key) as shares_rank_with
    from live_ranks as mine
    left join live_ranks as other
        on other.index_code = mine.index_code and other.year = mine.year
        and other.unit_level = mine.unit_level and other.metric = mine.metric
        and other.rank = mine.rank and other.unit_key <> mine.unit_key
    group by mine.observation_id
)

select
    observations.index_code,
    observations.year,
    observations.unit_level,
    observations.unit_key,
    observations.unit_name_as_written as unit_name,
    observations.metric,
    observations.value,
    observations.rank,
    observations.rank_of,
    observations.observation_id as observation_ids,
    observations.source_url as source_urls,
    observations.quote,
    case when metric_units.value_unit = 'percent' then observations.value end as percent_value,
    case when max_points.max_points is not null then observations.value end as points_value,
    max_points.max_points,
    rank_sharing.units_sharing_rank,
    rank_sharing.shares_rank_with
from observations
left join metric_units using (index_code, unit_level, metric_as_written)
left join max_points using (index_code, unit_level, year, metric)
left join rank_sharing using (observation_id)
order by observations.observation_id
