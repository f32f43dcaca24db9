-- One row per unit and release in marts.fct_rankings, with the order and uniqueness checks precomputed.
with

rankings as (
    select * from {{ ref('fct_rankings') }}
),

ranked as (
    select * from rankings where official_rank is not null
),

rank_sharing as (
    select
        mine.index_code, mine.year, mine.unit_level, mine.unit_key,
        count(other.unit_key) as units_sharing_rank
    from ranked as mine
    left join ranked as other
        on other.index_code = mine.index_code and other.year = mine.year and other.unit_level = mine.unit_level
        and other.official_rank = mine.official_rank and other.unit_key <> mine.unit_key
    group by all
),

-- a higher score must not carry a worse (larger) official rank; equal scores may come in any order
order_inversions as (
    select
        mine.index_code, mine.year, mine.unit_level, mine.unit_key,
        count(other.unit_key) as order_inversions,
        min(other.unit_name || ' (' || other.score || ', rank ' || other.official_rank || ')') as inverted_with
    from ranked as mine
    left join ranked as other
        on other.index_code = mine.index_code and other.year = mine.year and other.unit_level = mine.unit_level
        and other.score > mine.score and other.official_rank > mine.official_rank
        and mine.score is not null
    group by all
)

select
    rankings.index_code,
    rankings.year,
    rankings.unit_level,
    rankings.unit_key,
    rankings.unit_name,
    rankings.score,
    rankings.official_rank,
    rankings.rank_of,
    array_to_string(rankings.observation_ids, ' ') as observation_ids,
    rank_sharing.units_sharing_rank,
    order_inversions.order_inversions,
    order_inversions.inverted_with
from rankings
left join rank_sharing using (index_code, year, unit_level, unit_key)
left join order_inversions using (index_code, year, unit_level, unit_key)
order by all
