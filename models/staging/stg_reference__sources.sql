-- The source register: every publisher's registrable domain, its kind and tier (official, reputable, weak).
with

sources as (
    select * from {{ ref('ref_sources') }}
),

kinds as (
    select * from {{ ref('ref_source_kinds') }}
)

select
    lower(trim(sources.source_domain)) as source_domain,
    sources.source_kind,
    kinds.tier as source_tier,
    sources.publisher,
    sources.reason,
    kinds.label_en as source_kind_label_en,
    kinds.label_vi as source_kind_label_vi
from sources
left join kinds using (source_kind)
