"""parwh ingest on scratch copies: MADE-UP tables (tests/fixtures/ingest/) and the real seeds, end to end."""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import copy_project, register_made_up_publisher, run_parwh, shared

from parwh.gate import checks

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = "seeds/raw/raw_observations.csv"
MADE_UP_URL = "https://example.invalid/made-up-annex"
SIPAS_2017 = ["--index", "SIPAS", "--year", "2017", "--level", "province", "--source-url", MADE_UP_URL]
PAR_2025 = ["--index", "PAR_INDEX", "--year", "2025", "--level", "province", "--source-url", MADE_UP_URL]
MINISTRIES_2016 = ["--index", "PAR_INDEX", "--year", "2016", "--level", "ministry", "--source-url", MADE_UP_URL]


def seeds_fingerprint(project: Path) -> dict[str, str]:
    return {str(path.relative_to(project)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((project / "seeds").rglob("*")) if path.is_file()}


def ingest(project: Path, file: Path, *options: str):
    result = run_parwh(project, "ingest", str(file), *options)
    return result, result.stdout + result.stderr


@pytest.fixture(scope="module")
def ingested_and_built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A scratch copy where the complete SIPAS 2017 and PAR INDEX 2025 tables were ingested, then built
    (once per run, shared by the xdist workers: see conftest.shared)."""
    return shared(tmp_path_factory, "ingested_and_built", ingest_and_build)


def ingest_and_build(folder: Path) -> dict:
    project = copy_project(folder)
    register_made_up_publisher(project)
    seed_before = (project / SEED).read_bytes()
    first, first_output = ingest(project, FIXTURES / "made_up_sipas_2017_provinces_63.csv", *SIPAS_2017)
    after_first = (project / SEED).read_bytes()
    again, again_output = ingest(project, FIXTURES / "made_up_sipas_2017_provinces_63.csv", *SIPAS_2017)
    merged, merged_output = ingest(project, FIXTURES / "made_up_par_index_2025_provinces_34.csv", *PAR_2025,
                                   "--source-date", "2026-05-01")
    build = run_parwh(project, "build")
    return {"project": project, "seed_before": seed_before, "after_first": after_first, "first": first,
            "first_output": first_output, "again": again, "again_output": again_output, "merged": merged,
            "merged_output": merged_output, "build": build}


def test_a_complete_table_is_appended_once(ingested_and_built: dict) -> None:
    state = ingested_and_built
    assert state["first"].returncode == 0, state["first_output"]
    assert "63 units resolved" in state["first_output"] and "63 new" in state["first_output"]
    assert state["after_first"].startswith(state["seed_before"]), "existing seed rows must stay byte for byte"
    with (state["project"] / SEED).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    added = [row for row in rows if row["dataset"] == "ingest:made_up_sipas_2017_provinces_63.csv"]
    assert len(added) == 63
    assert all(row["source_url"] == MADE_UP_URL and row["rank_of"] == "63" and row["quote"] for row in added)
    assert state["again"].returncode == 0, state["again_output"]
    assert "0 new, 63 already held" in state["again_output"] and "Nothing new" in state["again_output"]


def test_the_build_then_knows_all_63_and_all_expectations_pass(ingested_and_built: dict) -> None:
    build = ingested_and_built["build"]
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    total = len(checks(raw_observation_count=0))
    assert f"{total} of {total} checks passed" in build.stdout
    database = ingested_and_built["project"] / "warehouse/par_sipas.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        known, ranked, rows = con.execute(
            """select count(score), count(official_rank), count(*) from marts.fct_rankings
               where index_code = 'SIPAS' and year = 2017 and unit_level = 'province'"""
        ).fetchone()
        coverage = con.execute("select units_with_score from marts.rpt_coverage "
                               "where index_code = 'SIPAS' and year = 2017 and unit_level = 'province'").fetchone()
        tay_ninh = con.execute("select score::double from marts.fct_rankings "
                               "where index_code = 'SIPAS' and year = 2017 and unit_key = 'vn63_72'").fetchone()
    assert (known, ranked, rows) == (63, 63, 63)
    assert coverage == (63,)
    assert tay_ninh == (79.76,)  # the real score, which the table agrees with


def test_the_2025_table_ranks_34_units_and_deltas_cross_the_merger_only_for_whole_units(
        ingested_and_built: dict) -> None:
    assert ingested_and_built["merged"].returncode == 0, ingested_and_built["merged_output"]
    database = ingested_and_built["project"] / "warehouse/par_sipas.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("""select count(*), count(score) from marts.fct_rankings
                              where index_code = 'PAR_INDEX' and year = 2025""").fetchone() == (34, 34)
        deltas = con.execute(
            """select delta.unit_key, delta.crosses_merger, delta.score_change_computed, delta.rank_change_computed,
                      len(unit.predecessor_unit_keys)
               from marts.fct_deltas as delta join marts.dim_province as unit using (unit_key)
               where delta.index_code = 'PAR_INDEX' and delta.year = 2025 and delta.previous_year is not null"""
        ).fetchall()
    assert all(crosses and predecessors == 1 and rank_change is None
               for _, crosses, _, rank_change, predecessors in deltas), deltas
    assert any(score_change is not None for _, _, score_change, _, _ in deltas), \
        "a unit the merger left whole and known in 2024 must get a computed 2025 change"


def test_exports_of_the_ingested_build_list_the_new_release(ingested_and_built: dict) -> None:
    manifest = json.loads((ingested_and_built["project"] / "warehouse/exports/manifest.json").read_text("utf-8"))
    sipas_2017 = next(row for row in manifest["coverage"]
                      if (row["index_code"], row["year"], row["unit_level"]) == ("SIPAS", 2017, "province"))
    assert sipas_2017["units_with_score"] == 63


# --- the same table in the other forms it arrives in: each must give the very same statements --------------

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def to_windows_1258(text: str) -> bytes:
    """Windows-1258 writes a Vietnamese letter as its base letter with any vowel mark, then the tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [mark for mark in marks if mark in TONE_MARKS]
            shape = "".join(mark for mark in marks if mark not in TONE_MARKS)
            out += unicodedata.normalize("NFC", base + shape).encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def sipas_text() -> str:
    return (FIXTURES / "made_up_sipas_2017_provinces_63.csv").read_text(encoding="utf-8-sig")


def write_variant(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    if name.endswith("utf16.csv"):  # Excel's "Unicode text": UTF-16 with BOM, tab-separated
        rows = list(csv.reader(sipas_text().splitlines()))
        path.write_text("\r\n".join("\t".join(row) for row in rows), encoding="utf-16")
    elif name.endswith("cp1258.csv"):
        path.write_bytes(to_windows_1258(sipas_text()))
    elif name.endswith("semicolons.csv"):  # Excel with a Vietnamese locale: ';' between cells, decimal comma
        rows = list(csv.reader(sipas_text().splitlines()))
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, delimiter=";", lineterminator="\r\n").writerows(rows)
    elif name.endswith(".xlsx"):
        path = write_xlsx_with_merged_header(path)
    return path


def write_xlsx_with_merged_header(path: Path) -> Path:
    """The table as a spreadsheet: merged title, a two-row header with merged cells, numbers as numbers."""
    rows = list(csv.reader(sipas_text().splitlines()))[4:]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["KẾT QUẢ CHỈ SỐ SIPAS NĂM 2017 (MADE-UP TEST DATA)"])
    sheet.merge_cells("A1:D1")
    sheet.append(["STT", "Tỉnh, thành phố", "Kết quả", None])
    sheet.append([None, None, "Chỉ số SIPAS (%)", "Xếp hạng"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:D2")
    for number, name, score, rank in rows:
        sheet.append([int(number), name, float(score.replace(",", ".")) / 100, int(rank)])
        sheet.cell(sheet.max_row, 3).number_format = "0.00%"
    workbook.save(path)
    return path


@pytest.mark.parametrize("variant", ["sipas_utf16.csv", "sipas_cp1258.csv", "sipas_semicolons.csv",
                                     "sipas_merged_header.xlsx"])
def test_other_encodings_and_layouts_give_the_same_statements(ingested_and_built: dict, tmp_path: Path,
                                                               variant: str) -> None:
    project = ingested_and_built["project"]
    before = seeds_fingerprint(project)
    result, output = ingest(project, write_variant(tmp_path, variant), *SIPAS_2017)
    assert result.returncode == 0, output
    assert "63 units resolved" in output
    assert "0 new, 63 already held" in output, output
    assert seeds_fingerprint(project) == before


# --- refused files: the message names the file, the line and the value; seeds/ stays byte-identical ----------

BAD_FILES = [
    ("made_up_bad_unknown_name.csv", ["line 14", "'Tỉnh Atlantis'", "Closest known names", "ref_unit_aliases"]),
    ("made_up_bad_duplicate_province.csv", ["lines 16, 42", "Hà Nội", "'TP Hà Nội'", "keep one row per unit"]),
    ("made_up_bad_score_120.csv", ["line 7", "'120'", "expected 0..100"]),
    ("made_up_bad_62_rows.csv", ["62 units", "has 63", "Missing: Phú Thọ", "--partial"]),
    ("made_up_bad_wrong_encoding.csv", ["line 1", "garbled", "'BỘ NỘI VỤ'", "CSV UTF-8"]),
    ("made_up_bad_empty.csv", ["empty"]),
    ("made_up_bad_only_header.csv", ["no data rows"]),
    ("made_up_bad_formula_cells.csv", ["line 10", "'=AVERAGE(C5:C9)'", "formula", "line 11", "'=RANK(C11;C5:C67)'"]),
]


@pytest.fixture(scope="module")
def untouched_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("refused"))


@pytest.mark.parametrize("name, expected", BAD_FILES, ids=[name for name, _ in BAD_FILES])
def test_a_bad_file_is_refused_naming_file_line_and_value(untouched_project: Path, name: str,
                                                          expected: list[str]) -> None:
    before = seeds_fingerprint(untouched_project)
    result, output = ingest(untouched_project, FIXTURES / name, *SIPAS_2017)
    assert result.returncode == 1, output
    assert name in output
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert seeds_fingerprint(untouched_project) == before


def test_a_ministries_table_reports_where_it_differs_from_held_statements(untouched_project: Path) -> None:
    before = seeds_fingerprint(untouched_project)
    result, output = ingest(untouched_project, FIXTURES / "made_up_par_index_2016_ministries_19.csv",
                            *MINISTRIES_2016, "--dry-run")
    assert result.returncode == 0, output
    assert "19 units resolved" in output  # "NHNN", "Ủy ban Dân tộc", ... resolve like the build resolves them
    assert "NHNN PAR_INDEX 2016 total value: 86.2 here; 92.68 held" in output
    assert "Dry run: nothing written" in output
    assert seeds_fingerprint(untouched_project) == before


@pytest.mark.parametrize("options, expected", [
    ([], "say what it is with --index, --year, --level and --source-url"),
    (["--index", "SIPAS", "--year", "2017"], "needs --level, --source-url"),
    (["--index", "SIPAS", "--year", "2031", "--level", "province", "--source-url", MADE_UP_URL],
     "no release SIPAS 2031 province in seeds/reference/ref_releases.csv"),
    (["--index", "SIPAS", "--year", "2017", "--level", "province", "--source-url", "annex.pdf"],
     "--source-url 'annex.pdf'"),
])
def test_a_table_needs_a_complete_description(untouched_project: Path, options: list[str], expected: str) -> None:
    result, output = ingest(untouched_project, FIXTURES / "made_up_sipas_2017_provinces_63.csv", *options)
    assert result.returncode == 1
    assert expected in output, output


# --- files of cited statements (the layout of ../shared/data/sources/*/observations.csv) --------------------

STATEMENT_HEADER = ["index_name", "year", "unit_level", "unit_name_as_written", "metric", "value", "rank",
                    "rank_of", "source_url", "source_date", "quote"]


def write_statements(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=STATEMENT_HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_real_seeds_as_statements_are_all_already_held(untouched_project: Path, tmp_path: Path) -> None:
    with (untouched_project / SEED).open(encoding="utf-8", newline="") as file:
        real = [{**row, "index_name": row["index_code"]} for row in csv.DictReader(file)]
    before = seeds_fingerprint(untouched_project)
    result, output = ingest(untouched_project, write_statements(tmp_path / "observations.csv", real))
    assert result.returncode == 0, output
    assert f"{len(real)} statements: 0 new, {len(real)} already held" in output
    assert seeds_fingerprint(untouched_project) == before


MADE_UP_STATEMENT = {
    "index_name": "SIPAS", "year": "2019", "unit_level": "province", "unit_name_as_written": "tỉnh Quảng Trị",
    "metric": "total", "value": "84.12", "rank": "", "rank_of": "63", "source_url": MADE_UP_URL,
    "source_date": "2020-06", "quote": "Made-up sentence: chỉ số SIPAS của tỉnh đạt 84,12%.",
}


def test_new_statements_are_appended_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    file = write_statements(tmp_path / "made_up_statements.csv", [MADE_UP_STATEMENT])
    first, first_output = ingest(project, file)
    assert first.returncode == 0, first_output
    assert "1 new" in first_output
    after_first = seeds_fingerprint(project)
    again, again_output = ingest(project, file)
    assert "0 new, 1 already held" in again_output
    assert seeds_fingerprint(project) == after_first


@pytest.mark.parametrize("change, expected", [
    ({"unit_name_as_written": "Quảng Trj"}, "line 2, unit_name_as_written 'Quảng Trj': not a known province"),
    ({"value": "184.12"}, "line 2, value: '184.12' is out of range"),
    ({"metric": "popularity"}, "line 2, metric: 'popularity' is not a metric of SIPAS province"),
    ({"source_url": ""}, "line 2: source_url is empty"),
])
def test_a_bad_statement_is_refused(untouched_project: Path, tmp_path: Path, change: dict, expected: str) -> None:
    before = seeds_fingerprint(untouched_project)
    file = write_statements(tmp_path / "made_up_statements.csv", [{**MADE_UP_STATEMENT, **change}])
    result, output = ingest(untouched_project, file)
    assert result.returncode == 1
    assert expected in output, output
    assert seeds_fingerprint(untouched_project) == before


def test_a_name_of_the_63_in_a_2025_table_points_to_its_merged_unit(untouched_project: Path, tmp_path: Path) -> None:
    table = tmp_path / "made_up_2025_extract.csv"
    table.write_text("Tên đơn vị,Điểm,Xếp hạng\nBà Rịa - Vũng Tàu,84.64,2\n", encoding="utf-8")
    result, output = ingest(untouched_project, table, *PAR_2025, "--partial")
    assert result.returncode == 1
    assert "line 2, unit name 'Bà Rịa - Vũng Tàu': not a known province of 2025" in output
    assert "part of Thành phố Hồ Chí Minh" in output


PAR_2023 = ["--index", "PAR_INDEX", "--year", "2023", "--level", "province", "--source-url", MADE_UP_URL, "--partial"]
COMPONENT_HEADER = "Tên đơn vị,Điểm thẩm định,Điểm đánh giá tác động của cải cách hành chính,Chỉ số\n"


@pytest.mark.parametrize("row, expected", [
    ("Hà Giang,55.10,30.20,85.30", None),  # made-up parts that add up to the made-up total
    ("Hà Giang,55.10,30.20,88.30", "appraisal_score + impact_score = 85.30, but total is 88.30"),
    ("Hà Giang,65.10,30.20,95.30", "'65.10' is out of range; expected 0..61.5 (stated maximum)"),
])
def test_component_columns_are_checked_against_their_whole_and_maximum(untouched_project: Path, tmp_path: Path,
                                                                       row: str, expected: str | None) -> None:
    table = tmp_path / "made_up_components.csv"
    table.write_text(COMPONENT_HEADER + row + "\n", encoding="utf-8")
    result, output = ingest(untouched_project, table, *PAR_2023, "--dry-run")
    if expected is None:
        assert result.returncode == 0, output
        assert "'Điểm thẩm định' → appraisal_score" in output and "3 new" in output
    else:
        assert result.returncode == 1
        assert expected in output, output
