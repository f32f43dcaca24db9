"""The citation text's one home, macros/citation_text.sql, rendered as dbt renders it (plain Jinja) on made-up rows.

The real builds' citations are tested in tests/test_releases.py.
"""

from __future__ import annotations

import duckdb
import jinja2
from conftest import PROJECT_DIR

MACROS = jinja2.Environment().from_string((PROJECT_DIR / "macros/citation_text.sql").read_text()).module

# MADE UP rows (the first echoes the issue's example; every source is invented).
SOURCES = ", ".join(f"{{'publisher': 'made-up publisher {n}', 'source_date': {date}, 'source_url': 'https://example.org/{n}'}}"
                    for n, date in [(1, "'2021-05-01'"), (2, "null"), (3, "'2021-06'"), (4, "'2021'"), (5, "'2022'")])
ROWS = f"""(values
    ('PAR_INDEX', 2020, 'Bà Rịa - Vũng Tàu', null, 86.020::decimal(9,3), 'official', 9, 'official', 63,
     [{SOURCES}][1:1]),
    ('SIPAS', 2021, 'Hà Nội', null, 100.000::decimal(9,3), 'single', null, null, 63, [{SOURCES}]),
    ('SIPAS', 2022, 'Hà Nội', null, null, 'weak', 5, 'corroborated', null, [{SOURCES}][1:4]),
    ('PAR_INDEX', 2013, 'Cà Mau', 'Survey score', null, null, null, null, 63, null)
) t(index_code, year, unit_name, metric_label, value, value_grade, official_rank, rank_grade, rank_of, cited_sources)"""


def citations(release_name: str = "null", data_version: str = "null") -> list[str]:
    expression = MACROS.citation_text("index_code", "year", "unit_name", "metric_label", "value", "value_grade",
                                      "official_rank", "rank_grade", "rank_of", "cited_sources", release_name,
                                      data_version, 3)
    return [text for (text,) in duckdb.sql(f"select {expression} from {ROWS}").fetchall()]


def test_citation_text_reads_as_the_issue_asks() -> None:
    release = "PAR INDEX & SIPAS warehouse, release 2026-12-02 (b9c4b88492e754fc)"
    assert citations("'2026-12-02'", "'b9c4b88492e754fc'") == [
        "PAR INDEX 2020, Bà Rịa - Vũng Tàu: 86.02, rank 9 of 63 (evidence: official). Sources: made-up publisher 1, "
        f"2021-05-01, https://example.org/1. {release}",
        "SIPAS 2021, Hà Nội: 100 (evidence: single), rank missing. Sources: made-up publisher 1, 2021-05-01, "
        "https://example.org/1; made-up publisher 2, undated, https://example.org/2; made-up publisher 3, 2021-06, "
        f"https://example.org/3 and 2 more. {release}",
        "SIPAS 2022, Hà Nội: score missing (evidence: weak), rank 5 (evidence: corroborated). Sources: made-up "
        "publisher 1, 2021-05-01, https://example.org/1; made-up publisher 2, undated, https://example.org/2; "
        f"made-up publisher 3, 2021-06, https://example.org/3 and 1 more. {release}",
        f"PAR INDEX 2013, Cà Mau, Survey score: value missing, rank missing. Sources: none. {release}",
    ]


def test_a_dbt_build_writes_unreleased_where_parwh_build_names_the_release() -> None:
    unreleased = citations()
    assert all(text.endswith(". PAR INDEX & SIPAS warehouse, unreleased build") for text in unreleased)
    placeholder = duckdb.sql(f"select {MACROS.citation_release('null', 'null')}").fetchone()[0]
    named = duckdb.sql(f"select {MACROS.citation_release(repr('2026-12-02'), repr('b9c4b88492e754fc'))}").fetchone()[0]
    assert [text.removesuffix(placeholder) + named for text in unreleased] == citations("'2026-12-02'",
                                                                                         "'b9c4b88492e754fc'")
