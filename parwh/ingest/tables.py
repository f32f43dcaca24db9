"""A published results table: find its header, read its rows, check them as a release, turn them into statements."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from parwh.ingest.problems import Findings, IngestError, refuse
from parwh.ingest.seeds import DATE, URL
from parwh.observations import enrich_observation
from parwh.readers import ReadRow
from parwh.unit_names import UnitNames, read_seed, strip_marks, vintage_of

HEADER_SEARCH_ROWS = 30
SUM_TOLERANCE = Decimal("0.05")  # the gate's tolerance for parts summing to their whole
MAX_PROBLEMS_SHOWN = 40

# Column headers as official tables write them, compared without marks, case or punctuation.
NAME_HEADERS = {
    "tinh thanh pho", "tinh tp", "tinh", "thanh pho", "ten tinh", "ten tinh thanh pho", "dia phuong", "don vi",
    "ten don vi", "don vi hanh chinh", "bo nganh", "bo co quan ngang bo", "bo co quan", "ten bo", "ten bo nganh",
    "bo", "co quan", "province", "provinces", "province city", "unit", "unit name", "ministry", "name",
}
SCORE_HEADERS = {
    "diem", "diem so", "tong diem", "tong diem dat duoc", "diem tong hop", "chi so", "chi so tong hop",
    "chi so par index", "par index", "chi so cai cach hanh chinh", "chi so cchc", "chi so sipas", "sipas",
    "chi so hai long", "ket qua", "ket qua chi so", "gia tri", "score", "total", "total score", "index",
}
RANK_HEADERS = {"xep hang", "thu hang", "hang", "vi tri", "vi tri xep hang", "thu tu xep hang", "rank", "ranking"}
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no", "ma", "ma tinh", "ma don vi", "ma so", "vung",
                   "vung kinh te xa hoi", "khu vuc", "region", "ghi chu", "note", "notes"}
# Rows that give the national average rather than a unit.
NATIONAL_ROW = re.compile(r"^(trung binh|binh quan|gia tri trung binh|ca nuoc|national|average)")
EMPTY_CELLS = {"", "-", "–", "—", "x", "n/a", "na"}
FORMULA_START = re.compile(r"^(=|@|[+-]\s*[A-Za-z(])")


@dataclass
class Column:
    position: int
    label: str
    role: str  # name, total, rank, a component metric, or ignored
    metric: str = ""
    canonical: str = ""
    value_unit: str = ""
    header: str = ""  # every header row's text over this column, as the quote shows it


@dataclass
class Release:
    index_code: str
    year: int
    unit_level: str
    expected_units: int | None
    vintage: str


def header_key(text: str) -> str:
    """A header (or name) without marks, case, brackets of units, punctuation: "Chỉ số (%)" -> "chi so"."""
    text = re.sub(r"\((%|điểm|diem|points?|/?\s*\d+)\)", " ", text, flags=re.IGNORECASE)
    text = strip_marks(text).lower().replace("%", " ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def metric_headers(project: Path, index_code: str, unit_level: str) -> dict[str, tuple[str, str, str]]:
    """Header key -> (metric, canonical metric, value unit) for the scores a table of this kind may carry."""
    rows = [row for row in read_seed(project, "ref_metrics")
            if row["index_code"] == index_code and row["unit_level"] == unit_level
            and row["metric_kind"] in ("component", "part") and row["value_unit"] in ("percent", "points")]
    # the metric named like its canonical form first, so a name shared by several metrics maps to that one
    rows.sort(key=lambda row: (row["metric"] != row["canonical_metric"], row["metric"]))
    headers: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        names = [*row["name_vi"].split("/"), row["name_en"], row["metric"].replace("_", " "),
                 row["canonical_metric"].replace("_", " ")]
        for name in names:
            if header_key(name):
                headers.setdefault(header_key(name), (row["metric"], row["canonical_metric"], row["value_unit"]))
    return headers


def column_role(label_parts: list[str], components: dict[str, tuple[str, str, str]]) -> Column | None:
    """The role of a column from its header text (the most specific header row first)."""
    for text in [*reversed(label_parts), " ".join(label_parts)]:
        key = header_key(text)
        if key in NAME_HEADERS:
            return Column(0, text, "name")
        if key in RANK_HEADERS:
            return Column(0, text, "rank")
        if key in SCORE_HEADERS:
            return Column(0, text, "total", "total", "total", "percent")
        if key in components:
            metric, canonical, unit = components[key]
            return Column(0, text, "component", metric, canonical, unit)
        if key in IGNORED_HEADERS:
            return Column(0, text, "ignored")
    return None


def looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+([.,]\d+)?\s*%?", text))


def find_header(rows: list[ReadRow], path: Path) -> tuple[int, int]:
    """(first header row, first data row), as indexes into rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(cell) for cell in row.cells]
        if any(key in NAME_HEADERS for key in keys) and any(
                key in SCORE_HEADERS or key in RANK_HEADERS for key in keys):
            end = index + 1
            # header rows go on (merged group headers, units, column numbers) until a row holds a number
            while end < len(rows) and not any(looks_numeric(cell) for cell in rows[end].cells):
                end += 1
            if end - index > 1 and end == len(rows):  # no number below at all: only the first row is a header
                end = index + 1
            return index, end
    raise IngestError(
        f"{path}: no header row in the first {HEADER_SEARCH_ROWS} rows. Expected a unit column (\"Tỉnh, thành "
        "phố\", \"Tên đơn vị\", \"Bộ, cơ quan ngang bộ\") and a score or rank column (\"Điểm\", \"Chỉ số\", "
        "\"Xếp hạng\") in one row."
    )


