"""A results table's data rows: each unit's name, scores and rank, read cell by cell below the header.

Problems go to the reading's findings, all of them, so the file is refused once with everything to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parwh.ingest.headers import Column, header_key
from parwh.ingest.numbers import FORMULA_ADVICE, is_formula, parse_number, parse_rank
from parwh.ingest.problems import Findings
from parwh.ingest.release import Reading, Release
from parwh.readers import ReadRow
from parwh.unit_names import UnitNames

# Rows that give the national average rather than a unit.
NATIONAL_ROW = re.compile(r"^(trung binh|binh quan|gia tri trung binh|ca nuoc|national|average)")


@dataclass
class TableRow:
    line: int
    where: str  # the row's position, as messages start
    name: str
    unit_key: str | None
    level: str
    values: dict[str, Decimal]  # canonical metric -> value
    rank: int | None
    quote: str


def cell(row: ReadRow, column: Column) -> str:
    return row.cells[column.position] if column.position < len(row.cells) else ""


def read_values(row: ReadRow, columns: list[Column], maxima: dict[str, Decimal],
                findings: Findings) -> dict[str, Decimal]:
    """canonical metric -> value for the score columns of one row; problems go to findings."""
    values: dict[str, Decimal] = {}
    for column in columns:
        text = cell(row, column)
        if is_formula(text):
            continue  # refused by refuse_formulas, whatever the column
        try:
            value = parse_number(text)
        except ValueError as error:
            findings.add(f"{row.where}, column {column.label!r}: {text!r} {error}.")
            continue
        if value is None:
            continue
        high = maxima.get(column.canonical, Decimal(100))
        if not Decimal(0) <= value <= high:
            findings.add(f"{row.where}, column {column.label!r}: {text!r} is out of range; expected "
                         f"0..{high} ({'stated maximum' if column.canonical in maxima else 'a score'}).")
            continue
        values[column.canonical if column.role == "component" else "total"] = value
    return values


def read_rank(row: ReadRow, column: Column | None, release: Release, findings: Findings) -> int | None:
    if column is None:
        return None
    text = cell(row, column)
    if is_formula(text):
        return None  # refused by refuse_formulas
    try:
        rank, rank_of = parse_rank(text)
    except ValueError as error:
        findings.add(f"{row.where}, column {column.label!r}: {text!r} {error}.")
        return None
    if rank is not None and release.expected_units and not 1 <= rank <= release.expected_units:
        findings.add(f"{row.where}, column {column.label!r}: rank {text!r} is out of range; expected "
                     f"1..{release.expected_units}.")
    if rank_of is not None and rank_of != release.expected_units:
        findings.add(f"{row.where}, column {column.label!r}: {text!r} ranks out of {rank_of}, but the release has "
                     f"{release.expected_units} units.")
    return rank


def refuse_formulas(rows: list[ReadRow], findings: Findings) -> None:
    """A formula in any cell (a name, a note, a number) is refused: the file holds what a program computed."""
    for row in rows:
        for position, text in enumerate(row.cells):
            if is_formula(text):
                findings.add(f"{row.where}, column {position + 1}: {text!r} is a formula, not a published value; "
                             f"{FORMULA_ADVICE}.")


def header_width(rows: list[ReadRow]) -> int:
    """Columns up to the last one with a header text in any header row."""
    return max((position + 1 for row in rows for position, text in enumerate(row.cells) if text), default=0)


def split_decimal(cells: list[str]) -> str | None:
    """'86,05' when two neighbouring cells read as one number cut at its decimal comma."""
    for left, right in zip(cells, cells[1:]):
        if re.fullmatch(r"[0-9]{1,3}", left) and re.fullmatch(r"[0-9]{1,3}\s*%?", right):
            return f"{left},{right}"
    return None


def badly_wide_rows(rows: list[ReadRow], width: int, how: str, findings: Findings) -> set[int]:
    """Rows with more or fewer cells than the header has columns: refused, never trimmed or padded.

    Returns their lines. Rows cut at a decimal comma (a comma-separated file with "86,05" unquoted) are reported
    once, together, with what to do.
    """
    bad, split = set(), []
    for row in rows:
        filled = max((position + 1 for position, text in enumerate(row.cells) if text), default=0)
        if len(row.cells) >= width and filled <= width:
            continue
        bad.add(row.line)
        count = filled if filled > width else len(row.cells)
        number = split_decimal(row.cells) if count > width and "commas between cells" in how else None
        if number:
            split.append((row, number))
        else:
            findings.add(f"{row.where}: {count} cells, but the header has {width} columns "
                         f"({' | '.join(row.cells)}); every row needs exactly one cell per column. Check for a "
                         "delimiter inside an unquoted cell, or a missing cell.")
    if split:
        (first, number), lines = split[0], ", ".join(str(row.line) for row, _ in split[:10])
        findings.add(f"{first.where}: {number!r} looks like a number with a decimal comma, split in two because "
                     f"commas also separate the cells; {len(split)} row(s) have more cells than the header's {width} "
                     f"columns this way (lines {lines}{', ...' if len(split) > 10 else ''}). Save the file with "
                     "semicolons between cells (as Excel does in a Vietnamese locale) or with such numbers in quotes "
                     "(\"86,05\"), and run again.")
    return bad


def read_table_rows(rows: list[ReadRow], columns: list[Column], skipped: set[int],
                    reading: Reading) -> list[TableRow]:
    """The data rows as units (or the national average), skipping the lines in `skipped` (refused already)."""
    release, findings = reading.release, reading.findings
    name_column = next(column for column in columns if column.role == "name")
    value_columns = [column for column in columns if column.role in ("total", "component")]
    rank_column = next((column for column in columns if column.role == "rank"), None)
    table = []
    for row in rows:
        if row.line in skipped:
            continue
        name = cell(row, name_column)
        if is_formula(name):
            continue  # refused by refuse_formulas; not a name to resolve
        if not name and not any(cell(row, column) for column in value_columns):
            continue  # a spacer or a footnote row
        values = read_values(row, value_columns, release.part_maxima, findings)
        rank = read_rank(row, rank_column, release, findings)
        if not name:
            findings.add(f"{row.where}: numbers without a unit name; fill in the name or remove the row.")
            continue
        level = "national" if NATIONAL_ROW.match(header_key(name)) else release.unit_level
        quote = " | ".join(f"{column.header}: {cell(row, column)}" for column in columns if cell(row, column))
        if row.position.page is not None:  # a PDF or an image: the file and the page it was read on
            quote += f" ({row.position.file.name}, page {row.position.page})"
        table.append(TableRow(row.line, row.where, name, None, level, values, rank, quote))
    return table


def resolve_names(table: list[TableRow], names: UnitNames, reading: Reading) -> None:
    """Each unit row's unit key (VN for the national average); an unknown name is a finding, with a suggestion."""
    release = reading.release
    units = [row for row in table if row.level != "national"]
    for row, key in zip(units, names.resolve_all(release.unit_level, release.vintage, [row.name for row in units])):
        row.unit_key = key
        if key is None:
            reading.findings.add(f"{row.where}, unit name {row.name!r}: not a known {release.unit_level} of "
                                 f"{release.year}. {names.suggestion(row.name, release.unit_level, release.year)}")
    for row in table:
        if row.level == "national":
            row.unit_key = "VN"
