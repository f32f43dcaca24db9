"""parwh: the project's command line."""

from __future__ import annotations

import argparse
import sys

from parwh.build import BuildError, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parwh", description="PAR INDEX & SIPAS warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="dbt build into a fresh file, test it, publish warehouse/par_sipas.duckdb")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build()
    except BuildError as error:
        print(f"parwh {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
