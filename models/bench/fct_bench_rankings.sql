-- Synthetic rankings (parwh bench): the ranking SQL of fct_rankings, per year and criterion.
with

results as (
    select * from {{ ref('stg_bench__results') }}
),

units as (
    select * from {{ ref('stg_bench__units') }}
),

known as (
    {{ ranks_among_known('results', ['year', 'criterion'], 'unit_key') }}
)

select
    results.year,
    results.criterion,
    results.unit_key,
    units.unit_name,
    results.score,
    known.computed_rank,
    known.n_known_scores,
    known.percentile
from results
inner join units using (unit_key)
left join known using (year, criterion, unit_key)
