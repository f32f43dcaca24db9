"""Copy the gathered observations and reference tables from ../shared/data into seeds/.

Run once per new delivery of shared data: `python scripts/import_shared_data.py [SHARED_DATA_DIR]`.
The project builds from seeds/ alone; this script only documents (and repeats) how they were made.
Nothing is edited: rows are copied as written, exact duplicates are dropped, and each row gets a
stable id, the language of its quote and the kind of its source.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parwh.observations import (  # noqa: E402
    OBSERVATION_COLUMNS,
    enrich_observation,
    write_csv,
)

DEFAULT_SHARED = ROOT.parent / "shared" / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def import_observations(shared: Path) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(shared.glob("sources/*/observations.csv")):
        for raw in read_csv(path):
            row = enrich_observation(raw, dataset=path.parent.name)
            rows.setdefault(row["observation_id"], row)  # first copy of a duplicate wins
    return sorted(rows.values(), key=lambda r: (r["dataset"], r["observation_id"]))


def import_provinces(shared: Path) -> list[dict[str, str]]:
    return [
        {
            "unit_code": r["gso_code"],
            "name_vi": r["name_vi"],
            "name_ascii": r["name_ascii"],
            "name_en": r["name_en"],
            "is_central_city": r["is_central_city"],
            "region_vi": r["region_vi"],
            "region_en": r["region_en"],
            "aliases": r["aliases"],
        }
        for r in read_csv(shared / "reference" / "provinces_63.csv")
    ]


def import_merger(shared: Path) -> list[dict[str, str]]:
    return read_csv(shared / "reference" / "merger_2025.csv")


def ingested_rows() -> list[dict[str, str]]:
    """Rows `parwh ingest` added from tables (dataset "ingest:<file>"): they are not in the shared data."""
    return [row for row in read_csv(ROOT / "seeds/raw/raw_observations.csv") if row["dataset"].startswith("ingest:")]


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    observations = import_observations(shared)
    held = {row["observation_id"] for row in observations}
    observations += [row for row in ingested_rows() if row["observation_id"] not in held]
    write_csv(ROOT / "seeds/raw/raw_observations.csv", OBSERVATION_COLUMNS, observations)
    provinces = import_provinces(shared)
    write_csv(ROOT / "seeds/reference/ref_provinces_63.csv", list(provinces[0]), provinces)
    merger = import_merger(shared)
    write_csv(ROOT / "seeds/reference/ref_merger_2025.csv", list(merger[0]), merger)
    print(f"{len(observations)} observations, {len(provinces)} provinces, {len(merger)} merger rows")


if __name__ == "__main__":
    main()
