"""What a BI tool does first: reflect the marts through duckdb-engine and SQLAlchemy, with the pinned versions
docs/connect-your-tool.md names; and its warning that a read-write connection blocks every reader holds."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import duckdb
import pytest
import sqlalchemy
from conftest import PROJECT_DIR


def guide_superset_pins() -> dict[str, str]:
    section = (PROJECT_DIR / "docs/connect-your-tool.md").read_text(encoding="utf-8")
    return dict(re.findall(r"`(duckdb-engine|SQLAlchemy|duckdb)==([\d.]+)`", section))


def test_the_guide_pins_the_versions_the_tests_use() -> None:
    assert guide_superset_pins() == {"duckdb-engine": version("duckdb-engine"), "SQLAlchemy": sqlalchemy.__version__,
                                      "duckdb": duckdb.__version__}


@pytest.fixture(scope="module")
def engine(built_project: Path):
    """As Superset makes it: the URI and the engine parameters of docs/connect-your-tool.md."""
    engine = sqlalchemy.create_engine("duckdb:///" + str(built_project / "warehouse/par_sipas.duckdb"),
                                      connect_args={"read_only": True})
    try:
        yield engine
    finally:
        engine.dispose()  # the pool would keep the file open in this process


def test_reflection_sees_every_mart_column_and_comment(engine) -> None:
    with engine.connect() as connection:  # the comments as DuckDB stores them (persist_docs)
        comments = {(table, column): comment for table, column, comment in connection.exec_driver_sql(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'").all()}
        table_comments = dict(connection.exec_driver_sql(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'").all())
    inspector = sqlalchemy.inspect(engine)
    assert sorted(inspector.get_table_names(schema="marts")) == sorted(table_comments)
    reflected = {}
    for table in table_comments:
        for column in inspector.get_columns(table, schema="marts"):
            reflected[(table, column["name"])] = column["comment"]
        assert inspector.get_table_comment(table, schema="marts")["text"] == table_comments[table]
    assert reflected == comments
    assert all(reflected.values())
    score = next(column for column in inspector.get_columns("fct_rankings", schema="marts")
                 if column["name"] == "score")
    assert isinstance(score["type"], sqlalchemy.Numeric)


HOLD_READ_WRITE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def test_a_read_write_connection_blocks_every_reader(built_project: Path, tmp_path: Path) -> None:
    """Why docs/connect-your-tool.md says read-only: a copy of the published file, held read-write elsewhere."""
    database = tmp_path / "par_sipas.duckdb"
    database.write_bytes((built_project / "warehouse/par_sipas.duckdb").read_bytes())
    holder = subprocess.Popen([sys.executable, "-c", HOLD_READ_WRITE, str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(database), read_only=True)
    finally:
        holder.kill()
        holder.wait()
    with duckdb.connect(str(database), read_only=True) as con:  # once it is gone, readers open the file again
        assert con.execute("select count(*) from marts.fct_rankings").fetchone()[0] > 1000
