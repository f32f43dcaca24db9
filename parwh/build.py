"""The main job: build into a fresh file, test and gate it, export it, then publish it all in one step."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from parwh import paths
from parwh.changes import write_release_changes
from parwh.coverage import coverage_rows, readme_is_current, write_coverage
from parwh.dbt_failures import failed_test_rows
from parwh.errors import ParwhError
from parwh.exports import export_marts, write_manifest
from parwh.gate_process import GateProcess
from parwh.publish import build_lock, publish_directory, publish_file
from parwh.releases import archive_release, name_release
from parwh.report import write_report


class BuildError(ParwhError):
    """The build failed; the published warehouse was not touched."""


def nothing_published() -> str:
    return f"Nothing was published: {paths.shown(paths.PUBLISHED_DB)} and its exports are unchanged."


def git_commit() -> str:
    """HEAD of the project, "-dirty" when it has uncommitted changes; "unknown" outside a git checkout."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=paths.PROJECT_DIR, capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        return git("rev-parse", "HEAD") + ("-dirty" if git("status", "--porcelain") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@contextlib.contextmanager
def dbt_environment(database: Path, commit: str) -> Iterator[None]:
    """What the profile and rpt_build_info read from the environment, for the dbt commands of one build."""
    # The path relative to the project, and dbt run from there: dbt keeps its parse of the project only while the
    # profile (this path included) stays the same, so a copy of the project (a test's, a CI cache's) parses warm.
    settings = {"PARWH_DUCKDB_PATH": os.path.relpath(database, paths.PROJECT_DIR), "PARWH_GIT_COMMIT": commit}
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with contextlib.chdir(paths.PROJECT_DIR):
            yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Dbt:
    """dbt in this process (dbt's programmatic runner): started and the project parsed once for the whole build.

    In this process, a killed build takes dbt with it (no child to leave behind), and dbt's progress goes to the
    console as before.
    """

    def __init__(self, database: Path, *options: str) -> None:
        from dbt.cli.main import dbtRunner

        self.database = database
        self.options = ["--project-dir", str(paths.PROJECT_DIR), "--profiles-dir", str(paths.PROJECT_DIR), *options]
        self.runner = dbtRunner()
        self.invoke(["parse", "--no-write-json"])  # the build writes manifest.json, once, with the compiled SQL
        self.runner = dbtRunner(manifest=self.result)

    def invoke(self, arguments: list[str]) -> None:
        outcome = self.runner.invoke([*arguments, *self.options])
        if not outcome.success:
            self.close()  # the failing rows are read from the database next
            print(failed_test_rows(paths.DBT_TARGET_DIR / "run_results.json", self.database, paths.PROJECT_DIR),
                  flush=True)
            raise BuildError(f"dbt {arguments[0]} failed (see the errors and rows above). {nothing_published()}")
        self.result = outcome.result

    def close(self) -> None:
        """Close dbt's connections, and so its hold on the database file (DuckDB lets one process open a file
        in one mode only, and the gate opens it read-only next)."""
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
        from dbt.adapters.factory import reset_adapters

        reset_adapters()  # closes dbt's connections; dbt-duckdb still holds the database itself:
        with contextlib.suppress(Exception):  # (none was opened when dbt failed before connecting)
            DuckDBConnectionManager.env().close()
        DuckDBConnectionManager.close_all_connections()


def fresh_build_dir() -> None:
    """Remove what an earlier (perhaps killed) build left behind."""
    shutil.rmtree(paths.BUILD_DIR, ignore_errors=True)
    paths.BUILD_DIR.mkdir(parents=True)


def dbt_build_and_docs(database: Path, commit: str, *options: str) -> None:
    """Steps 1 and 2, in this process, parsing the project once: dbt build into `database`, then dbt docs.

    docs generate --no-compile: the build has just compiled the models (compiling them again cost ~3 s).
    `options` go to every dbt command (the benchmark gives a --target-path of its own).
    """
    with dbt_environment(database, commit):
        progress(1, f"dbt build into a fresh file {paths.shown(database)}")
        dbt = Dbt(database, *options)
        try:
            dbt.invoke(["build"])
            progress(2, f"dbt docs generate into {paths.shown(paths.BUILD_DOCS_DIR)}/")
            dbt.invoke(["docs", "generate", "--static", "--no-compile"])
        finally:
            dbt.close()


