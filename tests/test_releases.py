"""Releases: the data version, the archive, `parwh releases` and `parwh diff` (real builds in scratch copies)."""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import shutil
from pathlib import Path

import duckdb
from conftest import copy_project, copy_published, run_parwh

from parwh.changes import reasons
from parwh.releases import canonical_value, data_version, new_release_name

# MADE UP for this test, never in the seeds: one new number (Hà Nội has no PAR INDEX 2014 score in the real
# data); one statement that agrees with a number already held (Thừa Thiên Huế 84.31), which must change no
# number; one from a (made-up) government host that contradicts a single press source (Tây Ninh SIPAS 2018,
# 81.24), which the source-kind rule then prefers.
MADE_UP_STATEMENTS = [
    ["PAR_INDEX", "2014", "province", "Hà Nội", "total", "90.50", "", "63",
     "https://example.org/made-up-test-statement", "2026-01-01", "MADE UP FOR A TEST: Hà Nội đạt 90,50%"],
    ["PAR_INDEX", "2014", "province", "Thừa Thiên Huế", "total", "84.31", "", "63",
     "https://example.org/made-up-test-statement", "2026-01-01", "MADE UP FOR A TEST: Thừa Thiên Huế đạt 84,31 điểm"],
    ["SIPAS", "2018", "province", "Tây Ninh", "total", "81.42", "", "63",
     "https://made-up-test-statement.gov.vn/sipas-2018", "2026-01-01", "MADE UP FOR A TEST: Tây Ninh đạt 81,42%"],
]
STATEMENT_HEADER = ["index_name", "year", "unit_level", "unit_name_as_written", "metric", "value", "rank", "rank_of",
                    "source_url", "source_date", "quote"]


def version_of(database: Path) -> tuple[str, str]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select data_version, release_name from marts.rpt_build_info").fetchone()


def archived_names(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "warehouse/releases").iterdir())


def scratch_copy(built_project: Path, destination: Path) -> Path:
    project = copy_project(destination)
    copy_published(built_project, project)
    shutil.copytree(built_project / "warehouse/releases", project / "warehouse/releases")
    return project


