"""The raw-observation record: its columns, stable id, quote language and source kind."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from parwh import paths
from parwh.sources import registered_kinds, registrable_domain

# Columns of seeds/raw/raw_observations.csv, in order.
OBSERVATION_COLUMNS = [
    "observation_id",
    "dataset",
    "index_code",
    "year",
    "unit_level",
    "unit_name_as_written",
    "metric",
    "value",
    "rank",
    "rank_of",
    "source_url",
    "source_date",
    "source_language",
    "source_kind",
    "quote",
]

# The fields that make a statement: the same statement from the same page is one observation.
IDENTITY_FIELDS = [
    "index_code",
    "year",
    "unit_level",
    "unit_name_as_written",
    "metric",
    "value",
    "rank",
    "rank_of",
    "source_url",
]

def observation_id(row: dict[str, str]) -> str:
    """A stable id from the statement itself, so re-importing never renumbers."""
    key = "\x1f".join(unicodedata.normalize("NFC", row[f].strip()) for f in IDENTITY_FIELDS)
    return "obs_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def source_kind(url: str) -> str:
    """The publisher's kind from the source register; "unregistered" when its domain is not there yet
    (the build then stops and says what to add)."""
    return registered_kinds(paths.PROJECT_DIR).get(registrable_domain(url), "unregistered")


def detect_language(text: str) -> str:
    """The quote's language, from its script: ja, zh, ko, ru, lo, vi or en."""
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\uac00-\ud7af]", text):
        return "ko"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[\u0e80-\u0eff]", text):
        return "lo"
    if re.search(r"[đĐăĂâÂêÊôÔơƠưƯ]|[\u0300-\u0323]", unicodedata.normalize("NFD", text)):
        return "vi"
    return "en"


def enrich_observation(raw: dict[str, str], dataset: str) -> dict[str, str]:
    """A row of the shared observations layout -> a row of raw_observations."""
    row = {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in raw.items()}
    row["index_code"] = row.pop("index_name", row.get("index_code", ""))
    row["dataset"] = dataset
    row["observation_id"] = observation_id(row)
    row["source_language"] = detect_language(row["quote"])
    row["source_kind"] = source_kind(row["source_url"])
    return {column: row.get(column, "") for column in OBSERVATION_COLUMNS}


def write_atomically(path: Path, data: bytes) -> None:
    """All of `data` or nothing: a temporary file beside the target, flushed to disk, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_text(columns: list[str], rows: list[dict[str, str]], header: bool = True) -> str:
    """Rows as the seeds write them: minimal quoting, \\n line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    write_atomically(path, csv_text(columns, rows).encode("utf-8"))
