"""parwh: the project's command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parwh import paths
from parwh.build import BuildError, build, validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parwh", description="PAR INDEX & SIPAS warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="dbt build into a fresh file, test it, gate it, publish warehouse/par_sipas.duckdb")
    validate_parser = commands.add_parser(
        "validate", help="run the Great Expectations gate on a warehouse file; Data Docs go to warehouse/quality/")
    validate_parser.add_argument("--database", type=Path, default=paths.PUBLISHED_DB,
                                 help="DuckDB file to check (default: the published warehouse)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build()
        elif args.command == "validate":
            if not args.database.exists():
                raise BuildError(f"{args.database} does not exist; run `make build` first.")
            validate(args.database)
    except BuildError as error:
        print(f"parwh {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
