-- The curated name forms of units (seeds/reference/ref_unit_aliases.csv), with the unit's vintage-qualified key.
with

extra_aliases as (
    select * from {{ ref('ref_unit_aliases') }}
),

curated_names as (
    select
        unit_level,
        nullif(vintage, '') as vintage,
        case
            when unit_level = 'province' and vintage = '2025' then 'vn34_' || unit_code
            when unit_level = 'province' then 'vn63_' || unit_code
            else unit_code
        end as unit_key,
        alias
    from extra_aliases
)

select * from curated_names
