"""exports/datapackage.json: the CSV exports as a Frictionless (Tabular) Data Package.

Types come from the marts' columns, descriptions from their comments, primary keys and single-column foreign
keys from the dbt project (a primary_key constraint, a unique_combination or relationships test), so the
package says what dbt tests. tests/test_datapackage.py validates it with the frictionless library.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from parwh import paths

NAME = "par-sipas-warehouse"
DATA_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                "path": "https://creativecommons.org/licenses/by/4.0/"}
SOURCES = [
    {"title": "Ministry of Home Affairs (Bộ Nội vụ): PAR INDEX and SIPAS announcements, as published by government "
              "portals and the press; every statement's address and verbatim quote are in fct_observations "
              "(source_url, quote)", "path": "https://moha.gov.vn"},
]
# Composite references, which dbt's relationships test (one column) cannot state. Validating the package
# checks each one against the data.
COMPOSITE_FOREIGN_KEYS = {
    "fct_deltas": [(["index_code", "year", "unit_level", "unit_key"], "fct_rankings")],
    "rpt_conflicts": [(["index_code", "year", "unit_level", "unit_key", "metric"], "fct_index_scores")],
}
FIELD_TYPES = [  # DuckDB type -> Table Schema type, first match; lists and structs are JSON in the CSV
    (r".*\[\d*\]$", "array"),
    (r"(STRUCT|MAP)", "object"),
    (r"(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT)", "integer"),
    (r"(DECIMAL|DOUBLE|FLOAT|REAL)", "number"),
    (r"BOOLEAN", "boolean"),
    (r"DATE$", "date"),
    (r"TIMESTAMP", "datetime"),
    (r"(VARCHAR|TEXT)", "string"),
]


def field_type(duckdb_type: str) -> str:
    for pattern, table_schema_type in FIELD_TYPES:
        if re.match(pattern, duckdb_type):
            return table_schema_type
    return "any"


def dbt_keys(dbt_manifest: dict) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """Primary key and foreign keys per model, from the dbt project's constraints and tests."""
    primary: dict[str, list[str]] = {}
    foreign: dict[str, list[dict]] = {}
    for node in dbt_manifest["nodes"].values():
        if node["resource_type"] == "model":
            declared = [column["name"] for column in node["columns"].values()
                        if any(constraint["type"] == "primary_key" for constraint in column.get("constraints", []))]
            if declared:
                primary[node["name"]] = declared
    for node in dbt_manifest["nodes"].values():
        test = node.get("test_metadata") or {}
        model = (node.get("attached_node") or "").split(".")[-1]
        if test.get("name") == "unique_combination" and model not in primary:
            primary[model] = test["kwargs"]["columns"]
        elif test.get("name") == "relationships":
            target = re.search(r"ref\('([^']+)'\)", test["kwargs"]["to"]).group(1)
            foreign.setdefault(model, []).append(
                {"fields": [test["kwargs"]["column_name"]],
                 "reference": {"resource": target, "fields": [test["kwargs"]["field"]]}})
    for model, references in COMPOSITE_FOREIGN_KEYS.items():
        for fields, target in references:
            foreign.setdefault(model, []).append({"fields": fields,
                                                  "reference": {"resource": target, "fields": fields}})
    return primary, foreign


def resource(mart: dict, primary: dict, foreign: dict) -> dict:
    name = mart["table"].split(".", 1)[1]
    csv_file = next(file for file in mart["files"] if file["format"] == "csv")
    schema = {
        "fields": [{"name": column["name"], "type": field_type(column["type"]), "description": column["description"]}
                   for column in mart["columns"]],
        "missingValues": [""],
    }
    if name in primary:
        schema["primaryKey"] = primary[name]
    references = [{**key, "reference": {**key["reference"],
                                        "resource": "" if key["reference"]["resource"] == name
                                        else key["reference"]["resource"]}}
                  for key in foreign.get(name, [])]
    if references:
        schema["foreignKeys"] = references
    return {
        "name": name, "path": csv_file["path"], "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig", "bytes": csv_file["bytes"],
        "hash": f"sha256:{csv_file['sha256']}", "description": mart.get("description") or "",
        "licenses": [DATA_LICENSE], "sources": SOURCES, "schema": schema,
    }


def write_datapackage(out_dir: Path, build: dict, marts: list[dict]) -> Path:
    dbt_manifest = json.loads((paths.DBT_TARGET_DIR / "manifest.json").read_text(encoding="utf-8"))
    primary, foreign = dbt_keys(dbt_manifest)
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "PAR INDEX & SIPAS warehouse: Vietnam's public-administration indices, with provenance",
        "description": f"Release {build['release_name']}, data version {build['data_version']}. Every number comes "
                       "from a cited public statement (fct_observations); unknown numbers are empty, never estimated. "
                       "Text cells that begin with = + - @ carry a leading ' (spreadsheet formula safety).",
        "version": build["release_name"] or "unreleased",
        "data_version": build["data_version"],
        "created": build["built_at_utc"],
        "licenses": [DATA_LICENSE],
        "sources": SOURCES,
        "resources": [resource(mart, primary, foreign) for mart in marts],
    }
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
