"""Bad input stops the build with a clear message, and the published warehouse stays as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, run_parwh

FIXTURES = Path(__file__).parent / "fixtures"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unknown_unit_name_fails_naming_it_and_publishes_nothing(built_project: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    published = project / "warehouse/par_sipas.duckdb"
    published.parent.mkdir(parents=True, exist_ok=True)
    published.write_bytes((built_project / "warehouse/par_sipas.duckdb").read_bytes())
    before = sha256(published)

    seeds = project / "seeds/raw/raw_observations.csv"
    made_up_row = (FIXTURES / "made_up_unknown_province_observation.csv").read_text(encoding="utf-8").splitlines()[1]
    seeds.write_text(seeds.read_text(encoding="utf-8") + made_up_row + "\n", encoding="utf-8")

    result = run_parwh(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'unknown province name "Tỉnh Atlantis"' in output
    assert "obs_madeup00001" in output
    assert "Nothing was published" in output
    assert sha256(published) == before


def test_plain_dbt_build_works_with_the_committed_profile(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PARWH_DUCKDB_PATH", "DBT_PROFILES_DIR")}
    dbt = str(Path(sys.executable).with_name("dbt"))
    result = subprocess.run([dbt, "build"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (project / "warehouse/par_sipas_dev.duckdb").exists()
