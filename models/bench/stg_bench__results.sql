-- SYNTHETIC benchmark data (parwh bench), typed like stg_raw__observations.
with

source as (
    select * from {{ source('bench', 'synthetic_results') }}
)

select
    cast(unit_id as integer) as unit_key,
    cast(year as integer) as year,
    cast(criterion as integer) as criterion,
    cast(score as decimal(9, 3)) as score
from source
