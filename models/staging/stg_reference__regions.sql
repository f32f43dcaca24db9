-- The six socio-economic regions (Nghị quyết 81/2023/QH15).
with

regions as (
    select * from {{ ref('ref_regions') }}
)

select region_code, name_vi, name_en from regions
