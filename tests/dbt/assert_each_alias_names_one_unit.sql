-- A name key that points at two units would resolve observations arbitrarily.
select unit_level, vintage, alias_key, list(distinct unit_key) as unit_keys, list(distinct alias) as aliases
from {{ ref('int_unit_aliases__keyed') }}
group by all
having count(distinct unit_key) > 1
