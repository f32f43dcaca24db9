"""Copy the gathered observations and reference tables from ../shared/data into seeds/.

Run once per new delivery of shared data: `python scripts/import_shared_data.py [SHARED_DATA_DIR]`.
The project builds from seeds/ alone; this script only documents (and repeats) how they were made.
Nothing is edited: rows are copied as written, exact duplicates are dropped, and each row gets a
stable id, the language of its quote and the kind of its source (from seeds/reference/ref_sources.csv).

A statement about an index and year that has no release in seeds/reference/ref_releases.csv is left out
and listed: the warehouse holds results of releases it can cite. The case so far: wave3's SIPAS "2015"
rows (10 provinces) come only from a secondary Hugging Face compilation (letrinhan/vn-sipas-provincial);
no source held says SIPAS 2015 was a national release, or over how many units (the national SIPAS
rankings of the 63 provinces start with 2017), so there is no release to attach them to. They stay in the
shared data and come in once a cited release row exists.
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


def released_index_years() -> set[tuple[str, str]]:
    return {(r["index_code"], r["year"]) for r in read_csv(ROOT / "seeds/reference/ref_releases.csv")}


def import_observations(shared: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(rows kept, rows left out because their index and year have no release)."""
    rows: dict[str, dict[str, str]] = {}
    left_out: list[dict[str, str]] = []
    releases = released_index_years()
    for path in sorted(shared.glob("sources/*/observations.csv")):
        for raw in read_csv(path):
            row = enrich_observation(raw, dataset=path.parent.name)
            if (row["index_code"], row["year"]) not in releases:
                left_out.append(row)
                continue
            rows.setdefault(row["observation_id"], row)  # first copy of a duplicate wins
    return sorted(rows.values(), key=lambda r: (r["dataset"], r["observation_id"])), left_out


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
    if not sorted(shared.glob("sources/*/observations.csv")):
        sys.exit(f"no sources/*/observations.csv under {shared}: pass the shared data folder as the argument")
    observations, left_out = import_observations(shared)
    for row in left_out:
        print(f"left out (no {row['index_code']} {row['year']} release in seeds/reference/ref_releases.csv): "
              f"{row['dataset']} {row['unit_name_as_written']} {row['metric']} {row['value']} {row['source_url']}")
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