def copy_docs() -> None:
    """dbt docs as one offline page (manifest and catalog inlined), plus the JSON for other tools."""
    paths.BUILD_DOCS_DIR.mkdir()
    shutil.copy2(paths.DBT_TARGET_DIR / "static_index.html", paths.BUILD_DOCS_DIR / "index.html")
    for name in ("manifest.json", "catalog.json"):
        shutil.copy2(paths.DBT_TARGET_DIR / name, paths.BUILD_DOCS_DIR / name)


def validate(database: Path, gate: GateProcess | None = None) -> None:
    """The Great Expectations gate, in `gate` (the build's, started early) or else in this process; prints its
    summary and raises BuildError on a failed check."""
    if gate:
        success, summary = gate.run(database, paths.QUALITY_DIR)
    else:
        from parwh.gate import run_gate  # Great Expectations takes seconds to import: only when the gate runs

        result = run_gate(database, paths.QUALITY_DIR)
        success, summary = result.success, result.summary
    print(summary, flush=True)
    if not success:
        raise BuildError(
            f"the quality gate failed (rows above). {nothing_published()} Fix the seed row, or record a "
            "resolution or a documented exception in seeds/curation/."
        )


def export(database: Path) -> None:
    marts = export_marts(database, paths.BUILD_EXPORTS_DIR)
    write_manifest(paths.BUILD_EXPORTS_DIR, database, paths.PUBLISHED_DB.name, marts, coverage_rows(database))
    write_coverage(database, paths.BUILD_EXPORTS_DIR)  # generated beside the exports, never into the tracked README
    write_release_changes(paths.BUILD_EXPORTS_DIR, paths.RELEASES_DIR)


def publish() -> None:
    """The database first (one atomic rename), then the folders that describe it."""
    publish_file(paths.BUILD_DB, paths.PUBLISHED_DB)
    after_publishing("step 6 (publishing the exports, docs and report folders, archiving the release)",
                     publish_folders_and_archive)


def publish_folders_and_archive() -> None:
    for built, published in ((paths.BUILD_EXPORTS_DIR, paths.EXPORTS_DIR), (paths.BUILD_DOCS_DIR, paths.DOCS_DIR),
                             (paths.BUILD_REPORT_DIR, paths.REPORT_DIR)):
        publish_directory(built, published)
    release = archive_release(paths.EXPORTS_DIR, paths.RELEASES_DIR)
    print(f"  archived {paths.shown(release)}/" if release else "  this data version is archived already", flush=True)


def after_publishing(step: str, action) -> None:
    """A step after the new database is served fails as what it is: published, then that step failed."""
    try:
        action()
    except Exception as error:  # any failure: the user must learn the new warehouse is already served
        raise ParwhError(f"published {paths.shown(paths.PUBLISHED_DB)} (the new build is served), then {step} "
                         f"failed: {type(error).__name__}: {error}. Fix that and run `make build` again.") from None


STEPS = 6


def progress(step: int, title: str) -> None:
    print(f"[{step}/{STEPS}] {title}", flush=True)


def build() -> None:
    with build_lock(paths.BUILD_LOCK):
        commit = git_commit()
        fresh_build_dir()
        with GateProcess() as gate:  # imports Great Expectations on the other core while dbt builds
            dbt_build_and_docs(paths.BUILD_DB, commit)
            copy_docs()
            progress(3, "quality gate (Great Expectations) on the fresh file")
            validate(paths.BUILD_DB, gate)
        version, name = name_release(paths.BUILD_DB, paths.RELEASES_DIR)
        print(f"  release {name}, data version {version}", flush=True)
        progress(4, f"exports into {paths.shown(paths.BUILD_EXPORTS_DIR)}/")
        export(paths.BUILD_DB)
        progress(5, f"report page into {paths.shown(paths.BUILD_REPORT_DIR)}/")
        write_report(paths.BUILD_DB, paths.BUILD_REPORT_DIR)
        progress(6, f"publishing {paths.shown(paths.PUBLISHED_DB)} and {paths.shown(paths.EXPORTS_DIR)}/, "
                    f"{paths.shown(paths.DOCS_DIR)}/, {paths.shown(paths.REPORT_DIR)}/")
        publish()
        if not readme_is_current(paths.README, paths.PUBLISHED_DB):
            print("  README.md's coverage table is for other data: run `.venv/bin/parwh coverage --readme` and "
                  "commit it with the seeds.", flush=True)
        print("done.", flush=True)
