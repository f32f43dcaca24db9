-- The 34 provincial units from the 2025 merger, derived from the crosswalk.
with

merger as (
    select * from {{ ref('stg_reference__merger_2025') }}
),

-- English names, each with its source
names_en as (
    select * from {{ ref('stg_reference__units_2025_names_en') }}
),

units as (
    select
        new_unit_key as unit_key,
        new_unit_code as unit_code,
        '2025' as vintage,
        {{ modern_tone_marks('new_unit_official_name_vi') }} as official_name_vi,
        new_unit_official_name_vi as official_name_vi_as_published,
        regexp_replace({{ modern_tone_marks('new_unit_official_name_vi') }}, '^(Tỉnh|Thành phố) ', '') as name_vi,
        new_unit_official_name_vi like 'Thành phố %' as is_central_city,
        count(*) as n_predecessors,
        list(old_unit_key order by old_unit_key) as predecessor_unit_keys
    from merger
    group by all
)

select
    units.*,
    names_en.name_en,
    names_en.name_en_source
from units
left join names_en on names_en.unit_code = units.unit_code
