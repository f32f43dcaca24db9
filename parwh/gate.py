"""The publish gate: Great Expectations suites over the raw observations and the marts of a built file.

Each check frame is a dbt model, the view audit.audit_<suite> (models/audit/, in dbt's lineage and docs with
the publish_gate exposure), read from the DuckDB file, opened read-only, as a pandas batch (GX's SQLAlchemy
route to DuckDB fails, GX issues #10738 and #11579). Views, so they read the marts as they are when the gate
runs. Rules that span rows (rank order, sums, claimed changes) are precomputed as columns of a frame, so every
failure points at rows.
Documented exceptions (seeds/curation/gate_exceptions.csv) blank a check's column for the observations
they name; the summary says how many were applied.
"""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from parwh import paths
from parwh.errors import ParwhError
from parwh.project_vars import dbt_vars
from parwh.quote_reading import shows_rank, shows_value
from parwh.report.quality import write_quality_page

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
import great_expectations as gx  # noqa: E402  (after the analytics switch)
import great_expectations.expectations as gxe  # noqa: E402

AUDIT_SCHEMA = "audit"  # models/audit/: one view per suite, audit_<suite>
EXCEPTIONS_SEED = "seeds/curation/gate_exceptions.csv"
OBSERVATIONS_SEED = "seeds/raw/raw_observations.csv"
ROWS_SHOWN = 10
ID_COLUMNS = ["index_code", "year", "unit_level", "unit_name"]


@dataclass
class Check:
    frame: str
    rule: str
    expectation: gxe.Expectation


@dataclass
class GateResult:
    success: bool
    summary: str


def checks(raw_observation_count: int) -> list[Check]:
    """Every rule of the gate, in the words a data steward reads."""
    def between(column, low=None, high=None):
        return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)

    def at_most(column_a, column_b):  # column_b <= column_a where both are known
        return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=column_a, column_B=column_b, or_equal=True, ignore_row_if="either_value_is_missing")

    def all_true(column):
        return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True])

    tolerances = dbt_vars(paths.PROJECT_DIR)  # one home with fct_deltas: the dbt vars
    sum_tolerance, change_tolerance = tolerances["component_sum_tolerance"], tolerances["score_change_tolerance"]

    return [
        Check("observations", "every raw observation reaches marts.fct_observations",
              gxe.ExpectTableRowCountToEqual(value=raw_observation_count)),
        Check("observations", "scores and percentages within 0..100", between("percent_value", 0, 100)),
        Check("observations", "points not negative", between("points_value", 0)),
        Check("observations", "points within the maximum their quote or their year states (dim_metric)",
              at_most("max_points", "points_value")),
        Check("observations", "ranks start at 1", between("rank", 1)),
        Check("observations", "rank within 1..rank_of", at_most("rank_of", "rank")),
        Check("observations", "the quote shows the value as written", all_true("value_in_quote")),
        Check("observations", "the quote shows the rank", all_true("rank_in_quote")),
        Check("observations", "no two units claim the same rank in a release", between("units_sharing_rank", 0, 0)),
        Check("index_scores", "settled percentages within 0..100", between("percent_value", 0, 100)),
        Check("index_scores", "settled points not negative", between("points_value", 0)),
        Check("index_scores", "settled points within their year's maximum (dim_metric)",
              at_most("max_points", "points_value")),
        Check("index_scores", "no unresolved conflict reaches a mart (value)",
              gxe.ExpectColumnValuesToBeNull(column="unresolved_value_shown")),
        Check("index_scores", "no unresolved conflict reaches a mart (rank)",
              gxe.ExpectColumnValuesToBeNull(column="unresolved_rank_shown")),
        Check("index_scores", "no number stated only by weak sources is published (value)",
              gxe.ExpectColumnValuesToBeNull(column="weak_value_shown")),
        Check("index_scores", "no number stated only by weak sources is published (rank)",
              gxe.ExpectColumnValuesToBeNull(column="weak_rank_shown")),
        Check("rankings", "scores within 0..100", between("score", 0, 100)),
        Check("rankings", "official ranks start at 1", between("official_rank", 1)),
        Check("rankings", "official rank within 1..rank_of", at_most("rank_of", "official_rank")),
        Check("rankings", "official ranks unique within a release", between("units_sharing_rank", 0, 0)),
        Check("rankings", "official rank order agrees with score order", between("order_inversions", 0, 0)),
        Check("release_units", "the expected number of units per release (seeds/reference/ref_releases.csv)",
              gxe.ExpectColumnPairValuesToBeEqual(column_A="units_found", column_B="expected_units")),
        Check("component_sums", f"known parts sum to their whole within {sum_tolerance}",
              between("sum_gap", 0, sum_tolerance)),
        Check("claimed_changes", f"claimed score change agrees with the computed one (within {change_tolerance})",
              between("score_change_gap", 0, change_tolerance)),
        Check("claimed_changes", "claimed rank change agrees with the computed one", between("rank_change_gap", 0, 0)),
        Check("averages", "average or score not below the lowest unit", at_most("value", "lowest")),
        Check("averages", "average or score not above the highest unit", at_most("highest", "value")),
    ]


