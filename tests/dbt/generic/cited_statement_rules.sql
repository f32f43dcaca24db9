{#
  What parwh ingest refuses, the build refuses too: a hand-edited seed is as hostile as a file. Each test returns
  the offending rows with their observation_id (parwh build prints them with their seed line). The patterns are
  vars in dbt_project.yml, which parwh/ingest reads as well: one home for each rule.
#}

{# An http(s) address, in any case (HTTPS:// too); javascript:, data:, a file path are not sources. #}
{% test web_address(model, column_name) %}
select observation_id, {{ column_name }}
from {{ model }}
where {{ column_name }} is null
    or not regexp_matches(trim({{ column_name }}), '{{ var("source_url_pattern") }}', 'i')
{% endtest %}

{# YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date, then optionally a note ("2020 (listing page)"). #}
{% test calendar_date_prefix(model, column_name) %}
with dated as (
    select
        observation_id,
        {{ column_name }} as written,
        regexp_extract(trim({{ column_name }}), '{{ var("source_date_pattern") }}', 1) as prefix
    from {{ model }}
    where nullif(trim({{ column_name }}), '') is not null
)

select observation_id, written
from dated
where case length(prefix)
    when 4 then false
    when 7 then try_cast(prefix || '-01' as date) is null
    when 10 then try_cast(prefix as date) is null
    else true
end
{% endtest %}

{# The statement's index and year is a release in ref_releases (no 2099, no 2000). #}
{% test has_a_release(model) %}
select observation_id, index_code, year
from {{ model }} as observations
where not exists (
    select 1 from {{ ref('ref_releases') }} as releases
    where releases.index_code = upper(trim(observations.index_code)) and releases.year = observations.year
)
{% endtest %}

{# No negative number, except where the metric is a change (ref_metrics.metric_kind ending in "change"). #}
{% test not_negative_unless_a_change(model, column_name) %}
select observations.observation_id, observations.metric, observations.{{ column_name }}
from {{ model }} as observations
left join {{ ref('ref_metrics') }} as metrics
    on metrics.index_code = upper(trim(observations.index_code))
    and metrics.unit_level = lower(trim(observations.unit_level))
    and metrics.metric = lower(trim(observations.metric))
where observations.{{ column_name }} < 0 and coalesce(metrics.metric_kind, '') not like '%change'
{% endtest %}
