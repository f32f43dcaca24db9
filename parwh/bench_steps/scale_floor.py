"""`python -m parwh.bench_steps.scale_floor DATABASE STATEMENTS.sql TIMINGS.json`: the scale run's floor. Runs
the DDL dbt compiled for the bench models (statements separated by a line holding only ";") into DATABASE, and
writes [statement head, seconds] per statement to TIMINGS.json."""

import json
import sys
import time

import duckdb


def main(database: str, statements_file: str, timings_file: str) -> None:
    with open(statements_file, encoding="utf-8") as file:
        statements = file.read().split("\n;\n")
    timings = []
    with duckdb.connect(database) as con:
        for statement in statements:
            start = time.perf_counter()
            con.execute(statement)
            timings.append([statement.split(" as ", 1)[0], time.perf_counter() - start])
    with open(timings_file, "w") as out:
        json.dump(timings, out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
