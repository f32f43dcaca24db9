-- Ministries and ministerial-level agencies: one key each, with the 2025 mergers.
with

ministries as (
    select * from {{ ref('ref_ministries') }}
),

renamed as (
    select
        ministry_code,
        {{ modern_tone_marks('name_vi') }} as name_vi,
        name_vi as name_vi_as_published,
        name_en,
        valid_from,
        valid_to,
        successor_code,
        merger_citation_url,
        merger_citation_quote,
        par_assessed_from,
        par_assessed_to
    from ministries
)

select * from renamed
