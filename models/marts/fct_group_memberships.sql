-- Statements that a unit belongs to a group of a release ("top 5", "nhóm cuối bảng", "trên 90%"), one row
-- per unit and group, with the publishers that state it and their evidence grade. A membership stated only
-- by weak sources (mirrors, spam, compilations) is kept with grade weak and is_settled false.
with

observations as (
    select * from {{ ref('int_observations__resolved') }} where metric_kind = 'group'
),

metrics as (
    select * from {{ ref('dim_metric') }}
),

units as (
    select * from {{ ref('int_units__unioned') }}
),

memberships as (
    select
        index_code,
        year,
        unit_level,
        unit_key,
        metric as group_code,
        count(distinct source_domain) filter (where source_tier = 'official') as n_official_sources,
        count(distinct source_domain) filter (where source_tier <> 'weak') as n_sources,
        list(distinct source_domain order by source_domain) as source_domains,
        list(distinct source_kind order by source_kind) as source_kinds,
        list(distinct source_url order by source_url) as source_urls,
        list(distinct observation_id order by observation_id) as observation_ids,
        min(quote) as example_quote
    from observations
    group by all
),

graded as (
    select
        *,
        {{ evidence_grade("'stated'", 'n_official_sources', 'n_sources') }} as grade
    from memberships
)

select
    graded.index_code,
    graded.year,
    graded.unit_level,
    graded.unit_key,
    units.unit_code,
    units.name_vi as unit_name,
    units.name_sort_key,
    graded.group_code,
    metrics.label_vi as group_label_vi,
    metrics.label_en as group_label_en,
    graded.grade,
    graded.grade <> 'weak' as is_settled,
    graded.n_sources,
    graded.source_domains,
    graded.source_kinds,
    graded.source_urls,
    graded.observation_ids,
    graded.example_quote
from graded
inner join units using (unit_level, unit_key)
inner join metrics
    on metrics.index_code = graded.index_code
    and metrics.unit_level = graded.unit_level
    and metrics.metric = graded.group_code
