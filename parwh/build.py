"""The main job: build into a fresh file, test and gate it, export it, then publish it all in one step."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from parwh import paths
from parwh.errors import ParwhError
from parwh.coverage import coverage_rows, update_readme_coverage
from parwh.dbt_failures import failed_test_rows
from parwh.exports import export_marts, write_manifest
from parwh.gate import run_gate
from parwh.lifeline import die_with_parent
from parwh.publish import build_lock, publish_directory, publish_file
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


def run_dbt(arguments: list[str], database: Path, commit: str) -> None:
    """One dbt command against `database`, streaming dbt's progress to the console."""
    env = {**os.environ, "PARWH_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(paths.PROJECT_DIR),
           "PARWH_GIT_COMMIT": commit}
    command = [paths.dbt_executable(), *arguments, "--project-dir", str(paths.PROJECT_DIR)]
    completed = subprocess.run(command, cwd=paths.PROJECT_DIR, env=env, preexec_fn=die_with_parent)
    if completed.returncode != 0:
        print(failed_test_rows(paths.DBT_TARGET_DIR / "run_results.json", database, paths.PROJECT_DIR), flush=True)
        raise BuildError(f"dbt {arguments[0]} failed (see the errors and rows above). {nothing_published()}")


def fresh_build_dir() -> None:
    """Remove what an earlier (perhaps killed) build left behind."""
    shutil.rmtree(paths.BUILD_DIR, ignore_errors=True)
    paths.BUILD_DIR.mkdir(parents=True)


def generate_docs(database: Path, commit: str) -> None:
    """dbt docs as one offline page (manifest and catalog inlined), plus the JSON for other tools.

    --no-compile: the models were compiled by the dbt build just before; compiling them again cost ~3 s a build.
    """
    run_dbt(["docs", "generate", "--static", "--no-compile"], database, commit)
    paths.BUILD_DOCS_DIR.mkdir()
    shutil.copy2(paths.DBT_TARGET_DIR / "static_index.html", paths.BUILD_DOCS_DIR / "index.html")
    for name in ("manifest.json", "catalog.json"):
        shutil.copy2(paths.DBT_TARGET_DIR / name, paths.BUILD_DOCS_DIR / name)


def validate(database: Path) -> None:
    """The Great Expectations gate; prints its summary and raises BuildError on a failed check."""
    result = run_gate(database, paths.QUALITY_DIR)
    print(result.summary, flush=True)
    if not result.success:
        raise BuildError(
            f"the quality gate failed (rows above). {nothing_published()} Fix the seed row, or record a "
            "resolution or a documented exception in seeds/curation/."
        )


def export(database: Path) -> None:
    marts = export_marts(database, paths.BUILD_EXPORTS_DIR)
    write_manifest(paths.BUILD_EXPORTS_DIR, database, paths.PUBLISHED_DB.name, marts, coverage_rows(database))


def publish() -> None:
    """The database first (one atomic rename), then the folders that describe it."""
    publish_file(paths.BUILD_DB, paths.PUBLISHED_DB)
    after_publishing("step 6 (publishing the exports, docs and report folders)", lambda: [
        publish_directory(built, published) for built, published in ((paths.BUILD_EXPORTS_DIR, paths.EXPORTS_DIR),
                                                                     (paths.BUILD_DOCS_DIR, paths.DOCS_DIR),
                                                                     (paths.BUILD_REPORT_DIR, paths.REPORT_DIR))])


def after_publishing(step: str, action) -> None:
    """A step after the new database is served fails as what it is: published, then that step failed."""
    try:
        action()
    except Exception as error:  # any failure: the user must learn the new warehouse is already served
        raise ParwhError(f"published {paths.shown(paths.PUBLISHED_DB)} (the new build is served), then {step} "
                         f"failed: {type(error).__name__}: {error}. Fix that and run `make build` again.") from None


STEPS = 7


def progress(step: int, title: str) -> None:
    print(f"[{step}/{STEPS}] {title}", flush=True)


def build() -> None:
    with build_lock(paths.BUILD_LOCK):
        commit = git_commit()
        fresh_build_dir()
        progress(1, f"dbt build into a fresh file {paths.shown(paths.BUILD_DB)}")
        run_dbt(["build"], paths.BUILD_DB, commit)
        progress(2, f"dbt docs generate into {paths.shown(paths.BUILD_DOCS_DIR)}/")
        generate_docs(paths.BUILD_DB, commit)
        progress(3, "quality gate (Great Expectations) on the fresh file")
        validate(paths.BUILD_DB)
        progress(4, f"exports into {paths.shown(paths.BUILD_EXPORTS_DIR)}/")
        export(paths.BUILD_DB)
        progress(5, f"report page into {paths.shown(paths.BUILD_REPORT_DIR)}/")
        write_report(paths.BUILD_DB, paths.BUILD_REPORT_DIR)
        progress(6, f"publishing {paths.shown(paths.PUBLISHED_DB)} and {paths.shown(paths.EXPORTS_DIR)}/, "
                    f"{paths.shown(paths.DOCS_DIR)}/, {paths.shown(paths.REPORT_DIR)}/")
        publish()
        progress(7, "updating the coverage table in README.md")
        after_publishing("step 7 (the coverage table in README.md)",
                         lambda: update_readme_coverage(paths.PUBLISHED_DB, paths.README))
        print("done.", flush=True)
