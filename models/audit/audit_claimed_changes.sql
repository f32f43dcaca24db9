-- Claimed year-on-year changes against the change computed from the settled scores and ranks.
-- A claim stands or falls with its source: when the same page states a score or rank for that unit that
-- a documented conflict rule set aside, its claim is not compared (rpt_conflicts shows both).
with

deltas as (
    select * from {{ ref('fct_deltas') }}
),

claims as (
    select observation_id, index_code, year, unit_key, source_url
    from {{ ref('fct_observations') }}
    where metric in ('score_change', 'rank_change')
),

set_aside_pages as (
    select distinct conflicts.index_code, conflicts.unit_key, conflicts.year, observations.source_url
    from {{ ref('rpt_conflicts') }} as conflicts
    cross join unnest(conflicts.observation_ids) as ids (observation_id)
    inner join {{ ref('fct_observations') }} as observations using (observation_id)
    where not conflicts.is_kept and conflicts.metric = 'total'
),

claims_from_set_aside_pages as (
    select distinct claims.observation_id
    from claims
    inner join set_aside_pages
        on set_aside_pages.index_code = claims.index_code and set_aside_pages.unit_key = claims.unit_key
        and set_aside_pages.year in (claims.year, claims.year - 1) and set_aside_pages.source_url = claims.source_url
)

select
    deltas.index_code,
    deltas.year,
    deltas.unit_level,
    deltas.unit_key,
    deltas.unit_name,
    deltas.score,
    deltas.previous_score,
    deltas.score_change_computed,
    deltas.score_change_claimed,
    abs(deltas.score_change_claimed - deltas.score_change_computed) as score_change_gap,
    deltas.rank_change_computed,
    deltas.rank_change_claimed,
    abs(deltas.rank_change_claimed - deltas.rank_change_computed) as rank_change_gap,
    array_to_string(deltas.claim_observation_ids, ' ') as observation_ids
from deltas
where (deltas.score_change_claimed is not null or deltas.rank_change_claimed is not null)
    and not exists (
        select 1 from claims_from_set_aside_pages
        where list_contains(deltas.claim_observation_ids, claims_from_set_aside_pages.observation_id)
    )
order by all
