"""parwh bench, ingest section: a 63-row table appended, and tables far beyond any release refused.

Every table is SYNTHETIC (made-up scores for the 63 provinces, repeated to size), written to a scratch folder and
ingested into a scratch copy of the project; the real seeds are never touched.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from parwh import paths

# (label, size in bytes; None: one table of the 63 provinces)
INPUTS = [("63-row table", None), ("3 MB table", 3 * 1024 * 1024), ("19 MB table", 19 * 1024 * 1024),
          ("30 MB table", 30 * 1024 * 1024)]
OPTIONS = ["--index", "SIPAS", "--year", "2017", "--level", "province",
           "--source-url", "https://example.invalid/synthetic-bench-table"]


def write_table(path: Path, size: int | None) -> Path:
    with (paths.PROJECT_DIR / "seeds/reference/ref_provinces_63.csv").open(encoding="utf-8") as file:
        names = [row["name_vi"] for row in csv.DictReader(file)]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        writer.writerows([["SYNTHETIC BENCHMARK TABLE - SỐ LIỆU GIẢ"], ["STT", "Tỉnh, thành phố", "Chỉ số SIPAS (%)",
                                                                        "Xếp hạng"]])
        number = 0
        while number == 0 or (size is not None and file.tell() < size):
            for rank, name in enumerate(names, start=1):
                number += 1
                writer.writerow([number, name, f"{90 - rank * 0.2:.2f}".replace(".", ","), rank])
    return path


def scratch_project(destination: Path) -> Path:
    for name in paths.PROJECT_FILES:
        source, target = paths.PROJECT_DIR / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    return destination


def measure_ingest(table: Path, project: Path):
    """One `parwh ingest` in its own process: (Sample of wall time and own peak RSS, exit status, output)."""
    from parwh.bench import Sample, launched_by_launcher  # bench imports this module lazily; no cycle

    env = {**os.environ, "PARWH_PROJECT_DIR": str(project)}
    command = [sys.executable, "-m", "parwh.cli", "ingest", str(table), *OPTIONS]
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        launched = subprocess.run(launched_by_launcher(result.name, command), cwd=project, env=env,
                                  capture_output=True, text=True)
        figures = json.loads(Path(result.name).read_text() or "{}")
    if figures.get("code") not in (0, 1):
        raise RuntimeError(f"parwh ingest {table.name} crashed:\n{launched.stdout[-2000:]}{launched.stderr[-2000:]}")
    return Sample(figures["seconds"], figures["rss_kb"] / 1024), figures["code"], launched.stderr or launched.stdout


def run_ingest_bench(runs: int) -> list[dict]:
    from parwh.bench import summary

    results = []
    with tempfile.TemporaryDirectory(prefix="parwh-bench-ingest-") as scratch_dir:
        scratch = Path(scratch_dir)
        for label, size in INPUTS:
            table = write_table(scratch / f"synthetic_{label.replace(' ', '_')}.csv", size)
            samples, outcome = [], ""
            for run in range(runs):
                project = scratch_project(scratch / f"project_{run}")
                sample, code, output = measure_ingest(table, project)
                samples.append(sample)
                outcome = "appended" if code == 0 else "refused: " + output.strip().splitlines()[0].split(": ", 2)[-1]
                shutil.rmtree(project)
                print(f"  ingest {label}, run {run + 1}/{runs}: {sample.seconds:.2f} s, {sample.peak_rss_mb:.0f} MB",
                      flush=True)
            results.append({"label": label, "bytes": table.stat().st_size, "outcome": outcome, **summary(samples)})
            table.unlink()
    return results


def ingest_section(runs: int) -> str:
    """The ingest figures and targets as markdown, for BENCHMARKS.md."""
    print(f"ingest: {runs} runs per table", flush=True)
    results = run_ingest_bench(runs)
    lines = ["", "## Ingest", "", "`parwh ingest` of SYNTHETIC tables into a scratch copy, each run in its own process "
             "(Python start-up included). Limits: 20 MB per file, 50,000 rows, 200 columns (parwh/readers/).", "",
             "| input | bytes | outcome | wall s | peak RSS MB |", "|---|---|---|---|---|"]
    for result in results:
        lines.append(f"| {result['label']} | {result['bytes']:,} | {result['outcome'][:90]} | "
                     f"{result['median_s']:.2f} ({result['min_s']:.2f}-{result['max_s']:.2f}) | "
                     f"{result['max_rss_mb']:.0f} |")
    by_label = {result["label"]: result for result in results}
    big, small = by_label["30 MB table"], by_label["63-row table"]
    big_met = big["outcome"].startswith("refused") and big["max_s"] < 10 and big["max_rss_mb"] < 500
    small_met = small["outcome"] == "appended" and small["max_s"] < 2
    lines += ["", f"- A 30 MB table refused within 10 s and 500 MB: {big['max_s']:.2f} s, {big['max_rss_mb']:.0f} MB "
              f"(slowest run), **{'met' if big_met else 'missed'}**.",
              f"- A 63-row table ingested within 2 s: {small['max_s']:.2f} s (slowest run), "
              f"**{'met' if small_met else 'missed'}**.", ""]
    return "\n".join(lines)
