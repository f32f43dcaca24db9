-- One row per candidate number for a fact (index, year, level, unit, metric, field), with the
-- independent sources (hosts) that state it. A fact with more than one candidate is a conflict.
with

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

-- group memberships ("among the bottom 5") carry no number of their own
numeric_observations as (
    select * from observations where metric_kind <> 'group'
),

stated_values as (
    select *, 'value' as field, value as candidate
    from numeric_observations where value is not null
),

stated_ranks as (
    select *, 'rank' as field, cast(rank as decimal(9, 3)) as candidate
    from numeric_observations where rank is not null
),

stated as (
    select * from stated_values
    union all
    select * from stated_ranks
),

grouped as (
    select
        index_code,
        year,
        unit_level,
        unit_key,
        metric,
        field,
        candidate,
        -- decimals actually used: 83.6 -> 1, 83.68 -> 2, 91 -> 0
        case
            when candidate = round(candidate, 0) then 0
            when candidate = round(candidate, 1) then 1
            when candidate = round(candidate, 2) then 2
            else 3
        end as candidate_decimals,
        count(distinct source_host) as n_sources,
        -- 3 government, 2 press, 1 other: the best kind of source stating this number
        max(case source_kind when 'government' then 3 when 'press' then 2 else 1 end) as best_source_kind_rank,
        count(*) as n_observations,
        list(distinct observation_id order by observation_id) as observation_ids,
        list(distinct source_host order by source_host) as source_hosts,
        list(distinct source_url order by source_url) as source_urls
    from stated
    group by all
)

select * from grouped
