"""The published exports, docs and comments agree with the marts of the published file (real data)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from conftest import sha256


@pytest.fixture(scope="module")
def warehouse(built_project: Path):
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def manifest(built_project: Path) -> dict:
    return json.loads((built_project / "warehouse/exports/manifest.json").read_text(encoding="utf-8"))


def mart_tables(con) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]


def test_manifest_lists_every_mart_with_its_row_count(warehouse, manifest) -> None:
    listed = {entry["table"]: entry["rows"] for entry in manifest["marts"]}
    actual = {f"marts.{name}": warehouse.execute(f"select count(*) from marts.{name}").fetchone()[0]
              for name in mart_tables(warehouse)}
    assert listed == actual
    assert actual["marts.fct_rankings"] > 1000


def test_every_exported_file_matches_its_checksum_and_its_mart(built_project: Path, warehouse, manifest) -> None:
    exports = built_project / "warehouse/exports"
    for entry in manifest["marts"]:
        for file in entry["files"]:
            path = exports / file["path"]
            assert sha256(path) == file["sha256"], path
            assert path.stat().st_size == file["bytes"], path
        parquet = exports / f"{entry['table'].split('.')[1]}.parquet"
        differing = warehouse.execute(
            f"select count(*) from ((select * from {entry['table']} except all select * from read_parquet('{parquet}'))"
            f" union all (select * from read_parquet('{parquet}') except all select * from {entry['table']}))"
        ).fetchone()[0]
        assert differing == 0, f"{parquet.name} differs from {entry['table']} in {differing} rows"


def test_csv_exports_have_a_bom_a_header_and_every_row(built_project: Path, manifest) -> None:
    for entry in manifest["marts"]:
        path = built_project / "warehouse/exports" / f"{entry['table'].split('.')[1]}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        assert rows[0] == [column["name"] for column in entry["columns"]]
        assert len(rows) - 1 == entry["rows"], path.name
    provinces = (built_project / "warehouse/exports/dim_province.csv").read_text(encoding="utf-8-sig")
    assert "Bà Rịa - Vũng Tàu" in provinces and "Thừa Thiên Huế" in provinces


def test_manifest_describes_the_published_database_and_its_build(built_project: Path, warehouse, manifest) -> None:
    database = built_project / "warehouse/par_sipas.duckdb"
    assert manifest["database"] == {"file": "par_sipas.duckdb", "bytes": database.stat().st_size,
                                    "sha256": sha256(database)}
    build_id, git_commit = warehouse.execute("select build_id, git_commit from marts.rpt_build_info").fetchone()
    assert manifest["build"]["build_id"] == build_id
    assert manifest["build"]["git_commit"] == git_commit != ""
    assert manifest["build"]["storage_version"] == "v1.0.0+"
    coverage = warehouse.execute("select count(*), sum(units_with_score) from marts.rpt_coverage").fetchone()
    assert (len(manifest["coverage"]), sum(row["units_with_score"] for row in manifest["coverage"])) == coverage


def test_every_mart_and_column_carries_its_description(warehouse, manifest) -> None:
    undescribed = warehouse.execute(
        """select table_name from duckdb_tables() where schema_name = 'marts' and coalesce(comment, '') = ''
           union all
           select table_name || '.' || column_name from duckdb_columns()
           where schema_name = 'marts' and coalesce(comment, '') = ''"""
    ).fetchall()
    assert undescribed == []
    assert all(column["description"] for entry in manifest["marts"] for column in entry["columns"])


def test_dbt_docs_and_the_exports_exposure_cover_every_mart(built_project: Path, warehouse) -> None:
    docs = built_project / "warehouse/docs"
    dbt_manifest = json.loads((docs / "manifest.json").read_text(encoding="utf-8"))
    exposure = dbt_manifest["exposures"]["exposure.par_sipas.warehouse_exports"]
    assert set(exposure["depends_on"]["nodes"]) == {f"model.par_sipas.{name}" for name in mart_tables(warehouse)}
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert "model.par_sipas.fct_rankings" in catalog["nodes"]
    page = (docs / "index.html").read_text(encoding="utf-8")
    assert "fct_rankings" in page, "docs/index.html must inline the manifest (dbt docs generate --static)"


def test_the_exports_and_the_archive_carry_the_named_citations(built_project: Path, warehouse) -> None:
    """Exports are written after the release is named: no citation in them says "unreleased build"."""
    version, name = warehouse.execute("select data_version, release_name from marts.rpt_build_info").fetchone()
    for table in ("fct_rankings", "fct_index_scores"):
        citations = warehouse.execute(f"select citation from marts.{table}").fetchall()
        published = sorted(citation for (citation,) in citations)
        assert published and all(citation.endswith(f", release {name} ({version})") for citation in published)
        with (built_project / f"warehouse/exports/{table}.csv").open(encoding="utf-8-sig", newline="") as file:
            assert sorted(row["citation"] for row in csv.DictReader(file)) == published
        for parquet in (built_project / f"warehouse/exports/{table}.parquet",
                        built_project / f"warehouse/releases/{name}/{table}.parquet"):
            assert sorted(citation for (citation,) in warehouse.execute(
                f"select citation from read_parquet('{parquet}')").fetchall()) == published
