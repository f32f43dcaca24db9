-- Every fact on which sources disagree: one row per number stated, with who states it and which
-- number was kept, by which rule. Nothing is averaged or hidden.
with

candidates as (
    select * from {{ ref('int_fact_candidates__grouped') }}
),

facts as (
    select * from {{ ref('int_facts__settled') }} where has_conflict
),

units as (
    select * from {{ ref('int_units__unioned') }}
)

select
    facts.index_code,
    facts.year,
    facts.unit_level,
    facts.unit_key,
    units.name_vi as unit_name,
    facts.metric,
    facts.field,
    candidates.candidate as stated_number,
    candidates.n_sources,
    candidates.n_official_sources,
    coalesce(candidates.source_domains, []) as source_domains,
    coalesce(candidates.weak_source_domains, []) as weak_source_domains,
    candidates.observation_ids,
    candidates.source_urls,
    facts.settled_number,
    coalesce(candidates.candidate = facts.settled_number, false) as is_kept,
    facts.settled_by,
    facts.grade,
    facts.resolution_reason
from facts
inner join candidates using (index_code, year, unit_level, unit_key, metric, field)
inner join units using (unit_level, unit_key)
