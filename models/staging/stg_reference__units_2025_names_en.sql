-- The English name of each 2025 unit, with its source (seeds/reference/ref_units_2025_names_en.csv).
with

names_en as (
    select * from {{ ref('ref_units_2025_names_en') }}
)

select unit_code, official_name_vi, name_en, name_en_source
from names_en
