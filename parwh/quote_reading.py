"""Does a quote show the number an observation took from it?

A number counts as shown when the quote prints it in digits (decimal comma or point, leading or trailing
zeros, sign dropped: "giảm 8,12" is -8.12), or, for small whole numbers, in words ("Thirty-three
provinces", "up two places", "giữ nguyên" for no change). A rank may also be read from a word for
first or last ("topped", "đứng đầu", "最下位"), from "N-th from the bottom", or from the position in an
explicitly ordered list ("followed by A, B, C", "lần lượt là", "の順"), as seeds/README.md describes.
"""

from __future__ import annotations

import re
from decimal import Decimal

_UNITS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
             "nineteen"]
_TENS_EN = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty"}
# "năm" (five) is left out on purpose: it also means "year" and is in nearly every Vietnamese quote.
_WORDS_VI = {1: ["một"], 2: ["hai"], 3: ["ba"], 4: ["bốn"], 6: ["sáu"], 7: ["bảy"], 8: ["tám"],
             9: ["chín"], 10: ["mười"]}
_NONE_WORDS = ["no", "none", "unchanged", "giữ nguyên", "không có", "conservé", "inchangé"]
_ONLY_ONE_WORDS = ["only one", "the only", "duy nhất"]

_ORDINALS = {
    1: ["first", "top", "tops", "topped", "led", "leads", "lead", "leading", "highest", "thứ nhất",
        "đứng đầu", "dẫn đầu", "đầu bảng", "đầu tiên", "cao nhất", "quán quân", "首位", "トップ", "榜首"],
    2: ["second", "runner-up", "thứ hai", "thứ nhì", "nhì", "á quân"],
    3: ["third", "thứ ba"],
    4: ["fourth", "thứ tư"],
    5: ["fifth", "thứ năm"],
    6: ["sixth"], 7: ["seventh"], 8: ["eighth"], 9: ["ninth"], 10: ["tenth"],
}
_LAST_WORDS = ["last", "bottom", "lowest", "poorest", "cuối", "thấp nhất", "đội sổ", "最下位", "最末席", "最も低い",
               "最も行政改革が後れている"]
_FROM_BOTTOM = [r"ワースト\s*(\d+)\s*位", r"(\d+)(?:st|nd|rd|th)?[- ](?:lowest|from the bottom)"]
_ORDERED_LIST_MARKERS = ["followed by", "topping the list are", "at the bottom of the ranking are", "after",
                         "lần lượt", "tiếp theo", "tiếp đó", "tiếp đến", "kế sau", "sau", "xếp từ cao xuống thấp",
                         "の順", "以下", "rank from list order"]


def _english_words(number: int) -> list[str]:
    if number < 20:
        return [_UNITS_EN[number]]
    tens, unit = divmod(number, 10)
    word = _TENS_EN.get(tens * 10)
    if word is None:
        return []
    return [word] if unit == 0 else [f"{word}-{_UNITS_EN[unit]}", f"{word} {_UNITS_EN[unit]}"]


def _has_phrase(text: str, phrases: list[str]) -> bool:
    """A whole-word (case-insensitive) match of any phrase; CJK phrases match anywhere."""
    for phrase in phrases:
        if phrase.isascii() or re.search(r"[a-zà-ỹđ]", phrase):
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE):
                return True
        elif phrase in text:
            return True
    return False


def digits_pattern(number: Decimal) -> str:
    """Regex for |number| as printed: 86.02 matches "86,02", "86.020"; 6 matches "06", "6,0"."""
    text = format(abs(number).normalize(), "f")
    whole, _, fraction = text.partition(".")
    body = "0*" + re.escape(whole) + (rf"[.,] ?{re.escape(fraction)}0*" if fraction else r"(?:[.,]0+)?")
    return rf"(?<!\d)(?<!\d[.,])(?<!\d[.,] ){body}(?![\d])(?![.,]\d)"


def shows_digits(quote: str, number: Decimal) -> bool:
    return re.search(digits_pattern(number), quote) is not None


def number_words(number: int) -> list[str]:
    words = _english_words(number) + _WORDS_VI.get(number, [])
    if number == 0:
        words += _NONE_WORDS
    if number == 1:
        words += _ONLY_ONE_WORDS
    return words


def shows_value(quote: str, value: Decimal | None) -> bool | None:
    """None when there is no value to look for."""
    if value is None:
        return None
    if shows_digits(quote, value):
        return True
    whole = abs(value)
    return whole == whole.to_integral_value() and _has_phrase(quote, number_words(int(whole)))


def shows_rank(quote: str, rank: int | None, rank_of: int | None) -> bool | None:
    """None when there is no rank to look for."""
    if rank is None:
        return None
    words = _ORDINALS.get(rank, []) + [f"number {word}" for word in _english_words(rank)]
    if shows_digits(quote, Decimal(rank)) or _has_phrase(quote, words):
        return True
    if rank_of is not None:
        if rank == rank_of and _has_phrase(quote, _LAST_WORDS):
            return True
        for pattern in _FROM_BOTTOM:
            if any(rank == rank_of - int(n) + 1 for n in re.findall(pattern, quote, re.IGNORECASE)):
                return True
    return _has_phrase(quote, _ORDERED_LIST_MARKERS)


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_POINTS_WORDS = r"(?:điểm|points?|pts|点|балл\w*)"
_AFTER_POINTS = [
    rf"\s*/\s*{_NUMBER}",                                                    # 12,75/13
    rf"\s*(?:out of|of|trên|trên tổng số)\s+(?:a maximum of\s+)?{_NUMBER}\s*{_POINTS_WORDS}",  # 12.99 out of 13 points
]
_MAXIMUM = [rf"tối đa\s*(?:là\s*)?{_NUMBER}", rf"maximum(?: of)?\s*{_NUMBER}", rf"{_NUMBER}\s*điểm tối đa"]


def _decimal_text(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def unit_in_quote(quote: str, value: Decimal | None) -> tuple[str | None, Decimal | None]:
    """The unit the quote prints right after the value, and the maximum it states.

    ("points", 13) for "12,75/13 điểm" or "12.99 out of 13 points"; ("points", None) for "14,18 điểm";
    ("percent", None) for "99,93%"; (None, None) when the quote does not say.
    """
    if value is None:
        return None, None
    for match in re.finditer(digits_pattern(value), quote):
        after = quote[match.end():match.end() + 60]
        if re.match(r"\s*(?:%|percent|per cent|phần trăm)", after, re.IGNORECASE):
            return "percent", None
        for pattern in _AFTER_POINTS:
            stated = re.match(pattern, after, re.IGNORECASE)
            if stated:  # a maximum below the value is kept, so the gate can name the row
                return "points", _decimal_text(stated[1])
        if re.match(rf"\s*{_POINTS_WORDS}", after, re.IGNORECASE):
            maxima = [_decimal_text(m[1]) for p in _MAXIMUM for m in re.finditer(p, quote, re.IGNORECASE)]
            return "points", next((m for m in maxima if m >= abs(value)), None)
    return None, None