def build(project: Path) -> str:
    result = run_parwh(project, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


# --- the canonical form, on made-up tables ----------------------------------------------------------------

def test_canonical_values_ignore_the_type_and_keep_the_value() -> None:
    assert canonical_value(decimal.Decimal("86.020")) == canonical_value(decimal.Decimal("86.02")) == "86.02"
    assert canonical_value(5) == canonical_value(decimal.Decimal("5.000")) == "5"
    assert canonical_value(decimal.Decimal("100.000")) == "100"
    assert canonical_value(0.1 + 0.2) == canonical_value(0.3)  # a last-bit difference is no data change
    assert canonical_value(None) != canonical_value("None") != canonical_value("")
    assert canonical_value(["b", "a"]) == canonical_value(["a", "b"]) != canonical_value(["a"])
    assert canonical_value(True) != canonical_value("true")
    assert canonical_value(decimal.Decimal("86.02")) != canonical_value(decimal.Decimal("86.03"))


def made_up_marts(column_order: str, score_type: str, score: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(f"create table marts.fct_made_up as select {column_order} from (values "
                f"('vn63_77', {score}::{score_type}, ['obs_2', 'obs_1']), ('vn63_01', null, [])) "
                "t(unit_key, score, ids)")
    con.execute("create table marts.rpt_build_info as select gen_random_uuid()::varchar as build_id")
    return con


def test_data_version_ignores_column_order_types_and_build_info_but_not_values() -> None:
    reference = data_version(made_up_marts("unit_key, score, ids", "decimal(9,3)", "86.02"))
    assert data_version(made_up_marts("ids, score, unit_key", "decimal(9,3)", "86.02")) == reference
    assert data_version(made_up_marts("unit_key, score, ids", "decimal(12,4)", "86.0200")) == reference
    assert data_version(made_up_marts("unit_key, score, ids", "decimal(9,3)", "86.03")) != reference
    assert data_version(made_up_marts("unit_key, ids", "decimal(9,3)", "86.02")) != reference


def test_data_version_leaves_the_citations_out() -> None:
    con = made_up_marts("unit_key, score, ids", "decimal(9,3)", "86.02")
    reference = data_version(con)
    con.execute("alter table marts.fct_made_up add column citation varchar default 'unreleased build'")
    assert data_version(con) == reference
    con.execute("update marts.fct_made_up set citation = 'release 2026-12-02 (b9c4b88492e754fc)'")
    assert data_version(con) == reference
    con.execute("update marts.fct_made_up set score = 86.03 where score is not null")
    assert data_version(con) != reference


def test_release_names_are_dates_then_numbered() -> None:
    day = datetime.date(2026, 12, 2)
    assert new_release_name(set(), day) == "2026-12-02"
    assert new_release_name({"2026-12-02", "2026-12-02.2"}, day) == "2026-12-02.3"


def test_reasons_name_a_resolution_a_removed_source_and_a_rule() -> None:
    hosts = {"obs_a": "moha.gov.vn", "obs_b": "vnexpress.net"}
    def why(old_ids, new_ids, old_rule, new_rule, old_hosts=hosts, new_hosts=hosts):
        row = {"old_observation_ids": old_ids, "new_observation_ids": new_ids,
               "old_settled_by": old_rule, "new_settled_by": new_rule}
        return [(reason["kind"], reason["detail"]) for reason in reasons(row, old_hosts, new_hosts)]
    assert why(["obs_a", "obs_b"], ["obs_a", "obs_b"], "unresolved", "resolution") == [
        ("resolution", "settled by unresolved, now by resolution")]
    assert why(["obs_a", "obs_b"], ["obs_a"], "majority", "agreed", new_hosts={"obs_a": "moha.gov.vn"}) == [
        ("removed_source", "obs_b (vnexpress.net)"), ("rule", "settled by majority, now by agreed")]
    assert why(["obs_a"], ["obs_a"], "agreed", "agreed") == [("rule", "the same statements, settled differently")]
    assert why(["obs_a"], ["obs_b"], None, "agreed") == [
        ("rule", "the same statements now count for another number (name or metric resolution)")]


# --- real builds ------------------------------------------------------------------------------------------

def test_the_build_records_its_data_version_in_the_file_the_exports_and_the_archive(built_project: Path) -> None:
    version, name = version_of(built_project / "warehouse/par_sipas.duckdb")
    assert len(version) == 16 and name
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        assert data_version(con) == version
    manifest = json.loads((built_project / "warehouse/exports/manifest.json").read_text(encoding="utf-8"))
    assert (manifest["build"]["data_version"], manifest["build"]["release_name"]) == (version, name)
    release = built_project / "warehouse/releases" / name
    archived = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert archived["build"]["data_version"] == version
    assert sorted(path.stem for path in release.glob("*.parquet")) == sorted(
        entry["table"].split(".")[1] for entry in manifest["marts"])
    listing = run_parwh(built_project, "releases")
    assert listing.returncode == 0 and version in listing.stdout and name in listing.stdout
    assert "unit-years scored" in listing.stdout


def citations_of(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select 'fct_rankings', citation from marts.fct_rankings union all "
                           "select 'fct_index_scores', citation from marts.fct_index_scores order by all").fetchall()


def test_a_real_citation_says_what_the_marts_hold(built_project: Path) -> None:
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        version, name = con.execute("select data_version, release_name from marts.rpt_build_info").fetchone()
        rows = con.execute(
            "select index_code, year, unit_key, unit_name, score, score_grade, official_rank, rank_grade, rank_of, "
            "citation from marts.fct_rankings").fetchall()
        backing = con.execute(
            "select index_code, year, unit_key, value, rank, source_url, publisher, source_tier "
            "from marts.fct_observations where metric = 'total' and source_tier <> 'weak'").fetchall()
    release = f". PAR INDEX & SIPAS warehouse, release {name} ({version})"
    assert all(row[-1].endswith(release) for row in rows)
    ranked = [row for row in rows if row[4] is not None and row[6] is not None and row[5] == row[7]]
    assert len(ranked) > 100
    for index_code, year, unit_key, unit_name, score, grade, rank, _, rank_of, citation in ranked:
        number = format(score.normalize(), "f")  # as published, with a decimal point, no trailing zeros
        assert "," not in number
        assert citation.startswith(f"{index_code.replace('_', ' ')} {year}, {unit_name}: {number}, "
                                   f"rank {rank} of {rank_of} (evidence: {grade}). Sources: "), citation
        stating = {url: (publisher, tier) for (i, y, u, value, stated_rank, url, publisher, tier) in backing
                   if (i, y, u) == (index_code, year, unit_key) and (value == score or stated_rank == rank)}
        named = [url for url in stating if url in citation]
        assert named and len(named) <= 3, citation
        assert all(stating[url][0] in citation for url in named)
        if len(stating) > 3:
            assert f" and {len(stating) - 3} more" in citation
        if "official" in [tier for (_, tier) in stating.values()]:
            first = min(named, key=citation.index)
            assert stating[first][1] == "official", citation
    unranked = [row for row in rows if row[4] is not None and row[6] is None]
    assert unranked and all(", rank missing" in row[-1] for row in unranked)
    unscored = [row for row in rows if row[4] is None]
    assert all(f"{row[3]}: score missing" in row[-1] for row in unscored)
    assert any("score missing (evidence: weak)" in row[-1] or "rank missing (evidence: weak)" in row[-1]
               for row in unscored)


def test_a_rebuild_and_a_code_change_that_keeps_the_marts_keep_the_version(built_project: Path, tmp_path: Path) -> None:
    project = scratch_copy(built_project, tmp_path / "project")
    before = version_of(project / "warehouse/par_sipas.duckdb")
    cited = citations_of(project / "warehouse/par_sipas.duckdb")
    assert "this data version is archived already" in build(project)
    assert version_of(project / "warehouse/par_sipas.duckdb") == before
    assert citations_of(project / "warehouse/par_sipas.duckdb") == cited
    model = project / "models/marts/fct_rankings.sql"
    model.write_text("-- a code change that leaves the rows as they were\n" + model.read_text(encoding="utf-8")
                     .replace("scored.score is not null as has_score", "(scored.score is not null) as has_score"),
                     encoding="utf-8")
    build(project)
    assert version_of(project / "warehouse/par_sipas.duckdb") == before
    assert archived_names(project) == archived_names(built_project) == [before[1]]


def test_a_new_statement_makes_a_new_release_and_diff_lists_exactly_its_numbers(built_project: Path,
                                                                                 tmp_path: Path) -> None:
    project = scratch_copy(built_project, tmp_path / "project")
    old_version, old_name = version_of(project / "warehouse/par_sipas.duckdb")
    # registered, as a new publisher must be
    with (project / "seeds/reference/ref_sources.csv").open("a", encoding="utf-8") as register:
        register.write("example.org,press,MADE-UP TEST PRESS,"
                       "Made-up test fixture: a press source in the release tests.\n"
                       "made-up-test-statement.gov.vn,central_government,MADE-UP TEST GOVERNMENT,Made-up test fixture: "
                       "an official source in the release tests.\n")
    statements = tmp_path / "made_up_statements.csv"
    with statements.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([STATEMENT_HEADER, *MADE_UP_STATEMENTS])
    ingested = run_parwh(project, "ingest", str(statements))
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    build(project)
    new_version, new_name = version_of(project / "warehouse/par_sipas.duckdb")
    assert new_version != old_version and new_name != old_name
    assert archived_names(project) == sorted([old_name, new_name])

    result = run_parwh(project, "diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (project / "warehouse/releases" / new_name / "CHANGES.md").read_text(encoding="utf-8")
    changes = json.loads((project / "warehouse/releases" / new_name / "changes.json").read_text(encoding="utf-8"))
    assert changes == json.loads((project / "warehouse/exports/changes.json").read_text(encoding="utf-8"))
    assert (changes["old"]["data_version"], changes["new"]["data_version"]) == (old_version, new_version)
    shown = ["change", "index_code", "year", "unit_key", "metric", "field", "old", "new"]
    assert [{key: number[key] for key in shown} for number in changes["numbers"]] == [
        {"change": "added", "index_code": "PAR_INDEX", "year": 2014, "unit_key": "vn63_01", "metric": "total",
         "field": "value", "old": None, "new": "90.5"},
        {"change": "changed", "index_code": "SIPAS", "year": 2018, "unit_key": "vn63_72", "metric": "total",
         "field": "value", "old": "81.24", "new": "81.42"}]
    added, changed = changes["numbers"]
    assert [reason["kind"] for reason in added["why"]] == ["new_statement"]
    assert "example.org" in added["why"][0]["detail"]
    assert [reason["kind"] for reason in changed["why"]] == ["new_statement", "rule"]
    assert changed["why"][1]["detail"] == "settled by agreed, now by source_rank"
    ranks = {row["unit_key"]: (row["old_computed_rank"], row["new_computed_rank"]) for row in changes["ranks"]
             if (row["index_code"], row["year"]) == ("PAR_INDEX", 2014)}
    assert ranks == {"vn63_01": (None, 2), "vn63_46": (2, 3)}
    assert [(row["year"], row["old_units_with_score"], row["new_units_with_score"]) for row in changes["coverage"]] \
        == [(2014, 2, 3)]
    assert "| added | PAR_INDEX | 2014 | province | Hà Nội (vn63_01) | total | value |  | 90.5 | new statement:" \
        in result.stdout

    explicit = run_parwh(project, "diff", old_name, new_version[:8])
    assert explicit.returncode == 0 and explicit.stdout == result.stdout
    backwards = run_parwh(project, "diff", new_name, old_name).stdout
    assert "| removed | PAR_INDEX | 2014 | province | Hà Nội (vn63_01) | total | value | 90.5 |  | removed source:" \
        in backwards


def test_diff_names_an_unknown_release_and_lists_the_known_ones(built_project: Path) -> None:
    result = run_parwh(built_project, "diff", "1999-01-01")
    assert result.returncode == 1
    assert "'1999-01-01' is no archived release" in result.stderr and "parwh releases" in result.stderr
    assert "Traceback" not in result.stderr
