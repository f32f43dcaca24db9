"""A results table's header: which row it is, and what each column holds.

Headers are compared as keys (no marks, case, brackets, footnote marks, years or punctuation), so "Chỉ số PAR
INDEX năm 2023 (%)*", "PAR INDEX 2023" and "Điểm" all read as the score. A column still not understood is refused
with the way out: `--column "HEADER=metric"` states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from parwh.ingest.numbers import NUMBER
from parwh.ingest.problems import Findings, IngestError
from parwh.readers import ReadRow
from parwh.unit_names import read_seed, strip_marks

HEADER_SEARCH_ROWS = 30

NAME_HEADERS = {
    "tinh thanh pho", "tinh tp", "tinh", "thanh pho", "ten tinh", "ten tinh thanh pho", "dia phuong", "don vi",
    "ten don vi", "don vi hanh chinh", "bo nganh", "bo co quan ngang bo", "bo co quan", "ten bo", "ten bo nganh",
    "bo", "co quan", "ten dia phuong", "tinh thanh", "province", "provinces", "province city", "unit", "unit name",
    "ministry", "ministries", "name", "locality",
}
SCORE_WORDS = {
    "diem", "diem so", "tong diem", "tong diem dat duoc", "diem dat duoc", "diem tong hop", "diem chi so", "chi so",
    "chi so tong hop", "ket qua", "ket qua chi so", "gia tri", "score", "scores", "total", "total score", "index",
    "index score", "overall score", "points", "value",
}
RANK_WORDS = {"xep hang", "thu hang", "hang", "vi tri", "vi tri xep hang", "thu tu xep hang", "ket qua xep hang",
              "xep thu", "rank", "ranking", "position"}
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no", "ma", "ma tinh", "ma don vi", "ma so", "vung",
                   "vung kinh te xa hoi", "khu vuc", "region", "ghi chu", "note", "notes"}
# The indices' own names, as tables write them in a score or rank header ("Xếp hạng PAR INDEX", "SIPAS 2024").
INDEX_NAMES = sorted([
    "chi so cai cach hanh chinh", "cai cach hanh chinh", "chi so hai long cua nguoi dan to chuc doi voi su phuc vu "
    "cua co quan hanh chinh nha nuoc", "chi so hai long ve su phuc vu hanh chinh", "chi so hai long", "muc do hai long",
    "par index", "parindex", "par", "sipas", "cchc", "public administration reform index",
    "public administration reform", "satisfaction index", "satisfaction", "of", "cua",
], key=len, reverse=True)
INDEX_NAME = re.compile(r"\b(" + "|".join(re.escape(name) for name in INDEX_NAMES) + r")\b")
BRACKETS = re.compile(r"[(\[{][^)\]}]*[)\]}]")
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
ROLES = ("name", "total", "rank", "ignore")


@dataclass
class Column:
    position: int
    label: str
    role: str  # name, total, rank, component, or ignored
    metric: str = ""
    canonical: str = ""
    header: str = ""  # every header row's text over this column, as the quote shows it


@dataclass
class HeaderTerms:
    """What a table's headers may say: the release's score metrics by header key (metric_headers), the columns
    the user stated (--column), and the year it is ingested as (a score headed with another year is refused)."""
    components: dict[str, tuple[str, str]]
    overrides: dict[str, str]
    year: int


def header_key(text: str) -> str:
    """A header (or name) without marks, case, brackets, footnote marks, years, punctuation:
    "Chỉ số (%)" -> "chi so"."""
    text = strip_marks(BRACKETS.sub(" ", text)).lower()
    text = YEAR.sub(" ", text)
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\b(nam|year)$", "", key).strip()


def without_index_names(key: str) -> str:
    return " ".join(INDEX_NAME.sub(" ", key).split())


def header_year(text: str) -> int | None:
    years = {int(year) for year in YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def metric_headers(project: Path, index_code: str, unit_level: str) -> dict[str, tuple[str, str]]:
    """Header key -> (metric, canonical metric) for the scores a table of this kind may carry."""
    rows = [row for row in read_seed(project, "ref_metrics")
            if row["index_code"] == index_code and row["unit_level"] == unit_level
            and row["metric_kind"] in ("component", "part") and row["value_unit"] in ("percent", "points")]
    # the metric named like its canonical form first, so a name shared by several metrics maps to that one
    rows.sort(key=lambda row: (row["metric"] != row["canonical_metric"], row["metric"]))
    headers: dict[str, tuple[str, str]] = {}
    for row in rows:
        names = [*row["name_vi"].split("/"), row["name_en"], row["metric"].replace("_", " "),
                 row["canonical_metric"].replace("_", " ")]
        for name in names:
            if header_key(name):
                headers.setdefault(header_key(name), (row["metric"], row["canonical_metric"]))
    return headers


def parse_column_overrides(given: list[str], components: dict) -> dict[str, str]:
    """--column "HEADER=metric" -> {header key: role or metric}; a wrong one is refused before reading."""
    metrics = {metric for metric, _ in components.values()}
    overrides = {}
    for text in given:
        header, _, role = text.rpartition("=")
        role = role.strip().lower()
        role = {"score": "total", "ignored": "ignore", "skip": "ignore"}.get(role, role)
        if not header_key(header) or (role not in ROLES and role not in metrics):
            raise IngestError(f"--column {text!r}: expected \"HEADER=metric\", the header as the table writes it and "
                              f"one of {', '.join(ROLES)} or a component metric: "
                              f"{', '.join(sorted(metrics)) or 'none'}.")
        overrides[header_key(header)] = role
    return overrides


def stated_column(role: str, components: dict, text: str) -> Column:
    if role == "ignore":
        return Column(0, text, "ignored")
    if role in ("name", "rank"):
        return Column(0, text, role)
    if role == "total":
        return Column(0, text, "total", "total", "total")
    metric, canonical = next(value for value in components.values() if value[0] == role)
    return Column(0, text, "component", metric, canonical)


def column_role(label_parts: list[str], components: dict, overrides: dict[str, str]) -> Column | None:
    """The role of a column from its header text (the most specific header row first)."""
    texts = [*reversed(label_parts), " ".join(label_parts)]
    for text in texts:
        if header_key(text) in overrides:
            return stated_column(overrides[header_key(text)], components, text)
    for text in texts:
        key = header_key(text)
        residual = without_index_names(key)
        if key in NAME_HEADERS:
            return Column(0, text, "name")
        if key in components:
            metric, canonical = components[key]
            return Column(0, text, "component", metric, canonical)
        if key in RANK_WORDS or (residual != key and residual in RANK_WORDS):
            return Column(0, text, "rank")
        if key in SCORE_WORDS or (residual != key and (residual in SCORE_WORDS or not residual)):
            return Column(0, text, "total", "total", "total")
        if key in IGNORED_HEADERS:
            return Column(0, text, "ignored")
    return None


def looks_numeric(text: str) -> bool:
    return bool(NUMBER.fullmatch(text.replace(" ", "").rstrip("%")))


def find_header(rows: list[ReadRow], terms: HeaderTerms, path: Path) -> tuple[int, int]:
    """(first header row, first data row), as indexes into rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles = {column.role for cell in row.cells
                 if (column := column_role([cell], terms.components, terms.overrides))}
        if "name" in roles and roles & {"total", "rank", "component"}:
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
        "\"Xếp hạng\") in one row; if your headers differ, state them: --column \"HEADER=name\", "
        "--column \"HEADER=total\", --column \"HEADER=rank\"."
    )


