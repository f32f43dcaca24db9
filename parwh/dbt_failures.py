"""The rows behind each failed dbt test, so a build that stops on a seed row names it (dbt prints only a count)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import duckdb

OBSERVATIONS_SEED = Path("seeds/raw/raw_observations.csv")
ROWS_SHOWN = 10


def seed_lines(project: Path) -> dict[str, list[int]]:
    """observation_id -> its lines in the observations seed (two when an id is duplicated)."""
    lines = defaultdict(list)
    with (project / OBSERVATIONS_SEED).open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        for row in reader:
            lines[row["observation_id"]].append(reader.line_num)
    return lines


def failed_test_rows(run_results: Path, database: Path, project: Path) -> str:
    """Each failed test with its first rows (and their seed lines), or "" when nothing can be shown."""
    try:
        results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return ""
    failed = [result for result in results if result.get("unique_id", "").startswith("test.")
              and result.get("status") == "fail" and result.get("compiled_code")]
    if not failed or not database.exists():
        return ""
    lines = seed_lines(project)
    report = []
    with duckdb.connect(str(database), read_only=True) as con:
        for result in failed:
            name = result["unique_id"].split(".")[2]
            try:
                cursor = con.execute(f"select * from ({result['compiled_code']}) limit {ROWS_SHOWN}")
            except duckdb.Error:
                continue
            columns = [column[0] for column in cursor.description]
            report.append(f"dbt test {name} failed ({result.get('failures')} row(s)):")
            for row in cursor.fetchall():
                values = dict(zip(columns, row))
                where = lines.get(str(values.get("observation_id") or values.get("unique_field") or ""), [])
                at = f"  ({OBSERVATIONS_SEED} line {', '.join(map(str, where))})" if where else ""
                report.append("  " + ", ".join(f"{key}={value}" for key, value in values.items()) + at)
    return "\n".join(report)
