-- The metric catalogue: each metric name used by a source -> one canonical metric and its kind.
with

metrics as (
    select * from {{ ref('ref_metrics') }}
)

select
    upper(index_code) as index_code,
    unit_level,
    metric,
    canonical_metric,
    metric_kind,
    value_unit,
    name_vi,
    name_en,
    stated_max_points,
    -- for a component published either way: the metric its value goes to when printed in points
    nullif(points_metric, '') as points_metric
from metrics
