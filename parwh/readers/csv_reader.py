"""CSV text (comma, semicolon or tab between cells) in one streaming pass that stops at the row limit."""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from pathlib import Path

from parwh.readers import MAX_COLUMNS, Position, ReadOptions, ReadRow, ReadTable, TableError, too_many_rows
from parwh.readers.text import clean, repair_mojibake, sniff_encoding

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
EXCEL_SEPARATOR = re.compile(r"sep=([,;\t])")
SAMPLE_LINES = 200  # the delimiter is chosen on the first lines, not by parsing the whole file once per candidate


def table_shape(rows: list[list[str]]) -> tuple[int, int]:
    """(how many rows share the commonest width, that width): a table has many rows of one width."""
    widths = Counter(len(cells) for cells in rows if len(cells) > 1)
    if not widths:
        return 0, 0
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    return count, width


def sniff_delimiter(path: Path, codec: str) -> str:
    """Comma, semicolon (Excel with a decimal-comma locale) or tab (Excel's "Unicode text"): the one a first line
    "sep=;" names (Excel writes it), else the one that splits the first lines into the most rows of one width."""
    with path.open(encoding=codec, newline="") as file:
        sample = list(itertools.islice(file, SAMPLE_LINES))
    if sample and (named := EXCEL_SEPARATOR.fullmatch(sample[0].lstrip("\ufeff").rstrip("\r\n"))):
        return named.group(1)

    def rows(delimiter: str) -> list[list[str]]:
        try:
            return list(csv.reader(sample, delimiter=delimiter))
        except csv.Error:
            return []
    return max(DELIMITERS, key=lambda delimiter: table_shape(rows(delimiter)))


def refuse_mojibake(cells: list[str], position: Position) -> None:
    text = " ".join(cells)
    if text.isascii():
        return
    repaired = repair_mojibake(text)
    if repaired:
        raise TableError(
            f"{position}: {text[:60]!r} is garbled text: it reads as {repaired[:60]!r}. The file was opened with the "
            "wrong encoding and saved again; export the original as CSV UTF-8.")


def read_csv(path: Path, options: ReadOptions) -> ReadTable:
    codec, encoding = sniff_encoding(path)
    delimiter = sniff_delimiter(path, codec)
    rows: list[ReadRow] = []
    # newline="": only \n, \r and \r\n end a line, as in the user's editor; U+2028 and its kind stay in the cell
    with path.open(encoding=codec, newline="") as file:
        reader = csv.reader(file, delimiter=delimiter)
        line_before = 0
        try:
            for raw in reader:
                position = Position(path, line_before + 1)  # where the row starts (a quoted cell may span lines)
                line_before = reader.line_num
                cells = [clean(cell) for cell in raw]
                if not any(cells) or (position.line == 1 and EXCEL_SEPARATOR.fullmatch(delimiter.join(raw))):
                    continue
                if len(cells) > MAX_COLUMNS:
                    raise TableError(f"{position}: {len(cells)} cells; a table has at most {MAX_COLUMNS} columns. "
                                     "Check the delimiter and the quoting on that line.")
                refuse_mojibake(cells, position)
                rows.append(ReadRow(cells, position))
                if len(rows) > options.max_rows:
                    raise too_many_rows(path, options.max_rows)
        except csv.Error as error:
            hint = ("an opening quote that is never closed swallows the rest of the file"
                    if "field larger" in str(error) else "check the quoting on that line")
            raise TableError(f"{path}: line {line_before + 1}: {error}; {hint}.") from None
    return ReadTable(rows, f"{encoding}, {DELIMITERS[delimiter]} between cells")
