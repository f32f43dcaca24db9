-- Every unit a fact can be about, at every level, with one display name and its region.
with

provinces_63 as (
    select * from {{ ref('stg_reference__provinces_63') }}
),

units_2025 as (
    select * from {{ ref('int_units_2025__merged') }}
),

ministries as (
    select * from {{ ref('stg_reference__ministries') }}
),

regions as (
    select * from {{ ref('stg_reference__regions') }}
),

unioned as (
    select 'province' as unit_level, unit_key, unit_code, vintage, name_vi, name_en, region_code
    from provinces_63
    union all
    -- regions were defined for the 63 provinces; a merged unit's region is not asserted here
    select 'province' as unit_level, unit_key, unit_code, vintage, name_vi, name_en, null as region_code
    from units_2025
    union all
    select
        'ministry' as unit_level, ministry_code as unit_key, ministry_code as unit_code, null as vintage,
        name_vi, name_en, null as region_code
    from ministries
    union all
    select
        'region' as unit_level, region_code as unit_key, region_code as unit_code, null as vintage,
        name_vi, name_en, null as region_code
    from regions
    union all
    select
        'national' as unit_level, 'VN' as unit_key, 'VN' as unit_code, null as vintage,
        'Cả nước' as name_vi, 'Viet Nam (national)' as name_en, null as region_code
)

select
    *,
    -- Vietnamese alphabetical order (ICU 'vi' collation: a ă â ... d đ ...), usable in any reader
    icu_sort_key(name_vi, 'vi') as name_sort_key
from unioned
