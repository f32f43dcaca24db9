"""Shared fixtures: a scratch copy of the project, built once with the real seeds.

How the suite runs in parallel (`make test` runs `pytest -n 2 --dist worksteal`, pytest-xdist on the 2 cores):
- Each test works in its own tmp_path (copy_project, run_parwh): no fixed ports, no shared files elsewhere.
- A session or module fixture runs once per WORKER, so a warehouse built by a fixture would be built twice.
  What is slow to make goes through shared(): made once per test run by whichever worker asks first (the
  other waits on a file lock), then handed to every worker. `built_project` is made this way.
- What shared() hands out is READ-ONLY: a test that changes anything (a seed, a rebuild, a kill) first copies
  it into its own tmp_path (copy_project, then copy_published for the published warehouse).
- Every copy starts from dbt's saved parse of the project (warm_dbt_parse), as a built checkout does; the build
  gives dbt the database path relative to the project, so the saved parse fits every copy.
- Plain `pytest` (no -n) works the same, in one process.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parwh import paths

PROJECT_DIR = Path(__file__).resolve().parents[1]
COPIED = [*paths.PROJECT_FILES, "warehouse/.gitkeep"]


# dbt's saved parse of the project (target/partial_parse.msgpack), made once per run by warm_dbt_parse: a copy
# starts from it, as a checkout that has been built before does, and dbt reparses only what the test changes.
PARSE_STATE: Path | None = None


def copy_project(destination: Path) -> Path:
    for name in COPIED:
        source = PROJECT_DIR / name
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    if PARSE_STATE is not None:
        (destination / "target").mkdir(exist_ok=True)
        shutil.copy2(PARSE_STATE, destination / "target" / PARSE_STATE.name)
    return destination


def parwh_env(project: Path) -> dict[str, str]:
    """The environment of a parwh command working on `project`."""
    env = {**os.environ, "PARWH_PROJECT_DIR": str(project)}
    env.pop("PARWH_DUCKDB_PATH", None)
    return env


def register_made_up_publisher(project: Path) -> None:
    """The made-up tables cite example.invalid: register it in the scratch copy, as a new publisher must be."""
    with (project / "seeds/reference/ref_sources.csv").open("a", encoding="utf-8") as register:
        register.write("example.invalid,central_government,MADE-UP TEST PUBLISHER,Made-up test fixture: stands for "
                       "an official annex in the ingest tests.\n")


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


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run; under xdist, each worker's own folder is inside it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """What make(folder) returns (picklable), made once per test run in a fresh `folder`, for every worker.

    Whoever asks first makes it; the others wait on the lock, then read the pickled result. If make fails
    (raises), nothing is recorded and the next test to ask tries again, so each one reports the failure.
    """
    root = run_folder(tmp_path_factory)
    folder, result = root / name, root / f"{name}.pickle"
    with (root / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when its holder dies
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            made = make(folder)
            result.write_bytes(pickle.dumps(made))
        return pickle.loads(result.read_bytes())


def build_real_project(folder: Path) -> Path:
    project = copy_project(folder)
    result = run_parwh(project, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project after `parwh build` on the real seeds, built once per run. READ-ONLY."""
    return shared(tmp_path_factory, "built_project", build_real_project)


def parse_project(folder: Path) -> Path:
    """dbt parse of a copy of the project, with the profile a build uses (the database path as parwh build gives it)."""
    project = copy_project(folder)
    env = {**parwh_env(project), "PARWH_DUCKDB_PATH": str(paths.BUILD_DB.relative_to(paths.PROJECT_DIR))}
    result = subprocess.run([paths.dbt_executable(), "parse", "--no-write-json"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project / "target" / "partial_parse.msgpack"


@pytest.fixture(scope="session", autouse=True)
def warm_dbt_parse(tmp_path_factory: pytest.TempPathFactory) -> None:
    global PARSE_STATE
    PARSE_STATE = shared(tmp_path_factory, "dbt_parse", parse_project)
