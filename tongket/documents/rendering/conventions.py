"""The conventions of the format that the renderer and the checker share: the place-and-date
line, the case of the subject, the classification mark a document is printed with, and the
width a code ("HC01") needs so that it never wraps in a table cell."""

from __future__ import annotations

import datetime
import re
from typing import Any

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# A code that must never wrap in a table cell: "HC01", "KT12", "QĐ-01".
CODE = re.compile(r"^[A-ZĐ]{1,5}[-.]?\d{1,4}$")
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
    """The width a code needs on one line: at most 0.75 em a character in capitals and
    figures, plus the cell's margins."""
    return len(text) * size * 0.75 * 0.0353 + 0.5


def fit_codes(
    weights: list[float], columns: list[Any], rows: list[list[Any]], width: float, size: float
) -> list[float]:
    """Widen the columns holding codes ("HC01") so they never wrap, taking the room from
    the widest column."""
    weights = [float(w) for w in weights[: len(columns)]]
    total = sum(weights) or 1
    for index in range(len(weights)):
        codes = [str(r[index]) for r in rows if index < len(r) and CODE.match(str(r[index] or ""))]
        if not codes:
            continue
        need = max(code_width_cm(code, size) for code in codes) / width * total
        if weights[index] < need:
            widest = max(range(len(weights)), key=lambda i: weights[i])
            weights[widest] -= need - weights[index]
            weights[index] = need
    return weights
