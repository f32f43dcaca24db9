"""parwh ingest: see command.py. Tables in tables.py, statement files in statements.py, the seed in seeds.py."""

from parwh.ingest.command import ingest
from parwh.ingest.problems import IngestError
from parwh.ingest.tables import TableOptions

__all__ = ["IngestError", "TableOptions", "ingest"]
