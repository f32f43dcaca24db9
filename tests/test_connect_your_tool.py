"""The code blocks of docs/connect-your-tool.md, run as written against a built warehouse."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy
from conftest import PROJECT_DIR

BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXPECTED_IN_EVERY_ANSWER = "Bà Rịa - Vũng Tàu"


def guide_blocks() -> list[tuple[str, str]]:
    section = (PROJECT_DIR / "docs/connect-your-tool.md").read_text(encoding="utf-8")
    return BLOCK.findall(section)


def test_the_section_has_a_block_for_each_tool() -> None:
    languages = [language for language, _ in guide_blocks()]
    assert sorted(languages) == ["json", "python", "python", "sh"]


@pytest.fixture(scope="module")
def project_with_venv(built_project: Path) -> Path:
    """The guide's commands name .venv/bin/...: give the scratch copy the venv running these tests."""
    venv = built_project / ".venv"
    with contextlib.suppress(FileExistsError):  # the other xdist worker linked it first (built_project is shared)
        venv.symlink_to(sys.prefix)
    return built_project


@pytest.mark.parametrize("number", range(len(guide_blocks())))
def test_guide_block_runs_and_answers(project_with_venv: Path, number: int) -> None:
    language, code = guide_blocks()[number]
    if language == "json":  # Superset's engine parameters, handed to SQLAlchemy as Superset does
        uri = "duckdb:///" + str(project_with_venv / "warehouse/par_sipas.duckdb")
        engine = sqlalchemy.create_engine(uri, **json.loads(code))
        try:
            with engine.connect() as connection:
                rows = connection.exec_driver_sql(
                    "select unit_name from marts.fct_rankings where unit_key = 'vn63_77' and year = 2023").all()
                with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                    connection.exec_driver_sql("create table marts.must_not_be_written (x integer)")
        finally:
            engine.dispose()  # the pool would keep the file open in this process, with duckdb-engine's settings
        output = str(rows)
    else:
        command = ["bash", "-c", code] if language == "sh" else [sys.executable, "-c", code]
        result = subprocess.run(command, cwd=project_with_venv, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        output = result.stdout
    assert EXPECTED_IN_EVERY_ANSWER in output
