"""The rules a cited statement's fields follow. Their home is the build's (dbt vars in dbt_project.yml, the seeds
ref_releases and ref_metrics), so ingest refuses exactly what the build's tests on raw_observations refuse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from parwh.project_vars import dbt_vars
from parwh.unit_names import read_seed


@dataclass
class Rules:
    source_url: re.Pattern
    source_date: re.Pattern
    releases: set[tuple[str, int]]  # (index, year) of every release
    signed_metrics: set[tuple[str, str, str]]  # (index, level, metric) whose value may be negative: changes

    @classmethod
    def load(cls, project: Path) -> Rules:
        rules = dbt_vars(project)
        return cls(
            re.compile(rules["source_url_pattern"], re.IGNORECASE),
            re.compile(rules["source_date_pattern"]),
            {(row["index_code"], int(row["year"])) for row in read_seed(project, "ref_releases")},
            {(row["index_code"], row["unit_level"], row["metric"]) for row in read_seed(project, "ref_metrics")
             if row["metric_kind"].endswith("change")},
        )

    def is_web_address(self, text: str) -> bool:
        return bool(self.source_url.search(text.strip()))

    def is_dated(self, text: str) -> bool:
        """YYYY, YYYY-MM or YYYY-MM-DD that is a real calendar date, then perhaps a note."""
        match = self.source_date.search(text.strip())
        if not match:
            return False
        parts = [int(part) for part in match.group(1).split("-")]
        year, month, day = parts + [1] * (3 - len(parts))  # YYYY or YYYY-MM: the first day
        try:
            return len(match.group(1)) == 4 or bool(date(year, month, day))
        except ValueError:
            return False

    def has_release(self, index_code: str, year: int) -> bool:
        return (index_code, year) in self.releases

    def may_be_negative(self, index_code: str, unit_level: str, metric: str) -> bool:
        return (index_code, unit_level, metric) in self.signed_metrics

    def sign_problem(self, index_code: str, unit_level: str, metric: str, value: Decimal) -> bool:
        return value < 0 and not self.may_be_negative(index_code, unit_level, metric)
