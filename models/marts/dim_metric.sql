-- The metric catalogue: one row per index, level and canonical metric, with its labels, unit and the
-- cited maximum points per year. Every value's unit in the marts comes from here (and, for a component
-- published either way, from its quote).
with

metrics as (
    select * from {{ ref('stg_reference__metrics') }}
),

maxima as (
    select * from {{ ref('int_metric_maxima') }}
),

canonical as (
    select
        index_code,
        unit_level,
        canonical_metric as metric,
        min(metric_kind) as metric_kind,
        min(value_unit) as value_unit,
        min(name_vi) as label_vi,
        min(name_en) as label_en,
        min(points_metric) as points_metric,
        list(distinct metric order by metric) as metric_names_as_written
    from metrics
    group by all
),

max_by_year as (
    select
        index_code,
        unit_level,
        metric,
        list(struct_pack(year := year, max_points := max_points, source_url := source_url) order by year)
            as max_points_by_year
    from maxima
    group by all
)

select
    canonical.index_code,
    canonical.unit_level,
    canonical.metric,
    canonical.metric_kind,
    canonical.value_unit,
    canonical.label_vi,
    canonical.label_en,
    case canonical.value_unit
        when 'percent' then 'Percent (0-100) of the maximum score.'
        when 'points' then 'Points; the maximum for a year is in max_points_by_year where a source states it.'
        when 'places' then 'Places in the ranking (signed, up = positive).'
        when 'units' then 'A count of units (provinces or ministries).'
        when 'rank' then 'A rank only (no value is published for it).'
        else 'A group membership: no number.'
    end as unit_description,
    canonical.points_metric,
    canonical.metric_names_as_written,
    coalesce(max_by_year.max_points_by_year, []) as max_points_by_year
from canonical
left join max_by_year using (index_code, unit_level, metric)
