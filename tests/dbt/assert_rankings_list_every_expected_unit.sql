-- fct_rankings has exactly the expected number of rows per provincial release (from ref_releases).
select index_code, year, unit_level, expected_units, units_listed
from {{ ref('rpt_coverage') }}
where unit_level = 'province' and units_listed <> expected_units
