"""The release a table is ingested as, from the reference seeds, and the reading of one table as that release."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parwh.ingest.problems import Findings, IngestError
from parwh.unit_names import read_seed, vintage_of


@dataclass
class Release:
    index_code: str
    year: int
    unit_level: str
    expected_units: int | None
    vintage: str
    part_maxima: dict[str, Decimal]  # part metric -> its stated maximum (ref_score_parts)
    sum_rules: dict[str, list[str]]  # whole metric -> the parts that add up to it (ref_score_parts)


@dataclass
class Reading:
    """One table being read as one release: its file, the release, whether it is only an extract (--partial),
    and the problems found so far."""
    path: Path
    release: Release
    partial: bool
    findings: Findings


def load_release(project: Path, index_code: str, year: int, unit_level: str) -> Release:
    for row in read_seed(project, "ref_releases"):
        if (row["index_code"], int(row["year"]), row["unit_level"]) == (index_code, year, unit_level):
            maxima, rules = score_parts(project, index_code, year, unit_level)
            return Release(index_code, year, unit_level, int(row["expected_units"]), vintage_of(project, year),
                           maxima, rules)
    raise IngestError(f"no release {index_code} {year} {unit_level} in seeds/reference/ref_releases.csv: add it "
                      "there (with the number of units and its source) before ingesting its table.")


def score_parts(project: Path, index_code: str, year: int,
                unit_level: str) -> tuple[dict[str, Decimal], dict[str, list[str]]]:
    """(part metric -> stated maximum, whole metric -> its parts) for one release, from ref_score_parts."""
    maxima: dict[str, Decimal] = {}
    rules: dict[str, list[str]] = defaultdict(list)
    for row in read_seed(project, "ref_score_parts"):
        if (row["index_code"], row["unit_level"], int(row["year"])) != (index_code, unit_level, year):
            continue
        if row["max_points"]:
            maxima[row["part_metric"]] = Decimal(row["max_points"])
        if row["whole_metric"]:
            rules[row["whole_metric"]].append(row["part_metric"])
    return maxima, rules
