"""Run dbt-labs/dbt-project-evaluator on a scratch copy of the project and list what its fct_* models find.

    .venv/bin/python scripts/evaluate_project.py PACKAGES_DIR [--rows] [--keep]

PACKAGES_DIR holds checkouts of dbt_project_evaluator (v1.3.2 was used) and dbt_utils (its dependency), made
outside the repository, e.g. from git: `git archive --prefix=dbt_project_evaluator/ v1.3.2 | tar x -C DIR`.
Neither is vendored here, and nothing here depends on them: the project is copied into a scratch folder, the
two packages are linked into its dbt_packages/ (so `dbt deps` and the package hub are not needed), and the
evaluator builds into a scratch DuckDB file. The build, its file and its target/ are never touched.

Deliberate choices are rows of seeds/evaluator/dbt_project_evaluator_exceptions.csv (the evaluator's own
mechanism); that seed is enabled only for this run (var project_evaluator), so `parwh build` has no such node.
Exits 1 when a finding is left, so it can gate CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parwh import paths  # noqa: E402

PACKAGES = ("dbt_project_evaluator", "dbt_utils")
SCHEMA = "main"  # the package sets no schema: dbt's default one


def scratch_project(packages_dir: Path, scratch: Path) -> Path:
    project = scratch / "project"
    for name in paths.PROJECT_FILES:
        source, target = ROOT / name, project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    for package in PACKAGES:
        if not (packages_dir / package / "dbt_project.yml").exists():
            raise SystemExit(f"{packages_dir / package}/dbt_project.yml is missing: check out {package} there "
                             "(see this script's docstring).")
        (project / "dbt_packages").mkdir(exist_ok=True)
        (project / "dbt_packages" / package).symlink_to((packages_dir / package).resolve())
    # the package's empty exceptions seed gives way to ours (the evaluator's documented step)
    settings_file = project / "dbt_project.yml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings["seeds"]["dbt_project_evaluator"] = {"dbt_project_evaluator_exceptions": {"+enabled": False}}
    settings_file.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def findings(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ? and table_name like 'fct\\_%' escape '\\' "
            "order by 1", [SCHEMA]).fetchall()]
        return {table: con.execute(f'select * from "{SCHEMA}"."{table}"').fetchall() for table in tables}


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    packages_dir, show_rows = Path(argv[0]), "--rows" in argv
    scratch = Path(tempfile.mkdtemp(prefix="parwh-evaluator-"))
    try:
        project = scratch_project(packages_dir, scratch)
        database = scratch / "evaluator.duckdb"
        env = {**os.environ, "PARWH_DUCKDB_PATH": str(database)}
        run = subprocess.run(
            [paths.dbt_executable(), "build", "--select", "package:dbt_project_evaluator",
             "dbt_project_evaluator_exceptions", "--vars", "{project_evaluator: true}",
             "--project-dir", str(project), "--profiles-dir", str(project)],
            cwd=project, env=env, capture_output=True, text=True)
        if not database.exists():
            print(run.stdout[-3000:] + run.stderr[-3000:])
            return 1
        found = findings(database)
    finally:
        if "--keep" in argv:
            print(f"scratch project and its dbt output kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    left = 0
    for table, rows in found.items():
        # fct_*_coverage are one-row summaries, not findings
        if rows and not table.endswith("_coverage"):
            left += len(rows)
            print(f"{table}: {len(rows)}")
            for row in rows if show_rows else []:
                print("    " + " | ".join(str(value) for value in row))
    for table in (name for name in found if name.endswith("_coverage")):
        print(f"{table}: " + " | ".join(str(value) for value in found[table][0]) if found[table] else "")
    print(f"{left} findings in {sum(1 for name in found if not name.endswith('_coverage'))} rules "
          f"(dbt build exit code {run.returncode})")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
