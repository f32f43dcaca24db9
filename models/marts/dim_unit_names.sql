{{ config(post_hook=[
    "create or replace macro {{ this.schema }}.unit_name_key(name) as ({{ normalize_unit_name('name') }})"
]) }}
-- Every spelling a unit is known by (display name, the form as published, ASCII, English, abbreviations,
-- the aliases of seeds/reference/ref_unit_aliases.csv), keyed the way the build matches names. Find a unit
-- by any spelling: where name_key = marts.unit_name_key('Hoà Bình') (a DuckDB macro stored in the file).
with

aliases as (
    select * from {{ ref('int_unit_aliases__keyed') }}
),

units as (
    select * from {{ ref('int_units__unioned') }}
)

select
    aliases.unit_level,
    aliases.vintage,
    aliases.unit_key,
    units.unit_code,
    units.name_vi as display_name,
    units.name_en,
    units.name_sort_key,
    aliases.alias as name_form,
    aliases.alias_key as name_key,
    aliases.alias = units.name_vi as is_display_name
from aliases
inner join units using (unit_level, unit_key)
