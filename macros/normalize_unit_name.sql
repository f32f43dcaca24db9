{#
  The key a unit name is matched on, so that spelling variants meet:
  Unicode NFC; accents and tone marks dropped (so "Hòa"/"Hoà"/"Hoa" agree; đ -> d); lower case;
  punctuation and dashes to spaces; administrative prefixes and suffixes dropped ("Tỉnh", "Thành phố",
  "TP.", "vùng", "khu vực", "Province", "City"); the connectives "và" / "and" / "&" dropped; spaces
  removed. Every alias is keyed the same way, and a test proves no key names two units.
#}
{% macro normalize_unit_name(expr) -%}
replace(
    regexp_replace(
        regexp_replace(
            regexp_replace(
                trim(regexp_replace(
                    replace(replace(lower(strip_accents(nfc_normalize({{ expr }}))), 'đ', 'd'), '&', ' va '),
                    '[^a-z0-9\p{L}]+', ' ', 'g')),
                '^(tinh|thanh pho|tp|vung|khu vuc) ', ''),
            ' (province|city)$', ''),
        '(^| )(va|and)( |$)', ' ', 'g'),
    ' ', '')
{%- endmacro %}
