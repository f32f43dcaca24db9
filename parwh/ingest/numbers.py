"""Cells as published numbers: only the forms tables print (digits, one decimal comma or point, an optional %)."""

from __future__ import annotations

import re
from decimal import Decimal

EMPTY_CELLS = {"", "-", "–", "—", "x", "n/a", "na"}
# =..., @..., +A1, -SUM(...): what a spreadsheet would run. "- Hà Nội" (a dash before a name) is not one.
FORMULA = re.compile(r"^\s*(=|@|[+\-−]\s*(\$?[A-Za-z]{1,3}\$?[0-9]+\b|[A-Za-z_][A-Za-z0-9_.]*\s*\())")
NUMBER = re.compile(r"([0-9]+)(?:([.,])([0-9]+))?")
RANK = re.compile(r"([0-9]+)(?:[.,]0+)?(?:\s*/\s*([0-9]+))?")
FORMULA_ADVICE = "paste the values only (Excel: Paste Special → Values) and save again"


def is_formula(text: str) -> bool:
    return bool(FORMULA.match(text))


def parse_number(text: str) -> Decimal | None:
    """"87,61", "87.61", "87.61%", "87,61 %" -> Decimal; empty or a dash -> None; anything else -> ValueError.

    Not accepted: 1e2, NaN, Infinity, 8_761, a sign, non-ASCII digits, a thousands separator: no published
    score is written so, and reading one would be a guess.
    """
    if text.lower() in EMPTY_CELLS:
        return None
    if is_formula(text):
        raise ValueError(f"is a formula, not a published number; {FORMULA_ADVICE}")
    body = text.replace(" ", "")
    body = body[:-1] if body.endswith("%") else body
    if "," in body and "." in body:
        raise ValueError("has both a decimal comma and a point; write the number as published, e.g. 87,61")
    if not NUMBER.fullmatch(body):
        raise ValueError("is not a number as tables publish them; expected digits with at most one decimal comma "
                         "or point and an optional %, such as 87,61 or 87.61")
    return Decimal(body.replace(",", "."))


def parse_rank(text: str) -> tuple[int | None, int | None]:
    """"5" -> (5, None); "5/63" -> (5, 63); empty -> (None, None)."""
    if text.lower() in EMPTY_CELLS:
        return None, None
    if is_formula(text):
        raise ValueError(f"is a formula, not a published rank; {FORMULA_ADVICE}")
    match = RANK.fullmatch(text.strip())
    if not match and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError("is a date: the spreadsheet turned a rank such as 9/63 into one; format the column as text, "
                         "type the ranks again (or write only the rank, 9) and save")
    if not match:
        raise ValueError("is not a rank; expected a whole number such as 5 or 5/63")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None
