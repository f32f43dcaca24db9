"""parwh ingest: a published results table (or a file of cited statements) into the raw seeds, checked first.

Nothing reaches seeds/raw/raw_observations.csv unless the whole file passes; then the new rows are appended in
one atomic write. A statement already held is not added again, so ingesting a file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parwh import paths
from parwh.ingest.ocr_checks import write_review
from parwh.ingest.problems import IngestError
from parwh.ingest.seeds import RAW_SEED, append_rows, differences, metric_catalogue, read_held
from parwh.ingest.statements import is_statements_file, statements_from_file
from parwh.ingest.tables import TableOptions, statements_from_table
from parwh.publish import build_lock
from parwh.quote_reading import shows_rank, shows_value
from parwh.readers import ReadOptions, ReadTable, TableError, read_table
from parwh.readers.pdf_reader import parse_pages
from parwh.unit_names import UnitNames, read_curation


def refuse_unreadable_quotes(rows: list[dict[str, str]], project: Path) -> None:
    """The gate stops every build on a quote that does not show its numbers: refuse such a statement now, unless
    seeds/curation/gate_exceptions.csv already explains its reading (its id is known before it is written)."""
    excepted = {(row["check_name"], row["observation_id"]) for row in read_curation(project, "gate_exceptions")}
    problems = []
    for row in rows:
        value = Decimal(row["value"]) if row["value"] else None
        rank_of = int(row["rank_of"]) if row["rank_of"] else None
        for what, shown in (("value", shows_value(row["quote"], value)),
                            ("rank", shows_rank(row["quote"], int(row["rank"]) if row["rank"] else None, rank_of))):
            if shown is False and (f"{what}_in_quote", row["observation_id"]) not in excepted:
                problems.append(f"{row['unit_name_as_written']} {row['index_code']} {row['year']} {row['metric']}: the "
                                f"quote {row['quote'][:80]!r} does not show its {what} {row[what]} as written, and the "
                                f"quality gate would stop every build on it. Quote the words that state it, or explain "
                                f"the reading in seeds/curation/gate_exceptions.csv ({what}_in_quote, "
                                f"{row['observation_id']}).")
    if problems:
        raise IngestError("\n".join(problems) + f"\n{len(problems)} problem(s); nothing was written to seeds/.")


@dataclass
class IngestOptions:
    """How to take the file: a dry run writes nothing; the sheet or pages to read; where to write a review of an
    OCR reading that was refused."""
    dry_run: bool = False
    sheet: str | None = None
    pages: str | None = None
    review: Path | None = None


def ingest(path: Path, options: TableOptions | None, project: Path, run: IngestOptions) -> None:
    try:
        extra = {"pages": parse_pages(run.pages) if run.pages else None}
        table = read_table(path, ReadOptions(sheet=run.sheet, extra=extra))
    except (TableError, ValueError) as error:
        raise IngestError(str(error)) from None
    names = UnitNames.load(project)
    try:
        new = statements_of(path, table, options, project, names)
    except IngestError as error:
        if run.review is not None:  # what was read, cell by cell, for a person to correct and ingest as a table
            write_review(run.review, table.rows, str(error), path)
            raise IngestError(f"{error}\nNothing was written to seeds/. Wrote {run.review}: the cells as read, with "
                              "confidences and problems. "
                              "Correct it against the file, then ingest it as a table with the same --index, "
                              "--year, --level and --source-url.") from None
        raise
    write_new(new, project, names, run.dry_run)


def statements_of(path: Path, table: ReadTable, options: TableOptions | None, project: Path,
                  names: UnitNames) -> list[dict[str, str]]:
    if is_statements_file(table.rows):
        if options is not None:
            raise IngestError(f"{path} is a file of cited statements (each row names its index, year, level and "
                              "source); run it without --index/--year/--level/--source-url.")
        return statements_from_file(path, table, project, names)
    if options is None:
        raise IngestError(f"{path} is a results table: say what it is with --index, --year, --level and "
                          "--source-url.")
    return statements_from_table(path, table, options, project, names)


def write_new(new: list[dict[str, str]], project: Path, names: UnitNames, dry_run: bool) -> None:
    if dry_run:
        fresh = compare_with_held(new, project, names)
        print(f"Dry run: nothing written. Without --dry-run, {len(fresh)} rows would be appended to {RAW_SEED}.")
        return
    # Read, compare and write under the build's lock: no build reads the seed half-way through, no other ingest
    # appends between our read and our write.
    with build_lock(project / paths.BUILD_LOCK.relative_to(paths.PROJECT_DIR), holder="ingest",
                    waits_for=("ingest", "build")):
        fresh = compare_with_held(new, project, names)
        if fresh:
            print(f"Writing {len(fresh)} rows to {RAW_SEED} ...", flush=True)
            append_rows(project / RAW_SEED, fresh)
            print(f"Appended {len(fresh)} rows to {RAW_SEED}. Run `make build` to build, check and publish them.")
        else:
            print(f"Nothing new: {RAW_SEED} is unchanged.")


def compare_with_held(new: list[dict[str, str]], project: Path, names: UnitNames) -> list[dict[str, str]]:
    """The statements not yet held, after saying how many are new and where they differ from held ones."""
    held = read_held(project)
    held_ids = {row["observation_id"] for row in held}
    unique = list({row["observation_id"]: row for row in new}.values())
    fresh = [row for row in unique if row["observation_id"] not in held_ids]
    print(f"{len(unique)} statements: {len(fresh)} new, {len(unique) - len(fresh)} already held.", flush=True)
    conflicts = differences(fresh, held, names, metric_catalogue(project))
    if conflicts:
        print(f"{len(conflicts)} differ from statements already held; both are kept and show in "
              "marts.rpt_conflicts, settled by the documented rule or by seeds/curation/conflict_resolutions.csv:",
              flush=True)
        print("\n".join(conflicts), flush=True)
    refuse_unreadable_quotes(fresh, project)
    return fresh
