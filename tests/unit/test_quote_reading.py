"""Reading a number back from its quote."""

from decimal import Decimal

import pytest

from parwh.quote_reading import shows_rank, shows_value, unit_in_quote


def test_value_as_printed_with_decimal_comma_or_point() -> None:
    assert shows_value("đạt 86,02 điểm", Decimal("86.020"))
    assert shows_value("scored 86.02 percent", Decimal("86.02"))
    assert shows_value("đạt 54,2/61,5 điểm tối đa", Decimal("54.200"))


def test_value_is_not_found_inside_another_number() -> None:
    assert not shows_value("đạt 86,025 điểm", Decimal("86.02"))
    assert not shows_value("đạt 186,02 điểm", Decimal("86.02"))
    assert not shows_value("giảm 0,77 điểm", Decimal("77"))
    assert not shows_value("scored 87.5 percent", Decimal("86.02"))


def test_signed_changes_leading_zeros_and_words() -> None:
    assert shows_value("giảm 8,12%", Decimal("-8.12"))
    assert shows_value("tăng 06 bậc", Decimal("6"))
    assert shows_value("Thirty-three provinces saw rather good results", Decimal("33"))
    assert shows_value("up two places compared to 2021", Decimal("2"))
    assert shows_value("giữ nguyên thứ hạng", Decimal("0"))
    assert not shows_value("up two places", Decimal("3"))
    assert shows_value("no number here", None) is None


def test_rank_in_digits_words_and_lists() -> None:
    assert shows_rank("xếp thứ 08/63", 8, 63)
    assert shows_rank("Quảng Ninh dẫn đầu", 1, 63)
    assert shows_rank("The Ministry of Finance was ranked second", 2, 19)
    assert shows_rank("最下位は…ベンチェ省", 63, 63)
    assert shows_rank("ワースト2位は保健省", 16, 17)
    assert shows_rank("Quang Ninh led, followed by Hanoi and Dong Thap", 3, 63)
    assert not shows_rank("xếp thứ 9/63 tỉnh", 7, 63)
    assert not shows_rank("occupied the lowest position", 62, 63)
    assert shows_rank("no rank", None, 63) is None


@pytest.mark.parametrize(("quote", "value", "expected"), [
    ("achieved 12.75/13 points, ranking 32nd", "12.75", ("points", Decimal("13"))),
    ("cải cách thủ tục hành chính đạt 10,95/14,5 điểm", "10.95", ("points", Decimal("14.5"))),
    ("reached 12.99 out of 13 points, or 99.93%", "12.99", ("points", Decimal("13"))),
    ("reached 12.99 out of 13 points, or 99.93%", "99.93", ("percent", None)),
    ("với 15 điểm (tối đa 15,5 điểm)", "15", ("points", Decimal("15.5"))),
    ("hiện đại hóa hành chính (14,18 điểm)", "14.18", ("points", None)),
    ("Bảng chỉ số: 2012 = 86.00", "86", (None, None)),
    ("MADE-UP: đạt 13,9/13 điểm", "13.9", ("points", Decimal("13"))),  # kept, so the gate names it
])
def test_unit_in_quote(quote: str, value: str, expected) -> None:
    assert unit_in_quote(quote, Decimal(value)) == expected
