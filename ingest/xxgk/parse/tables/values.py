"""Cell contents -> values: numbers, blanks, money with a unit. Pure functions, no regex backtracking."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from xxgk.parse.tables.labels import CELL_UNITS, MONEY_UNITS, NULL_TOKENS

# A number as it appears in a cell: optional sign, digits with optional thousands separators,
# optional decimals, optional unit. Anchored and with no nested quantifiers over the same chars.
_NUM = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNIT_ALT = "|".join(sorted(CELL_UNITS, key=len, reverse=True))
_NUM_CELL = re.compile(rf"([-+]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)\s*({_UNIT_ALT})?")


def is_null_token(s: str) -> bool:
    return s.strip() in NULL_TOKENS


# Cell texts repeat endlessly ("0", "1", "/"): parsed once per process. Bounded: cleared when full,
# and long texts (prose words, 4,301-digit cells) are never kept.
_PARSED: dict[str, tuple[Decimal, str | None] | None] = {}
_PARSED_MAX = 20_000
_PARSED_LEN = 32


def _parse(s: str) -> tuple[Decimal, str | None] | None:
    s = s.strip()
    if s.isdigit() and s.isascii():     # the common cell: "0", "1234" (what _NUM_CELL makes of it)
        return Decimal(s), None
    # a number starts with a sign or a digit (\d is str.isdecimal): prose words fail here at once
    if not s or not (s[0] in "+-" or s[0].isdecimal()):
        return None
    m = _NUM_CELL.fullmatch(s)
    if not m:
        return None
    try:
        return Decimal(m.group(1).replace(",", "")), m.group(2)
    except InvalidOperation:  # pragma: no cover - regex guarantees a valid literal
        return None


def parse_cell_number(s: str) -> tuple[Decimal, str | None] | None:
    """'1,234' -> (1234, None); '160.5964万元' -> (160.5964, '万元'); not a number -> None."""
    try:
        return _PARSED[s]
    except KeyError:
        pass
    r = _parse(s)
    if len(s) <= _PARSED_LEN:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[s] = r
    return r


def is_number_token(s: str) -> bool:
    return parse_cell_number(s) is not None


def is_digit_run(s: str) -> bool:
    """A bare run of digits that could be several merged single cells ("000000")."""
    return len(s) >= 2 and s.isascii() and s.isdigit()


def to_key_value(key: str, amount: Decimal, unit: str | None) -> Decimal | int:
    """Convert a cell's number to the key's unit and type (int for counts, Decimal for money)."""
    target = MONEY_UNITS.get(key)
    if target is not None:
        if unit == "万元" and target == "元":
            amount = amount * 10000
        elif unit == "元" and target == "万元":
            amount = amount / Decimal(10000)
        amount = amount.normalize()
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        return amount
    if amount == amount.to_integral_value():
        return int(amount)
    return amount
