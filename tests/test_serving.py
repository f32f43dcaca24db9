"""Serving: readers hold the published file across rebuilds, killed builds publish nothing, old readers open it."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, copy_project, copy_published, parwh_env, published_fingerprint, run_parwh

from parwh.build import STEPS  # the build prints [step/STEPS]: the kill points are its lines

# Two rebuilds: the second replaces a file that was itself published by a rebuild while the reader held the first.
REBUILDS = 2
OLD_READER_PYTHON = PROJECT_DIR / ".venv-duckdb-1.0.0/bin/python"

# Answers one snapshot of the marts per line on stdin, from the one connection it opened at start.
READER = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
def snapshot():
    tables = [name for (name,) in con.sql(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
    return {"version": duckdb.__version__,
            "build_id": con.sql("select build_id from marts.rpt_build_info").fetchone()[0],
            "rows": {name: con.sql(f"select count(*) from marts.{name}").fetchone()[0] for name in tables},
            "view_rows": {f"{schema}.{name}": con.sql(f"select count(*) from {schema}.{name}").fetchone()[0]
                          for schema, name in con.sql("select schema_name, view_name from duckdb_views() "
                                                      "where not internal order by all").fetchall()}}
print(json.dumps(snapshot()), flush=True)
for _ in sys.stdin:
    try:
        print(json.dumps(snapshot()), flush=True)
    except Exception as error:
        print(json.dumps({"error": repr(error)}), flush=True)
"""


def parwh_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "parwh.cli", *args]


def snapshot_in_new_process(python: Path | str, database: Path) -> dict:
    """Open the file in a fresh process (a new connection), take one snapshot, close."""
    result = subprocess.run([str(python), "-c", READER, str(database)], input="", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.splitlines()[0])


def manifest(project: Path) -> dict:
    return json.loads((project / "warehouse/exports/manifest.json").read_text(encoding="utf-8"))


@pytest.fixture()
def published_copy(built_project: Path, tmp_path: Path) -> Path:
    """A scratch copy of the project with the warehouse already published."""
    project = copy_project(tmp_path)
    copy_published(built_project, project)
    return project


def test_a_reader_holds_the_file_across_rebuilds(published_copy: Path) -> None:
    project, database = published_copy, published_copy / "warehouse/par_sipas.duckdb"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(database)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        def ask() -> dict:
            reader.stdin.write("\n")
            reader.stdin.flush()
            return json.loads(reader.stdout.readline())

        first = json.loads(reader.stdout.readline())
        build_ids = [first["build_id"]]
        for rebuild in range(1, REBUILDS + 1):
            build = subprocess.Popen(parwh_command("build"), cwd=project, env=parwh_env(project),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            while build.poll() is None:  # the reader keeps querying while the build runs
                assert ask() == first
                time.sleep(0.5)
            output = build.stdout.read()
            assert build.returncode == 0, f"rebuild {rebuild} failed:\n{output[-3000:]}"
            assert ask() == first, "the open connection must keep answering from the build it opened"
            latest = snapshot_in_new_process(sys.executable, database)
            assert latest["build_id"] == manifest(project)["build"]["build_id"]
            assert latest["build_id"] not in build_ids
            assert latest["rows"] == first["rows"]
            build_ids.append(latest["build_id"])
    finally:
        reader.kill()
        reader.wait()


def processes_running_in(project: Path) -> list[str]:
    """Command lines of live processes that mention the project folder (zombies excluded)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit() or " Z " in (proc / "stat").read_text().split(")", 1)[1][:3]:
                continue
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if str(project).encode() in environ and proc.name != str(os.getpid()):
            found.append(command)
    return found


def wait_until_gone(project: Path, seconds: float = 3) -> list[str]:
    """A killed build takes its workers with it at once (PR_SET_PDEATHSIG); a worker left running would not."""
    deadline = time.monotonic() + seconds
    while (left := processes_running_in(project)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


# Where in the build to kill it: a line of its output, and whom to kill: the build itself, or the process
# that started it with --stop-with-parent (as `make build` does).
KILL_POINTS = [
    ("in its first second (dbt and GX still importing), killing its parent", None, "parent"),
    ("during dbt build", " OK loaded seed ", "parwh"),
    ("during dbt build, killing its parent", " OK loaded seed ", "parent"),
    ("during dbt docs generate", f"[2/{STEPS}]", "parwh"),
    ("during the gate", f"[3/{STEPS}]", "parent"),
    ("during the exports", f"[4/{STEPS}]", "parwh"),
    ("during the report", f"[5/{STEPS}]", "parent"),
]


def kill_build(project: Path, name: str, marker: str | None, whom: str) -> None:
    """Start a build, kill it (or its parent) at the marker, and check it left nothing running or published."""
    before = published_fingerprint(project)
    parent_wrapper = [sys.executable, "-c", "import subprocess, sys; subprocess.run(sys.argv[1:])"]
    command = (parent_wrapper + parwh_command("build", "--stop-with-parent") if whom == "parent"
               else parwh_command("build"))
    build = subprocess.Popen(command, cwd=project, env=parwh_env(project), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    seen = []
    if marker is None:
        time.sleep(0.5)
    else:
        for line in build.stdout:
            seen.append(line)
            if marker in line:
                break
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert marker is None or marker in "".join(seen), f"{name}: the build ended first:\n{''.join(seen)[-3000:]}"
    assert wait_until_gone(project) == [], f"{name}: processes of the killed build are still running"
    assert published_fingerprint(project) == before, f"{name}: the published warehouse changed"


# One test per kill point: the same builds as one long test, spread over both workers.
@pytest.mark.parametrize("name, marker, whom", KILL_POINTS, ids=[point[0] for point in KILL_POINTS])
def test_a_killed_build_leaves_the_published_warehouse_byte_identical(published_copy: Path, name: str,
                                                                      marker: str | None, whom: str) -> None:
    kill_build(published_copy, name, marker, whom)


def test_the_build_after_killed_ones_publishes(published_copy: Path) -> None:
    """What the latest-killed build leaves behind (its build folder, dbt's target, the lock file) does not stop
    the next."""
    project = published_copy
    before = published_fingerprint(project)
    kill_build(project, *KILL_POINTS[-1])
    result = run_parwh(project, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert published_fingerprint(project) != before


def test_a_second_build_while_one_runs_is_refused(published_copy: Path) -> None:
    project = published_copy
    before = published_fingerprint(project)
    with (project / "warehouse/.build.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_parwh(project, "build")
    assert result.returncode == 1
    assert "another build is running" in result.stderr
    assert published_fingerprint(project) == before


def test_the_published_file_opens_in_duckdb_1_0(built_project: Path) -> None:
    assert OLD_READER_PYTHON.exists(), f"{OLD_READER_PYTHON} is missing: `make test` sets it up"
    database = built_project / "warehouse/par_sipas.duckdb"
    old = snapshot_in_new_process(OLD_READER_PYTHON, database)
    assert old["version"] == "1.0.0"
    assert old["rows"] == {entry["table"].split(".")[1]: entry["rows"] for entry in manifest(built_project)["marts"]}
    # the staging views resolve too (they name the catalog, which the same basename keeps)
    assert old["view_rows"] == snapshot_in_new_process(sys.executable, database)["view_rows"] != {}
