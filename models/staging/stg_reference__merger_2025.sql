-- Resolution 202/2025/QH15: each of the 63 old provinces -> the 2025 unit it merged into.
-- Codes were reused, so both sides carry a vintage-qualified key.
with

merger as (
    select * from {{ ref('ref_merger_2025') }}
),

renamed as (
    select
        'vn63_' || old_gso_code as old_unit_key,
        old_gso_code as old_unit_code,
        old_name_vi,
        'vn34_' || new_unit_code as new_unit_key,
        new_unit_code,
        new_unit_name_vi as new_unit_official_name_vi
    from merger
)

select * from renamed
