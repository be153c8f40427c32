"""The conventions of the format that the renderer and the checker share: the place-and-date
line, the case of the subject, the classification mark a document is printed with, and the
width a code ("HC01") needs so that it never wraps in a table cell."""

from __future__ import annotations

import datetime
import re
from typing import Any

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# A code that must never wrap in a table cell: "HC01", "KT12", "QĐ-01", a unit's own
# indicator "QK2-HC01": one word of capitals and figures (with at least one figure), its
# parts joined by "-", "." or "/".
CODE = re.compile(r"^(?=[^\s]{2,24}$)(?=.*\d)[A-ZĐ][A-ZĐ0-9]*(?:[-./][A-ZĐ0-9]+)*$")
# Advance widths in thousandths of an em, Times New Roman Bold (wider than the regular, so
# a code fits whichever the cell uses); a character not listed counts as the widest capital.
_WIDTHS = (
    "A722 B667 C722 D722 Đ722 E667 F611 G778 H778 I389 J500 K778 L667 M944 N722 O778 "
    "P611 Q778 R722 S556 T667 U722 V722 W1000 X722 Y722 Z667 -333 .250 /278"
)
_EM = {pair[0]: int(pair[1:]) for pair in _WIDTHS.split(" ")} | dict.fromkeys("0123456789", 500)
# The cell's left and right margins (0.19 cm each in Word's "Table Grid") and some room.
CELL_MARGINS_CM = 0.5
# The identifier a rendered file carries: "tongket-document:<id>:<draft>".
MARK = "tongket-document:"


def formal_date(place: str, day: datetime.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020" (day below 10 and months 1–2 with a zero); the
    official blank when the date is not known yet."""
    if day is None:
        return f"{place}, ngày      tháng      năm       "
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def subject_case(text: str, case: str) -> str:
    """The subject's first letter as the profile wants it ("Về việc …" for the State, "về …"
    for the Party); a word in capitals ("QUYẾT", "NQ") is a name and keeps its case."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if case == "lower_first" and not (len(first) > 1 and first.isupper()):
        return text[0].lower() + text[1:]
    if case == "upper_first":
        return text[0].upper() + text[1:]
    return text


def document_mark(document: Any) -> str:
    """The document's own mark, or the higher one it takes from its source (the meeting of
    its minutes)."""
    from tongket.core.classification import LEVELS, mark_of

    own = getattr(document, "classification", "none") or "none"
    derived = mark_of(document) if getattr(document, "pk", None) else "none"
    return max(own, derived, key=lambda mark: LEVELS.get(mark, 0))


def code_width_cm(text: str, size: float) -> float:
    """The width a code needs on one line at `size` pt: its characters' advance widths in
    bold Times New Roman, plus the cell's margins ("QK2-HC01" at 11 pt: about 2.4 cm)."""
    ems = sum(_EM.get(char, 1000) for char in text) / 1000
    return ems * size * 2.54 / 72 + CELL_MARGINS_CM


def fit_codes(
    weights: list[float], columns: list[Any], rows: list[list[Any]], width: float, size: float
) -> list[float]:
    """Widen each column holding codes ("HC01", "QK2-HC01") to its longest code, so that no
    code wraps, taking the room from the widest other column."""
    weights = [float(w) for w in weights[: len(columns)]]
    total = sum(weights) or 1
    for index in range(len(weights)):
        codes = [str(r[index]) for r in rows if index < len(r) and CODE.match(str(r[index] or ""))]
        if not codes:
            continue
        need = max(code_width_cm(code, size) for code in codes) / width * total
        if weights[index] < need:
            others = [i for i in range(len(weights)) if i != index]
            if not others:
                continue
            widest = max(others, key=lambda i: weights[i])
            weights[widest] -= need - weights[index]
            weights[index] = need
    return weights
