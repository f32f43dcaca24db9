-- The recorded resolutions of conflicting numbers, each with its reason (seeds/curation/conflict_resolutions.csv).
with

resolutions as (
    select * from {{ ref('conflict_resolutions') }}
)

select index_code, year, unit_level, unit_key, metric, field, chosen, reason, evidence_observation_ids
from resolutions
