-- SYNTHETIC benchmark units (parwh bench), keyed by name as int_unit_aliases__keyed keys real names.
with

source as (
    select * from {{ source('bench', 'synthetic_units') }}
)

select
    cast(unit_id as integer) as unit_key,
    nfc_normalize(trim(unit_name)) as unit_name,
    {{ normalize_unit_name('unit_name') }} as name_key
from source
