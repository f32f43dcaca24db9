-- Every observation with its unit key and canonical metric. The build stops, listing each
-- offender with its observation id, if a unit name or a metric is not known.
with

observations as (
    select * from {{ ref('stg_raw__observations') }}
),

aliases as (
    select * from {{ ref('stg_reference__unit_aliases') }}
),

metrics as (
    select * from {{ ref('stg_reference__metrics') }}
),

alias_lookup as (
    select distinct unit_level, coalesce(vintage, '') as vintage, alias_key, unit_key from aliases
),

-- the whole name first, then the part in brackets, then the part outside them
matched as (
    select
        observations.*,
        case
            when observations.unit_level = 'national' then 'VN'
            else coalesce(by_full.unit_key, by_inner.unit_key, by_outer.unit_key)
        end as unit_key
    from observations
    left join alias_lookup as by_full
        on by_full.unit_level = observations.unit_level
        and by_full.vintage = case when observations.unit_level = 'province' then observations.vintage else '' end
        and by_full.alias_key = observations.name_key_full
    left join alias_lookup as by_inner
        on by_inner.unit_level = observations.unit_level
        and by_inner.vintage = case when observations.unit_level = 'province' then observations.vintage else '' end
        and by_inner.alias_key = observations.name_key_inner
    left join alias_lookup as by_outer
        on by_outer.unit_level = observations.unit_level
        and by_outer.vintage = case when observations.unit_level = 'province' then observations.vintage else '' end
        and by_outer.alias_key = observations.name_key_outer
),

with_metric as (
    select
        matched.*,
        metrics.canonical_metric,
        metrics.metric_kind,
        metrics.value_unit
    from matched
    left join metrics
        on metrics.index_code = matched.index_code
        and metrics.unit_level = matched.unit_level
        and metrics.metric = matched.metric
),

problems as (
    select
        count(*) as n_problems,
        string_agg(
            case
                when unit_key is null
                    then 'unknown ' || unit_level || ' name "' || unit_name_as_written || '"'
                else 'unknown metric "' || metric || '" for ' || index_code || ' ' || unit_level
            end || ' (observation ' || observation_id || ', ' || dataset || ')',
            '; ' order by observation_id
        ) as detail
    from with_metric
    where unit_key is null or canonical_metric is null
),

guarded as (
    select with_metric.*
    from with_metric
    cross join problems
    where case
        when problems.n_problems = 0 then true
        else error(
            problems.n_problems || ' observation(s) cannot be resolved: ' || problems.detail
            || '. Add the name form to seeds/reference/ref_unit_aliases.csv or the metric to'
            || ' seeds/reference/ref_metrics.csv, or correct the observation.'
        )
    end
)

select
    observation_id,
    dataset,
    index_code,
    year,
    unit_level,
    unit_key,
    unit_name_as_written,
    metric as metric_as_written,
    canonical_metric as metric,
    metric_kind,
    value_unit,
    value,
    rank,
    rank_of,
    source_url,
    source_host,
    source_date,
    source_language,
    source_kind,
    quote
from guarded
