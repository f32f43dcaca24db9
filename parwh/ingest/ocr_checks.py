"""What a table read by OCR must pass on top of every table's checks, and the review file when it does not.

OCR misreads digits (5 as 3, 7 as 1) and drops marks. A wrong number is worse than a missing one, so a table read
by OCR is taken only when every number cell was read with high confidence in the form tables print, its ranks
are exactly 1..N, and (as for every table) the ranks follow the scores and the parts add up to their totals. A name
is corrected to a known name only when one known name is clearly the closest; each correction is printed.
Otherwise nothing is written, and --review writes the cells as read, with confidences and problems, as a CSV
that a person corrects and ingests as an ordinary table.
"""

from __future__ import annotations

import csv
import difflib
import re
from pathlib import Path

from parwh.ingest.headers import Column
from parwh.ingest.problems import Findings
from parwh.readers import ReadRow
from parwh.readers.pdf_reader import is_header_row
from parwh.unit_names import UnitNames, strip_marks, unit_name_forms

MIN_NUMBER_CONFIDENCE = 0.90  # below this Tesseract's digits were wrong about as often as right (bench, fixtures)
SCORE_FORM = re.compile(r"[0-9]{1,3}([.,][0-9]{1,2})?")
RANK_FORM = re.compile(r"[1-9][0-9]{0,2}")
NAME_MATCH = 0.85  # similarity of a misread name to the known name it is corrected to
NAME_MARGIN = 0.10  # ... and how much less like it the next known unit must be


def is_ocr(rows: list[ReadRow]) -> bool:
    return any(row.confidence is not None for row in rows)


def data_rows(rows: list[ReadRow], columns: list[Column]) -> list[ReadRow]:
    value_positions = [column.position for column in columns if column.role in ("total", "component", "rank")]
    return [row for row in rows if any(position < len(row.cells) and row.cells[position]
                                       for position in value_positions)]


def check_reading(rows: list[ReadRow], columns: list[Column], partial: bool, findings: Findings) -> None:
    """Every number cell sure and in a published form; ranks exactly 1..N."""
    path = rows[0].position.file
    if partial:
        findings.add(f"{path}: a table read by OCR is taken only whole (every unit, every check); --partial is "
                     "not allowed. Use --review to correct it as a CSV instead.")
    rows = data_rows(rows, columns)
    for row in rows:
        for column in columns:
            if column.role not in ("total", "component", "rank"):
                continue
            text = row.cells[column.position] if column.position < len(row.cells) else ""
            confidences = row.confidence or []
            sure = confidences[column.position] if column.position < len(confidences) else None
            form = RANK_FORM if column.role == "rank" else SCORE_FORM
            if not text:
                findings.add(f"{row.where}, column {column.label!r}: nothing read (an illegible or missing cell).")
            elif not form.fullmatch(text):
                findings.add(f"{row.where}, column {column.label!r}: {text!r} is not a "
                             f"{'rank' if column.role == 'rank' else 'score'} as published (misread by OCR).")
            elif sure is None or sure < MIN_NUMBER_CONFIDENCE:
                findings.add(f"{row.where}, column {column.label!r}: {text!r} read with confidence "
                             f"{sure or 0:.2f} (at least {MIN_NUMBER_CONFIDENCE} needed for a number).")
    rank = next((column for column in columns if column.role == "rank"), None)
    if rank is not None and rows:
        ranks = [row.cells[rank.position] for row in rows if rank.position < len(row.cells)]
        expected = {str(number) for number in range(1, len(rows) + 1)}
        if sorted(ranks) != sorted(expected):
            missing = sorted(expected - set(ranks), key=int)
            findings.add(f"{path}: the ranks read are not 1..{len(rows)} each once"
                         + (f" (missing {', '.join(missing[:10])})" if missing else "")
                         + "; a digit was misread or a row lost.")


def correct_names(rows: list[ReadRow], columns: list[Column], names: UnitNames, level: str,
                  vintage: str) -> list[str]:
    """Replace each misread name by the known name it is closest to, when that one is unique and close."""
    name = next(column for column in columns if column.role == "name")
    rows = [row for row in data_rows(rows, columns) if name.position < len(row.cells) and row.cells[name.position]]
    read = [row.cells[name.position] for row in rows]
    known = known_names(names, level, vintage)
    corrections = []
    for row, text, resolved in zip(rows, read, names.resolve_all(level, vintage, read)):
        if resolved is not None:
            continue
        unit = closest_unit(text, known)
        if unit:
            match = names.display[unit]
            row.cells[name.position] = match
            corrections.append(f"  {row.where}: {text!r} read as {match!r}")
    return corrections


def known_names(names: UnitNames, level: str, vintage: str) -> dict[str, str]:
    """Plain form (no marks, lower case) -> the unit key, for every known name of that level and vintage."""
    vintage = vintage if level == "province" else ""
    return {plain(form): unit for lvl, vtg, unit, form in unit_name_forms(names.project)
            if lvl == level and vtg == vintage}


def plain(text: str) -> str:
    return " ".join(strip_marks(text).lower().split())


def closest_unit(text: str, known: dict[str, str]) -> str | None:
    """The unit whose known name is clearly the closest to `text`, or None."""
    scores: dict[str, float] = {}
    for form, unit in known.items():
        scores[unit] = max(scores.get(unit, 0.0), difflib.SequenceMatcher(None, plain(text), form).ratio())
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < NAME_MATCH or (len(ranked) > 1 and ranked[1][1] > ranked[0][1] - NAME_MARGIN):
        return None
    return ranked[0][0]


def about(row: ReadRow, lines: list[str]) -> list[str]:
    """The problem lines that name this row's position, without it."""
    return [line[len(row.where) + 1:].strip(" ,:") for line in lines
            if line.startswith(row.where + ",") or line.startswith(row.where + ":")]


# The first cell of a review file: its problems may name counts ("2 units"), which are not the publisher's title.
REVIEW_TITLE = "parwh ingest review of"


def is_review_title(text: str) -> bool:
    return text.startswith(REVIEW_TITLE)


def write_review(review: Path, rows: list[ReadRow], problems: str, source: Path) -> None:
    """The cells as read, one CSV row per row read, with each cell's confidence and the problems on that row in
    a last "Ghi chú" column (a notes column, ignored when the corrected file is ingested)."""
    lines = problems.splitlines()
    width = max(len(row.cells) for row in rows)
    header_at = next((index for index, row in enumerate(rows) if is_header_row(row.cells)), None)
    placed = {line for row in rows for line in lines if line.startswith((row.where + ",", row.where + ":"))}
    out = [[f"{REVIEW_TITLE} {source.name}: the table as it was read. Correct the cells against "
            f"{source.name}, then ingest this file as a table with its --source-url. Problems: "
            + " ".join(line for line in lines if line not in placed)]]
    for index, row in enumerate(rows):
        mine = about(row, lines)
        sure = ", ".join(f"{value:.2f}" if value is not None else "-" for value in (row.confidence or []))
        note = "Ghi chú" if index == header_at else f"{row.position}; confidence {sure or 'exact'}" + (
            f"; PROBLEM: {' / '.join(mine)}" if mine else "")
        out.append(row.cells + [""] * (width - len(row.cells)) + [note])
    review.parent.mkdir(parents=True, exist_ok=True)
    with review.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(out)
