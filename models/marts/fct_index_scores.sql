-- One row per (index, year, level, unit, metric): the settled value and official rank, how each was
-- settled, and the observations behind them. Group memberships are not scores and are left out.
with

facts as (
    select * from {{ ref('int_facts__settled') }}
),

units as (
    select * from {{ ref('int_units__unioned') }}
),

metrics as (
    select distinct index_code, unit_level, canonical_metric, metric_kind, value_unit
    from {{ ref('stg_reference__metrics') }}
),

pivoted as (
    select
        index_code,
        year,
        unit_level,
        unit_key,
        metric,
        max(settled_number) filter (where field = 'value') as value,
        max(settled_by) filter (where field = 'value') as value_settled_by,
        cast(max(settled_number) filter (where field = 'rank') as integer) as official_rank,
        max(settled_by) filter (where field = 'rank') as rank_settled_by,
        max(n_sources) as n_sources,
        bool_or(has_conflict) as has_conflict,
        list_sort(list_distinct(flatten(list(observation_ids)))) as observation_ids
    from facts
    group by all
)

select
    pivoted.index_code,
    pivoted.year,
    pivoted.unit_level,
    pivoted.unit_key,
    units.unit_code,
    units.name_vi as unit_name,
    pivoted.metric,
    metrics.metric_kind,
    metrics.value_unit,
    pivoted.value,
    pivoted.value_settled_by,
    pivoted.official_rank,
    pivoted.rank_settled_by,
    pivoted.n_sources,
    pivoted.has_conflict,
    pivoted.observation_ids
from pivoted
inner join units using (unit_level, unit_key)
inner join metrics
    on metrics.index_code = pivoted.index_code
    and metrics.unit_level = pivoted.unit_level
    and metrics.canonical_metric = pivoted.metric
