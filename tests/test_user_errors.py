"""No traceback reaches a user: wrong files given to parwh, and a build whose step after publishing fails."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import copy_project, run_parwh


@pytest.mark.parametrize("make, expected", [
    (lambda tmp: tmp / "absent.duckdb", "does not exist"),
    (lambda tmp: tmp, "is a folder; give the DuckDB file"),
    (lambda tmp: (tmp / "notes.txt", (tmp / "notes.txt").write_text("made-up notes\n"))[0],
     "is not a DuckDB database file"),
    (lambda tmp: (tmp / "empty.duckdb", duckdb.connect(str(tmp / "empty.duckdb")).close())[0],
     "is a DuckDB file but not a warehouse parwh built"),
])
def test_validate_and_report_given_the_wrong_file_say_so(tmp_path: Path, make, expected: str) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "given").mkdir()
    database = make(tmp_path / "given")
    result = run_parwh(project, "validate", "--database", str(database))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert expected in output and "Traceback" not in output, output


def test_a_build_whose_step_after_publishing_fails_says_it_published(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "warehouse/releases").write_text("a file where the releases folder goes", "utf-8")
    result = run_parwh(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert ("published warehouse/par_sipas.duckdb (the new build is served), then step 6 (publishing the exports, "
            "docs and report folders, archiving the release) failed") in output, output[-3000:]
    with duckdb.connect(str(project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_rankings").fetchone()[0] > 0
