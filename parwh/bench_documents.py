"""parwh bench, documents: time and peak memory to ingest a 100-page PDF whose table sits on three pages, and one
image read by Tesseract. The documents are MADE-UP, written by tests/fixtures/documents/make_documents.py (a
test tool: reportlab comes with the test dependencies). Each ingest is a dry run: nothing is written."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from parwh import paths
from parwh.bench import measure, python_step, summary

GENERATOR = Path("tests/fixtures/documents/make_documents.py")


def generator():
    spec = importlib.util.spec_from_file_location("make_documents", paths.PROJECT_DIR / GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def write_documents(folder: Path) -> dict[str, tuple[Path, str, str]]:
    """name -> (file, index, year) of each document measured."""
    make = generator()
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "made_up_report_100_pages.pdf"
    make.write_pdf(report, make.sipas_2017(), [20, 24, 19], [True, True, False], prose_pages_before=60,
                   prose_pages_after=37)
    image = folder / "made_up_ranking_image.jpg"
    make.save_jpeg(make.degrade(make.render_image(make.par_2025()), seed=7), image, quality=80)
    return {"100-page PDF, table on pages 61-63 (SIPAS 2017, 63 rows)": (report, "SIPAS", "2017"),
            "one image, 34 rows, by Tesseract": (image, "PAR_INDEX", "2025")}


def run_documents(runs: int, scratch: Path) -> list[str]:
    """Markdown lines: one row per document with its median wall time and peak memory."""
    lines = ["", "## Documents: parwh ingest --dry-run of a PDF report and an image (made-up)", "",
             "| document | median wall s | min-max s | peak RSS MB | runs |", "|---|---|---|---|---|"]
    for name, (file, index, year) in write_documents(scratch / "documents").items():
        samples = []
        for run in range(runs):
            samples.append(measure(python_step("document_ingest", str(file), index, year), dict(os.environ),
                                   paths.PROJECT_DIR))
            print(f"  {name}, run {run + 1}/{runs}: {samples[-1].seconds:.1f} s, "
                  f"{samples[-1].peak_rss_mb:.0f} MB", flush=True)
        figure = summary(samples)
        lines.append(f"| {name} | {figure['median_s']:.2f} | {figure['min_s']:.2f}-{figure['max_s']:.2f} | "
                     f"{figure['max_rss_mb']:.0f} | {figure['runs']} |")
    return lines
