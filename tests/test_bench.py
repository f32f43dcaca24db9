"""parwh bench runs end to end at a tiny size (it proves the script works; no test asserts a time)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_parwh


def test_bench_runs_at_a_tiny_size_and_its_three_paths_agree(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    result = run_parwh(Path(__file__).resolve().parents[1], "bench", "--runs", "1", "--sizes", "30x3x2",
                       "--no-main-job", "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 30x3x2 |")]
    assert [row.split("|")[3].strip() for row in rows] == ["dbt", "duckdb", "pandas"]
    assert all(row.rstrip(" |").endswith("yes") for row in rows), rows  # same rankings and deltas on every path
    assert "| 180 |" in text  # rows = 30 x 3 x 2


def test_bench_main_job_stages_are_all_measured(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    result = run_parwh(Path(__file__).resolve().parents[1], "bench", "--runs", "1", "--sizes", "",
                       "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for stage in ["dbt parse", "seeds", "models", "dbt tests", "gate", "exports", "report", "publish"]:
        assert f"| {stage} |" in text
    # the dbt part of the build beside its floor (the compiled SQL straight in DuckDB), with the same results
    counts = re.search(r"\((\d+) seeds, (\d+) models, (\d+) tests\)", text)
    assert counts and all(int(count) > 0 for count in counts.groups()), "the floor must run every kind of node"
    assert "Results agree (every table row for row, every data test's failing rows): yes." in text
    assert "| floor |" in text and "dbt part at most 4x its floor" in text
