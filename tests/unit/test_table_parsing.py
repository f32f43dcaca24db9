"""Cell and file parsing for parwh ingest (made-up values)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parwh.ingest.headers import header_key
from parwh.ingest.numbers import parse_number, parse_rank
from parwh.readers import TableError
from parwh.readers.text import repair_mojibake, sniff_encoding


@pytest.mark.parametrize("text, expected", [
    ("87,61", Decimal("87.61")), ("87.61", Decimal("87.61")), ("87,61 %", Decimal("87.61")), ("90", Decimal(90)),
    ("", None), ("-", None), ("—", None),
])
def test_parse_number(text: str, expected) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, message", [
    ("=B2*0.5", "formula"), ("@SUM(A1)", "formula"), ("+A1", "formula"), ("1.234,5", "decimal comma and a point"),
    ("87,6a", "not a number"),
])
def test_parse_number_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text)


@pytest.mark.parametrize("text, expected", [("5", (5, None)), ("05", (5, None)), ("5/63", (5, 63)), ("", (None, None)),
                                            ("5.0", (5, None))])
def test_parse_rank(text: str, expected) -> None:
    assert parse_rank(text) == expected


@pytest.mark.parametrize("text, expected", [("Chỉ số (%)", "chi so"), ("Tỉnh, thành phố", "tinh thanh pho"),
                                            ("XẾP HẠNG", "xep hang"), ("Điểm (/100)", "diem")])
def test_header_key(text: str, expected: str) -> None:
    assert header_key(text) == expected


def test_sniff_utf16_without_bom_and_windows_1258(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("Hà Nội,90".encode("utf-16-le"))
    assert sniff_encoding(utf16) == ("utf-16-le", "UTF-16")
    cp1258 = tmp_path / "cp1258.csv"
    cp1258.write_bytes(b"H\xe0 N\xf4\xf2i")  # Windows-1258: o-circumflex + dot below
    assert sniff_encoding(cp1258) == ("cp1258", "Windows-1258")
    assert cp1258.read_text(encoding="cp1258") == "Hà Nội".replace("ộ", "ô\u0323")


def test_sniff_refuses_a_spreadsheet_named_csv(tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(TableError, match="XLSX"):
        sniff_encoding(file)


def test_repair_mojibake() -> None:
    assert repair_mojibake("Hà Nội".encode().decode("cp1252")) == "Hà Nội"
    assert repair_mojibake("Hà Nội") is None
    assert repair_mojibake("plain ASCII") is None
