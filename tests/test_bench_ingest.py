"""parwh bench's ingest section runs and reports each table's outcome (no test asserts a time)."""

from __future__ import annotations

from parwh.bench_ingest import ingest_section


def test_the_ingest_section_appends_the_63_row_table_and_refuses_the_big_ones() -> None:
    text = ingest_section(1)
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.count("|") == 6}
    assert "| appended |" in rows["63-row table"]
    assert "refused: more than 50,000 non-empty rows" in rows["3 MB table"]
    assert "refused: more than 50,000 non-empty rows" in rows["19 MB table"]
    assert "refused: 30 MB is larger than any table" in rows["30 MB table"]
    assert "- A 30 MB table refused within 10 s and 500 MB:" in text and "- A 63-row table ingested within 2 s:" in text
