-- The sources a citation names, per (index, year, level, unit, metric): the statements behind the numbers
-- published in fct_index_scores (the settled value and official rank), independent witnesses only (a weak
-- source is never evidence for a published number), one per page, the strongest tier first, then the
-- earliest, then by address. macros/citation_text.sql writes them into the citation.
with

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

facts as (
    select * from {{ ref('int_facts__settled') }} where published_number is not null
),

-- a statement backs a published number when it states that number for that fact (a rank by its rank_metric,
-- as the facts are keyed)
backing as (
    select
        facts.index_code, facts.year, facts.unit_level, facts.unit_key, facts.metric,
        observations.source_url,
        observations.publisher,
        observations.source_date,
        case observations.source_tier when 'official' then 1 when 'reputable' then 2 end as tier_order
    from facts
    inner join observations
        on observations.index_code = facts.index_code
        and observations.year = facts.year
        and observations.unit_level = facts.unit_level
        and observations.unit_key = facts.unit_key
        and observations.metric_kind <> 'group'
        and (
            (
                facts.field = 'value' and observations.metric = facts.metric
                and observations.value = facts.published_number
            )
            or (
                facts.field = 'rank' and observations.rank_metric = facts.metric
                and observations.rank = facts.published_number
            )
        )
    where observations.source_tier <> 'weak'
),

pages as (
    select
        index_code, year, unit_level, unit_key, metric, source_url,
        min(publisher) as publisher,
        min(source_date) as source_date,
        min(tier_order) as tier_order
    from backing
    group by all
)

select
    index_code,
    year,
    unit_level,
    unit_key,
    metric,
    list(
        struct_pack(publisher := publisher, source_date := source_date, source_url := source_url)
        order by tier_order, source_date nulls last, source_url
    ) as cited_sources
from pages
group by all
