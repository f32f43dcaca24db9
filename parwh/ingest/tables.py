"""A published results table into statements: its columns understood (headers.py), its rows read
(table_rows.py), checked as the release it is said to be (release_checks.py), then one statement per number."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from parwh.ingest import ocr_checks
from parwh.ingest.headers import Column, HeaderTerms, find_header, map_columns, metric_headers, parse_column_overrides
from parwh.ingest.problems import Findings, refuse
from parwh.ingest.release import Reading, load_release
from parwh.ingest.release_checks import check_averages, check_stated_count, check_table
from parwh.ingest.rules import Rules
from parwh.ingest.table_rows import (
    TableRow,
    badly_wide_rows,
    header_width,
    read_table_rows,
    refuse_formulas,
    resolve_names,
    split_decimal,
)
from parwh.observations import enrich_observation
from parwh.readers import ReadRow, ReadTable
from parwh.unit_names import UnitNames


@dataclass
class TableOptions:
    index_code: str
    year: int
    unit_level: str
    source_url: str
    source_date: str = ""
    partial: bool = False
    columns: list[str] = field(default_factory=list)  # --column "HEADER=metric"


@dataclass
class Layout:
    """Where a table's header and data are, and what its columns hold."""
    start: int  # the first header row, an index into the rows
    end: int  # the first data row
    columns: list[Column]
    wrong_width: set[int]  # lines of rows with more or fewer cells than the header (refused already)


def observations_from_table(table: list[TableRow], columns: list[Column], options: TableOptions,
                            reading: Reading) -> list[dict[str, str]]:
    release = reading.release
    metric_codes = {column.canonical: column.metric for column in columns if column.role == "component"}
    source = {"source_url": options.source_url, "source_date": options.source_date}
    observations = []
    for row in table:
        for canonical, value in row.values.items():
            is_total = canonical == "total"
            observations.append({
                "index_name": release.index_code, "year": str(release.year), "unit_level": row.level,
                "unit_name_as_written": row.name, "metric": metric_codes.get(canonical, canonical),
                # normalised, so "87,60" typed and 0.876 formatted as a percentage give the same statement
                "value": format(value.normalize(), "f"),
                "rank": str(row.rank) if is_total and row.rank is not None and row.level != "national" else "",
                "rank_of": str(release.expected_units) if is_total and row.level != "national" else "",
                **source, "quote": row.quote,
            })
        if "total" not in row.values and row.rank is not None:
            observations.append({
                "index_name": release.index_code, "year": str(release.year), "unit_level": row.level,
                "unit_name_as_written": row.name, "metric": "total", "value": "", "rank": str(row.rank),
                "rank_of": str(release.expected_units), **source, "quote": row.quote,
            })
    dataset = f"ingest:{reading.path.name}"
    return [enrich_observation(observation, dataset) for observation in observations]


def understand_columns(table: ReadTable, options: TableOptions, project: Path, findings: Findings) -> Layout:
    """Where the header is and what each column holds; refuses a table whose columns cannot be read."""
    rows, how = table.rows, table.how
    components = metric_headers(project, options.index_code, options.unit_level)
    terms = HeaderTerms(components, parse_column_overrides(options.columns, components), options.year)
    start, end = find_header(rows, terms, rows[0].position.file)
    wrong_width = badly_wide_rows(rows[end:], header_width(rows[start:end]), how, findings)
    if wrong_width and len(wrong_width) >= (len(rows) - end) / 2:
        refuse(findings)  # the table is misread as a whole: its columns would only add confusion
    columns = map_columns(rows[start:end], rows[end:], terms, findings)
    if findings.problems and "commas between cells" in how:
        split = [row for row in rows[end:] if split_decimal(row.cells)]
        if len(split) >= (len(rows) - end) / 2:  # the header was cut at its commas too, so widths agree
            findings.add(f"{split[0].where}: {split_decimal(split[0].cells)!r} and the like in {len(split)} rows "
                         "look like numbers with a decimal comma, cut in two because commas also separate the cells. "
                         "Save the file with semicolons between cells, or with every cell in quotes, and run again.")
    refuse(findings)
    return Layout(start, end, columns, wrong_width)


def check_ocr_reading(data_rows: list[ReadRow], columns: list[Column], names: UnitNames, reading: Reading) -> None:
    """Read by OCR: surer numbers needed, misread names corrected where the closest known name is clear."""
    release = reading.release
    ocr_checks.check_reading(data_rows, columns, reading.partial, reading.findings)
    corrections = ocr_checks.correct_names(data_rows, columns, names, release.unit_level, release.vintage)
    if corrections:
        print(f"{len(corrections)} names corrected to the closest known name:", *corrections, sep="\n", flush=True)


def statements_from_table(path: Path, read: ReadTable, options: TableOptions, project: Path,
                          names: UnitNames) -> list[dict[str, str]]:
    findings = Findings()
    rules = Rules.load(project)
    if not rules.is_web_address(options.source_url):
        findings.add(f"--source-url {options.source_url!r}: expected the http(s) address the table was published at.")
    if options.source_date and not rules.is_dated(options.source_date):
        findings.add(f"--source-date {options.source_date!r}: expected a real date, YYYY-MM-DD.")
    release = load_release(project, options.index_code, options.year, options.unit_level)
    reading = Reading(path, release, options.partial, findings)
    rows = read.rows
    layout = understand_columns(read, options, project, findings)
    data_rows = rows[layout.end:]
    if ocr_checks.is_ocr(data_rows):
        check_ocr_reading(data_rows, layout.columns, names, reading)
    print(f"Read {path} ({read.how}): header at line {rows[layout.start].line}; columns: "
          + "; ".join(f"{column.label!r} → {column.metric or column.role}" for column in layout.columns), flush=True)
    refuse_formulas(rows, findings)
    table = read_table_rows(data_rows, layout.columns, layout.wrong_width, reading)
    if not table:
        findings.add(f"{path}: a header but no data rows below it.")
    resolve_names(table, names, reading)
    check_table(table, names, reading)
    check_averages(table, findings)
    check_stated_count(rows[:layout.start], table, reading)
    refuse(findings)
    units = sum(1 for row in table if row.level != "national")
    print(f"{units} units resolved ({release.index_code} {release.year} {release.unit_level}, "
          f"{release.expected_units} expected{', partial table' if options.partial else ''}).", flush=True)
    return observations_from_table(table, layout.columns, options, reading)
