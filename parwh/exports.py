"""Every mart as Parquet, as a CSV that Excel opens safely and as a sheet of one XLSX workbook, plus a manifest
and a Frictionless Data Package to check them against."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb

from parwh.datapackage import write_datapackage
from parwh.workbook import WORKBOOK_NAME, write_workbook

MARTS_SCHEMA = "marts"
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")
BATCH_ROWS = 10_000


def neutralise_formula(text: str) -> str:
    """A leading apostrophe makes the cell text: Excel and LibreOffice show it and never evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mart_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[dict]:
    rows = con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [MARTS_SCHEMA, table],
    ).fetchall()
    return [{"name": name, "type": data_type, "description": comment} for name, data_type, comment in rows]


def is_numeric(data_type: str) -> bool:
    return data_type.startswith(NUMERIC_TYPES)


def is_nested(data_type: str) -> bool:
    return data_type.endswith("]") or data_type.startswith(("STRUCT", "MAP"))


def as_csv_text(name: str, data_type: str) -> str:
    """A column as the CSV shows it: lists and structs as JSON (["obs_1","obs_2"]), the rest as DuckDB prints it."""
    return f"to_json({name})" if is_nested(data_type) else f"cast({name} as varchar)"


def write_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    # Sorted, so the same data gives the same file and the same checksum.
    con.execute(f"copy (select * from {MARTS_SCHEMA}.{table} order by all) to '{path}' (format parquet, "
                "compression zstd)")


def write_csv(con: duckdb.DuckDBPyConnection, table: str, columns: list[dict], path: Path) -> None:
    """UTF-8 with BOM (Excel then reads the diacritics right); numbers stay numbers, text cannot run as a formula."""
    numeric = [is_numeric(column["type"]) for column in columns]
    names = [f'"{column["name"]}"' for column in columns]
    casts = ", ".join(as_csv_text(name, column["type"]) for name, column in zip(names, columns))
    # Ordered by the typed columns, as the Parquet file is (not by their text).
    cursor = con.execute(f"select {casts} from {MARTS_SCHEMA}.{table} order by {', '.join(names)}")
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([column["name"] for column in columns])
        while batch := cursor.fetchmany(BATCH_ROWS):
            writer.writerows(
                [cell if cell is None or is_number else neutralise_formula(cell)
                 for cell, is_number in zip(row, numeric)]
                for row in batch
            )


def file_entry(path: Path, out_dir: Path, file_format: str) -> dict:
    return {"path": str(path.relative_to(out_dir)), "format": file_format, "bytes": path.stat().st_size,
            "sha256": sha256_of(path)}


def export_marts(database: Path, out_dir: Path) -> list[dict]:
    """Write <mart>.parquet and <mart>.csv for every table in schema marts, and the workbook; return the marts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    with duckdb.connect(str(database), read_only=True) as con:
        described = con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = ? order by table_name", [MARTS_SCHEMA]
        ).fetchall()
        tables = [name for name, _ in described]
        for table, description in described:
            columns = mart_columns(con, table)
            parquet, csv_file = out_dir / f"{table}.parquet", out_dir / f"{table}.csv"
            write_parquet(con, table, parquet)
            write_csv(con, table, columns, csv_file)
            rows = con.execute(f"select count(*) from {MARTS_SCHEMA}.{table}").fetchone()[0]
            entries.append({"table": f"{MARTS_SCHEMA}.{table}", "description": description, "rows": rows,
                            "columns": columns,
                            "files": [file_entry(parquet, out_dir, "parquet"), file_entry(csv_file, out_dir, "csv")]})
            print(f"  {MARTS_SCHEMA}.{table}: {rows} rows", flush=True)
        write_workbook(con, MARTS_SCHEMA, tables, out_dir / WORKBOOK_NAME)
        print(f"  {WORKBOOK_NAME}: one sheet per mart", flush=True)
    return entries


def build_facts(database: Path) -> dict:
    """The rpt_build_info row and the storage format of the file."""
    with duckdb.connect(str(database), read_only=True) as con:
        cursor = con.execute(f"select * from {MARTS_SCHEMA}.rpt_build_info")
        facts = dict(zip([column[0] for column in cursor.description], cursor.fetchone()))
        tags = con.execute("select tags from duckdb_databases() where database_name = current_database()").fetchone()
    facts["built_at_utc"] = facts["built_at_utc"].isoformat()
    facts["storage_version"] = tags[0].get("storage_version")
    return facts


def write_manifest(out_dir: Path, database: Path, published_name: str, marts: list[dict],
                   coverage: list[dict]) -> Path:
    """manifest.json: the build and release, the database file, every exported file with rows and sha256, the
    coverage; then datapackage.json, the same exports described for Frictionless tools."""
    manifest = {
        "build": build_facts(database),
        "database": {"file": published_name, "bytes": database.stat().st_size, "sha256": sha256_of(database)},
        "marts": marts,
        "workbook": file_entry(out_dir / WORKBOOK_NAME, out_dir, "xlsx"),
        "coverage": coverage,
    }
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_datapackage(out_dir, manifest["build"], marts)
    return path
