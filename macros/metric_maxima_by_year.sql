{#- dim_metric's maxima unnested: one row per index, level, metric and year with the points it can reach. The
    gate's frames hold scores and observations to it (models/audit/). -#}
{% macro metric_maxima_by_year() %}
    select
        metrics.index_code, metrics.unit_level, metrics.metric,
        struct_extract(entries.entry, 'year') as year,
        struct_extract(entries.entry, 'max_points') as max_points
    from {{ ref('dim_metric') }} as metrics, unnest(metrics.max_points_by_year) as entries (entry)
{%- endmacro %}