def read_frames(database: Path, suites: list[str]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, int]:
    """The check frames (the audit views) of `suites`, the documented exceptions, and how many raw observations
    the file holds."""
    with duckdb.connect(str(database), read_only=True) as connection:
        views = {name for (name,) in connection.execute(
            "select view_name from duckdb_views() where schema_name = ?", [AUDIT_SCHEMA]).fetchall()}
        missing = [f"{AUDIT_SCHEMA}.audit_{suite}" for suite in suites if f"audit_{suite}" not in views]
        if len(missing) == len(suites) and not views:  # no audit schema at all: not a file parwh built
            raise ParwhError(f"{paths.shown(database)} is a DuckDB file but not a warehouse parwh built (it has no "
                             f"{AUDIT_SCHEMA} views); give {paths.shown(paths.PUBLISHED_DB)}, or run `make build` "
                             "to make one.")
        if missing:
            raise ParwhError(f"{paths.shown(database)} has no {', '.join(missing)}, the gate's check frames "
                             "(models/audit/): it was built without them. Run `.venv/bin/parwh build` to build a "
                             "file the gate can check.")
        # each view keeps its model's row order, so failures list rows as they always did
        frames = {suite: connection.sql(f"select * from {AUDIT_SCHEMA}.audit_{suite}").df() for suite in suites}
        exceptions = connection.sql("select * from raw.gate_exceptions").df()
        raw_count = connection.sql("select count(*) from raw.raw_observations").fetchone()[0]
    return frames, exceptions, raw_count


def _decimal(number) -> Decimal | None:
    return None if pd.isna(number) else Decimal(f"{number:.3f}")


def add_quote_readings(observations: pd.DataFrame) -> None:
    observations["value_in_quote"] = [
        shows_value(quote, _decimal(value)) for quote, value in zip(observations["quote"], observations["value"])]
    observations["rank_in_quote"] = [
        shows_rank(quote, None if pd.isna(rank) else int(rank), None if pd.isna(rank_of) else int(rank_of))
        for quote, rank, rank_of in zip(observations["quote"], observations["rank"], observations["rank_of"])]


def apply_exceptions(frame: pd.DataFrame, exceptions: pd.DataFrame) -> int:
    """Blank a check's column on rows whose observations are excepted from it; returns cells blanked."""
    blanked = 0
    for check_name, excepted in exceptions.groupby("check_name")["observation_id"]:
        if check_name not in frame.columns:
            continue
        excepted_ids = set(excepted)
        # map() calls the lambda in this iteration, so it sees this iteration's excepted_ids
        rows = frame["observation_ids"].fillna("").map(lambda ids: bool(excepted_ids & set(ids.split())))  # noqa: B023
        blanked += int((rows & frame[check_name].notna()).sum())
        frame[check_name] = frame[check_name].astype(object).where(~rows, None)
    return blanked


