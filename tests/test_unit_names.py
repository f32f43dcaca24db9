"""parwh ingest resolves names exactly as the build does (real seeds, real built warehouse)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

from parwh.unit_names import UnitNames, name_keys, unit_name_forms, vintage_of


def test_name_forms_and_keys_equal_the_build_s(built_project: Path) -> None:
    forms = unit_name_forms(built_project)
    mine = {(level, vintage, unit, key)
            for (level, vintage, unit, _), key in zip(forms, name_keys(built_project, [form[3] for form in forms]))}
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        built = set(con.execute("select unit_level, coalesce(vintage, ''), unit_key, alias_key "
                                "from intermediate.int_unit_aliases__keyed").fetchall())
    assert mine == built


def test_every_real_observation_resolves_to_the_build_s_unit(built_project: Path) -> None:
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        observations = con.execute("select unit_level, year, unit_name_as_written, unit_key "
                                   "from marts.fct_observations").fetchall()
    names = UnitNames.load(built_project)
    groups = defaultdict(list)
    for level, year, name, unit in observations:
        groups[(level, vintage_of(built_project, year))].append((name, unit))
    mismatches = []
    for (level, vintage), rows in groups.items():
        resolved = names.resolve_all(level, vintage, [name for name, _ in rows])
        mismatches += [(name, unit, got) for (name, unit), got in zip(rows, resolved) if got != unit]
    assert len(observations) > 1000
    assert mismatches == []


def test_closest_names_for_a_misspelling(built_project: Path) -> None:
    names = UnitNames.load(built_project)
    assert names.closest("province", "2008", "Ba Ria Vung Tau")[0] == "Bà Rịa - Vũng Tàu"
    assert names.closest("province", "2025", "Ha Noi")[0] == "Hà Nội"
