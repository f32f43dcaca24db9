-- One row per candidate number for a fact (index, year, level, unit, metric, field), with the
-- publishers that state it. A fact with more than one candidate is a conflict. Witnesses are
-- registrable domains (seeds/reference/ref_sources.csv): two pages of one site are one witness, and a
-- mirror, clone, spam copy or secondary compilation (tier "weak") is never an independent witness.
with

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

-- group memberships ("among the bottom 5") carry no number of their own
numeric_observations as (
    select * from observations where metric_kind <> 'group'
),

stated_values as (
    select *, metric as fact_metric, 'value' as field, value as candidate
    from numeric_observations where value is not null
),

-- a component's rank is one fact whether its value was printed in points or in percent
stated_ranks as (
    select *, rank_metric as fact_metric, 'rank' as field, cast(rank as decimal(9, 3)) as candidate
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
        fact_metric as metric,
        field,
        candidate,
        -- decimals actually used: 83.6 -> 1, 83.68 -> 2, 91 -> 0
        case
            when candidate = round(candidate, 0) then 0
            when candidate = round(candidate, 1) then 1
            when candidate = round(candidate, 2) then 2
            else 3
        end as candidate_decimals,
        count(distinct source_domain) filter (where source_tier = 'official') as n_official_sources,
        count(distinct source_domain) filter (where source_tier <> 'weak') as n_sources,
        count(distinct source_domain) filter (where source_tier = 'weak') as n_weak_sources,
        -- 3 official, 2 reputable (press, foreign press, academic), 1 weak: the strongest tier stating it
        max(case source_tier when 'official' then 3 when 'reputable' then 2 else 1 end) as best_tier_rank,
        count(*) as n_observations,
        list(distinct observation_id order by observation_id) as observation_ids,
        list(distinct source_domain order by source_domain) filter (where source_tier <> 'weak') as source_domains,
        list(distinct source_domain order by source_domain) filter (where source_tier = 'weak') as weak_source_domains,
        list(distinct source_url order by source_url) as source_urls
    from stated
    group by all
)

select * from grouped
