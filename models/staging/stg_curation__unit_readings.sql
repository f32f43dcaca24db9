-- The value unit a curator read for an observation whose quote does not say it (seeds/curation/unit_readings.csv).
with

unit_readings as (
    select * from {{ ref('unit_readings') }}
)

select observation_id, value_unit, reason
from unit_readings
