-- The maximum points of a metric per index, level and year, each from a citation: a row of
-- seeds/reference/ref_score_parts.csv, or an observation whose quote states it ("12,75/13 điểm").
with

score_parts as (
    select * from {{ ref('stg_reference__score_parts') }}
),

observations as (
    select * from {{ ref('int_observations__resolved') }}
),

cited as (
    select index_code, unit_level, year, part_metric as metric, max_points, source_url, quote
    from score_parts
    where max_points is not null
    union all
    select index_code, unit_level, year, metric, max_points_in_quote, source_url, quote
    from observations
    where max_points_in_quote is not null and value_unit = 'points'
)

select
    index_code,
    unit_level,
    year,
    metric,
    -- sources that disagree on a maximum are all listed; the gate holds values to the largest
    cast(max(max_points) as decimal(9, 3)) as max_points,
    count(distinct max_points) > 1 as maxima_disagree,
    list(distinct max_points order by max_points) as maxima_stated,
    -- one citation for the largest maximum; among equal ones the first by address, so every build picks the same
    first(source_url order by max_points desc, source_url asc, quote asc) as source_url,
    first(quote order by max_points desc, source_url asc, quote asc) as quote
from cited
group by all
