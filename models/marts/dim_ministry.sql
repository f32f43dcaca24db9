with

ministries as (
    select * from {{ ref('stg_reference__ministries') }}
),

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

names_seen as (
    select unit_key as ministry_code, list(distinct unit_name_as_written order by unit_name_as_written) as names_seen
    from observations
    where unit_level = 'ministry'
    group by all
)

select
    ministries.ministry_code,
    ministries.name_vi,
    ministries.name_en,
    ministries.valid_from,
    ministries.valid_to,
    ministries.successor_code,
    ministries.merger_citation_url,
    ministries.merger_citation_quote,
    ministries.par_assessed_from,
    ministries.par_assessed_to,
    coalesce(names_seen.names_seen, []) as names_seen
from ministries
left join names_seen using (ministry_code)
