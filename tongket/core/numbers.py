"""Numbers the Vietnamese way: 1.234.567,8 on screen and in documents, and reading numbers
typed, posted or pasted in either convention.

`parse_number` is the one reader of numbers from people and files: the pages, the API and
the imports all call it, so "1.234" means the same everywhere (it is asked about, not
guessed) and every figure is bounded by the digits its column can hold before anything is
stored.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

_CLEAN = re.compile(r"[\s\u00a0\u202f\u2009']")
# ASCII digits only: Python's \d would also take Arabic-Indic and full-width digits.
_PLAIN = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[0-9]{1,3}(?:X[0-9]{3})+")
# A whole number written plainly, as most cells of an import are: read without the rest.
_WHOLE = re.compile(r"-?[0-9]{1,15}")
# One separator followed by exactly three digits, after 1-3 digits that do not start with a
# zero: "1.234" and "1,234" are a thousand or a fraction depending on who typed them.
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")

# What the models keep (resolutions.models.DECIMAL): 20 digits, 4 of them decimals.
MAX_DIGITS = 20
DECIMAL_PLACES = 4


class NotANumber(ValueError):
    """The text could not be read as a number; `message` says why, for the person."""

    def __init__(self, text: str, message: str | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.message = message or _("“%(text)s” is not a number (write e.g. 1.234,5).") % {
            "text": text
        }


class AmbiguousNumber(NotANumber):
    """ "1.234" or "1,234": a thousand and more, or one and a fraction. Asked, never guessed."""


class NumberOutOfRange(NotANumber):
    """A number with more digits (before or after the decimal mark) than its column keeps."""


def _grouped(text: str, separator: str) -> bool:
    """Whether `text` groups digits by three with `separator` (1.234.567)."""
    return bool(_GROUPED.fullmatch(text.replace(separator, "X")))


def _bounded(number: Decimal, text: str, max_digits: int | None, places: int | None) -> Decimal:
    if max_digits is None or places is None:
        return number
    if not number.is_finite():
        raise NotANumber(text)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise NumberOutOfRange(
            text,
            _("“%(text)s” has too many decimals: at most %(places)s are kept.")
            % {"text": text, "places": places},
        )
    whole = max_digits - places
    if abs(number) >= Decimal(10) ** whole:
        raise NumberOutOfRange(
            text,
            _("“%(text)s” is too large: at most %(digits)s digits before the decimal mark.")
            % {"text": text, "digits": whole},
        )
    return number


def parse_number(
    value: Any, *, max_digits: int | None = MAX_DIGITS, decimal_places: int | None = DECIMAL_PLACES
) -> Decimal | None:
    """A Decimal from a cell, a JSON value or a typed text; None for an empty value.

    Accepts numbers as such, and text in the Vietnamese convention (1.234.567,8) or the
    English one (1,234,567.8), with an optional trailing "%". When both separators occur the
    last is the decimal mark and the other must group by three; several of the same mark are
    thousands marks; a lone comma or dot is a decimal mark, except before exactly three
    digits ("1.234", "1,234"), which could be either: AmbiguousNumber asks which was meant.
    Only ASCII digits; no "1_000", no exponent. The result fits `max_digits` digits with
    `decimal_places` decimals (None: unbounded) or NumberOutOfRange says why not; binary
    floats (spreadsheet cells, JSON numbers) are rounded half up to the places kept first,
    since their last digits are noise. Raises NotANumber (or a subclass) for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | Decimal):
        return _bounded(Decimal(value), str(value), max_digits, decimal_places)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(str(value))
        number = Decimal(repr(value))
        if decimal_places is not None:
            number = number.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
        return _bounded(number, repr(value), max_digits, decimal_places)
    if isinstance(value, str):
        if value == "":
            return None
        if _WHOLE.fullmatch(value) and (
            max_digits is None
            or decimal_places is None
            or len(value.lstrip("-")) <= max_digits - decimal_places
        ):
            return Decimal(value)
    original = str(value).strip()
    text = _CLEAN.sub("", original)
    if text.endswith("%"):
        text = text[:-1]
    if text == "":
        return None
    if text.startswith("+"):
        text = text[1:]
    if _AMBIGUOUS.fullmatch(text):
        whole = text.replace(".", "").replace(",", "")
        fraction = text.replace(",", ".")
        raise AmbiguousNumber(
            original,
            _(
                "Did you mean %(whole)s or %(four)s? “%(text)s” reads both ways: write "
                "%(whole)s (no thousands mark) or %(four)s (four decimals)."
            )
            % {
                "text": original,
                "whole": whole,
                "four": format_number(Decimal(fraction), 4),
            },
        )
    sign = "-" if text.startswith("-") else ""
    body = text[1:] if sign else text
    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if mark == "," else ","
        whole, _sep, fraction = body.rpartition(mark)
        if not _grouped(whole, thousands):
            raise NotANumber(original)
        body = whole.replace(thousands, "") + "." + fraction
    elif has_comma or has_dot:
        mark = "," if has_comma else "."
        if body.count(mark) > 1:
            if not _grouped(body, mark):
                raise NotANumber(original)
            body = body.replace(mark, "")
        else:
            body = body.replace(mark, ".")
    text = sign + body
    if not _PLAIN.fullmatch(text):
        raise NotANumber(original)
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise NotANumber(original) from error
    return _bounded(number, original, max_digits, decimal_places)


