"""CITATION.cff is valid Citation File Format 1.2.0, and the licence files say what the packaging says."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import PROJECT_DIR

from parwh.datapackage import DATA_LICENSE

SCHEMA = json.loads((PROJECT_DIR / "tests/schemas/citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8"))


def citation() -> dict:
    return yaml.safe_load((PROJECT_DIR / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    cff = citation()
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(cff)
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] and cff["message"] and cff["authors"]


def test_the_schema_check_has_teeth() -> None:
    cff = citation()
    del cff["authors"]
    with pytest.raises(jsonschema.ValidationError, match="authors"):
        jsonschema.Draft7Validator(SCHEMA).validate(cff)


def test_licences_agree_across_files() -> None:
    assert sorted(citation()["license"]) == sorted([DATA_LICENSE["name"], "MIT"])
    assert (PROJECT_DIR / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    data_licence = (PROJECT_DIR / "DATA-LICENSE.md").read_text(encoding="utf-8")
    assert DATA_LICENSE["path"] in data_licence and "CC BY-SA 4.0" in data_licence
