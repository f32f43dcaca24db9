-- One row per raw observation, with what the gate checks on it. Quote readings are added in Python.
with

observations as (
    select * from {{ ref('fct_observations') }}
),

-- the cited maximum points of each metric per year (dim_metric.max_points_by_year)
year_maxima as (
    {{ metric_maxima_by_year() }}
),

-- candidates a recorded resolution set aside no longer claim their rank
set_aside as (
    select unnest(observation_ids) as observation_id
    from {{ ref('rpt_conflicts') }}
    where field = 'rank' and settled_by = 'resolution' and not is_kept
    union all
    select unnest(observation_ids)
    from {{ ref('fct_index_scores') }}
    where rank_settled_by = 'resolution' and official_rank is null
),

-- a mirror, spam copy or compilation is no witness, so its rank claims cannot clash
live_ranks as (
    select observation_id, index_code, year, unit_level, metric, unit_key, rank
    from observations
    where rank is not null and source_tier <> 'weak'
        and observation_id not in (select set_aside.observation_id from set_aside)
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
    observations.value_unit,
    observations.value,
    observations.rank,
    observations.rank_of,
    observations.observation_id as observation_ids,
    observations.source_url as source_urls,
    observations.quote,
    case when observations.value_unit = 'percent' then observations.value end as percent_value,
    -- points are never checked as percent: each against the maximum its own quote or its year states
    case when observations.value_unit = 'points' and observations.metric_kind not like '%change'
            then observations.value
    end as points_value,
    least(observations.max_points_in_quote, year_maxima.max_points) as max_points,
    rank_sharing.units_sharing_rank,
    rank_sharing.shares_rank_with
from observations
left join year_maxima using (index_code, unit_level, year, metric)
left join rank_sharing using (observation_id)
order by observations.observation_id
