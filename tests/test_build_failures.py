"""Bad input stops the build with a clear message, and the published warehouse stays as it was."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, copy_published, published_fingerprint, run_parwh

from parwh import paths

FIXTURES = Path(__file__).parent / "fixtures"


def test_unknown_unit_name_fails_naming_it_and_publishes_nothing(built_project: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    copy_published(built_project, project)
    before = published_fingerprint(project)

    seeds = project / "seeds/raw/raw_observations.csv"
    made_up_row = (FIXTURES / "made_up_unknown_province_observation.csv").read_text(encoding="utf-8").splitlines()[1]
    seeds.write_text(seeds.read_text(encoding="utf-8") + made_up_row + "\n", encoding="utf-8")

    result = run_parwh(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'unknown province name "Tỉnh Atlantis"' in output
    assert "obs_madeup00001" in output
    assert "Nothing was published" in output
    assert published_fingerprint(project) == before


def test_unregistered_source_domain_fails_naming_it_and_publishes_nothing(built_project: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    copy_published(built_project, project)
    before = published_fingerprint(project)

    seeds = project / "seeds/raw/raw_observations.csv"
    made_up = (FIXTURES / "made_up_unregistered_domain_observation.csv").read_text(encoding="utf-8").splitlines()[1]
    seeds.write_text(seeds.read_text(encoding="utf-8") + made_up + "\n", encoding="utf-8")

    result = run_parwh(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # the registrable domain, not the host, is what the register must hold
    assert 'source domain "made-up-unregistered-site.com.vn" is not in the register' in output
    assert "obs_madeup00002" in output
    assert "seeds/reference/ref_sources.csv" in output
    assert "Nothing was published" in output
    assert published_fingerprint(project) == before


def test_plain_dbt_build_works_with_the_committed_profile(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PARWH_DUCKDB_PATH", "DBT_PROFILES_DIR")}
    result = subprocess.run([paths.dbt_executable(), "build"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (project / "warehouse/par_sipas_dev.duckdb").exists()


def change_seed_row(project: Path, observation_id: str, **made_up: str) -> None:
    """Overwrite fields of one seed row in the scratch copy with made-up values (test-only)."""
    seed = project / "seeds/raw/raw_observations.csv"
    with seed.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if row["observation_id"] == observation_id:
            row.update(made_up)
    with seed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# MADE-UP changes to one real seed row each; the gate must stop the build and name that row.
MADE_UP_SEED_BREAKS = [
    ("score_of_120", "obs_6dd3b89dcc3d", {"value": "120"}, "scores and percentages within 0..100"),
    ("duplicate_official_rank", "obs_cea24440949b", {"rank": "51"}, "no two units claim the same rank in a release"),
    ("quote_without_its_value", "obs_6dd3b89dcc3d", {"quote": "Made-up sentence without the score."},
     "the quote shows the value as written"),
]


@pytest.mark.parametrize("name, observation_id, made_up, rule", MADE_UP_SEED_BREAKS,
                         ids=[case[0] for case in MADE_UP_SEED_BREAKS])
def test_gate_failure_stops_the_build_and_keeps_the_published_file(
    built_project: Path, tmp_path: Path, name, observation_id, made_up, rule
) -> None:
    project = copy_project(tmp_path)
    copy_published(built_project, project)
    before = published_fingerprint(project)
    change_seed_row(project, observation_id, **made_up)

    result = run_parwh(project, "build")

    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    failed_line = next(line for line in output.splitlines() if line.startswith("FAILED") and rule in line)
    assert observation_id in output.split(failed_line, 1)[1].split("FAILED")[0]
    assert "seeds/raw/raw_observations.csv line" in output
    assert "Nothing was published" in output
    assert published_fingerprint(project) == before
    assert (project / "warehouse/quality/index.html").exists()
