"""The main job: dbt build into a fresh file, then publish it in one atomic rename."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from parwh import paths
from parwh.coverage import update_readme_coverage
from parwh.gate import run_gate


class BuildError(RuntimeError):
    """The build failed; the published warehouse was not touched."""


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt_build(database: Path) -> None:
    """Seeds, models and every dbt test, into `database`. Streams dbt's progress to the console."""
    env = {**os.environ, "PARWH_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(paths.PROJECT_DIR)}
    command = [dbt_executable(), "build", "--project-dir", str(paths.PROJECT_DIR)]
    if subprocess.run(command, cwd=paths.PROJECT_DIR, env=env).returncode != 0:
        raise BuildError(
            "dbt build failed (see the errors above). Nothing was published: "
            f"{paths.PUBLISHED_DB.relative_to(paths.PROJECT_DIR)} is unchanged."
        )


def fresh_database(database: Path) -> None:
    """Remove what an earlier (perhaps killed) build left behind."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (database, database.with_name(database.name + ".wal")):
        leftover.unlink(missing_ok=True)


def publish(built: Path, published: Path) -> None:
    """Replace the served file in one step: readers see the old build or the new one, never a mix."""
    published.parent.mkdir(parents=True, exist_ok=True)
    os.replace(built, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def validate(database: Path) -> None:
    """The Great Expectations gate; prints its summary and raises BuildError on a failed check."""
    result = run_gate(database, paths.QUALITY_DIR)
    print(result.summary, flush=True)
    if not result.success:
        raise BuildError(
            "the quality gate failed (rows above). Nothing was published: "
            f"{paths.PUBLISHED_DB.relative_to(paths.PROJECT_DIR)} is unchanged. Fix the seed row, or record a "
            "resolution or a documented exception in seeds/curation/."
        )


def build() -> None:
    print(f"[1/4] dbt build into a fresh file {paths.BUILD_DB.relative_to(paths.PROJECT_DIR)}", flush=True)
    fresh_database(paths.BUILD_DB)
    run_dbt_build(paths.BUILD_DB)
    print("[2/4] quality gate (Great Expectations) on the fresh file", flush=True)
    validate(paths.BUILD_DB)
    print(f"[3/4] publishing {paths.PUBLISHED_DB.relative_to(paths.PROJECT_DIR)}", flush=True)
    publish(paths.BUILD_DB, paths.PUBLISHED_DB)
    print("[4/4] updating the coverage table in README.md", flush=True)
    update_readme_coverage(paths.PUBLISHED_DB, paths.README)
    print("done.", flush=True)
