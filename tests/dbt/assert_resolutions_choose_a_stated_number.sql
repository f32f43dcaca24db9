-- A resolution row may only pick one of the numbers the sources state, never a new one (an empty
-- `chosen` sets every stated number of the fact aside, with its reason).
with

resolutions as (
    select * from {{ ref('conflict_resolutions') }}
),

candidates as (
    select * from {{ ref('int_fact_candidates__grouped') }}
)

select
    resolutions.index_code, resolutions.year, resolutions.unit_level, resolutions.unit_key, resolutions.metric,
    resolutions.field, resolutions.chosen, resolutions.reason, resolutions.evidence_observation_ids
from resolutions
left join candidates
    on candidates.index_code = resolutions.index_code
    and candidates.year = resolutions.year
    and candidates.unit_level = resolutions.unit_level
    and candidates.unit_key = resolutions.unit_key
    and candidates.metric = resolutions.metric
    and candidates.field = resolutions.field
    and candidates.candidate = resolutions.chosen
where resolutions.chosen is not null and candidates.candidate is null
