"""Ingests at once, an ingest during a build, and kill -9 of an ingest: no row lost, no half-written seed.

The files ingested are MADE-UP (tests/fixtures/ingest/, and statements written here); they reach only scratch copies.
"""

from __future__ import annotations

import csv
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import copy_project, parwh_env
from test_ingest import FIXTURES, SEED, SIPAS_2017, write_statements

TABLE = FIXTURES / "made_up_sipas_2017_provinces_63.csv"


def start_parwh(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-m", "parwh.cli", *args], cwd=project, env=parwh_env(project),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def seed_ids(project: Path) -> list[str]:
    with (project / SEED).open(encoding="utf-8", newline="") as file:
        return [row["observation_id"] for row in csv.DictReader(file)]


def made_up_statements(path: Path, tag: str, count: int) -> Path:
    """`count` MADE-UP PAR INDEX statements, each from its own made-up address, so every one is new."""
    with (Path(__file__).parents[1] / "seeds/reference/ref_provinces_63.csv").open(encoding="utf-8") as file:
        provinces = [row["name_vi"] for row in csv.DictReader(file)]
    rows = []
    for number in range(count):
        value = f"{60 + number % 3000 / 100:.2f}"
        rows.append({"index_name": "PAR_INDEX", "year": str(2012 + number % 13), "unit_level": "province",
                     "unit_name_as_written": provinces[number % len(provinces)], "metric": "total", "value": value,
                     "rank": "", "rank_of": "63", "source_url": f"https://example.invalid/made-up-{tag}/{number}",
                     "source_date": "2026-01-01",
                     "quote": f"Made-up test statement: chỉ số đạt {value.replace('.', ',')} điểm."})
    return write_statements(path, rows)


def start_logged(project: Path, log: Path, *args: str) -> subprocess.Popen:
    """parwh writing to a file, not a pipe: a process blocked on a full pipe would never free the lock."""
    with log.open("w") as output:
        return subprocess.Popen([sys.executable, "-u", "-m", "parwh.cli", *args], cwd=project, env=parwh_env(project),
                                stdout=output, stderr=subprocess.STDOUT, text=True)


def wait_for_text(logs: list[Path], text: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not all(text in log.read_text() for log in logs):
        assert time.monotonic() < deadline, [log.read_text()[-2000:] for log in logs]
        time.sleep(0.05)


def test_two_ingests_at_once_lose_no_row(tmp_path: Path) -> None:
    """Both validated, both wait at the lock (held here as a build would), then both append: 4000 rows."""
    project = copy_project(tmp_path / "project")
    original = (project / SEED).read_bytes()
    lock = project / "warehouse/.build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.truncate(0)
        held.write("1 build")
        held.flush()
        logs = [tmp_path / f"ingest_{tag}.log" for tag in "ab"]
        runs = [start_logged(project, log, "ingest",
                             str(made_up_statements(tmp_path / f"made_up_{tag}.csv", tag, 2000)))
                for tag, log in zip("ab", logs)]
        wait_for_text(logs, "waiting for the build running as pid 1")
        assert (project / SEED).read_bytes() == original
    for run in runs:
        run.wait(timeout=300)
    outputs = [log.read_text() for log in logs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all("Appended 2000 rows" in output for output in outputs), outputs
    ids = seed_ids(project)
    assert len(ids) == len(set(ids)) == original.count(b"\nobs_") + 4000
    assert (project / SEED).read_bytes().startswith(original)


def test_an_ingest_during_a_build_waits_and_the_build_reads_the_whole_old_seed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    held_before = len(seed_ids(project))
    log = tmp_path / "build.log"
    build = start_logged(project, log, "build")
    wait_for_text([log], "OK loaded seed")  # dbt is reading the seeds
    ingest = start_parwh(project, "ingest", str(TABLE), *SIPAS_2017)
    ingest_output = ingest.communicate(timeout=600)[0]
    build.wait(timeout=600)
    build_output = log.read_text()
    assert build.returncode == 0, build_output[-3000:]
    assert ingest.returncode == 0, ingest_output
    assert "waiting for the build running as pid" in ingest_output, ingest_output
    assert "Appended 63 rows" in ingest_output
    with duckdb.connect(str(project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        built = con.execute("select count(*) from marts.fct_observations").fetchone()[0]
    assert built == held_before  # the build read the seed as it was when it started, whole
    assert len(seed_ids(project)) == held_before + 63


# Where to kill an ingest: when it prints a line starting with this (None: half a second after it starts).
KILL_POINTS = [None, "Read ", "63 units resolved", "63 statements:", "Writing 63 rows"]


@pytest.fixture(scope="module")
def expected_seed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    project = copy_project(tmp_path_factory.mktemp("reference"))
    completed = subprocess.run([sys.executable, "-m", "parwh.cli", "ingest", str(TABLE), *SIPAS_2017], cwd=project,
                               env=parwh_env(project), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return (project / SEED).read_bytes()


@pytest.mark.parametrize("point", KILL_POINTS, ids=[point or "at start" for point in KILL_POINTS])
def test_kill_9_of_an_ingest_leaves_the_seed_as_it_was_or_whole(tmp_path: Path, expected_seed: bytes,
                                                              point: str | None) -> None:
    project = copy_project(tmp_path / "project")
    original = (project / SEED).read_bytes()
    ingest = start_parwh(project, "ingest", str(TABLE), *SIPAS_2017)
    if point is not None:  # None: killed at once, before it can have written anything (a fast machine ends in 0.5 s)
        for line in ingest.stdout:
            if line.startswith(point):
                break
        else:
            pytest.fail(f"the ingest ended before printing {point!r}")
    os.kill(ingest.pid, signal.SIGKILL)
    ingest.wait(timeout=30)
    assert ingest.returncode == -signal.SIGKILL
    assert (project / SEED).read_bytes() in (original, expected_seed)
    again = subprocess.run([sys.executable, "-m", "parwh.cli", "ingest", str(TABLE), *SIPAS_2017], cwd=project,
                           env=parwh_env(project), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (project / SEED).read_bytes() == expected_seed
    assert not list((project / "seeds/raw").glob(".*.tmp")), "a killed write left its temporary file behind"
