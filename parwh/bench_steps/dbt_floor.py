"""`python -m parwh.bench_steps.dbt_floor DATABASE STATEMENTS.json TIMINGS.json DBT_DATABASE`: the floor of the
dbt part. Runs the (kind, node, SQL) statements of STATEMENTS.json (parwh.bench_floor.floor_statements) into
DATABASE in their order, and writes the seconds per kind and each data test's failing rows to TIMINGS.json.
DBT_DATABASE, dbt's own file, is attached only for the tables of Python models (SQL cannot run their Python)."""

import json
import sys
import time

import duckdb


def main(database: str, statements_file: str, timings_file: str, dbt_database: str) -> None:
    with open(statements_file, encoding="utf-8") as file:
        statements = json.load(file)
    seconds: dict[str, float] = {}
    failures: dict[str, int] = {}
    with duckdb.connect(database) as con:
        con.execute(f"attach '{dbt_database}' as dbt_side (read_only)")
        for kind, node, sql in statements:
            start = time.perf_counter()
            if kind == "test":
                failures[node] = con.execute(sql).fetchone()[0]
            else:
                con.execute(sql)
            seconds[kind] = seconds.get(kind, 0) + time.perf_counter() - start
    with open(timings_file, "w") as out:
        json.dump({"seconds": seconds, "failures": failures}, out)


if __name__ == "__main__":
    main(*sys.argv[1:5])
