"""parwh: the project's command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from parwh import paths
from parwh.lifeline import stop_with_parent

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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if getattr(args, "stop_with_parent", False):
        stop_with_parent(PARENT_PID)
    # Imported only now: dbt and Great Expectations take seconds to import.
    from parwh.build import BuildError, build, validate
    from parwh.publish import BuildBusy

    try:
        if args.command == "build":
            build()
        elif args.command == "validate":
            if not args.database.exists():
                raise BuildError(f"{args.database} does not exist; run `make build` first.")
            validate(args.database)
    except (BuildError, BuildBusy) as error:
        print(f"parwh {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
