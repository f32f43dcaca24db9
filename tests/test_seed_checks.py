"""What ingest refuses, the build refuses too: a hand-edited seed row stops `parwh build`, which names the row.

Each bad row is a MADE-UP edit of a copy of a real row, in a scratch copy of the project.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import copy_project, run_parwh

from parwh.observations import OBSERVATION_COLUMNS, csv_text

SEED = "seeds/raw/raw_observations.csv"

# observation id -> the made-up change, and what the build must say about it
HOSTILE_ROWS = {
    "obs_madeupjs001": ({"source_url": "javascript:alert(document.domain)"},
                        "web_address_raw_observations_source_url"),
    "obs_madeupfile1": ({"source_url": "file:///etc/passwd"}, "web_address_raw_observations_source_url"),
    "obs_madeup20991": ({"year": "2099"}, "has_a_release_raw_observations"),
    "obs_madeupdate1": ({"source_date": "2026-13-45"}, "calendar_date_prefix_raw_observations_source_date"),
    "obs_madeupneg01": ({"value": "-3.5"}, "not_negative_unless_a_change_raw_observations_value"),
}


def real_rows(project: Path) -> list[dict[str, str]]:
    with (project / SEED).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    project = copy_project(tmp_path_factory.mktemp("hostile_seed"))
    rows = real_rows(project)
    template = next(row for row in rows
                    if row["metric"] == "total" and row["value"] and row["unit_level"] == "province")
    added = [{**template, **change, "observation_id": observation_id}
             for observation_id, (change, _) in HOSTILE_ROWS.items()]
    duplicate = dict(rows[10])
    with (project / SEED).open("a", encoding="utf-8", newline="") as file:
        file.write(csv_text(OBSERVATION_COLUMNS, [*added, duplicate], header=False))
    result = run_parwh(project, "build")
    return {"output": result.stdout + result.stderr, "returncode": result.returncode,
            "lines": {row["observation_id"]: number for number, row in enumerate(real_rows(project), start=2)},
            "duplicate": duplicate["observation_id"], "duplicate_lines": (12, len(rows) + 2 + len(added))}


def test_the_build_stops(hostile_build: dict) -> None:
    output = hostile_build["output"]
    assert hostile_build["returncode"] == 1, output[-3000:]
    assert "Traceback" not in output
    assert "Nothing was published" in output


@pytest.mark.parametrize("observation_id", HOSTILE_ROWS)
def test_the_build_names_each_hostile_row_with_its_seed_line(hostile_build: dict, observation_id: str) -> None:
    output = hostile_build["output"]
    assert f"dbt test {HOSTILE_ROWS[observation_id][1]}" in output, output[-4000:]
    line = next(text for text in output.splitlines() if f"observation_id={observation_id}" in text)
    assert f"{SEED} line {hostile_build['lines'][observation_id]})" in line, line


def test_the_build_names_a_duplicated_observation_id_and_both_lines(hostile_build: dict) -> None:
    first, second = hostile_build["duplicate_lines"]
    line = next(text for text in hostile_build["output"].splitlines()
                if f"unique_field={hostile_build['duplicate']}" in text)
    assert f"{SEED} line {first}, {second})" in line, line


def test_the_rules_are_part_of_the_real_build_and_pass_on_the_real_seeds(built_project: Path) -> None:
    """The real data breaks none of these rules: the build on the real seeds (conftest) ran and passed them."""
    manifest = (built_project / "target/manifest.json").read_text(encoding="utf-8")
    for test_name in {name for _, name in HOSTILE_ROWS.values()} | {"unique_raw_observations_observation_id"}:
        assert f'"test.par_sipas.{test_name}' in manifest, test_name
