"""The raw seed as ingest sees it: what is held, where a new statement differs, and the atomic append."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from parwh.observations import OBSERVATION_COLUMNS, csv_text, write_atomically
from parwh.unit_names import UnitNames, read_seed, vintage_of

RAW_SEED = Path("seeds/raw/raw_observations.csv")


def metric_catalogue(project: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(row["index_code"], row["unit_level"], row["metric"]): row for row in read_seed(project, "ref_metrics")}


def read_held(project: Path) -> list[dict[str, str]]:
    with (project / RAW_SEED).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def fact_keys(rows: list[dict[str, str]], names: UnitNames, metrics: dict) -> list[tuple]:
    """(index, year, level, unit key, canonical metric) of each row."""
    keys: list[tuple] = [()] * len(rows)
    groups = defaultdict(list)
    for position, row in enumerate(rows):
        groups[(row["unit_level"], vintage_of(names.project, int(row["year"])))].append(position)
    for (level, vintage), positions in groups.items():
        units = names.resolve_all(level, vintage, [rows[p]["unit_name_as_written"] for p in positions])
        for position, unit in zip(positions, units):
            row = rows[position]
            metric = metrics.get((row["index_code"], level, row["metric"]), {}).get("canonical_metric", row["metric"])
            keys[position] = (row["index_code"], int(row["year"]), level, unit, metric)
    return keys


def differences(new: list[dict[str, str]], held: list[dict[str, str]], names: UnitNames,
                metrics: dict) -> list[str]:
    """Where a new statement gives another number than one already held for the same fact."""
    releases = {(row["index_code"], row["year"]) for row in new}
    held = [row for row in held if (row["index_code"], row["year"]) in releases]
    held_by_fact = defaultdict(list)
    for row, key in zip(held, fact_keys(held, names, metrics)):
        held_by_fact[key].append(row)
    lines = []
    for row, key in zip(new, fact_keys(new, names, metrics)):
        for other in held_by_fact.get(key, []):
            for name in ("value", "rank"):
                if row[name] and other[name] and Decimal(row[name]) != Decimal(other[name]):
                    lines.append(f"  {row['unit_name_as_written']} {row['index_code']} {row['year']} {key[4]} {name}: "
                                 f"{row[name]} here; {other[name]} held ({other['observation_id']}, "
                                 f"{other['source_url']})")
    return lines


def append_rows(seed: Path, rows: list[dict[str, str]]) -> None:
    """Existing bytes kept as they are, new rows after them, in one atomic replace (under the build lock)."""
    for stale in seed.parent.glob(f".{seed.name}.*.tmp"):  # left by an ingest killed while writing
        stale.unlink()
    original = seed.read_bytes()
    new = csv_text(OBSERVATION_COLUMNS, rows, header=False).encode("utf-8")
    write_atomically(seed, original + (b"" if original.endswith(b"\n") else b"\n") + new)
