"""A results table in a PDF report (pdfplumber): found on the pages given or searched for, followed across pages.

The ministry's annexes are ruled tables on landscape pages: a title and "Phụ lục" above, header rows (a group
header over the component fields, a row of column numbers), then the units over two or three pages, the header
repeated or not. A page without a text layer (a scan) is read by OCR (image_reader), with confidences.
"""

from __future__ import annotations

import re
from pathlib import Path

from parwh.readers import Position, ReadOptions, ReadRow, ReadTable, TableError
from parwh.readers.text import clean

# Ruled tables first (the ministry's layout); a table drawn without lines is found from the text alignment.
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
UNRULED = {"vertical_strategy": "text", "horizontal_strategy": "text"}
HEADER_ROWS_SEARCHED = 8
FOOTNOTE_SIZE = 0.8  # characters smaller than this share of the body text are superscript footnote marks
SCAN_RESOLUTION = 300


def parse_pages(text: str) -> list[int]:
    """"12-14" or "3,5,7-8" -> page numbers; ValueError with what to write instead."""
    pages: list[int] = []
    for part in text.replace(" ", "").split(","):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise ValueError(f"--pages {text!r}: expected page numbers such as 12-14 or 3,5,7-8")
        pages += range(int(match.group(1)), int(match.group(2) or match.group(1)) + 1)
    return pages


def is_header_row(cells: list[str]) -> bool:
    """A unit column and a score or rank column, as the ingest reads headers."""
    from parwh.ingest.headers import column_role
    roles = {column.role for cell in cells if cell and (column := column_role([cell], {}, {}))}
    return "name" in roles and bool(roles & {"total", "rank"})


def without_footnote_marks(page):
    """The page without superscript marks ("Hà Nội¹"), told apart from the text by their smaller size."""
    sizes = sorted(char["size"] for char in page.chars)
    body = sizes[len(sizes) // 2] if sizes else 0
    return page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] >= FOOTNOTE_SIZE * body)


def cell_text(text: str | None) -> str:
    """A cell as printed; a name wrapped onto two lines inside its cell is one name."""
    return clean(" ".join((text or "").split()))


def line_numbers(words: list[dict]) -> list[float]:
    """The top of each text line on the page, so a row's position is the line a person counts to."""
    tops: list[float] = []
    for word in sorted(words, key=lambda word: word["top"]):
        if not tops or word["top"] - tops[-1] > 2:
            tops.append(word["top"])
    return tops


def may_hold_table(words: list[dict]) -> bool:
    """At least three text lines with two numbers each: a cheap test that spares prose pages the table search."""
    numbers: dict[int, int] = {}
    for word in words:
        if numeric(word["text"]):
            numbers[round(word["top"])] = numbers.get(round(word["top"]), 0) + 1
    return sum(1 for count in numbers.values() if count >= 2) >= 3


def page_tables(page) -> list[list[tuple[list[str], float]]]:
    """Each table on the page as (cells, top) rows, ruled ones first, else one read from the text alignment."""
    page = without_footnote_marks(page)
    tables = (page.find_tables(RULED) if page.edges else []) or page.find_tables(UNRULED)
    found = []
    for table in tables:
        rows = [([cell_text(text) for text in cells], row.bbox[1])
                for cells, row in zip(table.extract(), table.rows)]
        found.append([(cells, top) for cells, top in rows if any(cells)])
    return [table for table in found if table]


def numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%\s]+", cell) and re.search(r"\d", cell))


def header_end(rows: list[tuple[list[str], float]]) -> int | None:
    """Index of the first data row after a header, or None when the table has no header with numbers below it
    (a page of prose, whose words may well include "tỉnh" and "chỉ số", is no table)."""
    for index, (cells, _) in enumerate(rows[:HEADER_ROWS_SEARCHED]):
        if is_header_row(cells):
            end = index + 1
            while end < len(rows) and not any(numeric(cell) for cell in rows[end][0]):
                end += 1
            below = rows[end:end + 3]
            if below and all(sum(numeric(cell) for cell in cells) >= 2 for cells, _ in below):
                return end
    return None


def read_pdf(path: Path, options: ReadOptions) -> ReadTable:
    import pdfplumber  # here, not at the top: a CSV ingest should not pay its import (0.6 s)

    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise TableError(f"{path}: cannot be opened as a PDF ({type(error).__name__}: {error}); check that the "
                         "download is complete, or print the pages to a new PDF.") from None
    with pdf:
        count = len(pdf.pages)
        wanted = options.extra.get("pages") or list(range(1, count + 1))
        beyond = [page for page in wanted if page > count]
        if beyond:
            raise TableError(f"{path}: has {count} pages; --pages asks for page {beyond[0]}.")
        rows, scanned = follow_table(path, pdf, wanted, bool(options.extra.get("pages")))
    how = f"PDF, pages {rows[0].position.page}-{rows[-1].position.page}" + (", read by OCR" if scanned else "")
    return ReadTable(rows, how)


def follow_table(path: Path, pdf, wanted: list[int], pages_given: bool) -> tuple[list[ReadRow], bool]:
    """The first table with a header on the pages wanted, then its continuation on the pages that follow."""
    rows: list[ReadRow] = []
    header: list[list[str]] = []
    width = 0
    scanned = False
    for number in wanted:
        page = pdf.pages[number - 1]
        if not page.chars:
            if not page.images:
                continue
            from parwh.readers.image_reader import ocr_rows  # a scan: OCR, only when one is met
            ocr = ocr_rows(page.to_image(resolution=SCAN_RESOLUTION).original, path, number)
            rows += [row for row in ocr if row.cells not in header] if rows else ocr
            header = header or [row.cells for row in ocr[:HEADER_ROWS_SEARCHED]]
            scanned = True
            continue
        words = page.extract_words()
        tables = page_tables(page) if may_hold_table(words) else []
        lines = line_numbers(words)
        page.close()  # pdfplumber keeps each page's objects otherwise: a 100-page report would stay in memory
        if not rows:
            start = next(((table, end) for table in tables if (end := header_end(table)) is not None), None)
            if start is None:
                continue
            table, end = start
            header = [cells for cells, _ in table[:end]]
            width = len(table[0][0])
        else:
            table = next((table for table in tables if len(table[0][0]) == width), None)
            if table is None or (header_end(table) is not None and table[0][0] not in header):
                break  # the table ended on the page before (another table may start here)
            table = [(cells, top) for cells, top in table if cells not in header]  # a repeated header
        rows += [ReadRow(cells, Position(path, line_of(top, lines), page=number)) for cells, top in table]
    if not rows:
        where = f"pages {', '.join(map(str, wanted))}" if pages_given else "any page"
        raise TableError(f"{path}: no results table on {where}: expected a table whose header names the units "
                         "(\"Tỉnh, thành phố\", \"Bộ, cơ quan ngang bộ\") and a score or rank (\"Chỉ số\", "
                         "\"Xếp hạng\"). Give the annex pages with --pages, e.g. --pages 12-14.")
    return rows, scanned


def line_of(top: float, lines: list[float]) -> int:
    return 1 + sum(1 for line in lines if line < top - 2)
