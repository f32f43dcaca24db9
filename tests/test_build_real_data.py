"""The main job on the real seeds: figures that published sources state, read from the built file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import COPIED, PROJECT_DIR, sha256

from parwh.coverage import COVERAGE_FILE, coverage_markdown, readme_block, readme_is_current, write_readme


@pytest.fixture(scope="module")
def warehouse(built_project: Path):
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        yield con


def ranking(con, index_code: str, year: int, unit_code: str, level: str = "province"):
    return con.execute(
        """select score::double, official_rank, rank_of from marts.fct_rankings
           where index_code = ? and year = ? and unit_code = ? and unit_level = ?""",
        [index_code, year, unit_code, level],
    ).fetchone()


@pytest.mark.parametrize(("unit_code", "score", "rank"), [("22", 92.18, 1), ("31", 91.87, 2), ("01", 91.43, 3)])
def test_par_index_2023_provinces(warehouse, unit_code: str, score: float, rank: int) -> None:
    assert ranking(warehouse, "PAR_INDEX", 2023, unit_code) == (pytest.approx(score), rank, 63)


def test_par_index_2023_ministries_complete_with_justice_first(warehouse) -> None:
    rows = warehouse.execute(
        """select ministry.name_en, score::double, official_rank from marts.fct_rankings
           join marts.dim_ministry as ministry on ministry.ministry_code = unit_key
           where index_code = 'PAR_INDEX' and year = 2023 and unit_level = 'ministry' and has_score
           order by official_rank"""
    ).fetchall()
    assert len(rows) == 17
    assert rows[0] == ("Ministry of Justice", pytest.approx(89.95), 1)


def test_sipas_2021_national_average(warehouse) -> None:
    value = warehouse.execute(
        """select value::double from marts.fct_index_scores
           where index_code = 'SIPAS' and year = 2021 and unit_level = 'national' and metric = 'total'"""
    ).fetchone()
    assert value == (pytest.approx(87.16),)


def test_rankings_list_63_provinces_per_release(warehouse) -> None:
    counts = dict(
        warehouse.execute(
            """select index_code || ' ' || year, count(*) from marts.fct_rankings
               where unit_level = 'province' and year <= 2024 group by all"""
        ).fetchall()
    )
    expected = {f"PAR_INDEX {y}" for y in range(2012, 2025)} | {f"SIPAS {y}" for y in range(2017, 2025)}
    assert set(counts) == expected
    assert set(counts.values()) == {63}


def test_every_score_traces_to_a_cited_observation(warehouse) -> None:
    untraced = warehouse.execute(
        """select count(*) from marts.fct_index_scores as s
           where s.value is not null and not exists (
               select 1 from marts.fct_observations as o
               where list_contains(s.observation_ids, o.observation_id)
                 and o.source_url like 'http%' and length(o.quote) > 0
                 and (o.value = s.value or o.rank = s.official_rank))"""
    ).fetchone()[0]
    assert untraced == 0


def test_conflicting_sources_are_all_kept(warehouse) -> None:
    stated = warehouse.execute(
        """select stated_number::double, is_kept from marts.rpt_conflicts
           where index_code = 'PAR_INDEX' and year = 2018 and unit_key = 'vn63_22' and field = 'value'
           order by stated_number"""
    ).fetchall()
    assert stated == [(pytest.approx(81), False), (pytest.approx(89.06), True), (pytest.approx(89.6), False)]


def test_coverage_is_generated_from_the_warehouse_into_the_exports(built_project: Path) -> None:
    page = (built_project / "warehouse/exports" / COVERAGE_FILE).read_text(encoding="utf-8")
    block = coverage_markdown(built_project / "warehouse/par_sipas.duckdb")
    assert block in page
    assert "| PAR_INDEX | province | 2023 | 63 |" in block


def test_the_readme_coverage_copy_is_the_data_s(built_project: Path) -> None:
    """README.md's copy of the coverage table was written from these seeds: after an ingest it is stale until
    `parwh coverage --readme` is run and committed."""
    database = built_project / "warehouse/par_sipas.duckdb"
    assert readme_is_current(PROJECT_DIR / "README.md", database), "run `.venv/bin/parwh coverage --readme`"
    assert "| PAR_INDEX | province | 2023 | 63 |" in readme_block(database)


def test_parwh_coverage_readme_rewrites_only_the_block(built_project: Path, tmp_path: Path) -> None:
    database = built_project / "warehouse/par_sipas.duckdb"
    stale = readme_block(database).replace("| PAR_INDEX | province | 2023 | 63 |",
                                           "| PAR_INDEX | province | 2023 | 62 |")
    readme = tmp_path / "README.md"
    readme.write_text(f"# Before\n\n{stale}\n\n## After\n", encoding="utf-8")
    assert not readme_is_current(readme, database)
    write_readme(readme, database)
    assert readme.read_text(encoding="utf-8") == f"# Before\n\n{readme_block(database)}\n\n## After\n"
    assert readme_is_current(readme, database)


def test_a_build_leaves_the_project_s_files_as_they_were(built_project: Path) -> None:
    """Nothing a build writes lands in a tracked file (README.md kept a generated table once)."""
    changed = [name for name in COPIED if (PROJECT_DIR / name).is_file()
               and sha256(built_project / name) != sha256(PROJECT_DIR / name)]
    changed += [str(path.relative_to(PROJECT_DIR)) for name in COPIED if (PROJECT_DIR / name).is_dir()
                for path in (PROJECT_DIR / name).rglob("*") if path.is_file()
                and sha256(built_project / path.relative_to(PROJECT_DIR)) != sha256(path)]
    assert changed == []
