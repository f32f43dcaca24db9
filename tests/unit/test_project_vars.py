from pathlib import Path

from parwh.project_vars import dbt_vars
from parwh.unit_names import vintage_of

PROJECT = Path(__file__).resolve().parents[2]


def test_the_vintage_boundary_is_the_dbt_var() -> None:
    first = dbt_vars(PROJECT)["merger_first_year"]
    assert (vintage_of(PROJECT, first - 1), vintage_of(PROJECT, first)) == ("2008", "2025")


def test_the_tolerances_are_dbt_vars() -> None:
    assert {"score_change_tolerance", "component_sum_tolerance"} <= set(dbt_vars(PROJECT))
