-- Every name form a unit is known by, keyed by normalize_unit_name, per level (and vintage for
-- provinces: the same name means a different unit before and after the 2025 merger).
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

curated_names as (
    select * from {{ ref('stg_reference__unit_aliases') }}
),

province_names as (
    select 'province' as unit_level, vintage, unit_key, name_form as alias
    from provinces_63,
        unnest(
            [name_vi, name_vi_as_published, name_ascii, name_en] || string_split(coalesce(aliases, ''), '|')
        ) as t (name_form)
),

unit_2025_names as (
    select 'province' as unit_level, vintage, unit_key, name_form as alias
    from units_2025, unnest([name_vi, official_name_vi, official_name_vi_as_published, name_en]) as t (name_form)
),

ministry_names as (
    select 'ministry' as unit_level, null as vintage, ministry_code as unit_key, name_form as alias
    from ministries, unnest([name_vi, name_vi_as_published, name_en]) as t (name_form)
),

region_names as (
    select 'region' as unit_level, null as vintage, region_code as unit_key, name_form as alias
    from regions, unnest([name_vi, name_en]) as t (name_form)
),

all_names as (
    select * from province_names
    union all select * from unit_2025_names
    union all select * from ministry_names
    union all select * from region_names
    union all select * from curated_names
),

keyed as (
    select distinct
        unit_level,
        vintage,
        unit_key,
        nfc_normalize(trim(alias)) as alias,
        {{ normalize_unit_name('alias') }} as alias_key
    from all_names
    where nullif(trim(alias), '') is not null
)

select * from keyed
