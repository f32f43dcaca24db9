-- Every cited statement, resolved to its unit and canonical metric: the evidence behind each number.
with

observations as (
    select * from {{ ref('int_observations__resolved') }}
)

select
    observation_id,
    dataset,
    index_code,
    year,
    unit_level,
    unit_key,
    unit_name_as_written,
    metric_as_written,
    metric,
    metric_kind,
    value_unit,
    max_points_in_quote,
    value,
    rank,
    rank_of,
    source_url,
    source_host,
    source_domain,
    source_kind,
    source_tier,
    publisher,
    source_date,
    source_language,
    quote
from observations
