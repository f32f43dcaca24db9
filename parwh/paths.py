"""Where things live, relative to the project root."""

import os
import sys
from pathlib import Path

# PARWH_PROJECT_DIR lets tests and scratch copies run the same code on another checkout.
PROJECT_DIR = Path(os.environ.get("PARWH_PROJECT_DIR", Path(__file__).resolve().parents[1]))
README = PROJECT_DIR / "README.md"
# What a scratch copy of the project needs to build (tests and the benchmark make such copies).
PROJECT_FILES = ["dbt_project.yml", "profiles.yml", "README.md", "seeds", "models", "macros", "tests/dbt"]
DBT_TARGET_DIR = PROJECT_DIR / "target"

# What is served: readers open these.
WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
PUBLISHED_DB = WAREHOUSE_DIR / "par_sipas.duckdb"
EXPORTS_DIR = WAREHOUSE_DIR / "exports"
DOCS_DIR = WAREHOUSE_DIR / "docs"
REPORT_DIR = WAREHOUSE_DIR / "report"
# Every published data version, kept: <release name>/ with each mart's Parquet, manifest.json, CHANGES.md
RELEASES_DIR = WAREHOUSE_DIR / "releases"
# Great Expectations Data Docs of the last gate run (also of a failed one: that is when they are needed)
QUALITY_DIR = WAREHOUSE_DIR / "quality"

# Where a build writes before it is published; readers never look here.
BUILD_LOCK = WAREHOUSE_DIR / ".build.lock"
BUILD_DIR = WAREHOUSE_DIR / "build"
# Same basename as the published file, so the catalog name inside the file does not change.
BUILD_DB = BUILD_DIR / PUBLISHED_DB.name
BUILD_EXPORTS_DIR = BUILD_DIR / EXPORTS_DIR.name
BUILD_DOCS_DIR = BUILD_DIR / DOCS_DIR.name
BUILD_REPORT_DIR = BUILD_DIR / REPORT_DIR.name


def dbt_executable() -> str:
    """The dbt installed beside the running Python (the project's venv), else the one on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def shown(path: Path) -> str:
    """A path as the user should read it: relative to the project when it is inside."""
    return str(path.relative_to(PROJECT_DIR)) if path.is_relative_to(PROJECT_DIR) else str(path)