def gx_context(docs_dir: Path):
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
    for site in list(context.get_site_names()):
        context.delete_data_docs_site(site)
    context.add_data_docs_site(site_name="quality", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    return context


def validate_frames(frames: dict[str, pd.DataFrame], all_checks: list[Check], docs_dir: Path) -> list:
    """One suite and one checkpoint run per frame; Data Docs are rebuilt from scratch in docs_dir.

    Returns (frame name, result) for every check, passed or failed."""
    shutil.rmtree(docs_dir, ignore_errors=True)
    context = gx_context(docs_dir)
    datasource = context.data_sources.add_pandas("warehouse")
    results = []
    for frame_name in dict.fromkeys(check.frame for check in all_checks):
        frame_checks = [check for check in all_checks if check.frame == frame_name]
        batch = datasource.add_dataframe_asset(frame_name).add_batch_definition_whole_dataframe(frame_name)
        for check in frame_checks:
            check.expectation.meta = {"rule": check.rule}
        suite = context.suites.add(gx.ExpectationSuite(
            name=frame_name, expectations=[check.expectation for check in frame_checks]))
        definition = context.validation_definitions.add(gx.ValidationDefinition(
            name=frame_name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"gate_{frame_name}", validation_definitions=[definition],
            result_format={"result_format": "COMPLETE"}))
        outcome = checkpoint.run(batch_parameters={"dataframe": frames[frame_name]})
        for validation in outcome.run_results.values():
            results += [(frame_name, result) for result in validation.results]
    # once for all the frames: an UpdateDataDocsAction per checkpoint rebuilt the whole site each time (2.5 s)
    context.build_data_docs(site_names=["quality"])
    return results


def seed_lines() -> dict[str, int]:
    """observation_id -> its line in the observations seed, so a failure points at the row to fix."""
    seed = paths.PROJECT_DIR / OBSERVATIONS_SEED
    if not seed.exists():
        return {}
    with seed.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return {row["observation_id"]: reader.line_num for row in reader}


def describe_row(row: pd.Series, columns: list[str], urls: dict[str, str], lines: dict[str, int]) -> str:
    ids = str(row.get("observation_ids") or "").split()
    where = " ".join(str(row[column]) for column in ID_COLUMNS if column in row and pd.notna(row[column]))
    values = ", ".join(f"{column}={row[column]}" for column in columns if column in row)
    source = urls.get(ids[0], "") if ids else ""
    if len(ids) == 1 and ids[0] in lines:
        source = f"({OBSERVATIONS_SEED} line {lines[ids[0]]}) {source}"
    shown_ids = " ".join(ids[:3]) + (f" (+{len(ids) - 3})" if len(ids) > 3 else "")
    return f"    {where}: {values}; observation {shown_ids or '-'} {source}".rstrip()


def failure_report(frame_name: str, result, frame: pd.DataFrame, urls: dict[str, str],
                   lines_in_seed: dict[str, int]) -> list[str]:
    config = result.expectation_config
    rule = (config.meta or {}).get("rule", config.type)
    checked = [value for key, value in config.kwargs.items() if key.startswith("column") and isinstance(value, str)]
    rows = result.result.get("unexpected_index_list") or []
    lines = [f"FAILED [{frame_name}] {rule}: {len(rows)} rows"]
    if not rows:  # a table-level expectation: say what was seen and what was expected
        expected = ", ".join(f"{key}={value}" for key, value in config.kwargs.items() if key != "batch_id")
        observed = result.result.get("observed_value")
        lines = [f"FAILED [{frame_name}] {rule}", f"    observed {observed}, expected {expected}"]
    for index in rows[:ROWS_SHOWN]:
        lines.append(describe_row(frame.loc[index], checked + ["value", "rank"], urls, lines_in_seed))
    if len(rows) > ROWS_SHOWN:
        lines.append(f"    ... and {len(rows) - ROWS_SHOWN} more (see the Data Docs)")
    return lines


def write_offline_docs(docs_dir: Path, results: list, summary: str) -> Path:
    """GX's own index loads its assets from CDNs: it moves aside, and an offline page of the results takes its place."""
    gx_index = docs_dir / "index.html"
    if gx_index.exists():
        gx_index.replace(docs_dir / "gx_index.html")
    return write_quality_page(docs_dir / "index.html", results, summary)


def run_gate(database: Path, docs_dir: Path) -> GateResult:
    suites = list(dict.fromkeys(check.frame for check in checks(raw_observation_count=0)))
    frames, exceptions, raw_count = read_frames(database, suites)
    add_quote_readings(frames["observations"])
    excepted = sum(apply_exceptions(frame, exceptions) for frame in frames.values())
    all_checks = checks(raw_count)
    results = validate_frames(frames, all_checks, docs_dir)
    failures = [(frame_name, result) for frame_name, result in results if not result.success]
    observations = frames["observations"]
    urls = dict(zip(observations["observation_ids"], observations["source_urls"]))
    lines_in_seed = seed_lines() if failures else {}
    lines = []
    for frame_name, result in failures:
        lines += failure_report(frame_name, result, frames[frame_name], urls, lines_in_seed)
    passed = len(all_checks) - len(failures)
    lines.append(f"{passed} of {len(all_checks)} checks passed; {excepted} cells excepted by {EXCEPTIONS_SEED}.")
    summary = "\n".join(lines)
    lines.append(f"Data Docs: {write_offline_docs(docs_dir, results, summary)}")
    return GateResult(success=not failures, summary="\n".join(lines))
