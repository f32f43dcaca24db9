"""Open-data packaging: datapackage.json validated by frictionless, JSON lists in the CSV, the XLSX workbook."""

from __future__ import annotations

import csv
import decimal
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import frictionless
import openpyxl
import pytest

from parwh.workbook import WorkbookError, write_workbook


@pytest.fixture(scope="module")
def exports(built_project: Path) -> Path:
    return built_project / "warehouse/exports"


@pytest.fixture(scope="module")
def package(exports: Path) -> dict:
    return json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validate_passes_on_the_published_package(built_project: Path) -> None:
    frictionless_cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless_cli), "validate", "warehouse/exports/datapackage.json"],
                            cwd=built_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = frictionless.validate(built_project / "warehouse/exports/datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:20]


def test_every_resource_has_schema_keys_licence_sources_bytes_and_hash(package: dict, exports: Path) -> None:
    manifest = json.loads((exports / "manifest.json").read_text(encoding="utf-8"))
    assert package["data_version"] == manifest["build"]["data_version"]
    assert package["version"] == manifest["build"]["release_name"]
    assert {resource["name"] for resource in package["resources"]} == {
        entry["table"].split(".")[1] for entry in manifest["marts"]}
    for resource in package["resources"]:
        assert resource["licenses"] and resource["sources"], resource["name"]
        assert resource["bytes"] == (exports / resource["path"]).stat().st_size
        assert resource["hash"].startswith("sha256:")
        fields = resource["schema"]["fields"]
        assert all(field["type"] != "any" and field["description"] for field in fields), resource["name"]
    schemas = {resource["name"]: resource["schema"] for resource in package["resources"]}
    assert schemas["fct_index_scores"]["primaryKey"] == ["index_code", "year", "unit_level", "unit_key", "metric"]
    assert schemas["fct_observations"]["primaryKey"] == ["observation_id"]
    assert {"fields": ["successor_unit_key"], "reference": {"resource": "", "fields": ["unit_key"]}} \
        in schemas["dim_province"]["foreignKeys"]
    assert schemas["fct_deltas"]["foreignKeys"][0]["reference"]["resource"] == "fct_rankings"
    types = {field["name"]: field["type"] for field in schemas["fct_rankings"]["fields"]}
    assert (types["score"], types["year"], types["has_score"], types["observation_ids"]) == \
        ("number", "integer", "boolean", "array")


def test_a_tampered_export_fails_validation(exports: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(exports, tmp_path / "exports")
    rankings = copy / "fct_rankings.csv"
    rankings.write_text(rankings.read_text(encoding="utf-8-sig").replace(",vn63_77,", ",vn63_99,"),
                        encoding="utf-8-sig")
    report = frictionless.validate(copy / "datapackage.json")
    assert not report.valid
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}


def test_csv_list_columns_are_json_arrays_equal_to_the_marts(exports: Path, built_project: Path) -> None:
    with (exports / "fct_rankings.csv").open(encoding="utf-8-sig", newline="") as file:
        from_csv = {(row["index_code"], row["year"], row["unit_level"], row["unit_key"]):
                    json.loads(row["observation_ids"]) for row in csv.DictReader(file)}
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        from_mart = {(index, str(year), level, key): ids for index, year, level, key, ids in con.execute(
            "select index_code, year, unit_level, unit_key, observation_ids from marts.fct_rankings").fetchall()}
    assert from_csv == from_mart
    assert any(len(ids) > 1 for ids in from_csv.values())


def test_the_workbook_has_a_sheet_per_mart_with_numeric_scores(exports: Path, built_project: Path) -> None:
    workbook = openpyxl.load_workbook(exports / "par_sipas.xlsx", read_only=True)
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(workbook.sheetnames) == sorted(resource["name"] for resource in package["resources"])
    rows = list(workbook["fct_rankings"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    scores = [row[header.index("score")] for row in body if row[header.index("score")] is not None]
    assert scores and all(isinstance(score, (int, float)) for score in scores)
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        expected = con.execute("select score from marts.fct_rankings where score is not null").fetchall()
        assert len(body) == con.execute("select count(*) from marts.fct_rankings").fetchone()[0]
    assert sorted(scores) == sorted(float(score) for (score,) in expected)
    # Sơn La, PAR INDEX 2024: 90.02 (an official source; stored as 90.020)
    son_la_2024 = next(row for row in body if row[header.index("unit_key")] == "vn63_14"
                       and row[header.index("year")] == 2024 and row[header.index("index_code")] == "PAR_INDEX")
    assert son_la_2024[header.index("score")] == 90.02


def test_workbook_text_never_becomes_a_formula(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("""create table marts.made_up as select * from (values
        ('=HYPERLINK(\"http://example.org\")', 86.020::decimal(9,3), ['obs_1', 'obs_2'], true),
        ('+84 Bà Rịa', null, [], false)) t(label, score, ids, flag)""")
    write_workbook(con, "marts", ["made_up"], tmp_path / "made_up.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "made_up.xlsx")["made_up"]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells['=HYPERLINK("http://example.org")'] == "s" and cells["+84 Bà Rịa"] == "s"
    assert cells[86.02] == "n" and cells['["obs_1", "obs_2"]'] == "s"
    assert not any(data_type == "f" for data_type in cells.values())
    [score] = [cell.value for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2) for cell in row if cell.value]
    assert isinstance(score, float) and decimal.Decimal(str(score)) == decimal.Decimal("86.02")


def test_a_text_too_long_for_a_cell_is_refused_naming_it_never_cut(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.made_up as select 'obs_1' as observation_id, repeat('x', 40000) as quote")
    with pytest.raises(WorkbookError, match=r"marts.made_up, row 2, column quote of made_up.xlsx: .*32,767"):
        write_workbook(con, "marts", ["made_up"], tmp_path / "made_up.xlsx")


def test_the_workbook_carries_the_named_citations(exports: Path, built_project: Path) -> None:
    workbook = openpyxl.load_workbook(exports / "par_sipas.xlsx", read_only=True)
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        name = con.execute("select release_name from marts.rpt_build_info").fetchone()[0]
        for table in ("fct_rankings", "fct_index_scores"):
            header, *body = workbook[table].iter_rows(values_only=True)
            published = sorted(text for (text,) in con.execute(f"select citation from marts.{table}").fetchall())
            assert sorted(row[header.index("citation")] for row in body) == published
            assert all(f", release {name} (" in text for text in published)
