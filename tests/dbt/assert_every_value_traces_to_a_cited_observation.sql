-- Every number in fct_index_scores rests on at least one observation with a source URL and a quote.
with

scores as (
    select * from {{ ref('fct_index_scores') }}
    where value is not null or official_rank is not null
),

observations as (
    select * from {{ ref('fct_observations') }}
),

evidence as (
    select scores.index_code, scores.year, scores.unit_key, scores.metric, ids.observation_id
    from scores, unnest(scores.observation_ids) as ids (observation_id)
),

cited as (
    select
        evidence.index_code, evidence.year, evidence.unit_key, evidence.metric,
        count(observations.observation_id) as n_cited
    from evidence
    left join observations
        on observations.observation_id = evidence.observation_id
        and nullif(trim(observations.source_url), '') is not null
        and nullif(trim(observations.quote), '') is not null
    group by all
)

select scores.index_code, scores.year, scores.unit_key, scores.metric
from scores
left join cited using (index_code, year, unit_key, metric)
where coalesce(cited.n_cited, 0) = 0
