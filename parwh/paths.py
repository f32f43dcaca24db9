"""Where things live, relative to the project root."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
PUBLISHED_DB = WAREHOUSE_DIR / "par_sipas.duckdb"
# Same basename as the published file, so the catalog name inside the file does not change.
BUILD_DB = WAREHOUSE_DIR / "build" / "par_sipas.duckdb"
README = PROJECT_DIR / "README.md"
