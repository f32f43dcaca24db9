-- Where every part of a score is known (seeds/reference/ref_score_parts.csv), the parts sum to the whole.
-- A part that is itself a whole (impact_score = SIPAS + leaders' survey + socio-economic impact) counts
-- as known when it is stated or when all of its own parts are.
with

facts as (
    select index_code, year, unit_level, unit_key, unit_name, metric, value, observation_ids
    from {{ ref('fct_index_scores') }}
),

parts as (
    select * from {{ ref('stg_reference__score_parts') }} where whole_metric is not null
),

part_values as (
    select
        parts.index_code, parts.year, parts.unit_level, facts.unit_key, parts.whole_metric,
        count(*) as n_parts_known,
        sum(facts.value) as parts_sum,
        flatten(list(facts.observation_ids)) as observation_ids
    from parts
    inner join facts
        on facts.index_code = parts.index_code and facts.year = parts.year
        and facts.unit_level = parts.unit_level and facts.metric = parts.part_metric
    where facts.value is not null
    group by all
),

part_counts as (
    select index_code, year, unit_level, whole_metric, count(*) as n_parts from parts group by all
),

complete_sums as (
    select part_values.*
    from part_values
    inner join part_counts using (index_code, year, unit_level, whole_metric)
    where part_values.n_parts_known = part_counts.n_parts
),

-- stated values, plus sums standing in for a sub-whole nobody stated
known as (
    select index_code, year, unit_level, unit_key, metric, value, observation_ids from facts where value is not null
    union all
    select
        complete_sums.index_code, complete_sums.year, complete_sums.unit_level, complete_sums.unit_key,
        complete_sums.whole_metric, complete_sums.parts_sum, complete_sums.observation_ids
    from complete_sums
    where not exists (
            select 1 from facts
            where facts.index_code = complete_sums.index_code and facts.year = complete_sums.year
                and facts.unit_key = complete_sums.unit_key and facts.metric = complete_sums.whole_metric
                and facts.value is not null
        )
),

sums as (
    select
        parts.index_code, parts.year, parts.unit_level, known.unit_key, parts.whole_metric,
        count(*) as n_parts_known,
        sum(known.value) as parts_sum,
        string_agg(parts.part_metric || '=' || known.value, ' + ' order by parts.part_metric) as parts_written,
        flatten(list(known.observation_ids)) as observation_ids
    from parts
    inner join known
        on known.index_code = parts.index_code and known.year = parts.year
        and known.unit_level = parts.unit_level and known.metric = parts.part_metric
    group by all
)

select
    sums.index_code,
    sums.year,
    sums.unit_level,
    sums.unit_key,
    facts.unit_name,
    sums.whole_metric as metric,
    facts.value,
    sums.parts_sum,
    sums.parts_written,
    abs(facts.value - sums.parts_sum) as sum_gap,
    array_to_string(list_distinct(sums.observation_ids || facts.observation_ids), ' ') as observation_ids
from sums
inner join part_counts using (index_code, year, unit_level, whole_metric)
inner join facts
    on facts.index_code = sums.index_code and facts.year = sums.year and facts.unit_key = sums.unit_key
    and facts.metric = sums.whole_metric
where sums.n_parts_known = part_counts.n_parts and facts.value is not null
order by all
