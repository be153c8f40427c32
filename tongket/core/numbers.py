"""Numbers the Vietnamese way: 1.234.567,8 on screen and in documents, and reading numbers
typed or pasted in either convention."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation

_CLEAN = re.compile(r"[\s\u00a0\u202f']")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class NotANumber(ValueError):
    """The text could not be read as a number."""


def parse_number(value: Any) -> Decimal | None:
    """A Decimal from a cell or a typed text; None for an empty value.

    Accepts numbers as such, and text in the Vietnamese convention (1.234.567,8) or the
    English one (1,234,567.8), with an optional trailing "%". When both separators occur the
    last is the decimal mark; a lone comma is a decimal mark (Vietnamese); a lone dot is a
    thousands mark only when it groups exactly three digits ("1.234" = 1234, "12.5" = 12,5).
    Raises NotANumber for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(str(value))
        return Decimal(repr(value))
    text = _CLEAN.sub("", str(value))
    if text.endswith("%"):
        text = text[:-1]
    if text == "":
        return None
    if text.startswith("+"):
        text = text[1:]
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif has_comma:
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif has_dot and (text.count(".") > 1 or _THOUSANDS_DOT.match(text)):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        raise NotANumber(str(value))
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise NotANumber(str(value)) from error


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language."""
    if (translation.get_language() or "vi").startswith("en"):
        return ",", "."
    return ".", ","


def format_number(value: Any, decimals: int | None = None) -> str:
    """1234567.8 → "1.234.567,8" (Vietnamese) or "1,234,567.8" (English); "" for None.

    Without `decimals`, trailing zeros are dropped and at most 2 decimals shown."""
    if value is None or value == "":
        return ""
    places = 2 if decimals is None else decimals
    # Half up, as people round by hand (85,25 → 85,3), not to even.
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", ""}:
        text = "0"
    thousands, decimal = _separators()
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_percent(value: Any, decimals: int = 1) -> str:
    """85.25 → "85,3 %" (a thin space before the sign, as Vietnamese typography has it)."""
    if value is None or value == "":
        return ""
    return f"{format_number(value, decimals)}\u00a0%"
