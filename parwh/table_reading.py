"""A CSV or XLSX file as rows of text cells, whatever encoding and layout it came in."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl


class TableError(ValueError):
    """The file cannot be read as a table; the message names the file and says what to do."""


@dataclass
class Row:
    line: int  # line of a CSV, row of a spreadsheet: what the user sees in their editor
    cells: list[str]


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), or Windows-1258."""
    if data.startswith(b"PK\x03\x04"):
        raise TableError(f"{path}: this is a spreadsheet (XLSX) file, not CSV text; name it .xlsx and run again.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:200]:
        encoding = "utf-16" if data.startswith(UTF16_BOMS) else ("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        try:
            return data.decode(encoding), "UTF-16"
        except UnicodeDecodeError as error:
            raise TableError(f"{path}: looks like UTF-16 but byte {error.start} does not decode; "
                             "save it again as CSV UTF-8.") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1258"), "Windows-1258"
        except UnicodeDecodeError:
            line = data[:utf8_error.start].count(b"\n") + 1
            raise TableError(
                f"{path}: line {line}: byte 0x{data[utf8_error.start]:02x} is not UTF-8, UTF-16 or Windows-1258 "
                "text. Save the file as CSV UTF-8 (Excel: Save As → CSV UTF-8) and run again."
            ) from None


def repair_mojibake(text: str) -> str | None:
    """The text a UTF-8 file held before a program read it as Windows-1252 (or Latin-1) and saved it again."""
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return repaired if repaired != text else None
    return None


def refuse_mojibake(text: str, path: Path) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        repaired = repair_mojibake(line)
        if repaired:
            raise TableError(
                f"{path}: line {number}: {line.strip()[:60]!r} is garbled text: it reads as {repaired.strip()[:60]!r}. "
                "The file was opened with the wrong encoding and saved again; export the original as CSV UTF-8."
            )


def clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


DELIMITERS = (",", ";", "\t")


def parse_csv(text: str, delimiter: str, path: Path) -> list[Row]:
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        return [Row(reader.line_num, [clean(cell) for cell in cells]) for cells in reader]
    except csv.Error as error:
        raise TableError(f"{path}: line {reader.line_num}: {error}; check the quoting on that line.") from None


def table_shape(rows: list[Row]) -> tuple[int, int]:
    """(how many rows share the commonest width, that width): a table has many rows of one width."""
    widths = Counter(len(row.cells) for row in rows if len(row.cells) > 1)
    if not widths:
        return 0, 0
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    return count, width


def read_csv(path: Path) -> tuple[list[Row], str]:
    text, encoding = decode(path.read_bytes(), path)
    refuse_mojibake(text, path)
    # comma, semicolon (Excel with a decimal-comma locale) or tab (Excel's "Unicode text"): the one that
    # splits the file into the most rows of one width
    candidates = {delimiter: parse_csv(text, delimiter, path) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda delimiter: table_shape(candidates[delimiter]))
    return candidates[delimiter], encoding


def cell_text(cell) -> str:
    """A spreadsheet cell as the text a reader sees; a formula stays a formula (=...), to be refused later."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clean(str(value))
    # 12 significant digits drop binary noise (0.8827000000000001) and keep every digit a person typed
    number = Decimal(format(value, ".12g"))
    if "%" in (cell.number_format or ""):  # 0.8761 shown as 87.61%
        number *= 100
    return format(number.normalize(), "f")


def read_xlsx(path: Path) -> tuple[list[Row], str]:
    try:
        workbook = openpyxl.load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"{path}: cannot be opened as an XLSX workbook ({error}); open and save it in Excel, "
                         "or export it as CSV UTF-8.") from None
    sheet = workbook.worksheets[0]
    grid = {(cell.row, cell.column): cell_text(cell) for row in sheet.iter_rows() for cell in row}
    # A merged header cell holds its text only in its first cell: give it to every cell it covers.
    for merged in sheet.merged_cells.ranges:
        text = grid.get((merged.min_row, merged.min_col), "")
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                grid[(row, column)] = text
    rows = [Row(row, [grid.get((row, column), "") for column in range(1, sheet.max_column + 1)])
            for row in range(1, sheet.max_row + 1)]
    return rows, f"XLSX, sheet {sheet.title!r}"


def read_table(path: Path) -> tuple[list[Row], str]:
    """Non-empty rows of the file (trailing empty cells dropped) and how it was read."""
    if not path.is_file():
        raise TableError(f"{path}: no such file.")
    reader = read_xlsx if path.suffix.lower() in (".xlsx", ".xlsm") else read_csv
    rows, how = reader(path)
    for row in rows:
        while row.cells and not row.cells[-1]:
            row.cells.pop()
    rows = [row for row in rows if row.cells]
    if not rows:
        raise TableError(f"{path}: the file is empty; nothing to ingest.")
    return rows, how
