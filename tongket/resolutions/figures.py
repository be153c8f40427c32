"""A figure of an indicator as people read it, the one way the pages and the documents write
it: a ratio in per cent, a milestone reached or not, a rating by its level's name, else a
number with the indicator's decimals ("–" for none)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tongket.core.numbers import format_number, format_percent
from tongket.resolutions.choices import MeasureKind


def figure_text(
    indicator: Any,
    value: Any,
    *,
    reached: str,
    not_reached: str,
    as_written: bool = False,
) -> str:
    """`value` of `indicator` in words: 85,3 %, 1.234, 14,5, `reached`, Khá; "–" for none.

    A page shows a number with the indicator's decimals ("6,00") and a rating at the level it
    has reached (2,6 → the second level). A document (`as_written`) writes a whole number
    without decimals ("6 vụ", not "6,00") and a rating that is not one of its levels (an
    average of levels) as the number it is. `reached` and `not_reached` name a milestone, in
    the reader's language on a page, in Vietnamese in a document."""
    if value is None:
        return "–"
    kind = indicator.measure_kind
    if kind == MeasureKind.RATIO:
        return format_percent(value)
    number = Decimal(str(value))
    if kind == MeasureKind.MILESTONE:
        return reached if number >= 1 else not_reached
    levels = indicator.rating_levels or []
    if as_written:
        whole = number == number.to_integral_value()
        if kind == MeasureKind.RATING and whole and 1 <= number <= len(levels):
            return str(levels[int(number) - 1])
        return format_number(number, 0 if whole else indicator.decimals)
    if kind == MeasureKind.RATING:
        try:
            position = int(number)
        except (ValueError, ArithmeticError):
            return format_number(value)
        if 1 <= position <= len(levels):
            return str(levels[position - 1])
        return format_number(value)
    return format_number(value, indicator.decimals or None)
