"""parwh ingest against hostile input (issue 18): every table is read exactly or refused, naming the cell.

All tables are MADE-UP variants of tests/fixtures/ingest/made_up_sipas_2017_provinces_63.csv, written to tmp_path.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from conftest import copy_project
from test_ingest import FIXTURES, SEED, SIPAS_2017, ingest, seeds_fingerprint

TABLE = FIXTURES / "made_up_sipas_2017_provinces_63.csv"


def table_rows() -> list[list[str]]:
    with TABLE.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows(rows)
    return path


def changed(tmp_path: Path, line: int, column: int, text: str) -> Path:
    """The table with one cell (1-based line and column) replaced."""
    rows = table_rows()
    rows[line - 1][column - 1] = text
    return write_rows(tmp_path / "made_up_changed.csv", rows)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy where the plain table was ingested once: a variant read exactly adds nothing new."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    result, output = ingest(project, TABLE, *SIPAS_2017)
    assert result.returncode == 0 and "63 new" in output, output
    return project


def refused(project: Path, file: Path, *expected: str, options: tuple[str, ...] = tuple(SIPAS_2017)) -> str:
    before = seeds_fingerprint(project)
    result, output = ingest(project, file, *options)
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert seeds_fingerprint(project) == before
    return output


def read_the_same(project: Path, file: Path, *extra: str) -> str:
    before = seeds_fingerprint(project)
    result, output = ingest(project, file, *SIPAS_2017, *extra)
    assert result.returncode == 0, output
    assert "0 new, 63 already held" in output, output
    assert seeds_fingerprint(project) == before
    return output


# --- row width: never trimmed ----------------------------------------------------------------------------------

def test_an_unquoted_decimal_comma_is_refused_and_explained(project: Path, tmp_path: Path) -> None:
    file = tmp_path / "made_up_unquoted_decimal_commas.csv"
    rows = table_rows()
    # as a spreadsheet in a Vietnamese locale may save it: the header quoted, the decimal commas not
    file.write_text("\r\n".join(",".join(f'"{cell}"' if "," in cell and not cell[0].isdigit() else cell
                                         for cell in row) for row in rows), encoding="utf-8")
    refused(project, file, "line 5", "'88,90'", "decimal comma", "63 row(s)", "semicolons")
    # nothing quoted at all: the header is cut at its commas too, so every row has the same width
    file.write_text("\r\n".join(",".join(row) for row in rows), encoding="utf-8")
    refused(project, file, "line 5: '88,90' and the like in 63 rows look like numbers with a decimal comma")


def test_a_row_with_a_cell_too_many_or_too_few_is_refused(project: Path, tmp_path: Path) -> None:
    rows = table_rows()
    rows[9].append("extra")
    rows[20] = rows[20][:3]
    refused(project, write_rows(tmp_path / "made_up_widths.csv", rows),
            "line 10: 5 cells, but the header has 4 columns", "line 21: 3 cells, but the header has 4 columns")


# --- every character kept, lines counted as the editor counts them --------------------------------------------

def test_a_line_separator_inside_a_cell_is_kept_and_later_lines_stay_right(project: Path, tmp_path: Path) -> None:
    rows = table_rows()
    rows[1][0] = "PHỤ LỤC\u2028(bản giả\u2029made up)\x0bmore\x1c"
    rows[3].append("Ghi chú")
    for row in rows[4:]:
        row.append("")
    rows[4][4] = "đầu\u2028bảng"
    rows[9][2] = "120"
    file = write_rows(tmp_path / "made_up_line_separators.csv", rows)
    refused(project, file, "line 10, column 'Chỉ số SIPAS (%)': '120' is out of range")
    rows[9][2] = table_rows()[9][2]
    scratch = copy_project(tmp_path / "scratch")
    result, output = ingest(scratch, write_rows(file, rows), *SIPAS_2017)
    assert result.returncode == 0, output
    with (scratch / SEED).open(encoding="utf-8", newline="") as seed:
        quotes = [row["quote"] for row in csv.DictReader(seed) if row["dataset"] == f"ingest:{file.name}"]
    assert len(quotes) == 63
    assert any(quote.endswith("Ghi chú: đầu\u2028bảng") for quote in quotes), quotes[:3]


# --- numbers only as tables publish them -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1e2", "NaN", "nan", "Infinity", "-inf", "+87", "−87", "8_7", "٨٧", "0x58",
                                  "87,6,1", "87.6.1", "1.234,5", "87%%", "87 61"])
def test_a_number_not_in_a_published_form_is_refused(project: Path, tmp_path: Path, text: str) -> None:
    refused(project, changed(tmp_path, 7, 3, text), f"line 7, column 'Chỉ số SIPAS (%)': {text!r}")


@pytest.mark.parametrize("line, column, text", [
    (8, 2, '=CONCAT("Hải ","Phòng")'), (8, 1, "=ROW()-4"), (8, 4, "=RANK(C8;C5:C67)"), (8, 3, "@SUM(C5)"),
    (8, 2, "+A1"), (2, 1, '=UPPER("phụ lục")'),
])
def test_a_formula_is_refused_in_every_column(project: Path, tmp_path: Path, line: int, column: int,
                                             text: str) -> None:
    refused(project, changed(tmp_path, line, column, text), f"line {line}, column {column}: {text!r} is a formula")


def test_a_rank_written_out_of_its_count_is_read(project: Path, tmp_path: Path) -> None:
    rows = table_rows()
    for row in rows[4:]:
        row[3] = f"{row[3]}/63"
    read_the_same(project, write_rows(tmp_path / "made_up_rank_of_63.csv", rows))


def test_a_stated_average_outside_its_table_is_refused(project: Path, tmp_path: Path) -> None:
    rows = table_rows() + [["", "Trung bình cả nước", "99,99", ""]]
    refused(project, write_rows(tmp_path / "made_up_average.csv", rows),
            "line 68 (Trung bình cả nước): total 99.99 lies outside the table's own 75.88", "88.90")


def test_a_stated_count_that_is_not_the_release_is_refused(project: Path, tmp_path: Path) -> None:
    refused(project, changed(tmp_path, 2, 1, "CHỈ SỐ SIPAS NĂM 2017 CỦA 34 TỈNH, THÀNH PHỐ (MADE-UP)"),
            "line 2: the title states 34 units", "there are 63 units of SIPAS 2017 province")


# --- spreadsheets: the sheet a person sees, the cells the file holds -------------------------------------------

def workbook_with(sheets: list[tuple[str, str]], path: Path) -> Path:
    """Sheets (title, state) each holding the table; a draft sheet holds a made-up stale copy."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, state in sheets:
        sheet = workbook.create_sheet(title)
        rows = table_rows()
        if title.startswith("Nháp"):
            rows = [row[:2] + ["10,00", row[3]] if index >= 4 else row for index, row in enumerate(rows)]
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    workbook.save(path)
    return path


