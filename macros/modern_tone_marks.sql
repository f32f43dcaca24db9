{#
  A Vietnamese name in the modern tone-mark style used for display: in an open syllable oa, oe, uy the
  mark sits on the first vowel ("Hoà Bình" -> "Hòa Bình", "Thuỷ" -> "Thủy"), as in "Khánh Hòa" and
  "Thanh Hóa"; "Hoàng", "Quý" and closed syllables are left alone. The other spelling stays an alias.
#}
{% macro modern_tone_marks(expr) -%}
{%- set moves = [
    ('oà', 'òa'), ('oá', 'óa'), ('oả', 'ỏa'), ('oã', 'õa'), ('oạ', 'ọa'),
    ('oè', 'òe'), ('oé', 'óe'), ('oẻ', 'ỏe'), ('oẽ', 'õe'), ('oẹ', 'ọe'),
    ('uỳ', 'ùy'), ('uý', 'úy'), ('uỷ', 'ủy'), ('uỹ', 'ũy'), ('uỵ', 'ụy'),
] -%}
{%- set ns = namespace(sql='nfc_normalize(' ~ expr ~ ')') -%}
{%- for old, new in moves -%}
{%- set ns.sql = "regexp_replace(" ~ ns.sql ~ ", '(^|[^qQ])" ~ old ~ "($|\\PL)', '\\1" ~ new ~ "\\2', 'g')" -%}
{%- endfor -%}
{{ ns.sql }}
{%- endmacro %}
