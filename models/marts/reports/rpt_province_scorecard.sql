-- One row per province and year: PAR INDEX and SIPAS side by side, with their changes.
with

rankings as (
    select * from {{ ref('fct_rankings') }} where unit_level = 'province'
),

deltas as (
    select * from {{ ref('fct_deltas') }} where unit_level = 'province'
),

provinces as (
    select * from {{ ref('dim_province') }}
),

per_index as (
    select
        rankings.index_code,
        rankings.year,
        rankings.unit_key,
        rankings.score,
        rankings.official_rank,
        rankings.computed_rank,
        rankings.has_conflict,
        coalesce(deltas.score_change_computed, deltas.score_change_claimed) as score_change,
        coalesce(deltas.rank_change_computed, deltas.rank_change_claimed) as rank_change
    from rankings
    left join deltas using (index_code, year, unit_level, unit_key)
),

par as (select * from per_index where index_code = 'PAR_INDEX'),

sipas as (select * from per_index where index_code = 'SIPAS'),

province_years as (
    select year, unit_key from par
    union
    select year, unit_key from sipas
)

select
    province_years.year,
    province_years.unit_key,
    provinces.unit_code,
    provinces.name_vi,
    provinces.name_en,
    provinces.region_code,
    par.score as par_score,
    par.official_rank as par_official_rank,
    par.computed_rank as par_computed_rank,
    par.score_change as par_score_change,
    par.rank_change as par_rank_change,
    par.has_conflict as par_has_conflict,
    sipas.score as sipas_score,
    sipas.official_rank as sipas_official_rank,
    sipas.computed_rank as sipas_computed_rank,
    sipas.score_change as sipas_score_change,
    sipas.rank_change as sipas_rank_change,
    sipas.has_conflict as sipas_has_conflict
from province_years
inner join provinces using (unit_key)
left join par using (year, unit_key)
left join sipas using (year, unit_key)