def test_a_hidden_first_sheet_is_not_read(project: Path, tmp_path: Path) -> None:
    file = workbook_with([("Nháp", "hidden"), ("Kết quả", "visible")], tmp_path / "made_up_hidden_draft.xlsx")
    output = read_the_same(project, file)
    assert "sheet 'Kết quả' (hidden sheets not read: 'Nháp')" in output


def test_two_visible_sheets_are_refused_naming_them_and_sheet_chooses(project: Path, tmp_path: Path) -> None:
    file = workbook_with([("Nháp", "visible"), ("Kết quả", "visible"), ("Cũ", "veryHidden")],
                         tmp_path / "made_up_two_sheets.xlsx")
    refused(project, file, "2 visible sheets ('Nháp', 'Kết quả', 'Cũ' (hidden))", "--sheet NAME")
    read_the_same(project, file, "--sheet", "Kết quả")
    refused(project, file, "no sheet 'Tổng hợp'", options=(*SIPAS_2017, "--sheet", "Tổng hợp"))


def test_a_stray_cell_far_away_reads_only_the_cells_the_file_holds(project: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in table_rows():
        sheet.append(row)
    sheet.cell(1_048_576, 16_384).number_format = "0.00"  # a formatted empty cell at XFD1048576
    sheet.cell(900_000, 3, "ghi chú lạc")  # text far below, in the score column
    file = tmp_path / "made_up_stray_cell.xlsx"
    workbook.save(file)
    assert file.stat().st_size < 20_000
    refused(project, file, "sheet 'Sheet', line 900000", "'ghi chú lạc'")
    sheet.cell(900_000, 3).value = None
    sheet.cell(5, 300, "x")
    workbook.save(file)
    refused(project, file, "cell KN5", "beyond column 200")


def test_a_formula_cell_in_a_spreadsheet_is_refused(project: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in table_rows():
        sheet.append(row)
    sheet["B8"] = '=CONCAT("Hải ","Phòng")'
    file = tmp_path / "made_up_formula.xlsx"
    workbook.save(file)
    refused(project, file, "sheet 'Sheet', line 8, column 2: '=CONCAT(\"Hải \",\"Phòng\")' is a formula")


# --- messages a person can act on ------------------------------------------------------------------------------

def test_a_name_with_letters_of_another_script_says_which(project: Path, tmp_path: Path) -> None:
    rows = table_rows()
    line = next(index for index, row in enumerate(rows, start=1) if row[1:2] == ["Hà Nội"])
    refused(project, changed(tmp_path, line, 2, "Hа Nội"),  # Cyrillic а
            f"line {line}, unit name 'Hа Nội'", "'а' (U+0430 CYRILLIC SMALL LETTER A)")


def test_no_traceback_for_a_folder_or_a_missing_file(project: Path, tmp_path: Path) -> None:
    refused(project, tmp_path, "is a folder, not a file")
    refused(project, tmp_path / "absent.csv", "no such file")
    binary = tmp_path / "made_up_binary.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    refused(project, binary, "cannot be opened as an XLSX workbook")
    pdf = tmp_path / "made_up_annex.odt"
    pdf.write_bytes(b"PK\x03\x04 made up")
    refused(project, pdf, "cannot read .odt; parwh ingest reads .csv")


# --- headers as official and provincial tables write them; --column for the rest ------------------------------

def with_header(tmp_path: Path, name: str, score: str, rank: str) -> Path:
    rows = table_rows()
    rows[3] = ["STT", name, score, rank]
    return write_rows(tmp_path / "made_up_headers.csv", rows)


@pytest.mark.parametrize("name, score, rank", [
    ("Tỉnh, thành phố", "Chỉ số SIPAS năm 2017 (%)", "Xếp hạng năm 2017"),
    ("TỈNH/THÀNH PHỐ", "SIPAS 2017", "Thứ hạng SIPAS 2017"),
    ("Địa phương", "Chỉ số hài lòng về sự phục vụ hành chính (%)*", "Vị trí xếp hạng (1)"),
    ("Tên đơn vị", "Kết quả\nChỉ số SIPAS\n(%)", "Xếp\nhạng"),
    ("Province", "SIPAS 2017 score (%)", "Rank 2017"),
    ("Tỉnh", "Tổng điểm đạt được (điểm)", "RANKING"),
])
def test_score_and_rank_headers_as_tables_write_them(project: Path, tmp_path: Path, name: str, score: str,
                                                     rank: str) -> None:
    read_the_same(project, with_header(tmp_path, name, score, rank))


def test_a_header_of_another_year_is_refused_naming_the_year(project: Path, tmp_path: Path) -> None:
    refused(project, with_header(tmp_path, "Tỉnh", "Chỉ số SIPAS 2016", "Xếp hạng 2017"),
            "column 3 'Chỉ số SIPAS 2016': is headed 2016, but the table is ingested as 2017", "--year 2016")


def test_a_header_not_understood_is_refused_offering_column_and_column_reads_it(project: Path,
                                                                                tmp_path: Path) -> None:
    file = with_header(tmp_path, "Tỉnh", "Mức độ thụ hưởng dịch vụ", "Xếp hạng")
    refused(project, file, "column 3 'Mức độ thụ hưởng dịch vụ': not a column this table is known to have",
            '--column "Mức độ thụ hưởng dịch vụ=METRIC"')
    read_the_same(project, file, "--column", "Mức độ thụ hưởng dịch vụ=total")
    refused(project, file, "--column 'Mức độ thụ hưởng dịch vụ=popularity': expected",
            options=(*SIPAS_2017, "--column", "Mức độ thụ hưởng dịch vụ=popularity"))
    refused(project, file, "--column: no column headed like 'diem'",
            options=(*SIPAS_2017, "--column", "Mức độ thụ hưởng dịch vụ=total", "--column", "Điểm=rank"))


# --- big files: refused at once, with the limits said ----------------------------------------------------------

def test_a_file_beyond_the_size_limit_is_refused_before_reading(project: Path, tmp_path: Path) -> None:
    file = tmp_path / "made_up_huge.csv"
    with file.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    refused(project, file, "21 MB is larger than any table", "limit 20 MB")


def test_a_file_beyond_the_row_limit_is_refused(project: Path, tmp_path: Path) -> None:
    file = tmp_path / "made_up_many_rows.csv"
    file.write_text("Tỉnh,Điểm\n" + "Hà Nội,80\n" * 50_001, encoding="utf-8")
    refused(project, file, "more than 50,000 non-empty rows")


# --- statements files: the same rules as the build's tests on the seed ----------------------------------------

from test_ingest import MADE_UP_STATEMENT, STATEMENT_HEADER, write_statements  # noqa: E402


def test_a_quote_cut_at_an_unquoted_comma_is_refused(project: Path, tmp_path: Path) -> None:
    file = tmp_path / "made_up_unquoted_quote.csv"
    row = [MADE_UP_STATEMENT[name] for name in STATEMENT_HEADER[:-1]]
    file.write_text(",".join(STATEMENT_HEADER) + "\n" + ",".join(row) + ",Made-up: tỉnh đạt 84,12%, đứng thứ 5\n",
                    encoding="utf-8")
    refused(project, file, "line 2: 13 cells, but the header has 11 columns", "double quotes", options=())


@pytest.mark.parametrize("change, expected", [
    ({"year": "2099"}, "line 2, year: SIPAS 2099 is not a release"),
    ({"year": "2000"}, "line 2, year: SIPAS 2000 is not a release"),
    ({"source_date": "2026-13-45"}, "line 2, source_date: '2026-13-45'; expected a real date"),
    ({"source_date": "2026-02-30 (made up)"}, "line 2, source_date: '2026-02-30 (made up)'"),
    ({"source_url": "javascript:alert(1)"}, "line 2, source_url: 'javascript:alert(1)'"),
    ({"source_url": "https://example.invalid/a b"}, "line 2, source_url:"),
    ({"metric": "survey_score", "value": "-3.5", "index_name": "PAR_INDEX", "year": "2023"},
     "line 2, value: '-3.5' is negative"),
    ({"value": "1e2"}, "line 2, value: '1e2' is not a number"),
    ({"value": "NaN"}, "line 2, value: 'NaN' is not a number"),
    ({"quote": "Made-up sentence: chỉ số SIPAS của tỉnh tăng mạnh."}, "does not show its value 84.12 as written"),
])
def test_a_statement_the_build_would_refuse_is_refused(project: Path, tmp_path: Path, change: dict,
                                                        expected: str) -> None:
    file = write_statements(tmp_path / "made_up_statements.csv", [{**MADE_UP_STATEMENT, **change}])
    refused(project, file, expected, options=())


@pytest.mark.parametrize("change", [{"source_url": "HTTPS://EXAMPLE.INVALID/MADE-UP"},
                                    {"source_date": "2020 (listing page)"},
                                    {"metric": "score_change", "value": "-1.25",
                                     "quote": "Made-up: chỉ số giảm 1,25 điểm."}])
def test_a_statement_the_build_accepts_is_accepted(project: Path, tmp_path: Path, change: dict) -> None:
    file = write_statements(tmp_path / "made_up_statements.csv", [{**MADE_UP_STATEMENT, **change}])
    result, output = ingest(project, file, "--dry-run")
    assert result.returncode == 0, output
    assert "1 new" in output, output


def test_a_quote_whose_reading_is_explained_in_gate_exceptions_is_accepted(tmp_path: Path) -> None:
    scratch = copy_project(tmp_path / "scratch")
    statement = {**MADE_UP_STATEMENT, "quote": "Made-up: SIPAS của tỉnh là tám mươi tư phẩy mười hai phần trăm."}
    file = write_statements(tmp_path / "made_up_statements.csv", [statement])
    result, output = ingest(scratch, file)
    assert result.returncode == 1 and "value_in_quote, obs_" in output, output
    observation_id = output.split("value_in_quote, ")[1][:16]
    with (scratch / "seeds/curation/gate_exceptions.csv").open("a", encoding="utf-8") as exceptions:
        exceptions.write(f"value_in_quote,{observation_id},Made-up test: the number is written in words.\n")
    result, output = ingest(scratch, file)
    assert result.returncode == 0 and "Appended 1 rows" in output, output


def test_an_excel_separator_line_names_the_delimiter(project: Path, tmp_path: Path) -> None:
    file = tmp_path / "made_up_sep_line.csv"
    buffer = [";".join(row) for row in table_rows()]
    file.write_text("sep=;\r\n" + "\r\n".join(buffer), encoding="utf-8")
    read_the_same(project, file)


def test_a_rank_a_spreadsheet_turned_into_a_date_says_so(project: Path, tmp_path: Path) -> None:
    refused(project, changed(tmp_path, 7, 4, "1963-09-01 00:00:00"), "line 7",
            "is a date: the spreadsheet turned a rank")
