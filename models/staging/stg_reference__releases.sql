-- One row per release (index x year x level) with the number of units it is expected to cover.
with

releases as (
    select * from {{ ref('ref_releases') }}
),

renamed as (
    select
        upper(index_code) as index_code,
        year,
        unit_level,
        nullif(vintage, '') as vintage,
        expected_units,
        announced_on,
        expected_units_source,
        announced_on_source
    from releases
)

select * from renamed
