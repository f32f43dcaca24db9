"""Where things live, relative to the project root."""

import os
from pathlib import Path

# PARWH_PROJECT_DIR lets tests and scratch copies run the same code on another checkout.
PROJECT_DIR = Path(os.environ.get("PARWH_PROJECT_DIR", Path(__file__).resolve().parents[1]))
WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
PUBLISHED_DB = WAREHOUSE_DIR / "par_sipas.duckdb"
# Same basename as the published file, so the catalog name inside the file does not change.
BUILD_DB = WAREHOUSE_DIR / "build" / "par_sipas.duckdb"
README = PROJECT_DIR / "README.md"
# Great Expectations Data Docs of the last gate run
QUALITY_DIR = WAREHOUSE_DIR / "quality"
