{# Every non-null value lies within [min_value, max_value]; max_column bounds it per row instead. #}
{% test within_range(model, column_name, min_value, max_value=none, max_column=none) %}
select *
from {{ model }}
where {{ column_name }} < {{ min_value }}
{% if max_value is not none %}
    or {{ column_name }} > {{ max_value }}
{% endif %}
{% if max_column is not none %}
    or {{ column_name }} > {{ max_column }}
{% endif %}
{% endtest %}
