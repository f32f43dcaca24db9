"""What changed between two archived releases: every number, the ranks, the coverage, and why.

Read from the releases' Parquet files only (fct_index_scores, fct_observations, fct_rankings, rpt_coverage),
so any two archived releases compare, whatever code built them. Written as CHANGES.md for people and
changes.json for the report page and other programs.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from parwh.releases import (
    RELEASE_NOTES,
    ReleaseError,
    archived,
    canonical_number,
    current_release,
    find_release,
    previous_release,
)

CHANGES_MD, CHANGES_JSON = RELEASE_NOTES
NUMBER_KEY = ["index_code", "year", "unit_level", "unit_key", "metric", "field"]
RANK_KEY = ["index_code", "year", "unit_level", "unit_key"]
COVERAGE_KEY = ["index_code", "year", "unit_level"]

# Each number of fct_index_scores: the value and the official rank, each with how it was settled. A null one
# (unknown, or unresolved) is kept, so that "settled by unresolved, now by resolution" can say why it appeared.
NUMBERS_SQL = """
select index_code, year, unit_level, unit_key, unit_name, metric, 'value' as field,
       cast(value as decimal(18, 3)) as number, value_settled_by as settled_by, observation_ids
from read_parquet('{folder}/fct_index_scores.parquet')
union all
select index_code, year, unit_level, unit_key, unit_name, metric, 'official_rank' as field,
       cast(official_rank as decimal(18, 3)) as number, rank_settled_by as settled_by, observation_ids
