"""A published results table: find its header, read its rows, check them as a release, turn them into statements."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from parwh.ingest import ocr_checks
from parwh.ingest.headers import Column, find_header, header_key, map_columns, metric_headers, parse_column_overrides
from parwh.ingest.numbers import FORMULA_ADVICE, is_formula, parse_number, parse_rank
from parwh.ingest.problems import Findings, IngestError, refuse
from parwh.ingest.rules import Rules
from parwh.observations import enrich_observation
from parwh.readers import ReadRow
from parwh.unit_names import UnitNames, read_seed, vintage_of

SUM_TOLERANCE = Decimal("0.05")  # the gate's tolerance for parts summing to their whole
# Rows that give the national average rather than a unit.
NATIONAL_ROW = re.compile(r"^(trung binh|binh quan|gia tri trung binh|ca nuoc|national|average)")
# A title that states how many units the table ranks: "... CỦA 63 TỈNH, THÀNH PHỐ", "19 bộ, cơ quan ngang bộ".
STATED_COUNT = re.compile(r"(?<![0-9.,])([0-9]{1,3})\s+(tinh|don vi|bo|dia phuong|provinces|ministries|units)\b")


@dataclass
class Release:
    index_code: str
    year: int
    unit_level: str
    expected_units: int | None
    vintage: str


def load_release(project: Path, index_code: str, year: int, unit_level: str) -> Release:
    for row in read_seed(project, "ref_releases"):
        if (row["index_code"], int(row["year"]), row["unit_level"]) == (index_code, year, unit_level):
            return Release(index_code, year, unit_level, int(row["expected_units"]), vintage_of(project, year))
    raise IngestError(f"no release {index_code} {year} {unit_level} in seeds/reference/ref_releases.csv: add it "
                      "there (with the number of units and its source) before ingesting its table.")


def part_maxima(project: Path, release: Release) -> dict[str, Decimal]:
    return {row["part_metric"]: Decimal(row["max_points"]) for row in read_seed(project, "ref_score_parts")
            if (row["index_code"], row["unit_level"], int(row["year"])) == (release.index_code, release.unit_level,
                                                                           release.year) and row["max_points"]}


def sum_rules(project: Path, release: Release) -> dict[str, list[str]]:
    rules = defaultdict(list)
    for row in read_seed(project, "ref_score_parts"):
        if ((row["index_code"], row["unit_level"], int(row["year"])) == (release.index_code, release.unit_level,
                                                                         release.year) and row["whole_metric"]):
            rules[row["whole_metric"]].append(row["part_metric"])
    return rules


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


def read_values(row: ReadRow, columns: list[Column], maxima: dict[str, Decimal], where: str,
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
            findings.add(f"{where}, column {column.label!r}: {text!r} {error}.")
            continue
        if value is None:
            continue
        high = maxima.get(column.canonical, Decimal(100))
        if not Decimal(0) <= value <= high:
            findings.add(f"{where}, column {column.label!r}: {text!r} is out of range; expected "
                         f"0..{high} ({'stated maximum' if column.canonical in maxima else 'a score'}).")
            continue
        values[column.canonical if column.role == "component" else "total"] = value
    return values


def read_rank(row: ReadRow, column: Column | None, release: Release, where: str, findings: Findings) -> int | None:
    if column is None:
        return None
    text = cell(row, column)
    if is_formula(text):
        return None  # refused by refuse_formulas
    try:
        rank, rank_of = parse_rank(text)
    except ValueError as error:
        findings.add(f"{where}, column {column.label!r}: {text!r} {error}.")
        return None
    if rank is not None and release.expected_units and not 1 <= rank <= release.expected_units:
        findings.add(f"{where}, column {column.label!r}: rank {text!r} is out of range; expected "
                     f"1..{release.expected_units}.")
    if rank_of is not None and rank_of != release.expected_units:
        findings.add(f"{where}, column {column.label!r}: {text!r} ranks out of {rank_of}, but the release has "
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
            findings.add(f"{row.where}: {count} cells, but the header has {width} columns ({' | '.join(row.cells)}); "
                         "every row needs exactly one cell per column. Check for a delimiter inside an unquoted "
                         "cell, or a missing cell.")
    if split:
        (first, number), lines = split[0], ", ".join(str(row.line) for row, _ in split[:10])
        findings.add(f"{first.where}: {number!r} looks like a number with a decimal comma, split in two because "
                     f"commas also separate the cells; {len(split)} row(s) have more cells than the header's {width} "
                     f"columns this way (lines {lines}{', ...' if len(split) > 10 else ''}). Save the file with "
                     "semicolons between cells (as Excel does in a Vietnamese locale) or with such numbers in quotes "
                     "(\"86,05\"), and run again.")
    return bad


def read_table_rows(rows: list[ReadRow], columns: list[Column], release: Release,
                    maxima: dict[str, Decimal], skipped: set[int], findings: Findings) -> list[TableRow]:
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
        where = row.where
        values = read_values(row, value_columns, maxima, where, findings)
        rank = read_rank(row, rank_column, release, where, findings)
        if not name:
            findings.add(f"{where}: numbers without a unit name; fill in the name or remove the row.")
            continue
        level = "national" if NATIONAL_ROW.match(header_key(name)) else release.unit_level
        quote = " | ".join(f"{column.header}: {cell(row, column)}" for column in columns if cell(row, column))
        if row.position.page is not None:  # a PDF or an image: the file and the page it was read on
            quote += f" ({row.position.file.name}, page {row.position.page})"
        table.append(TableRow(row.line, row.where, name, None, level, values, rank, quote))
    return table


def resolve_names(table: list[TableRow], names: UnitNames, release: Release, path: Path,
                  findings: Findings) -> None:
    units = [row for row in table if row.level != "national"]
    for row, key in zip(units, names.resolve_all(release.unit_level, release.vintage, [row.name for row in units])):
        row.unit_key = key
        if key is None:
            findings.add(f"{row.where}, unit name {row.name!r}: not a known {release.unit_level} of "
                         f"{release.year}. {names.suggestion(row.name, release.unit_level, release.year)}")
    for row in table:
        if row.level == "national":
            row.unit_key = "VN"


def check_table(table: list[TableRow], release: Release, rules: dict[str, list[str]], complete: bool,
                names: UnitNames, path: Path, findings: Findings) -> None:
    """The table as a release: each unit once, all of them, unique ranks in score order, parts adding up."""
    units = [row for row in table if row.level != "national" and row.unit_key]
    by_unit = grouped(units, lambda row: row.unit_key)
    for unit_key, rows in by_unit.items():
        if len(rows) > 1:
            findings.add(f"{path}: lines {lines_of(rows)}: the same unit ({names.display[unit_key]}) appears "
                         f"{len(rows)} times ({', '.join(repr(row.name) for row in rows)}); keep one row per unit.")
    if complete and release.expected_units is not None and len(by_unit) != release.expected_units:
        findings.add(f"{path}: {len(by_unit)} units, but {release.index_code} {release.year} {release.unit_level} has "
                     f"{release.expected_units} (seeds/reference/ref_releases.csv)."
                     f"{missing_units(by_unit, release, names)} If the table is only an extract, pass --partial.")
    for rank, rows in sorted(grouped([row for row in units if row.rank is not None], lambda row: row.rank).items()):
        if len(rows) > 1:
            findings.add(f"{path}: lines {lines_of(rows)}: rank {rank} is given to {len(rows)} units; official "
                         "ranks are unique.")
    check_rank_order(units, path, findings)
    check_sums(units, rules, path, findings)


def grouped(rows: list[TableRow], key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def lines_of(rows: list[TableRow]) -> str:
    return ", ".join(str(row.line) for row in rows)


def check_sums(units: list[TableRow], rules: dict[str, list[str]], path: Path, findings: Findings) -> None:
    """Where a row gives a whole and all its parts (ref_score_parts), the parts add up to it."""
    for row in units:
        for whole, parts in rules.items():
            if whole in row.values and all(part in row.values for part in parts):
                total = sum(row.values[part] for part in parts)
                if abs(total - row.values[whole]) > SUM_TOLERANCE:
                    findings.add(f"{row.where} ({row.name}): {' + '.join(parts)} = {total}, but {whole} "
                                 f"is {row.values[whole]}; the parts must add up to it (within {SUM_TOLERANCE}).")


def check_averages(table: list[TableRow], findings: Findings) -> None:
    """A stated average (a "Trung bình cả nước" row) lies within the lowest..highest unit of its own table."""
    units = [row for row in table if row.level != "national"]
    for average in (row for row in table if row.level == "national"):
        for metric, value in average.values.items():
            known = [row for row in units if metric in row.values]
            if len(known) < 2:
                continue
            low = min(known, key=lambda row: row.values[metric])
            high = max(known, key=lambda row: row.values[metric])
            if not low.values[metric] <= value <= high.values[metric]:
                findings.add(f"{average.where} ({average.name}): {metric} {value} lies outside the table's own "
                             f"{low.values[metric]} ({low.name}, line {low.line}) .. {high.values[metric]} ({high.name}, "
                             f"line {high.line}); an average cannot. Check the row against the source.")


def check_stated_count(title_rows: list[ReadRow], table: list[TableRow], release: Release, partial: bool,
                       findings: Findings) -> None:
    """A title that says how many units it ranks ("... của 63 tỉnh") agrees with the release, or the extract."""
    units = sum(1 for row in table if row.level != "national")
    for row in title_rows:
        for text in row.cells:
            match = None if ocr_checks.is_review_title(text) else STATED_COUNT.search(header_key(text))
            if not match:
                continue
            stated = int(match.group(1))
            expected, what = (units, "rows in this extract") if partial else (
                release.expected_units, f"units of {release.index_code} {release.year} {release.unit_level} "
                                        "(seeds/reference/ref_releases.csv)")
            if expected is not None and stated != expected:
                findings.add(f"{row.where}: the title states {stated} units ({text[:80]!r}), but there are {expected} "
                             f"{what}. Check --year and --level, or the table.")


def missing_units(by_unit: dict, release: Release, names: UnitNames) -> str:
    expected = {unit for (level, vintage, _), unit in names.lookup.items()
                if level == release.unit_level and vintage == (release.vintage if level == "province" else "")}
    missing = sorted(names.display[unit] for unit in expected - set(by_unit))
    if release.unit_level == "province" and missing and len(missing) <= 10:
        return f" Missing: {', '.join(missing)}."
    return ""


def check_rank_order(units: list[TableRow], path: Path, findings: Findings) -> None:
    """A higher score never has a worse rank (ties may be ranked either way)."""
    ranked = sorted((row for row in units if row.rank is not None and "total" in row.values),
                    key=lambda row: row.rank)
    for better, worse in zip(ranked, ranked[1:]):
        if better.values["total"] < worse.values["total"]:
            findings.add(f"{path}: lines {better.line} and {worse.line}: {better.name} is ranked {better.rank} with "
                         f"{better.values['total']}, {worse.name} is ranked {worse.rank} with "
                         f"{worse.values['total']}; ranks must follow the scores.")


def observations_from_table(table: list[TableRow], release: Release, source_url: str, source_date: str,
                            dataset: str, metric_codes: dict[str, str]) -> list[dict[str, str]]:
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
                "source_url": source_url, "source_date": source_date, "quote": row.quote,
            })
        if "total" not in row.values and row.rank is not None:
            observations.append({
                "index_name": release.index_code, "year": str(release.year), "unit_level": row.level,
                "unit_name_as_written": row.name, "metric": "total", "value": "", "rank": str(row.rank),
                "rank_of": str(release.expected_units), "source_url": source_url, "source_date": source_date,
                "quote": row.quote,
            })
    return [enrich_observation(observation, dataset) for observation in observations]


@dataclass
class TableOptions:
    index_code: str
    year: int
    unit_level: str
    source_url: str
    source_date: str = ""
    partial: bool = False
    columns: list[str] = field(default_factory=list)  # --column "HEADER=metric"


def understand_columns(rows: list[ReadRow], how: str, options: TableOptions, release: Release, project: Path,
                       findings: Findings) -> tuple[int, int, list[Column], set[int]]:
    """(first header row, first data row, the columns, lines of rows of the wrong width); refuses a table
    whose columns cannot be read."""
    components = metric_headers(project, options.index_code, options.unit_level)
    overrides = parse_column_overrides(options.columns, components)
    start, end = find_header(rows, components, overrides, rows[0].position.file)
    wrong_width = badly_wide_rows(rows[end:], header_width(rows[start:end]), how, findings)
    if wrong_width and len(wrong_width) >= (len(rows) - end) / 2:
        refuse(findings)  # the table is misread as a whole: its columns would only add confusion
    columns = map_columns(rows, start, end, components, overrides, release.year, findings)
    if findings.problems and "commas between cells" in how:
        split = [row for row in rows[end:] if split_decimal(row.cells)]
        if len(split) >= (len(rows) - end) / 2:  # the header was cut at its commas too, so widths agree
            findings.add(f"{split[0].where}: {split_decimal(split[0].cells)!r} and the like in {len(split)} rows look "
                         "like numbers with a decimal comma, cut in two because commas also separate the cells. Save "
                         "the file with semicolons between cells, or with every cell in quotes, and run again.")
    refuse(findings)
    return start, end, columns, wrong_width


def statements_from_table(path: Path, rows: list[ReadRow], how: str, options: TableOptions, project: Path,
                          names: UnitNames) -> list[dict[str, str]]:
    findings = Findings()
    rules = Rules.load(project)
    if not rules.is_web_address(options.source_url):
        findings.add(f"--source-url {options.source_url!r}: expected the http(s) address the table was published at.")
    if options.source_date and not rules.is_dated(options.source_date):
        findings.add(f"--source-date {options.source_date!r}: expected a real date, YYYY-MM-DD.")
    release = load_release(project, options.index_code, options.year, options.unit_level)
    start, end, columns, wrong_width = understand_columns(rows, how, options, release, project, findings)
    if ocr_checks.is_ocr(rows[end:]):  # read by OCR: surer numbers needed, misread names corrected if clear
        ocr_checks.check_reading(rows[end:], columns, options.partial, findings)
        corrections = ocr_checks.correct_names(rows[end:], columns, names, release.unit_level, release.vintage)
        if corrections:
            print(f"{len(corrections)} names corrected to the closest known name:", *corrections, sep="\n", flush=True)
    print(f"Read {path} ({how}): header at line {rows[start].line}; columns: "
          + "; ".join(f"{column.label!r} → {column.metric or column.role}" for column in columns), flush=True)
    refuse_formulas(rows, findings)
    table = read_table_rows(rows[end:], columns, release, part_maxima(project, release), wrong_width, findings)
    if not table:
        findings.add(f"{path}: a header but no data rows below it.")
    resolve_names(table, names, release, path, findings)
    check_table(table, release, sum_rules(project, release), not options.partial, names, path, findings)
    check_averages(table, findings)
    check_stated_count(rows[:start], table, release, options.partial, findings)
    refuse(findings)
    units = sum(1 for row in table if row.level != "national")
    print(f"{units} units resolved ({release.index_code} {release.year} {release.unit_level}, "
          f"{release.expected_units} expected{', partial table' if options.partial else ''}).", flush=True)
    metric_codes = {column.canonical: column.metric for column in columns if column.role == "component"}
    dataset = f"ingest:{path.name}"
    return observations_from_table(table, release, options.source_url, options.source_date, dataset, metric_codes)
