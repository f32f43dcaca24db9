"""parwh ingest: see command.py. Statement files in statements.py, the seed in seeds.py. A results table in
tables.py: its header in headers.py, its rows in table_rows.py, its release (release.py) checked in
release_checks.py, OCR readings in ocr_checks.py."""

from parwh.ingest.command import IngestOptions, ingest
from parwh.ingest.problems import IngestError
from parwh.ingest.tables import TableOptions

__all__ = ["IngestError", "IngestOptions", "TableOptions", "ingest"]
