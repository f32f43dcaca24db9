"""Evidence on the real seeds: the source register, witness counts, grades, units, groups and names."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR

from parwh.sources import registrable_domain

KINDS = {"central_government", "provincial_government", "state_press", "press", "foreign_press", "academic",
         "compilation", "mirror", "spam"}


def read_seed(name: str) -> list[dict[str, str]]:
    with (PROJECT_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def warehouse(built_project: Path):
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        yield con


def test_every_domain_in_the_seeds_is_registered_with_a_kind_and_a_reason() -> None:
    register = {row["source_domain"]: row for row in read_seed("seeds/reference/ref_sources.csv")}
    domains = {registrable_domain(row["source_url"]) for row in read_seed("seeds/raw/raw_observations.csv")}
    assert domains - set(register) == set()
    assert {row["source_kind"] for row in register.values()} <= KINDS
    assert all(len(row["reason"]) > 20 for row in register.values())
    assert {row["source_kind"] for row in read_seed("seeds/reference/ref_source_kinds.csv")} == KINDS
    # what the issue names: the bare IP and the clone sites are weak, never independent witnesses
    for domain in ["211.88.39.63", "ufabetindo.in", "xosobinhdinh.org", "tinbong247news.net",
                   "gaidepnguckhung.blogspot.com", "huggingface.co"]:
        assert register[domain]["source_kind"] in {"mirror", "spam", "compilation"}, domain


@pytest.mark.parametrize(("url", "domain"), [
    ("https://dantoctongiao.vietnamnet.vn/a", "vietnamnet.vn"),
    ("https://vietnamnet.vn/b", "vietnamnet.vn"),
    ("https://sonv.ninhthuan.gov.vn/portal/x", "ninhthuan.gov.vn"),
    ("https://tapchicnnh3.buh.edu.vn/y", "buh.edu.vn"),
    ("http://211.88.39.63/article/gb/tjsj/202106/549782.html", "211.88.39.63"),
    ("https://gaidepnguckhung.blogspot.com/2014/09/z.html", "gaidepnguckhung.blogspot.com"),
    ("https://other-made-up-blog.blogspot.com/", "other-made-up-blog.blogspot.com"),
])
def test_witnesses_are_registrable_domains(url: str, domain: str) -> None:
    assert registrable_domain(url) == domain


def test_no_published_number_rests_only_on_weak_sources(warehouse) -> None:
    bad = warehouse.execute("""
        select count(*) from marts.fct_index_scores
        where (value is not null and value_grade not in ('official', 'corroborated', 'single'))
           or (official_rank is not null and rank_grade not in ('official', 'corroborated', 'single'))""").fetchone()
    assert bad == (0,)
    # every published value is stated by at least one observation from a non-weak publisher
    unsupported = warehouse.execute("""
        select count(*) from marts.fct_index_scores as s
        where s.value is not null and not exists (
            select 1 from marts.fct_observations as o
            where list_contains(s.observation_ids, o.observation_id) and o.value = s.value
              and o.source_tier <> 'weak')""").fetchone()
    assert unsupported == (0,)


def test_binh_duong_par_2013_counts_vietnam_plus_not_the_clone_site(warehouse) -> None:
    # ufabetindo.in (a betting site copying a Vietnam+ article) is no witness; wave3 found the VNA French page
    row = warehouse.execute("""
        select value::double, value_grade, value_n_sources, value_source_domains from marts.fct_index_scores
        where index_code = 'PAR_INDEX' and year = 2013 and unit_key = 'vn63_74' and metric = 'total'""").fetchone()
    assert row == (pytest.approx(86.86), "single", 1, ["vietnamplus.vn"])
    kinds = warehouse.execute("""
        select list(distinct source_kind order by source_kind) from marts.fct_observations
        where index_code = 'PAR_INDEX' and year = 2013 and unit_key = 'vn63_74' and value = 86.86""").fetchone()
    assert kinds == (["spam", "state_press"],)


def test_par_index_2020_from_the_bare_ip_page_is_evidence_not_a_settled_score(warehouse) -> None:
    rows = warehouse.execute("""
        select unit_key, stated_number::double from marts.rpt_weak_evidence
        where index_code = 'PAR_INDEX' and year = 2020 and field = 'value' and metric = 'total'
          and list_contains(source_domains, '211.88.39.63') order by unit_key""").fetchall()
    assert ("vn63_22", pytest.approx(91.04)) in rows
    quang_ninh = warehouse.execute("""
        select score, has_score from marts.fct_rankings
        where index_code = 'PAR_INDEX' and year = 2020 and unit_key = 'vn63_22'""").fetchone()
    assert quang_ninh == (None, False)


def test_value_and_rank_are_counted_and_graded_apart(warehouse) -> None:
    # Quảng Ngãi PAR 2020: the score only on the bare-IP page, the last place on the provincial portal
    row = warehouse.execute("""
        select score, score_grade, official_rank, rank_grade from marts.fct_rankings
        where index_code = 'PAR_INDEX' and year = 2020 and unit_key = 'vn63_51'""").fetchone()
    assert row == (None, "weak", 63, "official")


def test_official_outranks_press_before_counting(warehouse) -> None:
    # Hải Phòng PAR 2023: the Government's newspaper (official) says 91.87, one press page 91.81
    row = warehouse.execute("""
        select value::double, value_grade from marts.fct_index_scores
        where index_code = 'PAR_INDEX' and year = 2023 and unit_key = 'vn63_31' and metric = 'total'""").fetchone()
    assert row == (pytest.approx(91.87), "official")


def test_son_la_2024_admin_procedure_reform_is_12_75_points_of_13(warehouse) -> None:
    value = warehouse.execute("""
        select value::double, value_unit from marts.fct_index_scores
        where index_code = 'PAR_INDEX' and year = 2024 and unit_key = 'vn63_14'
          and metric = 'admin_procedure_reform_points'""").fetchone()
    assert value == (pytest.approx(12.75), "points")
    maximum = warehouse.execute("""
        select entry.max_points::double from marts.dim_metric, unnest(max_points_by_year) as t(entry)
        where index_code = 'PAR_INDEX' and unit_level = 'province' and metric = 'admin_procedure_reform_points'
          and entry.year = 2024""").fetchone()
    assert maximum == (pytest.approx(13),)


def test_points_and_percent_of_one_component_are_two_facts_not_a_conflict(warehouse) -> None:
    rows = warehouse.execute("""
        select metric, value::double, value_unit from marts.fct_index_scores
        where index_code = 'PAR_INDEX' and year = 2023 and unit_key = 'vn63_17' and metric like 'par_direction%'
        order by metric""").fetchall()
    assert rows == [("par_direction", pytest.approx(100), "percent"),
                    ("par_direction_points", pytest.approx(9.5), "points")]
    conflicts = warehouse.execute("""
        select count(*) from marts.rpt_conflicts
        where index_code = 'PAR_INDEX' and year = 2023 and unit_key = 'vn63_17'
            and metric like 'par_direction%'""").fetchone()
    assert conflicts == (0,)


def test_no_component_value_is_typed_percent_when_its_quote_says_points(warehouse) -> None:
    typed = warehouse.execute("""
        select count(*) from marts.fct_observations
        where metric_kind = 'component' and value_unit = 'percent'
            and regexp_matches(quote, '\\d/\\d+[,.]?\\d* ?(điểm|points)')""").fetchone()
    assert typed == (0,)
    points = warehouse.execute(
        "select count(*) from marts.fct_observations where metric_kind = 'component_points'").fetchone()
    assert points[0] >= 41


def test_group_memberships_with_their_sources(warehouse) -> None:
    rows = warehouse.execute("""
        select unit_name, grade, source_domains from marts.fct_group_memberships
        where index_code = 'SIPAS' and year = 2024 and group_code = 'top5_group' order by name_sort_key""").fetchall()
    assert [row[0] for row in rows] == ["Bà Rịa - Vũng Tàu", "Hải Dương", "Hải Phòng", "Quảng Ninh", "Thái Nguyên"]
    assert all(row[2] == ["vnanet.vn"] for row in rows)


def test_one_modern_display_name_and_every_spelling_finds_the_unit(warehouse) -> None:
    assert warehouse.execute("select count(*) from marts.fct_rankings where unit_name = 'Hòa Bình'").fetchone()[0] > 0
    assert warehouse.execute("select count(*) from marts.fct_rankings where unit_name = 'Hoà Bình'").fetchone() == (0,)
    for spelling in ["Hoà Bình", "Hòa Bình", "Hoa Binh", "tỉnh Hòa Bình", "HOA BINH"]:
        found = warehouse.execute("""
            select distinct unit_key, display_name from marts.dim_unit_names
            where vintage = '2008' and name_key = marts.unit_name_key(?)""", [spelling]).fetchall()
        assert found == [("vn63_17", "Hòa Bình")], spelling


def test_the_34_units_have_english_names_with_a_source(warehouse) -> None:
    rows = warehouse.execute("""
        select name_en, name_en_source from marts.dim_province where vintage = '2025'""").fetchall()
    assert len(rows) == 34 and all(name and source for name, source in rows)


def test_units_list_in_vietnamese_alphabetical_order(warehouse) -> None:
    names = [row[0] for row in warehouse.execute(
        "select name_vi from marts.dim_province where vintage = '2008' order by name_sort_key").fetchall()]
    assert names[:6] == ["An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh"]
    assert names.index("Cần Thơ") < names.index("Đà Nẵng") < names.index("Điện Biên") < names.index("Gia Lai")


def test_sipas_2015_compilation_rows_stay_out_of_the_seeds() -> None:
    rows = read_seed("seeds/raw/raw_observations.csv")
    assert not [row for row in rows if row["index_code"] == "SIPAS" and row["year"] == "2015"]
    assert len([row for row in rows if row["dataset"] == "wave3_gaps_and_compilations"]) == 112


def test_grade_counts_are_generated_from_the_warehouse(built_project: Path) -> None:
    from parwh.coverage import COVERAGE_FILE, grades_markdown

    block = grades_markdown(built_project / "warehouse/par_sipas.duckdb")
    assert block in (built_project / "warehouse/exports" / COVERAGE_FILE).read_text(encoding="utf-8")
    assert block.splitlines()[0] == "| | official | corroborated | single | weak | disputed |"
