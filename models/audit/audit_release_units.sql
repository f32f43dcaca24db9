-- Expected units per release (seeds/reference/ref_releases.csv) against the units the marts list.
with

releases as (
    select * from {{ ref('stg_reference__releases') }}
),

ranking_units as (
    select index_code, year, unit_level, count(*) as units_found
    from {{ ref('fct_rankings') }}
    group by all
),

province_vintages as (
    select vintage, max(expected_units) as expected_units
    from releases
    where unit_level = 'province'
    group by vintage
),

dim_province_units as (
    select vintage, count(*) as units_found from {{ ref('dim_province') }} group by vintage
)

select
    'marts.fct_rankings' as mart,
    releases.index_code,
    releases.year,
    releases.unit_level,
    releases.vintage,
    releases.expected_units,
    coalesce(ranking_units.units_found, 0) as units_found
from releases
left join ranking_units using (index_code, year, unit_level)

union all

select
    'marts.dim_province' as mart,
    null as index_code,
    null as year,
    'province' as unit_level,
    province_vintages.vintage,
    province_vintages.expected_units,
    coalesce(dim_province_units.units_found, 0) as units_found
from province_vintages
left join dim_province_units using (vintage)
order by all
