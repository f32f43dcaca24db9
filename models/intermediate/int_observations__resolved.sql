-- Every observation with its unit key, canonical metric, value unit and publisher. The build stops,
-- listing each offender with its observation id, if a unit name, a metric or a source domain is not
-- known, or if the quote does not say whether a component value is points or percent.
with

observations as (
    select * from {{ ref('stg_raw__observations') }}
),

parsed as (
    select * from {{ ref('int_observations__parsed') }}
),

sources as (
    select * from {{ ref('stg_reference__sources') }}
),

unit_readings as (
    select * from {{ ref('stg_curation__unit_readings') }}
),

aliases as (
    select * from {{ ref('int_unit_aliases__keyed') }}
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
        metrics.canonical_metric as catalogue_metric,
        metrics.metric_kind as catalogue_metric_kind,
        metrics.value_unit as catalogue_value_unit,
        metrics.points_metric,
        -- a component published either way takes its unit from a curated reading, else from its quote
        case
            when matched.value is null or metrics.points_metric is null then metrics.value_unit
            else coalesce(unit_readings.value_unit, parsed.unit_in_quote)
        end as value_unit,
        parsed.max_points_in_quote,
        parsed.source_host,
        parsed.source_domain,
        sources.source_kind as registered_kind,
        sources.source_tier,
        sources.publisher
    from matched
    left join metrics
        on metrics.index_code = matched.index_code
        and metrics.unit_level = matched.unit_level
        and metrics.metric = matched.metric
    left join parsed using (observation_id)
    left join sources using (source_domain)
    left join unit_readings using (observation_id)
),

with_unit as (
    select
        *,
        -- points and percent are two facts: 9.5 points and 100% of the same component never conflict
        case when value_unit = 'points' and points_metric is not null then points_metric else catalogue_metric end
            as canonical_metric,
        case
            when value_unit = 'points' and points_metric is not null then 'component_points'
            else catalogue_metric_kind
        end as metric_kind
    from with_metric
),

problems as (
    select
        count(*) as n_problems,
        string_agg(
            case
                when unit_key is null
                    then 'unknown ' || unit_level || ' name "' || unit_name_as_written || '"'
                when catalogue_metric is null
                    then 'unknown metric "' || metric || '" for ' || index_code || ' ' || unit_level
                when registered_kind is null
                    then 'source domain "' || source_domain || '" is not in the register (' || source_url || ')'
                else 'the quote does not say whether ' || value || ' is points or percent'
            end || ' (observation ' || observation_id || ', ' || dataset || ')',
            '; ' order by observation_id
        ) as detail
    from with_unit
    where unit_key is null or catalogue_metric is null or registered_kind is null
        or (value is not null and value_unit is null)
),

guarded as (
    select with_unit.*
    from with_unit
    cross join problems
    where
        case
            when problems.n_problems = 0 then true
            else
                error(
                    problems.n_problems || ' observation(s) cannot be resolved: ' || problems.detail
                    || '. Add the name form to seeds/reference/ref_unit_aliases.csv, the metric to'
                    || ' seeds/reference/ref_metrics.csv, the source domain to seeds/reference/ref_sources.csv'
                    || ' (with its kind and a one-line reason), or the unit to seeds/curation/unit_readings.csv'
                    || ' (with its reason); or correct the observation.'
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
    -- a rank belongs to the component, whatever unit its value was printed in
    catalogue_metric as rank_metric,
    metric_kind,
    value_unit,
    max_points_in_quote,
    value,
    rank,
    rank_of,
    source_url,
    source_host,
    source_domain,
    registered_kind as source_kind,
    source_tier,
    publisher,
    source_date,
    source_language,
    quote
from guarded
