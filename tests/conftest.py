"""Shared fixtures: a scratch copy of the project, built once with the real seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
COPIED = ["dbt_project.yml", "profiles.yml", "README.md", "seeds", "models", "macros", "tests/dbt", "warehouse/.gitkeep"]


def copy_project(destination: Path) -> Path:
    for name in COPIED:
        source = PROJECT_DIR / name
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return destination


def run_parwh(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARWH_PROJECT_DIR": str(project)}
    env.pop("PARWH_DUCKDB_PATH", None)
    return subprocess.run(
        [sys.executable, "-m", "parwh.cli", *args], cwd=project, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project after `parwh build` on the real seeds."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_parwh(project, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project
