"""parwh bench: the dbt part of the main job side by side with its floor, on the real data.

dbt: steps 1-2 of `parwh build` as it runs them, in one process (parse once, dbt build, dbt docs generate).
Floor: the SQL that this dbt run compiled for the same seeds, models and data tests, executed straight in DuckDB
in one process, in dependency order. What only dbt does is not in the floor: parsing, contract checks, comments
(persist_docs), unit tests and docs. A Python model's table is copied from dbt's file (SQL cannot run its
Python): the floor times the copy, not the Python. The two are checked to agree: every table equal row for row
(EXCEPT ALL both ways) and every data test with the same number of failing rows.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from parwh import paths
from parwh.bench import dbt_step, measure, python_step, summary, verdict

KINDS = ("seed", "model", "test")

def floor_statements(target: Path) -> list[tuple[str, str, str]]:
    """(kind, node, SQL) in dependency order: the seeds as dbt loaded them, the models and tests as compiled."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    nodes = {key: node for key, node in manifest["nodes"].items() if node["resource_type"] in KINDS}
    order = TopologicalSorter({key: [parent for parent in node["depends_on"].get("nodes", []) if parent in nodes]
                               for key, node in nodes.items()}).static_order()
    schemas = sorted({(node["database"], node["schema"]) for node in nodes.values() if node["resource_type"] != "test"})
    statements = [("schema", "", f'create schema if not exists "{database}"."{schema}"')
                  for database, schema in schemas]
    for key in order:
        node = nodes[key]
        kind = node["resource_type"]
        if kind == "seed":  # dbt-duckdb's own statements: create table with the seed's column types, then COPY
            sql = (target / "run" / node["package_name"] / node["original_file_path"]).read_text(encoding="utf-8")
        else:
            compiled = (paths.PROJECT_DIR / node["compiled_path"]).read_text(encoding="utf-8")
            if kind == "model" and node["language"] == "python":
                sql = (f"create or replace table {node['relation_name']} as "
                       f"select * from dbt_side.\"{node['schema']}\".\"{node['alias']}\"")
            elif kind == "model":
                kind_of_relation = "view" if node["config"]["materialized"] == "view" else "table"
                sql = f"create or replace {kind_of_relation} {node['relation_name']} as {compiled}"
            else:
                sql = f"select {node['config']['fail_calc']} from ({compiled}) as failing_rows"
        statements.append((kind, key, sql))
    return statements


def dbt_test_failures(target: Path) -> dict[str, int]:
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {result["unique_id"]: result["failures"] for result in results if result["unique_id"].startswith("test.")}


def dbt_run_phase(target: Path) -> dict[str, float]:
    """dbt's own time per kind of node (execution_time in run_results.json), and its whole run phase."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    seconds: dict[str, float] = {"run phase": results["elapsed_time"], "nodes": len(results["results"])}
    for result in results["results"]:
        kind = result["unique_id"].split(".")[0]
        seconds[kind] = seconds.get(kind, 0) + result["execution_time"]
    return seconds


def tables_differing(dbt_db: Path, floor_db: Path) -> list[str]:
    """Tables of the dbt build whose rows differ in the floor's file (views are checked through the tables)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{dbt_db}' as dbt_side (read_only)")
        con.execute(f"attach '{floor_db}' as floor_side (read_only)")
        tables = con.execute("select schema_name, table_name from duckdb_tables() where database_name = 'dbt_side' "
                             "order by all").fetchall()
        differing = []
        for schema, table in tables:
            # by column name: a contract orders dbt's columns as the YAML does, the compiled SQL as its select does
            columns = ", ".join(f'"{name}"' for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'dbt_side' and schema_name = ? "
                "and table_name = ? order by column_index", [schema, table]).fetchall())
            a = f'select {columns} from dbt_side."{schema}"."{table}"'
            b = f'select {columns} from floor_side."{schema}"."{table}"'
            try:
                count = con.execute(f"select count(*) from (({a} except all {b}) "
                                    f"union all ({b} except all {a}))").fetchone()[0]
            except duckdb.Error as error:  # missing in the floor, or other columns
                differing.append(f"{schema}.{table} ({error})")
                continue
            if count:
                differing.append(f"{schema}.{table} ({count} rows)")
    return differing


