-- The 63 provinces of the 2008-2024 vintage (GSO codes), with their socio-economic region.
with

provinces as (
    select * from {{ ref('ref_provinces_63') }}
),

regions as (
    select * from {{ ref('ref_regions') }}
),

renamed as (
    select
        'vn63_' || provinces.unit_code as unit_key,
        provinces.unit_code,
        '2008' as vintage,
        -- the display name, in the modern tone-mark style; the form as published stays an alias
        {{ modern_tone_marks('provinces.name_vi') }} as name_vi,
        provinces.name_vi as name_vi_as_published,
        provinces.name_ascii,
        provinces.name_en,
        provinces.is_central_city,
        regions.region_code,
        provinces.region_vi,
        provinces.region_en,
        provinces.aliases
    from provinces
    left join regions on regions.name_en = provinces.region_en
)

select * from renamed
