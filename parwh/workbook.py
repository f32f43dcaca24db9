"""Every mart as one sheet of an Excel workbook: numbers stored as numbers, so any Excel locale reads them."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import IllegalCharacterError

from parwh.errors import ParwhError

WORKBOOK_NAME = "par_sipas.xlsx"
SHEET_NAME_LIMIT = 31  # Excel's limit


class WorkbookError(ParwhError):
    """A value cannot be stored in an XLSX cell."""


def text_cell(sheet, text: str) -> WriteOnlyCell:
    """A text cell that stays text: openpyxl would store "=..." as a formula, Excel would then run it."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def sheet_cell(sheet, value):
    if isinstance(value, (list, dict)):  # lists of observation ids and names: JSON, as in the CSV
        return text_cell(sheet, json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, str):
        return text_cell(sheet, value)
    return value  # numbers (Decimal, int, float), booleans, dates and None as themselves


def write_workbook(con: duckdb.DuckDBPyConnection, schema: str, tables: list[str], path: Path) -> None:
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table[:SHEET_NAME_LIMIT])
        sheet.freeze_panes = "A2"
        cursor = con.execute(f"select * from {schema}.{table} order by all")
        sheet.append([text_cell(sheet, column[0]) for column in cursor.description])
        for number, row in enumerate(cursor.fetchall(), start=2):
            try:
                sheet.append([sheet_cell(sheet, value) for value in row])
            except IllegalCharacterError:
                raise WorkbookError(f"{schema}.{table}, row {number} of {path.name}: a text holds a control "
                                    "character that XLSX cannot store; remove it from the seed row it comes "
                                    "from.") from None
    workbook.save(path)
