"""An XLSX worksheet, streamed (openpyxl read-only): only the cells the file holds, not its declared extent."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

from parwh.readers import (
    MAX_COLUMNS,
    MAX_UNPACKED_BYTES,
    Position,
    ReadOptions,
    ReadRow,
    ReadTable,
    TableError,
    too_many_rows,
)
from parwh.readers.text import clean

MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


def cell_text(cell) -> str:
    """A spreadsheet cell as the text a reader sees; a formula stays a formula (=...), to be refused later."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return "=" + str(getattr(value, "text", value)).lstrip("=")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clean(str(value))
    # 12 significant digits drop binary noise (0.8827000000000001) and keep every digit a person typed
    number = Decimal(format(value, ".12g"))
    if "%" in (cell.number_format or ""):  # 0.8761 shown as 87.61%
        number *= 100
    return format(number.normalize(), "f")


def open_workbook(path: Path):
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise TableError(f"{path}: cannot be opened as an XLSX workbook ({error}); open and save it in Excel, or "
                         "export it as CSV UTF-8.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError(f"{path}: unpacks to {unpacked // 1024 // 1024} MB, more than any table needs (limit "
                         f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB). Check that it is the right file, or copy the "
                         "table alone into a new workbook.")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"{path}: cannot be opened as an XLSX workbook ({error}); open and save it in Excel, or "
                         "export it as CSV UTF-8.") from None


def choose_sheet(workbook, path: Path, wanted: str | None):
    """--sheet NAME, else the only visible sheet; hidden sheets (stale drafts) are never read silently."""
    titles = ", ".join(f"{sheet.title!r}{'' if sheet.sheet_state == 'visible' else ' (hidden)'}"
                       for sheet in workbook.worksheets)
    if wanted is not None:
        for sheet in workbook.worksheets:
            if sheet.title == wanted or sheet.title.casefold() == wanted.casefold():
                return sheet
        raise TableError(f"{path}: no sheet {wanted!r}; the workbook has {titles}.")
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    if len(visible) != 1:
        raise TableError(f"{path}: {len(visible)} visible sheets ({titles}); say which holds the table with "
                         "--sheet NAME.")
    return visible[0]


def merged_ranges(path: Path, sheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range, read from the sheet's XML as a stream."""
    with zipfile.ZipFile(path) as archive, archive.open(sheet._worksheet_path) as xml:  # read-only sheets lack them
        return [range_boundaries(element.get("ref")) for _, element in ElementTree.iterparse(xml)
                if element.tag == MERGE_CELL]


def read_xlsx(path: Path, options: ReadOptions) -> ReadTable:
    workbook = open_workbook(path)
    try:
        sheet = choose_sheet(workbook, path, options.sheet)
        sheet.reset_dimensions()  # the declared extent (A1:XFD1048576 after one stray format) is not read
        grid: dict[int, dict[int, str]] = {}
        for cells in sheet.iter_rows():
            row = {cell.column: text for cell in cells if cell.value is not None and (text := cell_text(cell))}
            if not row:
                continue
            number = next(cell.row for cell in cells if cell.value is not None)
            if max(row) > MAX_COLUMNS:
                column = max(row)
                raise TableError(f"{path}: sheet {sheet.title!r}, cell {get_column_letter(column)}{number}: "
                                 f"{row[column][:40]!r} lies beyond column {MAX_COLUMNS}, far outside any table; "
                                 "delete it (or copy the table alone into a new sheet) and run again.")
            grid[number] = row
            if len(grid) > options.max_rows:
                raise too_many_rows(path, options.max_rows)
        # A merged header cell holds its text only in its first cell: give it to every cell it covers.
        last_row = max(grid, default=0)
        for min_col, min_row, max_col, max_row in merged_ranges(path, sheet):
            text = grid.get(min_row, {}).get(min_col, "")
            if not text:
                continue
            for row in range(min_row, min(max_row, last_row) + 1):
                for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                    grid.setdefault(row, {})[column] = text
        width = max((max(row) for row in grid.values()), default=0)
        rows = [ReadRow([grid[number].get(column, "") for column in range(1, width + 1)],
                        Position(path, number, sheet=sheet.title)) for number in sorted(grid)]
        hidden = [other.title for other in workbook.worksheets if other.sheet_state != "visible"]
        how = f"XLSX, sheet {sheet.title!r}" + (f" (hidden sheets not read: {', '.join(map(repr, hidden))})"
                                               if hidden and sheet.title not in hidden else "")
        return ReadTable(rows, how)
    finally:
        workbook.close()
