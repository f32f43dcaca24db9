-- Year-over-year change per unit: computed where both ends are known, and as claimed by sources.
-- Across the 2025 merger a change exists only for a unit the merger left whole, and is flagged.
with

rankings as (
    select * from {{ ref('fct_rankings') }}
),

claims as (
    select * from {{ ref('fct_index_scores') }} where metric in ('score_change', 'rank_change')
),

merger as (
    select * from {{ ref('stg_reference__merger_2025') }}
),

units_2025 as (
    select * from {{ ref('stg_reference__units_2025') }}
),

-- the unit a row compares against: itself a year earlier, or its sole predecessor before the merger
previous_unit as (
    select unit_key, unit_key as previous_unit_key, false as crosses_merger
    from rankings
    group by all
    union all
    select merger.new_unit_key, merger.old_unit_key, true
    from merger
    inner join units_2025 on units_2025.unit_key = merger.new_unit_key and units_2025.n_predecessors = 1
),

paired as (
    select
        current_year.index_code,
        current_year.year,
        current_year.unit_level,
        current_year.unit_key,
        current_year.unit_code,
        current_year.unit_name,
        previous_year.year as previous_year,
        previous_year.unit_key as previous_unit_key,
        coalesce(previous_unit.crosses_merger, false) as crosses_merger,
        current_year.score,
        previous_year.score as previous_score,
        current_year.official_rank,
        previous_year.official_rank as previous_official_rank
    from rankings as current_year
    left join previous_unit
        on previous_unit.unit_key = current_year.unit_key
        -- the merger boundary: the first year of the 34-unit vintage looks back through the crosswalk only
        and previous_unit.crosses_merger = (
            starts_with(current_year.unit_key, 'vn34_') and current_year.year = {{ var('merger_first_year') }}
        )
    left join rankings as previous_year
        on previous_year.index_code = current_year.index_code
        and previous_year.unit_level = current_year.unit_level
        and previous_year.year = current_year.year - 1
        and previous_year.unit_key = previous_unit.previous_unit_key
),

with_claims as (
    select
        paired.*,
        round(paired.score - paired.previous_score, 3) as score_change_computed,
        -- a rank among 34 units and a rank among 63 do not measure the same thing: no rank change across the merger
        case when not paired.crosses_merger then paired.previous_official_rank - paired.official_rank end
            as rank_change_computed,
        score_claim.value as score_change_claimed,
        cast(rank_claim.value as integer) as rank_change_claimed,
        list_concat(coalesce(score_claim.observation_ids, []), coalesce(rank_claim.observation_ids, []))
            as claim_observation_ids
    from paired
    left join claims as score_claim
        on score_claim.metric = 'score_change'
        and score_claim.index_code = paired.index_code
        and score_claim.year = paired.year
        and score_claim.unit_level = paired.unit_level
        and score_claim.unit_key = paired.unit_key
    left join claims as rank_claim
        on rank_claim.metric = 'rank_change'
        and rank_claim.index_code = paired.index_code
        and rank_claim.year = paired.year
        and rank_claim.unit_level = paired.unit_level
        and rank_claim.unit_key = paired.unit_key
)

select
    index_code,
    year,
    unit_level,
    unit_key,
    unit_code,
    unit_name,
    previous_year,
    previous_unit_key,
    crosses_merger,
    score,
    previous_score,
    score_change_computed,
    score_change_claimed,
    -- claims are rounded to 2 decimals at most; a larger gap is a real disagreement
    abs(score_change_computed - score_change_claimed) > 0.011 as score_change_mismatch,
    official_rank,
    previous_official_rank,
    rank_change_computed,
    rank_change_claimed,
    rank_change_computed <> rank_change_claimed as rank_change_mismatch,
    claim_observation_ids
from with_claims
where previous_year is not null
    or score_change_claimed is not null
    or rank_change_claimed is not null
