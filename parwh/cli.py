"""parwh: the project's command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from parwh import paths
from parwh.errors import ParwhError
from parwh.lifeline import stop_with_parent

# What `parwh bench --only` can pick; all of them by default. A target is judged only when the sections its
# figures come from ran (the main job's: stages, build and floor).
BENCH_SECTIONS = {
    "stages": "each stage of the main job in its own process, cold and warm",
    "build": "`parwh build` end to end, cold and warm",
    "floor": "the dbt part of the build beside its floor",
    "scale": "the ranking and delta SQL on synthetic data (--sizes)",
    "documents": "parwh ingest --dry-run of a made-up PDF report and an image",
    "ingest": "parwh ingest of tables from 63 rows to 30 MB",
}

# Read before anything slow, so that --stop-with-parent can tell if the parent died while Python started.
PARENT_PID = os.getppid()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parwh", description="PAR INDEX & SIPAS warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser(
        "build", help="dbt build into a fresh file, test it, gate it, export it, publish warehouse/par_sipas.duckdb")
    build_parser.add_argument("--stop-with-parent", action="store_true",
                              help="stop if the calling process dies (make build uses it, so kill -9 of make "
                                   "stops the whole build)")
    validate_parser = commands.add_parser(
        "validate", help="run the Great Expectations gate on a warehouse file; Data Docs go to warehouse/quality/")
    validate_parser.add_argument("--database", type=Path, default=paths.PUBLISHED_DB,
                                 help="DuckDB file to check (default: the published warehouse)")
    report_parser = commands.add_parser(
        "report", help="write the offline report page from a warehouse file (parwh build does it for every build)")
    report_parser.add_argument("--database", type=Path, default=paths.PUBLISHED_DB,
                               help="DuckDB file to read (default: the published warehouse)")
    report_parser.add_argument("--out", type=Path, default=paths.REPORT_DIR,
                               help="folder for index.html (default: warehouse/report/)")
    bench_parser = commands.add_parser(
        "bench", help="measure the main job and the scale of the ranking/delta SQL; print and write BENCHMARKS.md")
    bench_parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    bench_parser.add_argument("--sizes", default="10000x15x30,100000x15x30",
                              help="synthetic units x years x criteria, comma-separated")
    bench_parser.add_argument("--only", action="append", choices=list(BENCH_SECTIONS), metavar="SECTION",
                              help="measure only this section (repeatable; all by default): "
                                   + "; ".join(f"{name}: {what}" for name, what in BENCH_SECTIONS.items()))
    bench_parser.add_argument("--out", type=Path, default=paths.PROJECT_DIR / "BENCHMARKS.md")
    ingest_parser = commands.add_parser(
        "ingest", help="check a results table (CSV/XLSX) or a file of cited statements, then append it to the seeds")
    ingest_parser.add_argument("file", type=Path, help="CSV or XLSX: an official results table, or statements in "
                                                      "the layout of ../shared/data/sources/*/observations.csv")
    ingest_parser.add_argument("--index", type=str.upper, choices=["PAR_INDEX", "SIPAS"], help="for a table")
    ingest_parser.add_argument("--year", type=int, help="for a table: the index year (not the publication year)")
    ingest_parser.add_argument("--level", choices=["province", "ministry"], help="for a table")
    ingest_parser.add_argument("--source-url", help="for a table: where it was published")
    ingest_parser.add_argument("--source-date", default="", help="for a table: publication date, YYYY-MM-DD")
    ingest_parser.add_argument("--partial", action="store_true",
                               help="the table is an extract: do not require every unit of the release")
    ingest_parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    ingest_parser.add_argument("--column", action="append", default=[], metavar="HEADER=METRIC",
                               help="for a table: what a column holds when its header is not understood (METRIC: "
                                    "name, total, rank, ignore or a component metric); repeat for several")
    ingest_parser.add_argument("--sheet", help="XLSX: the sheet that holds the table (default: the only visible one)")
    coverage_parser = commands.add_parser("coverage", help="print the published warehouse's coverage and "
                                                           "evidence-grade tables (warehouse/exports/COVERAGE.md)")
    coverage_parser.add_argument("--readme", action="store_true",
                                 help="write the coverage table into README.md instead (commit it with the seeds)")
    commands.add_parser("releases", help="list the archived releases (warehouse/releases/): name, data version, "
                                         "date, coverage")
    diff_parser = commands.add_parser(
        "diff", help="every number, rank and coverage count that changed between two releases, and why")
    diff_parser.add_argument("old", nargs="?", help="release name or data version (default: the release before NEW)")
    diff_parser.add_argument("new", nargs="?", help="release name or data version (default: the published one)")
    ingest_parser.add_argument("--pages", help="PDF: the pages that hold the table, e.g. 12-14 (default: search all)")
    ingest_parser.add_argument("--review", type=Path, metavar="FILE.csv",
                               help="PDF or image: when the table is refused, write what was read (cell by cell, "
                                    "with OCR confidence and problem) to this CSV, to correct and ingest")
    return parser.parse_args(argv)


def table_options(args: argparse.Namespace):
    """The table's description from the command line, or None for a file of statements."""
    from parwh.ingest import IngestError, TableOptions

    given = {"--index": args.index, "--year": args.year, "--level": args.level, "--source-url": args.source_url}
    if not any(given.values()):
        return None
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise IngestError(f"a table needs {', '.join(missing)} as well (see parwh ingest --help).")
    return TableOptions(args.index, args.year, args.level, args.source_url, args.source_date, args.partial, args.column)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if getattr(args, "stop_with_parent", False):
        stop_with_parent(PARENT_PID)
    # Each command imports only what it needs: dbt and Great Expectations take seconds to import.
    try:
        if args.command == "build":
            from parwh.build import build
            build()
        elif args.command == "validate":
            import duckdb

            from parwh.build import validate
            try:
                validate(existing(args.database))
            except duckdb.Error as error:
                raise ParwhError(f"{args.database} is a DuckDB file but not a warehouse parwh built ({error}); give "
                                 f"{paths.shown(paths.PUBLISHED_DB)}, or run `make build` to make one.") from None
        elif args.command == "report":
            from parwh.report import write_report
            print(f"wrote {write_report(existing(args.database), args.out)}")
        elif args.command == "bench":
            from parwh.bench import bench, parse_size
            bench(args.runs, [parse_size(size) for size in args.sizes.split(",") if size],
                  args.only or list(BENCH_SECTIONS), args.out)
        elif args.command == "coverage":
            from parwh.coverage import coverage_page, write_readme
            if args.readme:
                write_readme(paths.README, existing(paths.PUBLISHED_DB))
                print("README.md: coverage table written from the published warehouse.")
            else:
                print(coverage_page(existing(paths.PUBLISHED_DB)), end="")
        elif args.command == "releases":
            from parwh.releases import releases_table
            print(releases_table(paths.RELEASES_DIR))
        elif args.command == "diff":
            from parwh.changes import diff
            print(diff(paths.RELEASES_DIR, paths.PUBLISHED_DB, args.old, args.new), end="")
        elif args.command == "ingest":
            from parwh.ingest import IngestOptions, ingest
            ingest(args.file, table_options(args), paths.PROJECT_DIR,
                   IngestOptions(args.dry_run, args.sheet, args.pages, args.review))
    except ParwhError as error:
        print(f"parwh {args.command}: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug or a failure nobody foresaw: a message, never a traceback
        if os.environ.get("PARWH_DEBUG"):
            raise
        print(f"parwh {args.command}: unexpected error, {type(error).__name__}: {error}. Run it again with "
              "PARWH_DEBUG=1 to see where it happened, and report it with the command you ran.", file=sys.stderr)
        return 1
    return 0


def existing(database: Path) -> Path:
    """A DuckDB file, or a message saying what was given instead."""
    if not database.exists():
        raise ParwhError(f"{database} does not exist; run `make build` first.")
    if not database.is_file():
        raise ParwhError(f"{database} is a folder; give the DuckDB file, such as {paths.shown(paths.PUBLISHED_DB)}.")
    with database.open("rb") as file:
        magic = file.read(12)[8:]
    if magic != b"DUCK":  # a DuckDB file holds "DUCK" at bytes 8..11
        raise ParwhError(f"{database} is not a DuckDB database file; give the warehouse file, such as "
                         f"{paths.shown(paths.PUBLISHED_DB)}, or run `make build` to make one.")
    return database


if __name__ == "__main__":
    sys.exit(main())
