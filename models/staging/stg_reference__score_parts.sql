-- The parts of each score and the maximum points a source states for them (seeds/reference/ref_score_parts.csv).
with

score_parts as (
    select * from {{ ref('ref_score_parts') }}
)

select index_code, unit_level, year, whole_metric, part_metric, max_points, source_url, quote
from score_parts