def field_bounds(field: Any) -> dict[str, int]:
    """`max_digits` and `decimal_places` of a model's DecimalField, for parse_number."""
    return {"max_digits": field.max_digits, "decimal_places": field.decimal_places}


def _separators(language: str | None = None) -> tuple[str, str]:
    """(thousands, decimal) for `language`, by default the active one."""
    if (language or translation.get_language() or "vi").startswith("en"):
        return ",", "."
    return ".", ","


def format_number(
    value: Any, decimals: int | None = None, *, marks: tuple[str, str] | None = None
) -> str:
    """1234567.8 → "1.234.567,8" (Vietnamese) or "1,234,567.8" (English); "" for None.

    Without `decimals`, trailing zeros are dropped and at most 2 decimals shown. `marks`
    (thousands, decimal) when the caller read them already (`Wording`)."""
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
    thousands, decimal = marks or _separators()
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


class Wording:
    """The active language's number marks and phrases, read once and then reused: for work
    that writes thousands of figures and formulas in one request (the pivot's cells), where
    reading the language for each of them (a context-local lookup, as `gettext` and
    `format_number` do) costs more than the figures. Make one per request, in the language
    of the answer; never keep one across requests."""

    def __init__(self) -> None:
        self.language = translation.get_language()
        self.marks = _separators(self.language)
        self._phrases: dict[str, str] = {}
        self._plurals: dict[tuple[str, str, int], str] = {}

    def __call__(self, message: str) -> str:
        """`gettext(message)` in the wording's language, translated once."""
        phrase = self._phrases.get(message)
        if phrase is None:
            phrase = self._phrases[message] = self._translated(_, message)
        return phrase

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """`ngettext` in the wording's language: the phrase for `count` ("1 unit", "2
        units"), translated once per count."""
        key = (singular, plural, count)
        phrase = self._plurals.get(key)
        if phrase is None:
            phrase = self._plurals[key] = self._translated(translation.ngettext, *key)
        return phrase

    def _translated(self, translate: Any, *args: Any) -> str:
        """`translate(*args)` in the wording's language (overridden only when another is
        active: an override costs more than the lookup)."""
        if translation.get_language() == self.language:
            return str(translate(*args))
        with translation.override(self.language):
            return str(translate(*args))

    def number(self, value: Any, decimals: int | None = None) -> str:
        return format_number(value, decimals, marks=self.marks)


def format_percent(value: Any, decimals: int = 1) -> str:
    """85.25 → "85,3 %" (a thin space before the sign, as Vietnamese typography has it)."""
    if value is None or value == "":
        return ""
    return f"{format_number(value, decimals)}\u00a0%"


def is_ambiguous(text: str) -> bool:
    """Whether parse_number would ask about `text` ("1.234", "1,234")."""
    return bool(_AMBIGUOUS.fullmatch(_CLEAN.sub("", text).removesuffix("%")))


def input_text(value: Any) -> str:
    """A stored figure as it is put back into an input, to be read again by parse_number:
    every decimal kept, no thousands mark, the decimal mark of the language, and a fourth
    decimal where three would make it ambiguous (1.234 → "1,2340", never "1,234")."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if _AMBIGUOUS.fullmatch(text):
        text += "0"
    _thousands, decimal = _separators()
    return text.replace(".", decimal)