def header_parts(rows: list[ReadRow], position: int) -> list[str]:
    """The distinct texts of the header rows over one column, top to bottom."""
    parts = []
    for row in rows:
        text = row.cells[position] if position < len(row.cells) else ""
        if text and text not in parts:
            parts.append(text)
    return parts


def map_columns(header_rows: list[ReadRow], data_rows: list[ReadRow], terms: HeaderTerms,
                findings: Findings) -> list[Column]:
    components, overrides, year = terms.components, terms.overrides, terms.year
    width = max(len(row.cells) for row in header_rows)
    header_where = header_rows[0].where
    columns, header_keys = [], set()
    for position in range(width):
        parts = header_parts(header_rows, position)
        if not parts:
            continue
        label, texts = " / ".join(parts), [*parts, " ".join(parts)]
        header_keys |= {header_key(text) for text in texts}
        column = column_role(parts, components, overrides)
        has_values = any(position < len(row.cells) and row.cells[position] for row in data_rows)
        stated = any(header_key(text) in overrides for text in texts)
        other_year = header_year(" ".join(parts))
        if column and column.role in ("total", "rank", "component") and other_year not in (None, year) and not stated:
            findings.add(f"{header_where}, column {position + 1} {label!r}: is headed {other_year}, but the table is "
                         f"ingested as {year}. Ingest it with --year {other_year}, or state the column: "
                         f"--column \"{parts[-1]}=ignore\".")
            continue
        if column is None:
            if has_values:
                findings.add(f"{header_where}, column {position + 1} {label!r}: not a column this table is known to "
                             f"have. State what it holds: --column \"{parts[-1]}=METRIC\", METRIC one of "
                             f"{', '.join(ROLES)} or a component: {known_headers(components)}.")
            continue
        column.position, column.header = position, label
        columns.append(column)
    for role in ("name", "total", "rank"):
        found = [column for column in columns if column.role == role]
        if len(found) > 1:
            findings.add(f"{header_where}: {len(found)} columns read as {role} "
                         f"({', '.join(repr(column.label) for column in found)}); keep one, or state the others with "
                         f"--column \"HEADER=ignore\".")
    if not any(column.role == "name" for column in columns):
        findings.add(f"{header_where}: no unit name column; state it with --column \"HEADER=name\".")
    for key, role in overrides.items():
        if key not in header_keys:
            findings.add(f"--column: no column headed like {key!r} (for {role}); the header at {header_where} reads "
                         f"{' | '.join(cell for cell in header_rows[0].cells if cell)}.")
    return columns


def known_headers(components: dict) -> str:
    return ", ".join(sorted({metric for metric, _ in components.values()})) or "none"
