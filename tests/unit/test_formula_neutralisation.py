"""Formula neutralisation in the CSV exports, on a MADE-UP mart (test data only, never in seeds)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from parwh.exports import export_marts, neutralise_formula

MADE_UP_TEXTS = ["=HYPERLINK(\"http://example.invalid\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
                 "Bà Rịa - Vũng Tàu", "plain", "a=b"]


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+84", "'+84"), ("-1.72 điểm", "'-1.72 điểm"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("Hà Nội", "Hà Nội"), ("1=1", "1=1"), ("", ""),
])
def test_neutralise_formula(text: str, expected: str) -> None:
    assert neutralise_formula(text) == expected


@pytest.fixture()
def made_up_exports(tmp_path: Path) -> Path:
    database = tmp_path / "made_up.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.made_up_cells (position integer, text varchar, change decimal(9,3), "
                    "flag boolean)")
        con.executemany("insert into marts.made_up_cells values (?, ?, ?, ?)",
                        [(position, text, -1.5 * position, position % 2 == 0)
                         for position, text in enumerate(MADE_UP_TEXTS)])
        con.execute("comment on table marts.made_up_cells is 'made-up test table'")
    export_marts(database, tmp_path / "exports")
    return tmp_path / "exports"


def test_csv_neutralises_text_and_keeps_numbers(made_up_exports: Path) -> None:
    with (made_up_exports / "made_up_cells.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["text"] for row in rows] == [neutralise_formula(text) for text in MADE_UP_TEXTS]
    assert [row["text"][0] for row in rows[:6]] == ["'"] * 6
    assert rows[7]["text"] == "plain" and rows[6]["text"] == "Bà Rịa - Vũng Tàu"
    assert [row["change"] for row in rows[:3]] == ["0.000", "-1.500", "-3.000"]  # negative numbers stay numbers


def test_parquet_keeps_the_values_as_they_are(made_up_exports: Path) -> None:
    texts = duckdb.sql(f"select text from read_parquet('{made_up_exports / 'made_up_cells.parquet'}') "
                       "order by position").fetchall()
    assert [text for (text,) in texts] == MADE_UP_TEXTS
