-- Synthetic year-over-year changes (parwh bench): the SQL of fct_deltas, per unit and criterion.
with

rankings as (
    select * from {{ ref('fct_bench_rankings') }}
)

{{ changes_against_previous_year('rankings', ['criterion'], 'unit_key', rank_column='computed_rank') }}