def map_columns(rows: list[ReadRow], start: int, end: int, components: dict, path: Path,
                findings: Findings) -> list[Column]:
    width = max(len(row.cells) for row in rows[start:end])
    columns = []
    for position in range(width):
        parts = []
        for row in rows[start:end]:
            text = row.cells[position] if position < len(row.cells) else ""
            if text and text not in parts:
                parts.append(text)
        if not parts:
            continue
        column = column_role(parts, components)
        if column is None:
            has_values = any(position < len(row.cells) and row.cells[position] for row in rows[end:])
            if has_values:
                findings.add(f"{rows[start].where}, column {position + 1} {' / '.join(parts)!r}: not a "
                             f"known column for this table. Known component headers: {known_headers(components)}. "
                             "Rename the header to one of them, or remove the column.")
            continue
        column.position, column.header = position, " / ".join(parts)
        columns.append(column)
    for role in ("name", "total", "rank"):
        found = [column for column in columns if column.role == role]
        if len(found) > 1:
            findings.add(f"{rows[start].where}: {len(found)} columns read as {role} "
                         f"({', '.join(repr(column.label) for column in found)}); keep one.")
    if not any(column.role == "name" for column in columns):
        findings.add(f"{rows[start].where}: no unit name column.")
    return columns


def known_headers(components: dict) -> str:
    return ", ".join(sorted({metric for metric, _, _ in components.values()})) or "none"


def parse_number(text: str) -> Decimal | None:
    """"87,61", "87.61", "87.61%" -> Decimal; empty or a dash -> None; anything else -> ValueError."""
    if text.lower() in EMPTY_CELLS:
        return None
    if FORMULA_START.match(text):
        raise ValueError("is a formula, not a published number; paste the values only (Excel: Paste Special → "
                         "Values) and save again")
    body = text.replace(" ", "").rstrip("%")
    if "," in body and "." in body:
        raise ValueError("has both a decimal comma and a point; write the number as published, e.g. 87,61")
    try:
        return Decimal(body.replace(",", "."))
    except InvalidOperation:
        raise ValueError("is not a number; expected a score such as 87,61 or 87.61") from None


def parse_rank(text: str) -> tuple[int | None, int | None]:
    """"5" -> (5, None); "5/63" -> (5, 63); empty -> (None, None)."""
    if text.lower() in EMPTY_CELLS:
        return None, None
    if FORMULA_START.match(text):
        raise ValueError("is a formula, not a published rank; paste the values only and save again")
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?(?:\s*/\s*(\d+))?", text)
    if not match:
        raise ValueError("is not a rank; expected a whole number such as 5 or 5/63")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def load_release(project: Path, index_code: str, year: int, unit_level: str) -> Release:
    for row in read_seed(project, "ref_releases"):
        if (row["index_code"], int(row["year"]), row["unit_level"]) == (index_code, year, unit_level):
            return Release(index_code, year, unit_level, int(row["expected_units"]), vintage_of(year))
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


def read_table_rows(rows: list[ReadRow], columns: list[Column], release: Release,
                    maxima: dict[str, Decimal], path: Path, findings: Findings) -> list[TableRow]:
    name_column = next(column for column in columns if column.role == "name")
    value_columns = [column for column in columns if column.role in ("total", "component")]
    rank_column = next((column for column in columns if column.role == "rank"), None)
    table = []
    for row in rows:
        name = cell(row, name_column)
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


def statements_from_table(path: Path, rows: list[ReadRow], how: str, options: TableOptions, project: Path,
                          names: UnitNames) -> list[dict[str, str]]:
    findings = Findings()
    if not URL.match(options.source_url):
        findings.add(f"--source-url {options.source_url!r}: expected the http(s) address the table was published at.")
    if options.source_date and not DATE.match(options.source_date):
        findings.add(f"--source-date {options.source_date!r}: expected YYYY-MM-DD.")
    release = load_release(project, options.index_code, options.year, options.unit_level)
    components = metric_headers(project, options.index_code, options.unit_level)
    start, end = find_header(rows, path)
    columns = map_columns(rows, start, end, components, path, findings)
    refuse(findings)
    print(f"Read {path} ({how}): header at line {rows[start].line}; columns: "
          + "; ".join(f"{column.label!r} → {column.metric or column.role}" for column in columns), flush=True)
    table = read_table_rows(rows[end:], columns, release, part_maxima(project, release), path,
                            findings)
    if not table:
        findings.add(f"{path}: a header but no data rows below it.")
    resolve_names(table, names, release, path, findings)
    check_table(table, release, sum_rules(project, release), not options.partial, names, path, findings)
    refuse(findings)
    units = sum(1 for row in table if row.level != "national")
    print(f"{units} units resolved ({release.index_code} {release.year} {release.unit_level}, "
          f"{release.expected_units} expected{', partial table' if options.partial else ''}).", flush=True)
    metric_codes = {column.canonical: column.metric for column in columns if column.role == "component"}
    dataset = f"ingest:{path.name}"
    return observations_from_table(table, release, options.source_url, options.source_date, dataset, metric_codes)
