"""Releases: a data version that depends only on the marts' rows, a date-based name, and an archive.

The data version is the one way to say "these numbers": equal on any machine for equal marts, unchanged by a
code change that leaves the marts as they were. Its canonical form (how a row becomes text) is below, so
anyone can recompute it from the Parquet exports. The `citation` columns are left out: they quote the
release, so they cannot be part of what names it, and everything else they say is in the other columns.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import math
import os
import shutil
from pathlib import Path

import duckdb

from parwh.errors import ParwhError

MARTS_SCHEMA = "marts"
# Holds the build id, time, commit and the data version itself: not data, so not hashed.
BUILD_INFO = "rpt_build_info"
# A number's citation (macros/citation_text.sql) quotes the release: not hashed, and filled in once it is named.
CITATION_COLUMN = "citation"
VERSION_LENGTH = 16  # hex digits of sha256 shown and stored: short enough to cite, long enough to be unique
# Doubles (computed percentiles) are hashed at this many significant digits, so a last-bit difference between
# CPUs or summation orders does not change the version.
FLOAT_DIGITS = 12
# What changed since the release before (parwh/changes.py), written with the exports and kept with the release.
RELEASE_NOTES = ("CHANGES.md", "changes.json")


class ReleaseError(ParwhError):
    """A release asked for is not in the archive, or the archive is unreadable."""


# --- the data version -------------------------------------------------------------------------------------

def canonical_number(number: decimal.Decimal) -> str:
    """86.020, 86.02 and 86.0200 are one number: no exponent, no trailing zeros, no "-0"."""
    if not number.is_finite():
        return json.dumps(str(number))
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def canonical_value(value) -> str:
    """One value as JSON text that does not depend on the column's exact type, the driver or the platform."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return canonical_number(decimal.Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return json.dumps(str(value))
        return canonical_number(decimal.Decimal(format(value, f".{FLOAT_DIGITS}g")))
    if isinstance(value, decimal.Decimal):
        return canonical_number(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return json.dumps(value.isoformat())
    if isinstance(value, (list, tuple)):
        # Lists in the marts are sets (observation ids, names seen): their order is not data.
        return "[" + ",".join(sorted(canonical_value(item) for item in value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(key))}:{canonical_value(item)}"
                              for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """sha256 of the table's column names (sorted) and its rows as canonical lines, sorted; citations left out."""
    cursor = con.execute(f'select * from {MARTS_SCHEMA}."{table}"')
    names = [column[0] for column in cursor.description]
    hashed = [index for index, name in enumerate(names) if name != CITATION_COLUMN]
    order = sorted(hashed, key=lambda index: names[index])
    lines = sorted("[" + ",".join(canonical_value(row[index]) for index in order) + "]" for row in cursor.fetchall())
    digest = hashlib.sha256(json.dumps([names[index] for index in order]).encode())
    for line in lines:
        digest.update(b"\n" + line.encode("utf-8"))
    return digest.hexdigest()


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = ? and table_name <> ? order by table_name",
        [MARTS_SCHEMA, BUILD_INFO]).fetchall()]


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """The content hash of every mart but rpt_build_info: one line "table digest" per mart, sorted by name."""
    lines = [f"{table} {table_digest(con, table)}" for table in data_tables(con)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:VERSION_LENGTH]


# --- the archive ------------------------------------------------------------------------------------------

def archived(releases_dir: Path) -> list[dict]:
    """Every archived release (its manifest's build facts), oldest first."""
    releases = []
    for manifest in sorted(releases_dir.glob("[!.]*/manifest.json")):  # not a half-written .incoming-* folder
        try:
            facts = json.loads(manifest.read_text(encoding="utf-8"))
            releases.append({**facts["build"], "folder": manifest.parent, "coverage": facts.get("coverage", [])})
        except (ValueError, KeyError) as error:
            raise ReleaseError(f"{manifest} is unreadable ({error}); restore it from a backup or move its folder "
                               "out of the archive.") from None
    return sorted(releases, key=lambda release: (release["built_at_utc"], release["release_name"]))


def new_release_name(taken: set[str], today: datetime.date) -> str:
    """The publication date, YYYY-MM-DD; a second release on one day is YYYY-MM-DD.2, and so on."""
    name, number = today.isoformat(), 1
    while name in taken:
        number += 1
        name = f"{today.isoformat()}.{number}"
    return name


def cited_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from duckdb_columns() where schema_name = ? and column_name = ? order by table_name",
        [MARTS_SCHEMA, CITATION_COLUMN]).fetchall()]


