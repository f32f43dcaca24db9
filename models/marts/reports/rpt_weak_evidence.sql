-- Numbers stated only by weak sources (mirrors, spam or clone sites, secondary compilations): not
-- published as settled values, kept here with their sources so a reputable source found later can lift them.
with

facts as (
    select * from {{ ref('int_facts__settled') }} where grade = 'weak'
),

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

units as (
    select * from {{ ref('int_units__unioned') }}
),

-- the observations that state the weak number (a fact's other candidates may be reputable)
stating as (
    select
        facts.index_code, facts.year, facts.unit_level, facts.unit_key, facts.metric, facts.field,
        list(distinct observations.observation_id order by observations.observation_id) as observation_ids,
        list(distinct observations.source_url order by observations.source_url) as source_urls,
        list(distinct observations.source_kind order by observations.source_kind) as source_kinds
    from facts
    inner join observations
        on observations.index_code = facts.index_code
        and observations.year = facts.year
        and observations.unit_level = facts.unit_level
        and observations.unit_key = facts.unit_key
        and list_contains(facts.observation_ids, observations.observation_id)
        and (
            (
                facts.field = 'value' and observations.metric = facts.metric
                and observations.value = facts.settled_number
            )
            or (
                facts.field = 'rank' and observations.rank_metric = facts.metric
                and observations.rank = facts.settled_number
            )
        )
    group by all
)

select
    facts.index_code,
    facts.year,
    facts.unit_level,
    facts.unit_key,
    units.name_vi as unit_name,
    facts.metric,
    facts.field,
    facts.settled_number as stated_number,
    facts.weak_source_domains as source_domains,
    stating.source_kinds,
    stating.source_urls,
    stating.observation_ids
from facts
inner join stating using (index_code, year, unit_level, unit_key, metric, field)
inner join units using (unit_level, unit_key)
