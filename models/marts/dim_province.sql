with

provinces_63 as (
    select * from {{ ref('stg_reference__provinces_63') }}
),

units_2025 as (
    select * from {{ ref('int_units_2025__merged') }}
),

merger as (
    select * from {{ ref('stg_reference__merger_2025') }}
),

vintage_2008 as (
    select
        provinces_63.unit_key,
        provinces_63.unit_code,
        provinces_63.vintage,
        provinces_63.name_vi,
        provinces_63.name_en,
        'seeds/reference/ref_provinces_63.csv (LaDilettante/vietnamcode)' as name_en_source,
        icu_sort_key(provinces_63.name_vi, 'vi') as name_sort_key,
        provinces_63.name_ascii,
        provinces_63.region_code,
        provinces_63.region_vi,
        provinces_63.region_en,
        provinces_63.is_central_city,
        date '2008-08-01' as valid_from,
        date '2025-06-30' as valid_to,
        merger.new_unit_key as successor_unit_key,
        cast(null as varchar[]) as predecessor_unit_keys,
        units_2025.n_predecessors = 1 as unchanged_by_merger
    from provinces_63
    left join merger on merger.old_unit_key = provinces_63.unit_key
    left join units_2025 on units_2025.unit_key = merger.new_unit_key
),

vintage_2025 as (
    select
        unit_key,
        unit_code,
        vintage,
        name_vi,
        name_en,
        name_en_source,
        icu_sort_key(name_vi, 'vi') as name_sort_key,
        strip_accents(replace(replace(name_vi, 'Đ', 'D'), 'đ', 'd')) as name_ascii,
        cast(null as varchar) as region_code,
        cast(null as varchar) as region_vi,
        cast(null as varchar) as region_en,
        is_central_city,
        date '2025-07-01' as valid_from,
        cast(null as date) as valid_to,
        cast(null as varchar) as successor_unit_key,
        predecessor_unit_keys,
        n_predecessors = 1 as unchanged_by_merger
    from units_2025
)

select * from vintage_2008
union all
select * from vintage_2025
