-- One row per (index, year, level, unit, metric): the published value and official rank, each with its
-- evidence grade, how it was settled and the independent publishers behind it. A number whose only
-- support is weak (mirrors, spam, compilations) or that is disputed is null here; rpt_weak_evidence and
-- rpt_conflicts show it. Group memberships are not scores and are left out (see fct_group_memberships).
-- `citation` is the row as a reader should quote it (macros/citation_text.sql); its release part is filled in by
-- `parwh build` through the DuckDB macro stored here.
{{ config(post_hook=[
    "create or replace macro {{ this.schema }}.citation_release(release_name, data_version) as ({{ citation_release('release_name', 'data_version') }})"
]) }}
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

metric_labels as (
    select index_code, unit_level, metric, label_en from {{ ref('dim_metric') }}
),

releases as (
    select * from {{ ref('stg_reference__releases') }}
),

cited_sources as (
    select * from {{ ref('int_facts__cited_sources') }}
),

pivoted as (
    select
        index_code,
        year,
        unit_level,
        unit_key,
        metric,
        max(published_number) filter (where field = 'value') as value,
        max(grade) filter (where field = 'value') as value_grade,
        max(settled_by) filter (where field = 'value') as value_settled_by,
        max(n_sources) filter (where field = 'value') as value_n_sources,
        max(source_domains) filter (where field = 'value') as value_source_domains,
        cast(max(published_number) filter (where field = 'rank') as integer) as official_rank,
        max(grade) filter (where field = 'rank') as rank_grade,
        max(settled_by) filter (where field = 'rank') as rank_settled_by,
        max(n_sources) filter (where field = 'rank') as rank_n_sources,
        max(source_domains) filter (where field = 'rank') as rank_source_domains,
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
    pivoted.value_grade,
    pivoted.value_settled_by,
    pivoted.value_n_sources,
    pivoted.value_source_domains,
    pivoted.official_rank,
    pivoted.rank_grade,
    pivoted.rank_settled_by,
    pivoted.rank_n_sources,
    pivoted.rank_source_domains,
    pivoted.has_conflict,
    pivoted.observation_ids,
    {{ citation_text(
        'pivoted.index_code', 'pivoted.year', 'units.name_vi',
        "case when pivoted.metric <> 'total' then metric_labels.label_en end",
        'pivoted.value', 'pivoted.value_grade', 'pivoted.official_rank', 'pivoted.rank_grade',
        'releases.expected_units', 'cited_sources.cited_sources', 'null', 'null', var('citation_max_sources')
    ) }} as citation
from pivoted
inner join units using (unit_level, unit_key)
inner join metrics
    on metrics.index_code = pivoted.index_code
    and metrics.unit_level = pivoted.unit_level
    and metrics.canonical_metric = pivoted.metric
left join metric_labels
    on metric_labels.index_code = pivoted.index_code
    and metric_labels.unit_level = pivoted.unit_level
    and metric_labels.metric = pivoted.metric
left join releases
    on releases.index_code = pivoted.index_code
    and releases.year = pivoted.year
    and releases.unit_level = pivoted.unit_level
left join cited_sources
    on cited_sources.index_code = pivoted.index_code
    and cited_sources.year = pivoted.year
    and cited_sources.unit_level = pivoted.unit_level
    and cited_sources.unit_key = pivoted.unit_key
    and cited_sources.metric = pivoted.metric
