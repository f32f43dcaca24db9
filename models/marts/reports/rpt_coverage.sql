-- Per release: how many of the expected units have a score, an official rank, a conflict, or only weak
-- evidence of a score (mirrors, spam, compilations: not published, see rpt_weak_evidence).
with

rankings as (
    select * from {{ ref('fct_rankings') }}
),

releases as (
    select * from {{ ref('stg_reference__releases') }}
),

counted as (
    select
        index_code,
        year,
        unit_level,
        count(*) as units_listed,
        count(*) filter (where has_score) as units_with_score,
        count(*) filter (where has_official_rank) as units_with_official_rank,
        count(*) filter (where has_score or has_official_rank) as units_with_any,
        count(*) filter (where has_conflict) as units_with_conflict,
        count(*) filter (where score_grade = 'weak') as units_with_weak_score_only
    from rankings
    group by all
)

select
    releases.index_code,
    releases.year,
    releases.unit_level,
    releases.vintage,
    releases.expected_units,
    releases.announced_on,
    coalesce(counted.units_listed, 0) as units_listed,
    coalesce(counted.units_with_score, 0) as units_with_score,
    coalesce(counted.units_with_official_rank, 0) as units_with_official_rank,
    coalesce(counted.units_with_conflict, 0) as units_with_conflict,
    coalesce(counted.units_with_weak_score_only, 0) as units_with_weak_score_only,
    round(100.0 * coalesce(counted.units_with_score, 0) / releases.expected_units, 1) as pct_with_score,
    coalesce(counted.units_with_score, 0) = releases.expected_units as is_complete
from releases
left join counted using (index_code, year, unit_level)
