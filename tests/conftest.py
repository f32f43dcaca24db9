"""Shared fixtures: a scratch copy of the project, built once with the real seeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parwh import paths

PROJECT_DIR = Path(__file__).resolve().parents[1]
COPIED = [*paths.PROJECT_FILES, "warehouse/.gitkeep"]


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


def parwh_env(project: Path) -> dict[str, str]:
    """The environment of a parwh command working on `project`."""
    env = {**os.environ, "PARWH_PROJECT_DIR": str(project)}
    env.pop("PARWH_DUCKDB_PATH", None)
    return env


def run_parwh(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = parwh_env(project)
    return subprocess.run(
        [sys.executable, "-m", "parwh.cli", *args], cwd=project, env=env, capture_output=True, text=True
    )


PUBLISHED = ["warehouse/par_sipas.duckdb", "warehouse/exports", "warehouse/docs", "warehouse/report"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_published(source_project: Path, project: Path) -> None:
    """Put a published warehouse (database, exports, docs) into a scratch copy, as if it had been built there."""
    for name in PUBLISHED:
        source, target = source_project / name, project / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def published_fingerprint(project: Path) -> dict[str, str]:
    """sha256 of every published file: equal fingerprints mean nothing served changed."""
    files = [project / PUBLISHED[0]] + sorted(
        path for name in PUBLISHED[1:] for path in (project / name).rglob("*") if path.is_file())
    return {str(path.relative_to(project)): sha256(path) for path in files}


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project after `parwh build` on the real seeds."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_parwh(project, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project
