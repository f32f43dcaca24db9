"""Readers: every kind of file a table arrives in (CSV, XLSX; PDF and images in their own modules) becomes the same
thing, a ReadTable of ReadRows, each row with its position in the file. Everything after reading (finding the
header, reading values, release checks, messages, the atomic write: parwh/ingest/) is one path for all of them.

The interface a reader provides:

    def read_xxx(path: Path, options: ReadOptions) -> ReadTable

- rows: the non-empty rows in reading order. cells are the texts as a person sees them (Unicode NFC, no-break
  spaces as spaces, surrounding white space trimmed, every other character kept, line breaks inside a cell
  included); never padded, cut or merged: a row with a cell more or fewer than its header must stay so, the
  ingest refuses it (that is how an unquoted decimal comma is caught).
- position: file, line (1-based, as the user's editor or viewer shows it: a CSV line, a spreadsheet row, a line
  on a PDF page), sheet (XLSX) or page (PDF, image; 1-based); str(position) is what every message starts with.
- confidence: per cell, 0..1, for OCR; None for formats read exactly.
- how: one line saying how the file was read ("UTF-8, ';' between cells", "XLSX, sheet 'Kết quả'").
- refuse with TableError (message names the file, the position and what to do) rather than guess; respect
  options.max_rows (stop reading there, do not read on) and check the file against the limits below first.

Register a reader in READERS by suffix, as "module:function", imported only when such a file is read.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

# Stated limits: a release table has at most a few hundred rows (63 provinces, 34 units, ~20 ministries), the
# whole raw seed ~0.5 MB; a file far beyond these is refused before (or as soon as) it is read.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # non-empty rows of any file (a statements file included)
MAX_COLUMNS = 200
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what an XLSX (a zip) may unpack to


class TableError(ValueError):
    """The file cannot be read as a table; the message names the file and says what to do."""


@dataclass(frozen=True)
class Position:
    file: Path
    line: int
    sheet: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}: sheet {self.sheet!r}, line {self.line}"
        if self.page is not None:
            return f"{self.file}: page {self.page}, line {self.line}"
        return f"{self.file}: line {self.line}"


@dataclass
class ReadRow:
    cells: list[str]
    position: Position
    confidence: list[float | None] | None = None

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def where(self) -> str:
        return str(self.position)


@dataclass
class ReadTable:
    rows: list[ReadRow]
    how: str


@dataclass
class ReadOptions:
    sheet: str | None = None  # XLSX: the sheet to read (--sheet); None: the only visible one
    max_rows: int = MAX_ROWS
    max_file_bytes: int = MAX_FILE_BYTES
    extra: dict = field(default_factory=dict)  # reader-specific options (a PDF's pages, an OCR language)


READERS = {
    ".csv": "parwh.readers.csv_reader:read_csv",
    ".tsv": "parwh.readers.csv_reader:read_csv",
    ".txt": "parwh.readers.csv_reader:read_csv",
    ".xlsx": "parwh.readers.xlsx_reader:read_xlsx",
    ".xlsm": "parwh.readers.xlsx_reader:read_xlsx",
    ".pdf": "parwh.readers.pdf_reader:read_pdf",
    **{suffix: "parwh.readers.image_reader:read_image" for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff")},
}


def reader_for(path: Path):
    target = READERS.get(path.suffix.lower())
    if target is None:
        raise TableError(f"{path}: cannot read {path.suffix or 'files without a suffix'}; parwh ingest reads "
                         f"{', '.join(READERS)}. Export the table as CSV UTF-8 or XLSX.")
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)


def read_table(path: Path, options: ReadOptions | None = None) -> ReadTable:
    """The file's non-empty rows and how it was read; TableError if it cannot be read exactly."""
    options = options or ReadOptions()
    if not path.is_file():
        raise TableError(f"{path}: no such file." if not path.exists() else f"{path}: is a folder, not a file.")
    size = path.stat().st_size
    if size > options.max_file_bytes:
        raise TableError(f"{path}: {size / 1024 / 1024:.0f} MB is larger than any table or statements file should be "
                         f"(limit {options.max_file_bytes // 1024 // 1024} MB; a release table is a few KB). Check "
                         "that it is the right file, or split it into smaller files.")
    table = reader_for(path)(path, options)
    if not table.rows:
        raise TableError(f"{path}: the file is empty; nothing to ingest.")
    return table


def too_many_rows(path: Path, limit: int) -> TableError:
    return TableError(f"{path}: more than {limit:,} non-empty rows; a results table has a few hundred at most, and a "
                      f"statements file must stay under {limit:,}. Check that it is the right file, or split it.")
