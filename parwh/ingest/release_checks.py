"""A table's rows checked as a release: each unit once and all of them, unique ranks in score order, parts adding
up to their whole, averages inside the table's range, and the unit count a title states."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from parwh.ingest import ocr_checks
from parwh.ingest.headers import header_key
from parwh.ingest.problems import Findings
from parwh.ingest.release import Reading, Release
from parwh.ingest.table_rows import TableRow
from parwh.readers import ReadRow
from parwh.unit_names import UnitNames

SUM_TOLERANCE = Decimal("0.05")  # the gate's tolerance for parts summing to their whole
# A title that states how many units the table ranks: "... CỦA 63 TỈNH, THÀNH PHỐ", "19 bộ, cơ quan ngang bộ".
STATED_COUNT = re.compile(r"(?<![0-9.,])([0-9]{1,3})\s+(tinh|don vi|bo|dia phuong|provinces|ministries|units)\b")


def check_table(table: list[TableRow], names: UnitNames, reading: Reading) -> None:
    """The table as a release: each unit once, all of them, unique ranks in score order, parts adding up."""
    path, release, findings = reading.path, reading.release, reading.findings
    units = [row for row in table if row.level != "national" and row.unit_key]
    by_unit = grouped(units, lambda row: row.unit_key)
    for unit_key, rows in by_unit.items():
        if len(rows) > 1:
            findings.add(f"{path}: lines {lines_of(rows)}: the same unit ({names.display[unit_key]}) appears "
                         f"{len(rows)} times ({', '.join(repr(row.name) for row in rows)}); keep one row per unit.")
    if not reading.partial and release.expected_units is not None and len(by_unit) != release.expected_units:
        findings.add(f"{path}: {len(by_unit)} units, but {release.index_code} {release.year} {release.unit_level} has "
                     f"{release.expected_units} (seeds/reference/ref_releases.csv)."
                     f"{missing_units(by_unit, release, names)} If the table is only an extract, pass --partial.")
    for rank, rows in sorted(grouped([row for row in units if row.rank is not None], lambda row: row.rank).items()):
        if len(rows) > 1:
            findings.add(f"{path}: lines {lines_of(rows)}: rank {rank} is given to {len(rows)} units; official "
                         "ranks are unique.")
    check_rank_order(units, path, findings)
    check_sums(units, release.sum_rules, findings)


def grouped(rows: list[TableRow], key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def lines_of(rows: list[TableRow]) -> str:
    return ", ".join(str(row.line) for row in rows)


def check_sums(units: list[TableRow], rules: dict[str, list[str]], findings: Findings) -> None:
    """Where a row gives a whole and all its parts (ref_score_parts), the parts add up to it."""
    for row in units:
        for whole, parts in rules.items():
            if whole in row.values and all(part in row.values for part in parts):
                total = sum(row.values[part] for part in parts)
                if abs(total - row.values[whole]) > SUM_TOLERANCE:
                    findings.add(f"{row.where} ({row.name}): {' + '.join(parts)} = {total}, but {whole} "
                                 f"is {row.values[whole]}; the parts must add up to it (within {SUM_TOLERANCE}).")


def check_averages(table: list[TableRow], findings: Findings) -> None:
    """A stated average (a "Trung bình cả nước" row) lies within the lowest..highest unit of its own table."""
    units = [row for row in table if row.level != "national"]
    for average in (row for row in table if row.level == "national"):
        for metric, value in average.values.items():
            known = [row for row in units if metric in row.values]
            if len(known) < 2:
                continue
            low = min(known, key=lambda row: row.values[metric])
            high = max(known, key=lambda row: row.values[metric])
            if not low.values[metric] <= value <= high.values[metric]:
                findings.add(f"{average.where} ({average.name}): {metric} {value} lies outside the table's own "
                             f"{low.values[metric]} ({low.name}, line {low.line}) .. {high.values[metric]} "
                             f"({high.name}, line {high.line}); an average cannot. Check the row against the source.")


def check_stated_count(title_rows: list[ReadRow], table: list[TableRow], reading: Reading) -> None:
    """A title that says how many units it ranks ("... của 63 tỉnh") agrees with the release, or the extract."""
    release = reading.release
    units = sum(1 for row in table if row.level != "national")
    for row in title_rows:
        for text in row.cells:
            match = None if ocr_checks.is_review_title(text) else STATED_COUNT.search(header_key(text))
            if not match:
                continue
            stated = int(match.group(1))
            expected, what = (units, "rows in this extract") if reading.partial else (
                release.expected_units, f"units of {release.index_code} {release.year} {release.unit_level} "
                                        "(seeds/reference/ref_releases.csv)")
            if expected is not None and stated != expected:
                reading.findings.add(f"{row.where}: the title states {stated} units ({text[:80]!r}), but there are "
                                     f"{expected} {what}. Check --year and --level, or the table.")


def missing_units(by_unit: dict, release: Release, names: UnitNames) -> str:
    expected = {unit for (level, vintage, _), unit in names.lookup.items()
                if level == release.unit_level and vintage == (release.vintage if level == "province" else "")}
    missing = sorted(names.display[unit] for unit in expected - set(by_unit))
    if release.unit_level == "province" and missing and len(missing) <= 10:
        return f" Missing: {', '.join(missing)}."
    return ""


def check_rank_order(units: list[TableRow], path: Path, findings: Findings) -> None:
    """A higher score never has a worse rank (ties may be ranked either way)."""
    ranked = sorted((row for row in units if row.rank is not None and "total" in row.values),
                    key=lambda row: row.rank)
    for better, worse in zip(ranked, ranked[1:]):
        if better.values["total"] < worse.values["total"]:
            findings.add(f"{path}: lines {better.line} and {worse.line}: {better.name} is ranked {better.rank} with "
                         f"{better.values['total']}, {worse.name} is ranked {worse.rank} with "
                         f"{worse.values['total']}; ranks must follow the scores.")
