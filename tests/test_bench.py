"""parwh bench runs end to end, one section per test (it proves the script works; no test asserts a time)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_parwh

PROJECT_DIR = Path(__file__).resolve().parents[1]


def bench(tmp_path: Path, *options: str) -> str:
    out = tmp_path / "BENCHMARKS.md"
    result = run_parwh(PROJECT_DIR, "bench", "--runs", "1", "--out", str(out), *options)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out.read_text(encoding="utf-8")


def test_bench_runs_at_a_tiny_size_and_its_three_paths_agree(tmp_path: Path) -> None:
    text = bench(tmp_path, "--only", "scale", "--sizes", "30x3x2")
    rows = [line for line in text.splitlines() if line.startswith("| 30x3x2 |")]
    assert [row.split("|")[3].strip() for row in rows] == ["dbt", "duckdb", "pandas"]
    assert all(row.rstrip(" |").endswith("yes") for row in rows), rows  # same rankings and deltas on every path
    assert "| 180 |" in text  # rows = 30 x 3 x 2
    assert "Only these sections were measured (`--only`): scale." in text
    assert "## Main job" not in text and "## Documents" not in text  # nothing else ran


def test_bench_main_job_stages_are_all_measured(tmp_path: Path) -> None:
    text = bench(tmp_path, "--only", "stages")
    for stage in ["dbt parse", "seeds", "models", "dbt tests", "gate", "exports", "report", "publish"]:
        assert re.search(rf"^\| {stage} \| [0-9.]+ \(", text, re.MULTILINE), stage
    assert "| total of the stages, warm |" in text


def test_bench_measures_parwh_build_end_to_end(tmp_path: Path) -> None:
    text = bench(tmp_path, "--only", "build")
    assert re.search(r"^\| \*\*`parwh build` end to end\*\* .* \| [0-9.]+ \(.* \| [0-9.]+ \(", text, re.MULTILINE)


def test_bench_puts_the_dbt_part_beside_its_floor_with_the_same_results(tmp_path: Path) -> None:
    text = bench(tmp_path, "--only", "floor")
    counts = re.search(r"\((\d+) seeds, (\d+) models, (\d+) tests\)", text)
    assert counts and all(int(count) > 0 for count in counts.groups()), "the floor must run every kind of node"
    assert "Results agree (every table row for row, every data test's failing rows): yes." in text
    assert "| floor |" in text and re.search(r"dbt part at most 4x its floor: .* = [0-9.]+x", text)
