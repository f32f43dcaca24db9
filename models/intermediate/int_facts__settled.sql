-- One number per fact, settled by a written rule, first that applies:
--   1. resolution   an explicit row in seeds/curation/conflict_resolutions.csv (with its reason)
--   2. agreed       every source gives the same number
--   3. precision    the numbers differ only by rounding/truncation of one more precise number
--   4. majority     one number has strictly more independent sources (hosts) than any other
--   5. source kind  exactly one number is stated by the best kind of source present
--                   (government over press over other: blogs, mirrors, journals)
--   otherwise       unresolved: no number is chosen, and rpt_conflicts shows it
-- Numbers are never averaged; every candidate stays visible in rpt_conflicts.
with

candidates as (
    select * from {{ ref('int_fact_candidates__grouped') }}
),

resolutions as (
    select * from {{ ref('conflict_resolutions') }}
),

ranked as (
    select
        *,
        row_number() over fact_window_by_support as support_order,
        max(candidate_decimals) over fact_window as max_decimals,
        max(best_source_kind_rank) over fact_window as fact_best_source_kind_rank
    from candidates
    window
        fact_window as (partition by index_code, year, unit_level, unit_key, metric, field),
        fact_window_by_support as (
            partition by index_code, year, unit_level, unit_key, metric, field
            order by n_sources desc, best_source_kind_rank desc, candidate
        )
),

facts as (
    select
        index_code,
        year,
        unit_level,
        unit_key,
        metric,
        field,
        count(*) as n_candidates,
        list(candidate order by candidate) as candidates_seen,
        count(*) filter (where candidate_decimals = max_decimals) as n_most_precise,
        max(candidate) filter (where candidate_decimals = max_decimals) as most_precise,
        max(candidate) filter (where support_order = 1) as best_supported,
        max(n_sources) filter (where support_order = 1) as best_support,
        max(n_sources) filter (where support_order = 2) as runner_up_support,
        count(*) filter (where best_source_kind_rank = fact_best_source_kind_rank) as n_best_kind_candidates,
        max(candidate) filter (where best_source_kind_rank = fact_best_source_kind_rank) as best_kind_candidate,
        sum(n_observations) as n_observations,
        len(list_distinct(flatten(list(source_hosts)))) as n_sources,
        flatten(list(observation_ids)) as observation_ids
    from ranked
    group by all
),

-- 83.6 is 83.68 truncated, 89.1 is 89.06 rounded: same number at a coarser precision
precision_check as (
    select
        candidates.index_code, candidates.year, candidates.unit_level, candidates.unit_key,
        candidates.metric, candidates.field,
        bool_and(
            abs(candidates.candidate - round(facts.most_precise::double, candidates.candidate_decimals)) < 1e-6
            or abs(candidates.candidate - trunc(facts.most_precise::double * 10 ** candidates.candidate_decimals)
                / 10 ** candidates.candidate_decimals) < 1e-6
        ) as differ_only_in_precision
    from candidates
    inner join facts using (index_code, year, unit_level, unit_key, metric, field)
    group by all
),

settled as (
    select
        facts.index_code,
        facts.year,
        facts.unit_level,
        facts.unit_key,
        facts.metric,
        facts.field,
        case
            when resolutions.chosen is not null then 'resolution'
            when facts.n_candidates = 1 then 'agreed'
            when facts.n_most_precise = 1 and precision_check.differ_only_in_precision then 'precision'
            when facts.best_support > coalesce(facts.runner_up_support, 0) then 'majority'
            when facts.n_best_kind_candidates = 1 then 'source_kind'
            else 'unresolved'
        end as settled_by,
        facts.n_candidates,
        facts.candidates_seen,
        facts.n_sources,
        facts.n_observations,
        list_sort(facts.observation_ids) as observation_ids,
        resolutions.reason as resolution_reason,
        resolutions.chosen as resolution_chosen,
        facts.most_precise,
        facts.best_supported,
        facts.best_kind_candidate
    from facts
    inner join precision_check using (index_code, year, unit_level, unit_key, metric, field)
    left join resolutions
        on resolutions.index_code = facts.index_code
        and resolutions.year = facts.year
        and resolutions.unit_level = facts.unit_level
        and resolutions.unit_key = facts.unit_key
        and resolutions.metric = facts.metric
        and resolutions.field = facts.field
)

select
    index_code,
    year,
    unit_level,
    unit_key,
    metric,
    field,
    case settled_by
        when 'resolution' then resolution_chosen
        when 'agreed' then candidates_seen[1]
        when 'precision' then most_precise
        when 'majority' then best_supported
        when 'source_kind' then best_kind_candidate
    end as settled_number,
    settled_by,
    resolution_reason,
    n_candidates,
    n_candidates > 1 as has_conflict,
    candidates_seen,
    n_sources,
    n_observations,
    observation_ids
from settled
