"""Numbers as a unit's report writes them, found in its folded text (`figures.fold`): pure
Python. Vietnamese convention (3.683 = 3683; 95,2 = 95.2; "98.5%" where a thousands dot
cannot be meant), percentages, pairs "40/42"; dates, year ranges, document numbers and
numbers after words of time or of documents ("năm 2026", "Nghị quyết 623") are never
figures; a number after a change or a target ("tăng 5,2%", "kế hoạch 240 ha") is marked
`compared`; one followed by a unit of measure other than the indicator's ("21,3 tấn" for an
area in ha) is `in_other_unit`. Used by `figures`, which decides which figure belongs to which indicator."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from tongket.core.numbers import NotANumber, parse_number
from tongket.core.text import search_key

# Before a number: it counts time or names a document, it is no figure ("năm 2026").
_TIME_WORDS = (
    r"(?:nam|thang|ngay|quy|tuan|giai doan|nhiem ky|khoa|dot|lan thu|nghi quyet|"
    r"chi thi|quyet dinh|ke hoach so|thong tu|nghi dinh|cong van|so hieu|dieu|khoan|"
    r"phu luc|bieu)"
)
# Before a number: a change, a comparison or a target, not the figure itself ("tăng gia",
# growing food, is no change).
_COMPARE_WORDS = (
    r"(?:tang(?!\s+gia(?![^\W_]))|giam|hon|vuot|thap hon|cao hon|so voi|ke hoach|"
    r"chi tieu|muc tieu|cung ky|nam truoc|ky truoc|bang|chenh lech|con)"
)
_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
# Digits glued to letters, dots or slashes belong to something else (a code, a symbol, a
# date, a number in the other convention): the lookarounds keep them out.
_FIGURE = re.compile(
    rf"(?<![\w.,/-])(?P<number>{_NUMBER})(?![\w]|[.,/][0-9])"
    r"(?P<percent>\s?(?:%|phan tram))?"
)
_PAIR = re.compile(
    rf"(?<![\w.,/-])(?P<numerator>{_NUMBER})\s?/\s?(?P<denominator>{_NUMBER})(?![\w]|[.,/][0-9])"
)
_DATE = re.compile(
    r"(?<![\w.,/])(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{1,2}[/-](?:19|20)[0-9]{2})"
    r"(?![\w])"
)
_SHORT_DATE = re.compile(
    r"(?:ngay|den|tu|truoc|sau|han)\s+(?P<date>[0-3]?[0-9][/-][01]?[0-9])(?![\w/.,-][0-9])"
)
_YEAR_RANGE = re.compile(r"(?<![\w])(?:19|20)[0-9]{2}\s?[-–]\s?(?:19|20)[0-9]{2}(?![\w])")
_SYMBOL = re.compile(r"(?<![\w])[0-9]+(?:/[0-9]{4})?[-/][^\W\d_][\w/-]*")
# A decimal point where the thousands dot cannot be meant: "98.5%".
_POINT_PERCENT = re.compile(r"(?<![\w.,/-])(?P<number>[0-9]{1,3}\.[0-9]{1,2})\s?%")


@dataclass(frozen=True)
class Figure:
    """A number found: its span, the value or the pair, and what surrounds it."""

    start: int
    end: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    percent: bool = False
    unit_follows: bool = False
    compared: bool = False

    @property
    def is_pair(self) -> bool:
        return self.numerator is not None


def excluded_spans(folded: str) -> list[tuple[int, int]]:
    """Spans holding no figure: dates, year ranges and document numbers."""
    spans = [m.span() for m in _DATE.finditer(folded)]
    spans += [m.span("date") for m in _SHORT_DATE.finditer(folded)]
    spans += [m.span() for m in _YEAR_RANGE.finditer(folded)]
    spans += [m.span() for m in _SYMBOL.finditer(folded)]
    return spans


def _number(text: str) -> Decimal | None:
    """A number written the Vietnamese way, through the project's one number reader once
    the convention is known (parse_number would rightly ask about "3.683" out of context)."""
    plain = text.replace(".", "").replace(",", ".")
    try:
        return parse_number(plain)
    except NotANumber:
        return None


def figures_between(
    folded: str, start: int, end: int, unit: str, excluded: list[tuple[int, int]]
) -> list[Figure]:
    """The figures between `start` and `end`, pairs before single numbers."""
    window = folded[start:end]
    unit_key = search_key(unit)
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def blocked(s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in excluded + taken)

    def context(s: int, e: int) -> tuple[bool, bool]:
        before = window[max(0, s - start - 30) : s - start]
        compared = bool(
            re.search(rf"(?<![^\W_]){_COMPARE_WORDS}[\s:]*(?:\(?\s*)?$", before)
        ) or bool(re.search(rf"(?<![^\W_]){_COMPARE_WORDS}(?![^\W_])[^,;()]{{0,12}}$", before))
        after = window[e - start : e - start + len(unit_key) + 3].lstrip()
        follows = (
            bool(unit_key)
            and unit_key != "%"
            and bool(re.match(rf"{re.escape(unit_key)}(?![^\W_])", after))
        )
        return compared, follows

    def timed(s: int) -> bool:
        before = window[max(0, s - start - 16) : s - start]
        return bool(re.search(rf"(?<![^\W_]){_TIME_WORDS}\s*(?:thu\s*)?$", before))

    for match in _PAIR.finditer(window):
        s, e = match.start() + start, match.end() + start
        if blocked(s, e) or timed(s):
            continue
        numerator, denominator = _number(match["numerator"]), _number(match["denominator"])
        taken.append((s, e))
        if numerator is None or denominator is None:
            continue
        compared, follows = context(s, e)
        out.append(
            Figure(
                s,
                e,
                numerator=numerator,
                denominator=denominator,
                compared=compared,
                unit_follows=follows,
            )
        )
    singles = [(m, _number(m["number"])) for m in _FIGURE.finditer(window)]
    # "98.5%": a point that cannot be a thousands dot, before a percent sign.
    singles += [
        (m, _number(m["number"].replace(".", ","))) for m in _POINT_PERCENT.finditer(window)
    ]
    for match, value in singles:
        s, e = match.start() + start, match.end() + start
        if value is None or blocked(s, e) or timed(s):
            continue
        compared, follows = context(s, e)
        out.append(
            Figure(
                s,
                e,
                value=value,
                percent=bool(match.groupdict().get("percent", "%")),
                compared=compared,
                unit_follows=follows,
            )
        )
    out.sort(key=lambda f: f.start)
    return out


# Units of measure a figure may be written in, besides those of the indicators read.
UNITS = ("ha", "tấn", "kg", "km", "lít", "triệu đồng", "tỷ đồng", "nghìn đồng")


def _written(unit: str) -> str:
    return unicodedata.normalize("NFC", unit).strip().lower()


# Units of the same measure, each in the smallest one: a figure written in one is the
# indicator's in another ("18.450 kg" of an output counted in tấn is 18,45 tấn).
_SCALES = {
    "kg": ("mass", Decimal(1)),
    "tấn": ("mass", Decimal(1000)),
    "nghìn đồng": ("money", Decimal(1)),
    "triệu đồng": ("money", Decimal(1000)),
    "tỷ đồng": ("money", Decimal(1000000)),
}


def in_own_unit(text: str, figure: Figure, own: str) -> Figure | None:
    """A single number followed by a unit of the same measure as `own`, the indicator's, but
    not `own` ("18.450 kg" for tấn), told in `own` (18.45, its unit counted as confirmed);
    None for any other figure."""
    target = _SCALES.get(_written(own))
    if figure.is_pair or figure.percent or figure.value is None or target is None:
        return None
    after = text[figure.end : figure.end + 40].lstrip().lower()
    for unit, (measure, size) in _SCALES.items():
        if unit == _written(own) or measure != target[0]:
            continue
        if after.startswith(unit) and not after[len(unit) : len(unit) + 1].isalnum():
            value = (figure.value * size / target[1]).normalize()
            return replace(figure, value=value, unit_follows=True)
    return None


def units_of(indicator_units: Iterable[str]) -> tuple[str, ...]:
    """`UNITS` and the indicators' units of measure, as compared (NFC, lower case; with
    their marks: "tấn" is no "tân binh"), longer first; no percentage."""
    units = ({_written(u) for u in indicator_units} | set(UNITS)) - {"", "%"}
    return tuple(sorted(units, key=len, reverse=True))


def in_other_unit(text: str, figure: Figure, own: str, units: tuple[str, ...]) -> bool:
    """Whether a single number of the (NFC) text is followed by one of `units` that is not
    `own`, the indicator's unit ("21,3 tấn" for an area in ha). A percentage for an
    indicator not in per cent is told apart by `Figure.percent`."""
    if figure.is_pair or figure.percent or figure.unit_follows or not own.strip():
        return False
    after = text[figure.end : figure.end + 40].lstrip().lower()
    return any(
        after.startswith(unit) and not after[len(unit) : len(unit) + 1].isalnum()
        for unit in units
        if unit != _written(own)
    )