def cite_release(con: duckdb.DuckDBPyConnection, version: str, name: str) -> None:
    """Replace the release part dbt wrote into every citation ("unreleased build") with this release.

    Both texts come from the macro dbt stored in the file (marts.citation_release), the one home of the wording.
    """
    for table in cited_tables(con):
        con.execute(
            f"update {MARTS_SCHEMA}.{table} set {CITATION_COLUMN} = "
            f"  left({CITATION_COLUMN}, "
            f"length({CITATION_COLUMN}) - length({MARTS_SCHEMA}.citation_release(null, null)))"
            f"  || {MARTS_SCHEMA}.citation_release($name, $version) "
            f"where suffix({CITATION_COLUMN}, {MARTS_SCHEMA}.citation_release(null, null))",
            {"name": name, "version": version})
        (unreleased,) = con.execute(
            f"select count(*) from {MARTS_SCHEMA}.{table} "
            f"where not suffix({CITATION_COLUMN}, {MARTS_SCHEMA}.citation_release($name, $version))",
            {"name": name, "version": version}).fetchone()
        if unreleased:
            raise ReleaseError(f"{unreleased} citations in {MARTS_SCHEMA}.{table} do not end with the release part "
                               "that macros/citation_text.sql writes; rebuild the file with `parwh build`.")


def name_release(database: Path, releases_dir: Path) -> tuple[str, str]:
    """Compute the build's data version, reuse its archived name or give it a new one; record both in the file.

    The build's own file is the only one written, in one transaction: rpt_build_info gets the version and the
    name, and every citation the release, so the exports, the report page and every reader of the published
    file see them.
    """
    releases = archived(releases_dir)
    with duckdb.connect(str(database)) as con:
        version = data_version(con)
        known = {release["data_version"]: release["release_name"] for release in releases}
        taken = set(known.values()) | {path.name for path in releases_dir.glob("*")}
        name = known.get(version) or new_release_name(taken, datetime.datetime.now(datetime.UTC).date())
        con.execute("begin transaction")
        con.execute(f"update {MARTS_SCHEMA}.{BUILD_INFO} set data_version = ?, release_name = ?", [version, name])
        cite_release(con, version, name)
        con.execute("commit")
    return version, name


def archive_release(exports_dir: Path, releases_dir: Path) -> Path | None:
    """Keep the published exports' Parquet files, manifest and changes under releases/<name>/, once per data
    version. Returns the new folder, or None when this data version is archived already.

    Written beside, then renamed in, so a killed build leaves no half release.
    """
    manifest = json.loads((exports_dir / "manifest.json").read_text(encoding="utf-8"))
    version, name = manifest["build"]["data_version"], manifest["build"]["release_name"]
    if any(release["data_version"] == version for release in archived(releases_dir)):
        return None
    folder = releases_dir / name
    incoming = releases_dir / f".incoming-{name}"
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    kept = [file["path"] for entry in manifest["marts"] for file in entry["files"] if file["format"] == "parquet"]
    for file in [*kept, "manifest.json", *RELEASE_NOTES]:
        shutil.copy2(exports_dir / file, incoming / file)
    os.replace(incoming, folder)
    return folder


def coverage_summary(coverage: list[dict]) -> str:
    scored = sum(row["units_with_score"] for row in coverage)
    expected = sum(row["expected_units"] for row in coverage)
    return f"{scored} of {expected} unit-years scored, {len(coverage)} index releases"


def releases_table(releases_dir: Path) -> str:
    """`parwh releases`: one line per archived release, oldest first."""
    releases = archived(releases_dir)
    if not releases:
        return f"No release is archived in {releases_dir} yet: run `make build`."
    lines = ["| release | data version | published (UTC) | coverage |", "|---|---|---|---|"]
    lines += [f"| {release['release_name']} | {release['data_version']} | {release['built_at_utc'][:16]} | "
              f"{coverage_summary(release['coverage'])} |" for release in releases]
    return "\n".join(lines)


def find_release(releases: list[dict], reference: str) -> dict:
    """A release by its name (2026-12-02) or its data version (or the first 6 digits of it, or more)."""
    found = [release for release in releases if reference == release["release_name"]
             or (len(reference) >= 6 and release["data_version"].startswith(reference.lower()))]
    if len(found) != 1:
        known = ", ".join(release["release_name"] for release in releases) or "none"
        problem = "matches several releases" if found else "is no archived release"
        raise ReleaseError(f"{reference!r} {problem}; give a release name or data version "
                           f"(archived: {known}; `parwh releases` lists them).")
    return found[0]


def previous_release(releases: list[dict], version: str) -> dict | None:
    """The release archived before the one of `version` (the newest one, if `version` is not archived yet)."""
    versions = [release["data_version"] for release in releases]
    position = versions.index(version) if version in versions else len(releases)
    return releases[position - 1] if position else None


def current_release(releases: list[dict], published_db: Path) -> dict:
    """The release of the published file; the newest archived one if that file is missing or unnamed."""
    version = None
    if published_db.exists():
        with duckdb.connect(str(published_db), read_only=True) as con:
            version = con.execute(f"select data_version from {MARTS_SCHEMA}.{BUILD_INFO}").fetchone()[0]
    return next((release for release in releases if release["data_version"] == version), releases[-1])
