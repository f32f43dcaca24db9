-- National and regional averages within the lowest..highest score of the units they cover, and every unit
-- score within a stated national range. Bounds come from the stated lowest/highest province
-- (province_min / province_max) or, when every covered unit has a score, from those scores.
with

facts as (
    select * from {{ ref('fct_index_scores') }}
),

provinces as (
    select index_code, year, unit_key, unit_name, region_code, score
    from {{ ref('fct_rankings') }}
    where unit_level = 'province'
),

-- per release (region_code null) and per region of a release; grouping sets, written as a union for sqlfluff
coverage as (
    select
        index_code, year, null as region_code, count(*) as n_units, count(score) as n_scores,
        min(score) as lowest, max(score) as highest
    from provinces
    group by index_code, year
    union all
    select
        index_code, year, region_code, count(*) as n_units, count(score) as n_scores,
        min(score) as lowest, max(score) as highest
    from provinces
    group by index_code, year, region_code
),

stated_range as (
    select
        index_code, year,
        max(value) filter (where metric = 'province_min') as stated_lowest,
        max(value) filter (where metric = 'province_max') as stated_highest,
        string_agg(array_to_string(observation_ids, ' '), ' ') as range_observation_ids
    from facts
    where unit_level = 'national' and metric in ('province_min', 'province_max')
    group by all
),

means as (
    select
        facts.index_code, facts.year, facts.unit_level, facts.unit_key, facts.unit_name, facts.metric,
        facts.value, array_to_string(facts.observation_ids, ' ') as observation_ids,
        case facts.unit_level when 'region' then facts.unit_key end as region_code
    from facts
    where facts.value is not null
        and (facts.metric = 'mean_of_provinces'
        -- SIPAS's national figure is a respondent-weighted mean over all provinces
        or (facts.index_code = 'SIPAS' and facts.unit_level = 'national' and facts.metric = 'total'))
)

select
    means.index_code, means.year, means.unit_level, means.unit_key, means.unit_name, means.metric,
    means.value,
    coalesce(stated_range.stated_lowest, case when coverage.n_scores = coverage.n_units then coverage.lowest end)
        as lowest,
    coalesce(stated_range.stated_highest, case when coverage.n_scores = coverage.n_units then coverage.highest end)
        as highest,
    means.observation_ids
from means
left join coverage
    on coverage.index_code = means.index_code and coverage.year = means.year
    and coverage.region_code is not distinct from means.region_code
left join stated_range
    on stated_range.index_code = means.index_code and stated_range.year = means.year
    and means.unit_level = 'national'

union all

select
    provinces.index_code, provinces.year, 'province' as unit_level, provinces.unit_key, provinces.unit_name,
    'total' as metric, provinces.score as value, stated_range.stated_lowest, stated_range.stated_highest,
    stated_range.range_observation_ids
from provinces
inner join stated_range using (index_code, year)
where provinces.score is not null
order by all
