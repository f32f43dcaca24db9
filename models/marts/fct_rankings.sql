-- One row per expected unit per release, known or not. Official ranks are as published; computed
-- ranks and percentiles are among the units whose score is known, so they are not official ranks.
with

releases as (
    select * from {{ ref('stg_reference__releases') }}
),

units as (
    select * from {{ ref('int_units__unioned') }}
),

ministries as (
    select * from {{ ref('stg_reference__ministries') }}
),

totals as (
    select * from {{ ref('fct_index_scores') }} where metric = 'total'
),

cited_sources as (
    select * from {{ ref('int_facts__cited_sources') }}
),

expected_provinces as (
    select releases.index_code, releases.year, releases.unit_level, releases.expected_units, units.unit_key
    from releases
    inner join units on units.unit_level = 'province' and units.vintage = releases.vintage
    where releases.unit_level = 'province'
),

expected_ministries as (
    select releases.index_code, releases.year, releases.unit_level, releases.expected_units, ministries.ministry_code
    from releases
    inner join ministries on releases.year between ministries.par_assessed_from and ministries.par_assessed_to
    where releases.unit_level = 'ministry'
),

expected as (
    select * from expected_provinces
    union all
    select * from expected_ministries
),

scored as (
    select
        expected.index_code,
        expected.year,
        expected.unit_level,
        expected.unit_key,
        units.unit_code,
        units.name_vi as unit_name,
        units.name_sort_key,
        units.region_code,
        totals.value as score,
        totals.value_grade as score_grade,
        totals.official_rank,
        totals.rank_grade,
        expected.expected_units as rank_of,
        totals.value_n_sources as score_n_sources,
        totals.rank_n_sources,
        coalesce(totals.has_conflict, false) as has_conflict,
        totals.observation_ids
    from expected
    inner join units on units.unit_level = expected.unit_level and units.unit_key = expected.unit_key
    left join totals
        on totals.index_code = expected.index_code
        and totals.year = expected.year
        and totals.unit_level = expected.unit_level
        and totals.unit_key = expected.unit_key
),

known as (
    {{ ranks_among_known('scored', ['index_code', 'year', 'unit_level'], 'unit_key', group_column='region_code') }}
)

select
    scored.index_code,
    scored.year,
    scored.unit_level,
    scored.unit_key,
    scored.unit_code,
    scored.unit_name,
    scored.name_sort_key,
    scored.region_code,
    scored.score,
    scored.score_grade,
    scored.official_rank,
    scored.rank_grade,
    scored.rank_of,
    known.computed_rank,
    known.n_known_scores,
    known.percentile,
    case when scored.region_code is not null then known.group_rank end as region_rank,
    scored.score is not null as has_score,
    scored.official_rank is not null as has_official_rank,
    scored.has_conflict,
    scored.score_n_sources,
    scored.rank_n_sources,
    coalesce(scored.observation_ids, []) as observation_ids,
    -- as a reader should quote the row (macros/citation_text.sql); a unit without score or rank says so
    {{ citation_text(
        'scored.index_code', 'scored.year', 'scored.unit_name', 'null', 'scored.score', 'scored.score_grade',
        'scored.official_rank', 'scored.rank_grade', 'scored.rank_of', 'cited_sources.cited_sources', 'null', 'null',
        var('citation_max_sources')
    ) }} as citation
from scored
left join known using (index_code, year, unit_level, unit_key)
left join cited_sources
    on cited_sources.index_code = scored.index_code
    and cited_sources.year = scored.year
    and cited_sources.unit_level = scored.unit_level
    and cited_sources.unit_key = scored.unit_key
    and cited_sources.metric = 'total'
