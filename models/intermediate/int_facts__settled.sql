-- One number per fact, settled by a written rule, first that applies:
--   1. resolution   an explicit row in seeds/curation/conflict_resolutions.csv (with its reason)
--   2. agreed       every source gives the same number
--   3. source_rank  exactly one number is stated by the strongest tier present: official (MoHA, the
--                   Government, a provincial portal) over reputable press over weak (mirrors, spam,
--                   secondary compilations); this comes before any counting
--   4. precision    the strongest tier's numbers differ only by rounding/truncation of one more precise one
--   5. majority     among the strongest tier's numbers, one has strictly more independent domains
--   otherwise       unresolved: no number is chosen, and rpt_conflicts shows it
-- Then the settled number gets its evidence grade (official / corroborated / single / weak, or disputed
-- when unresolved); only official, corroborated and single numbers are published. Numbers are never
-- averaged; every candidate stays visible in rpt_conflicts, and weak-only numbers in rpt_weak_evidence.
with

candidates as (
    select * from {{ ref('int_fact_candidates__grouped') }}
),

resolutions as (
    select * from {{ ref('stg_curation__conflict_resolutions') }}
),

with_fact_tier as (
    select
        *,
        max(best_tier_rank) over (partition by index_code, year, unit_level, unit_key, metric, field)
            as fact_best_tier_rank
    from candidates
),

-- the numbers still in the running once the strongest tier present has spoken
contenders as (
    select
        *,
        row_number() over (
            partition by index_code, year, unit_level, unit_key, metric, field
            order by n_sources desc, candidate asc
        ) as support_order,
        max(candidate_decimals) over (partition by index_code, year, unit_level, unit_key, metric, field)
            as max_decimals
    from with_fact_tier
    where best_tier_rank = fact_best_tier_rank
),

facts as (
    select
        index_code, year, unit_level, unit_key, metric, field,
        count(*) as n_candidates,
        list(candidate order by candidate) as candidates_seen,
        sum(n_observations) as n_observations,
        flatten(list(observation_ids)) as observation_ids
    from candidates
    group by all
),

contest as (
    select
        index_code, year, unit_level, unit_key, metric, field,
        count(*) as n_contenders,
        max(candidate) as only_contender,
        count(*) filter (where candidate_decimals = max_decimals) as n_most_precise,
        max(candidate) filter (where candidate_decimals = max_decimals) as most_precise,
        max(candidate) filter (where support_order = 1) as best_supported,
        max(n_sources) filter (where support_order = 1) as best_support,
        max(n_sources) filter (where support_order = 2) as runner_up_support
    from contenders
    group by all
),

-- 83.6 is 83.68 truncated, 89.1 is 89.06 rounded: same number at a coarser precision
precision_check as (
    select
        contenders.index_code, contenders.year, contenders.unit_level, contenders.unit_key,
        contenders.metric, contenders.field,
        bool_and(
            abs(contenders.candidate - round(contest.most_precise::double, contenders.candidate_decimals)) < 1e-6
            or abs(
                contenders.candidate - trunc(contest.most_precise::double * 10 ** contenders.candidate_decimals)
                / 10 ** contenders.candidate_decimals
            ) < 1e-6
        ) as differ_only_in_precision
    from contenders
    inner join contest using (index_code, year, unit_level, unit_key, metric, field)
    group by all
),

settled as (
    select
        facts.*,
        case
            when resolutions.index_code is not null then 'resolution'
            when facts.n_candidates = 1 then 'agreed'
            when contest.n_contenders = 1 then 'source_rank'
            when contest.n_most_precise = 1 and precision_check.differ_only_in_precision then 'precision'
            when contest.best_support > coalesce(contest.runner_up_support, 0) then 'majority'
            else 'unresolved'
        end as settled_by,
        resolutions.reason as resolution_reason,
        resolutions.chosen as resolution_chosen,
        contest.only_contender,
        contest.most_precise,
        contest.best_supported
    from facts
    inner join contest using (index_code, year, unit_level, unit_key, metric, field)
    inner join precision_check using (index_code, year, unit_level, unit_key, metric, field)
    left join resolutions
        on resolutions.index_code = facts.index_code
        and resolutions.year = facts.year
        and resolutions.unit_level = facts.unit_level
        and resolutions.unit_key = facts.unit_key
        and resolutions.metric = facts.metric
        and resolutions.field = facts.field
),

chosen as (
    select
        *,
        case settled_by
            when 'resolution' then resolution_chosen
            when 'agreed' then candidates_seen[1]
            when 'source_rank' then only_contender
            when 'precision' then most_precise
            when 'majority' then best_supported
        end as settled_number
    from settled
),

graded as (
    select
        chosen.*,
        support.n_sources,
        support.n_official_sources,
        support.n_weak_sources,
        coalesce(support.source_domains, []) as source_domains,
        coalesce(support.weak_source_domains, []) as weak_source_domains,
        {{ evidence_grade('chosen.settled_number', 'support.n_official_sources', 'support.n_sources') }} as grade
    from chosen
    left join candidates as support
        on support.index_code = chosen.index_code
        and support.year = chosen.year
        and support.unit_level = chosen.unit_level
        and support.unit_key = chosen.unit_key
        and support.metric = chosen.metric
        and support.field = chosen.field
        and support.candidate = chosen.settled_number
)

select
    index_code,
    year,
    unit_level,
    unit_key,
    metric,
    field,
    -- what the marts publish: a weak-only or disputed number is not a settled value
    case when grade in ('official', 'corroborated', 'single') then settled_number end as published_number,
    settled_number,
    grade,
    settled_by,
    resolution_reason,
    n_candidates,
    n_candidates > 1 as has_conflict,
    candidates_seen,
    coalesce(n_sources, 0) as n_sources,
    coalesce(n_official_sources, 0) as n_official_sources,
    coalesce(n_weak_sources, 0) as n_weak_sources,
    source_domains,
    weak_source_domains,
    n_observations,
    list_sort(observation_ids) as observation_ids
from graded
