-- One row per cited statement, typed, with the keys its unit name can be matched on.
with

source as (
    select * from {{ ref('raw_observations') }}
),

renamed as (
    select
        observation_id,
        dataset,
        upper(trim(index_code)) as index_code,
        year,
        lower(trim(unit_level)) as unit_level,
        nfc_normalize(trim(unit_name_as_written)) as unit_name_as_written,
        lower(trim(metric)) as metric,
        value,
        rank,
        rank_of,
        trim(source_url) as source_url,
        nullif(trim(source_date), '') as source_date,
        source_language,
        source_kind,
        nfc_normalize(quote) as quote,
        -- provinces before the 2025 merger belong to the 63-unit vintage, from 2025 to the 34-unit one
        case when year >= {{ var('merger_first_year') }} then '2025' else '2008' end as vintage
    from source
),

with_name_keys as (
    select
        *,
        {{ normalize_unit_name('unit_name_as_written') }} as name_key_full,
        -- "広寧省 (Quảng Ninh)", "tỉnh (Bà Rịa - Vũng Tàu)": the part in brackets ...
        {{ normalize_unit_name("regexp_extract(unit_name_as_written, '\\(([^)]*)\\)', 1)") }} as name_key_inner,
        -- ... or the part outside them: "thành phố Cần Thơ (cũ)", "State Bank of Vietnam (SBV)"
        {{ normalize_unit_name("regexp_replace(unit_name_as_written, '\\s*\\([^)]*\\)\\s*', ' ', 'g')") }}
            as name_key_outer
    from renamed
)

select * from with_name_keys