def run_dbt_and_floor(runs: int, scratch: Path) -> dict:
    """Each run: the dbt part into a fresh file (warm: dbt's partial-parse state kept), then the floor into
    another; their results compared every run."""
    samples: dict[str, list] = {"dbt": [], "floor": []}
    profiles: dict[str, list[dict[str, float]]] = {"dbt": [], "floor": []}
    problems: list[str] = []
    target = scratch / "floor-target"
    env = bench_env()
    dbt_db, floor_db = scratch / "dbt-part" / "par_sipas.duckdb", scratch / "floor" / "par_sipas.duckdb"
    # warm, as `parwh build` usually is: parsed with the profile the dbt part will have (dbt keeps its parse
    # only while the profile, the database path included, stays the same; parwh build gives it relative)
    parse_env = {**env, "PARWH_DUCKDB_PATH": os.path.relpath(dbt_db, paths.PROJECT_DIR), "PARWH_GIT_COMMIT": "bench"}
    measure(dbt_step("parse", target=target), parse_env, paths.PROJECT_DIR)
    for run in range(runs):
        for folder in (dbt_db.parent, floor_db.parent):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        samples["dbt"].append(measure(python_step("dbt_part", str(dbt_db), str(target)), env, paths.PROJECT_DIR))
        profiles["dbt"].append(dbt_run_phase(target))

        statements, timings = scratch / "floor.json", scratch / "floor-timings.json"
        statements.write_text(json.dumps(floor_statements(target)), encoding="utf-8")
        samples["floor"].append(measure(python_step("dbt_floor", str(floor_db), str(statements), str(timings),
                                                    str(dbt_db)), env, scratch))
        floor = json.loads(timings.read_text(encoding="utf-8"))
        profiles["floor"].append(floor["seconds"])
        problems += [f"run {run + 1}: {table} differs" for table in tables_differing(dbt_db, floor_db)]
        dbt_failures = dbt_test_failures(target)
        problems += [f"run {run + 1}: {test} fails on {count} rows in dbt, {floor['failures'].get(test)} in the floor"
                     for test, count in dbt_failures.items() if floor["failures"].get(test) != count]
        print(f"  dbt part and floor, run {run + 1}/{runs}: dbt {samples['dbt'][-1].seconds:.1f} s, "
              f"floor {samples['floor'][-1].seconds:.1f} s", flush=True)
    counts = {kind: sum(1 for statement in json.loads(statements.read_text()) if statement[0] == kind)
              for kind in KINDS}
    return {"paths": {path: summary(values) for path, values in samples.items()}, "counts": counts,
            "profiles": {path: median_profile(values) for path, values in profiles.items()},
            "results_agree": not problems, "problems": problems}


def bench_env() -> dict[str, str]:
    env = {**os.environ, "DBT_PROFILES_DIR": str(paths.PROJECT_DIR), "PARWH_PROJECT_DIR": str(paths.PROJECT_DIR)}
    env.pop("PARWH_DUCKDB_PATH", None)
    return env


def median_profile(runs: list[dict[str, float]]) -> dict[str, float]:
    return {step: statistics.median(run.get(step, 0) for run in runs) for step in runs[0]}


def markdown(figures: dict, seconds) -> list[str]:
    dbt, floor = figures["paths"]["dbt"], figures["paths"]["floor"]
    counts = ", ".join(f"{count} {kind}s" for kind, count in figures["counts"].items())
    dbt_profile, floor_profile = figures["profiles"]["dbt"], figures["profiles"]["floor"]
    lines = ["## The dbt part of the main job, and its floor", "",
             "dbt: steps 1-2 of `parwh build` as it runs them, in one process (parse once, `dbt build`, "
             f"`dbt docs generate`). Floor: the SQL that dbt compiled ({counts}) executed straight in DuckDB in one "
             "process; without what only dbt does (parsing, contract checks, comments, unit tests, docs). "
             f"Results agree (every table row for row, every data test's failing rows): "
             f"{'yes' if figures['results_agree'] else 'NO: ' + '; '.join(figures['problems'][:5])}.", "",
             "| path | wall s | peak RSS MB | where the time goes (medians, s) |", "|---|---|---|---|",
             f"| dbt | {seconds(dbt)} | {dbt['max_rss_mb']:.0f} | run phase {dbt_profile['run phase']:.2f} (seeds "
             f"{dbt_profile.get('seed', 0):.2f}, models {dbt_profile.get('model', 0):.2f}, data tests "
             f"{dbt_profile.get('test', 0):.2f}, unit tests {dbt_profile.get('unit_test', 0):.2f}, per node, summed "
             f"over 2 threads); the rest is Python, dbt's start-up, parsing and docs |",
             f"| floor | {seconds(floor)} | {floor['max_rss_mb']:.0f} | seeds {floor_profile.get('seed', 0):.2f}, "
             f"models {floor_profile.get('model', 0):.2f}, data tests {floor_profile.get('test', 0):.2f} |",
             "", f"dbt / floor: {dbt['median_s'] / floor['median_s']:.2f}x.", ""]
    return lines


def target_lines(main: dict) -> list[str]:
    """Issue 17's targets for the main job, met or missed, with the figures: each from the sections that ran."""
    figures = main["dbt and floor"]
    dbt, floor = figures["paths"]["dbt"]["median_s"], figures["paths"]["floor"]["median_s"]
    lines = []
    if "warm" in main and "parwh build" in main:
        rest = sum(main["warm"][stage]["median_s"] for stage in ("gate", "exports", "report"))
        build = main["parwh build"]["warm"]["median_s"]
        budget = 3 * (floor + rest)
        lines.append(f"- `parwh build` warm at most 3x (the floor {floor:.1f} s + gate, exports and report "
                     f"{rest:.1f} s) = {budget:.1f} s: {build:.1f} s, {verdict(build <= budget)}.")
    run, nodes = figures["profiles"]["dbt"]["run phase"], figures["profiles"]["dbt"]["nodes"]
    lines.append(f"- dbt part at most 4x its floor: dbt {dbt:.1f} s / floor {floor:.1f} s = {dbt / floor:.2f}x, "
                 f"{verdict(dbt <= 4 * floor)}."
                 + ("" if dbt <= 4 * floor else
                    f" Where it goes: dbt's run phase is {run:.1f} s for {nodes:.0f} nodes, about "
                    f"{2000 * run / nodes:.0f} ms each on 2 threads, where the floor runs the same SQL in "
                    f"{floor:.1f} s all told; the other {dbt - run:.1f} s are Python and dbt's start-up (importing "
                    f"dbt takes about 2 s), one parse and docs, {(dbt - run) / floor:.1f}x the floor "
                    "before a node runs.")
                 + ("" if figures["results_agree"] else " The floor's results DIFFER (see above)."))
    return lines
