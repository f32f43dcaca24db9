"""The Great Expectations gate: passes on the real data, fails naming the row for each broken rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run_parwh
from fixtures.made_up_gate_breaks import MADE_UP_BREAKS

from parwh.gate import checks, run_gate


def test_gate_passes_on_the_real_data_and_writes_data_docs(built_project: Path) -> None:
    result = run_parwh(built_project, "validate")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    total = len(checks(raw_observation_count=0))
    assert f"{total} of {total} checks passed" in result.stdout
    docs = built_project / "warehouse/quality"
    assert (docs / "index.html").exists()
    suites = {path.name for path in (docs / "validations").iterdir()}
    assert suites == {check.frame for check in checks(raw_observation_count=0)}


@pytest.mark.parametrize("name, change, rule, row", MADE_UP_BREAKS, ids=[case[0] for case in MADE_UP_BREAKS])
def test_gate_fails_naming_the_bad_row(built_project: Path, tmp_path: Path, name, change, rule, row) -> None:
    database = tmp_path / "par_sipas.duckdb"
    shutil.copy(built_project / "warehouse/par_sipas.duckdb", database)
    with duckdb.connect(str(database)) as connection:
        changed = connection.execute(change).fetchone()
        assert changed is None or changed[0] > 0, f"{name}: the made-up change touched no row"

    result = run_gate(database, tmp_path / "quality")

    assert not result.success
    failed = [line for line in result.summary.splitlines() if line.startswith("FAILED")]
    assert any(rule in line for line in failed), result.summary
    section = result.summary.split(next(line for line in failed if rule in line), 1)[1].split("FAILED")[0]
    assert row in section, result.summary