from read_parquet('{folder}/fct_index_scores.parquet')
"""


def changed_rows(con: duckdb.DuckDBPyConnection, old_sql: str, new_sql: str, key: list[str], compared: list[str],
                 carried: tuple[str, ...] = (), named: tuple[str, ...] = ("unit_name",)) -> list[dict]:
    """Rows whose `compared` columns differ; a row missing on one side counts as all null there.

    Each side's `compared` and `carried` columns come as old_<name> and new_<name>; `named` ones once.
    """
    columns = [f"coalesce(new.{name}, old.{name}) as {name}" for name in named]
    columns += [f"old.{name} as old_{name}, new.{name} as new_{name}" for name in [*compared, *carried]]
    differs = " or ".join(f"old.{name} is distinct from new.{name}" for name in compared)
    cursor = con.execute(
        f"select {', '.join(key)}, {', '.join(columns)} from ({old_sql}) as old "
        f"full join ({new_sql}) as new using ({', '.join(key)}) where {differs} order by {', '.join(key)}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def statement_hosts(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, str]:
    return dict(con.execute(
        f"select observation_id, source_host from read_parquet('{folder}/fct_observations.parquet')").fetchall())


def reasons(row: dict, old_hosts: dict[str, str], new_hosts: dict[str, str]) -> list[dict]:
    """Why a number changed, from its statements and how it was settled in each release."""
    old_ids, new_ids = row["old_observation_ids"] or [], row["new_observation_ids"] or []
    found = [{"kind": "new_statement", "detail": f"{id_} ({new_hosts[id_]})"}
             for id_ in new_ids if id_ not in old_hosts]
    found += [{"kind": "removed_source", "detail": f"{id_} ({old_hosts[id_]})"}
              for id_ in old_ids if id_ not in new_hosts]
    old_rule, new_rule = row["old_settled_by"], row["new_settled_by"]
    if old_rule and new_rule and old_rule != new_rule:
        kind = "resolution" if "resolution" in (old_rule, new_rule) else "rule"
        found.append({"kind": kind, "detail": f"settled by {old_rule}, now by {new_rule}"})
    if not found:
        detail = ("the same statements now count for another number (name or metric resolution)"
                  if sorted(old_ids) != sorted(new_ids) else "the same statements, settled differently")
        found.append({"kind": "rule", "detail": detail})
    return found


def number_changes(con: duckdb.DuckDBPyConnection, old: Path, new: Path) -> list[dict]:
    rows = changed_rows(con, NUMBERS_SQL.format(folder=old), NUMBERS_SQL.format(folder=new), NUMBER_KEY,
                        ["number"], carried=("settled_by", "observation_ids"))
    old_hosts, new_hosts = statement_hosts(con, old), statement_hosts(con, new)
    return [{
        "change": "added" if row["old_number"] is None else "removed" if row["new_number"] is None else "changed",
        **{name: row[name] for name in NUMBER_KEY[:4]}, "unit_name": row["unit_name"],
        "metric": row["metric"], "field": row["field"],
        "old": shown_number(row["old_number"]), "new": shown_number(row["new_number"]),
        "why": reasons(row, old_hosts, new_hosts),
    } for row in rows]


def shown_number(number) -> str | None:
    return None if number is None else canonical_number(number)


def rank_changes(con: duckdb.DuckDBPyConnection, old: Path, new: Path) -> list[dict]:
    sql = ("select index_code, year, unit_level, unit_key, unit_name, official_rank, computed_rank "
           "from read_parquet('{}/fct_rankings.parquet')")
    return changed_rows(con, sql.format(old), sql.format(new), RANK_KEY, ["official_rank", "computed_rank"])


def coverage_changes(con: duckdb.DuckDBPyConnection, old: Path, new: Path) -> list[dict]:
    sql = ("select index_code, year, unit_level, units_with_score, units_with_official_rank "
           "from read_parquet('{}/rpt_coverage.parquet')")
    return changed_rows(con, sql.format(old), sql.format(new), COVERAGE_KEY,
                        ["units_with_score", "units_with_official_rank"], named=())


def release_facts(folder: Path) -> dict:
    build = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["build"]
    return {"release_name": build["release_name"], "data_version": build["data_version"],
            "built_at_utc": build["built_at_utc"]}


def compare(old: Path, new: Path) -> dict:
    """Every number, rank and coverage count that differs from release folder `old` to release folder `new`."""
    with duckdb.connect() as con:
        return {"old": release_facts(old), "new": release_facts(new),
                "numbers": number_changes(con, old, new), "ranks": rank_changes(con, old, new),
                "coverage": coverage_changes(con, old, new)}


def first_release(new: Path) -> dict:
    return {"old": None, "new": release_facts(new), "numbers": [], "ranks": [], "coverage": []}


def cell(value) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(header: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)]


def arrow(old, new) -> str:
    return f"{cell(old) or '–'} → {cell(new) or '–'}"


def changes_markdown(changes: dict) -> str:
    new = changes["new"]
    title = f"# Changes in release {new['release_name']} (data version {new['data_version']})"
    if changes["old"] is None:
        return f"{title}\n\nThe first archived release: there is no earlier release to compare it with.\n"
    old = changes["old"]
    counts = {kind: sum(row["change"] == kind for row in changes["numbers"])
              for kind in ("added", "changed", "removed")}
    lines = [title, "", f"Against release {old['release_name']} (data version {old['data_version']}): "
             f"numbers added {counts['added']}, changed {counts['changed']}, removed {counts['removed']}; "
             f"rankings with a changed rank {len(changes['ranks'])}; index releases with changed coverage "
             f"{len(changes['coverage'])}.", "", "## Numbers (fct_index_scores)", ""]
    lines += markdown_table(
        ["change", "index", "year", "level", "unit", "metric", "field", "old", "new", "why"],
        [[row["change"], row["index_code"], row["year"], row["unit_level"], f"{row['unit_name']} ({row['unit_key']})",
          row["metric"], row["field"], row["old"], row["new"],
          "; ".join(f"{reason['kind'].replace('_', ' ')}: {reason['detail']}" for reason in row["why"])]
         for row in changes["numbers"]])
    lines += ["", "## Ranks (fct_rankings; computed ranks are among the known scores)", ""]
    lines += markdown_table(
        ["index", "year", "level", "unit", "official rank", "computed rank"],
        [[row["index_code"], row["year"], row["unit_level"], f"{row['unit_name']} ({row['unit_key']})",
          arrow(row["old_official_rank"], row["new_official_rank"]),
          arrow(row["old_computed_rank"], row["new_computed_rank"])] for row in changes["ranks"]])
    lines += ["", "## Coverage (rpt_coverage)", ""]
    lines += markdown_table(
        ["index", "year", "level", "units with score", "units with official rank"],
        [[row["index_code"], row["year"], row["unit_level"],
          arrow(row["old_units_with_score"], row["new_units_with_score"]),
          arrow(row["old_units_with_official_rank"], row["new_units_with_official_rank"])]
         for row in changes["coverage"]])
    return "\n".join(lines) + "\n"


def write_changes(changes: dict, folder: Path) -> None:
    (folder / CHANGES_MD).write_text(changes_markdown(changes), encoding="utf-8")
    (folder / CHANGES_JSON).write_text(json.dumps(changes, ensure_ascii=False, indent=2, default=str) + "\n",
                                       encoding="utf-8")


def write_release_changes(exports_dir: Path, releases_dir: Path) -> None:
    """CHANGES.md and changes.json of the build in `exports_dir` against the release before it (the exports
    folder holds what a release folder holds: the marts' Parquet and manifest.json)."""
    build = json.loads((exports_dir / "manifest.json").read_text(encoding="utf-8"))["build"]
    previous = previous_release(archived(releases_dir), build["data_version"])
    write_changes(compare(previous["folder"], exports_dir) if previous else first_release(exports_dir), exports_dir)


def diff(releases_dir: Path, published_db: Path, old_reference: str | None, new_reference: str | None) -> str:
    """`parwh diff`: the changes as Markdown tables; by default the published release against the one before."""
    releases = archived(releases_dir)
    if not releases:
        raise ReleaseError(f"no release is archived in {releases_dir} yet: run `make build` first.")
    new = find_release(releases, new_reference) if new_reference else current_release(releases, published_db)
    old = find_release(releases, old_reference) if old_reference else previous_release(releases, new["data_version"])
    return changes_markdown(compare(old["folder"], new["folder"]) if old else first_release(new["folder"]))
