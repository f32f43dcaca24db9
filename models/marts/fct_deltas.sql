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
    select * from {{ ref('int_units_2025__merged') }}
),

-- the unit each row compares with: itself a year earlier, except in the first year of the 34 units, which look
-- back through the crosswalk to a sole predecessor (a unit merged from several has none)
previous_unit as (
    select distinct year, unit_key, unit_key as previous_unit_key, false as crosses_merger
    from rankings
    where not (starts_with(unit_key, 'vn34_') and year = {{ var('merger_first_year') }})
    union all
    select {{ var('merger_first_year') }}, merger.new_unit_key, merger.old_unit_key, true as crosses_merger
    from merger
    inner join units_2025 on units_2025.unit_key = merger.new_unit_key and units_2025.n_predecessors = 1
),

paired as (
    {{ changes_against_previous_year('rankings', ['index_code', 'unit_level'], 'unit_key', 'previous_unit',
                                     carry=['unit_code', 'unit_name']) }}
),

with_claims as (
    select
        paired.*,
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
    abs(score_change_computed - score_change_claimed) > {{ var('score_change_tolerance') }} as score_change_mismatch,
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
