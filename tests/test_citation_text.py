"""The citation text's one home, macros/citation_text.sql, rendered as dbt renders it (plain Jinja) on made-up rows."""

from __future__ import annotations

import duckdb
import jinja2

from conftest import PROJECT_DIR

# MADE UP rows (the values echo the README's example; the sources text is invented).
ROWS = """(values
    ('PAR_INDEX', 2020, 'Bà Rịa - Vũng Tàu', 86.020::decimal(9,3), 9, 63, 'made-up publisher, 2021-05-01, https://example.org/a'),
    ('SIPAS', 2021, 'Hà Nội', 100.000::decimal(9,3), null, 63, 'made-up'),
    ('SIPAS', 2022, 'Hà Nội', null, 5, 63, 'made-up')
) t(index_code, year, unit_name, value, official_rank, rank_of, sources)"""


def citations() -> list[str | None]:
    macros = jinja2.Environment().from_string((PROJECT_DIR / "macros/citation_text.sql").read_text()).module
    expression = macros.citation_text("index_code", "year", "unit_name", "value", "official_rank", "rank_of", "sources",
                                      "'2026-12-02'", "'b9c4b88492e754fc'")
    return [text for (text,) in duckdb.sql(f"select {expression} from {ROWS}").fetchall()]


def test_citation_text_reads_as_the_issue_asks() -> None:
    assert citations() == [
        "PAR INDEX 2020, Bà Rịa - Vũng Tàu: 86.02, rank 9 of 63. Sources: made-up publisher, 2021-05-01, "
        "https://example.org/a. PAR INDEX & SIPAS warehouse, release 2026-12-02 (b9c4b88492e754fc)",
        "SIPAS 2021, Hà Nội: 100. Sources: made-up. PAR INDEX & SIPAS warehouse, release 2026-12-02 (b9c4b88492e754fc)",
        None,
    ]
