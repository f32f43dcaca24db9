"""A generated set of MADE-UP tables (encodings x delimiters x quoting x decimal styles x header styles x number
forms): each is read exactly (every value equal to the generator's truth) or refused. Silent changes: 0.

The tables are written to tmp_path and read in-process (the reading and checking code of `parwh ingest`, without
the append), so the whole set runs in about a minute.
"""

from __future__ import annotations

import csv
import io
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from test_ingest import to_windows_1258

from parwh import paths
from parwh.ingest import IngestError, TableOptions
from parwh.ingest.tables import statements_from_table
from parwh.readers import TableError, read_table
from parwh.unit_names import UnitNames

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "mojibake"]  # mojibake: UTF-8 read as cp1252, saved again
DELIMITERS = [",", ";", "\t"]
QUOTING = ["csv", "naive"]  # naive: cells joined with the delimiter, nothing quoted (a hand-made export)
DECIMALS = [",", "."]
HEADERS = {
    "official": (["STT", "Tỉnh, thành phố", "Chỉ số SIPAS (%)", "Xếp hạng"], True),
    "with year": (["TT", "Tên đơn vị", "SIPAS 2017", "Thứ hạng năm 2017"], False),
    "english": (["No.", "Province", "Score (%)", "Rank"], False),
    "footnoted": (["STT", "Địa phương", "Chỉ số hài lòng (%)*", "Vị trí xếp hạng (1)"], True),
}
# number form -> (how 87.61 is written with decimal mark d, whether a table may publish it so)
FORMS = {
    "plain": (lambda number, d: number.replace(".", d), True),
    "percent": (lambda number, d: number.replace(".", d) + "%", True),
    "spaced percent": (lambda number, d: number.replace(".", d) + " %", True),
    "scientific": (lambda number, d: f"{Decimal(number):.3E}".replace(".", d), False),
    "signed": (lambda number, d: "+" + number.replace(".", d), False),
}
OPTIONS = TableOptions("SIPAS", 2017, "province", "https://example.invalid/made-up-generated")


def provinces() -> list[str]:
    with (paths.PROJECT_DIR / "seeds/reference/ref_provinces_63.csv").open(encoding="utf-8") as file:
        return [row["name_vi"] for row in csv.DictReader(file)]


def generate(directory: Path, encoding: str, delimiter: str, quoting: str, decimal: str, header: str,
             form: str) -> tuple[Path, dict[str, Decimal], bool]:
    """(file, truth: name -> score, whether the table must be read): 63 MADE-UP scores in rank order."""
    names = provinces()
    truth = {name: Decimal("88.90") - Decimal("0.17") * rank for rank, name in enumerate(names)}
    columns, with_title = HEADERS[header]
    write, publishable = FORMS[form]
    rows = ([["MADE-UP GENERATED TEST TABLE - SỐ LIỆU GIẢ"], []] if with_title else []) + [columns]
    rows += [[str(rank), name, write(str(truth[name]), decimal), str(rank)]
             for rank, name in enumerate(names, start=1)]
    if quoting == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        text = buffer.getvalue()
    else:
        text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path = directory / f"made_up_{encoding}_{ord(delimiter)}_{quoting}_{ord(decimal)}_{header}_{form}.csv"
    if encoding == "cp1258":
        path.write_bytes(to_windows_1258(text))
    elif encoding == "mojibake":
        path.write_bytes(text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    else:
        path.write_bytes(text.encode(encoding))
    cells_intact = quoting == "csv" or not any(delimiter in cell for row in rows for cell in row)
    return path, truth, publishable and cells_intact and encoding != "mojibake"


def read_back(path: Path, names: UnitNames) -> dict[str, Decimal] | None:
    """name -> score as ingest would append it, or None if refused."""
    try:
        table = read_table(path)
        statements = statements_from_table(path, table, OPTIONS, paths.PROJECT_DIR, names)
    except (IngestError, TableError):
        return None
    return {row["unit_name_as_written"]: Decimal(row["value"]) for row in statements if row["metric"] == "total"}


def test_every_generated_table_is_read_exactly_or_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    names = UnitNames.load(paths.PROJECT_DIR)
    exact, refused, silent, wrongly_refused = 0, 0, [], []
    for combination in itertools.product(ENCODINGS, DELIMITERS, QUOTING, DECIMALS, HEADERS, FORMS):
        path, truth, readable = generate(tmp_path, *combination)
        read = read_back(path, names)
        if read is None:
            refused += 1
            if readable:
                wrongly_refused.append(path.name)
        elif read == truth:
            exact += 1
        else:
            silent.append(path.name)
        path.unlink()
    total = exact + refused + len(silent)
    with capsys.disabled():
        print(f"\ngenerated tables: {total}; read exactly: {exact}; refused: {refused}; silent changes: {len(silent)}")
    assert not silent, f"{len(silent)} of {total} tables were read with changed values: {silent[:10]}"
    assert not wrongly_refused, f"{len(wrongly_refused)} publishable tables were refused: {wrongly_refused[:10]}"
    assert exact > total / 3  # the set is not refused wholesale
