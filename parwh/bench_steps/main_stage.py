"""`python -m parwh.bench_steps.main_stage STAGE DATABASE OUT`: one Python stage of `parwh build` (gate, exports,
report or publish) on a built DuckDB file, writing under OUT. Each stage imports only its own module."""

import sys
from pathlib import Path


def gate(database: Path, out: Path) -> int:
    from parwh.gate import run_gate
    return 0 if run_gate(database, out).success else 1


def exports(database: Path, out: Path) -> int:
    from parwh.exports import export_marts
    export_marts(database, out)
    return 0


def report(database: Path, out: Path) -> int:
    from parwh.report import write_report
    write_report(database, out)
    return 0


def publish(database: Path, out: Path) -> int:
    """OUT is the published file: a copy of the database is published there, as the build publishes its own."""
    import shutil

    from parwh.publish import publish_file
    copy = database.with_suffix(".copy")
    shutil.copyfile(database, copy)
    publish_file(copy, out)
    return 0


STAGES = {"gate": gate, "exports": exports, "report": report, "publish": publish}

if __name__ == "__main__":
    sys.exit(STAGES[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3])))
