"""Period codes and calendars: `2022`, `2022-H1`, `2022-Q3`, `2022-07`, `2022-9M`,
`2020-2025`; data windows by a rule's start day; due dates in working days.

Pure functions: no database. See `reporting.services.periods` for the records.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.reporting.choices import PERIOD_MONTHS, PeriodType

_CODE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|(?P<nine>9M)"
    r"|(?P<month>0[1-9]|1[0-2])|(?P<end>\d{4})))?$"
)


@dataclass(frozen=True)
class PeriodSpec:
    """What a period code means: its type, year, number in the year, months covered."""

    code: str
    type: str
    year: int
    index: int
    end_year: int
    first_month: int
    last_month: int

    @property
    def months(self) -> int:
        if self.type == PeriodType.TERM:
            return (self.end_year - self.year + 1) * 12
        return PERIOD_MONTHS[PeriodType(self.type)]

    @property
    def sort_key(self) -> str:
        # Chronological by the end of the window, coarser periods after finer ones ending
        # the same month (2022-06 < 2022-Q2 < 2022-H1).
        rank = {
            PeriodType.MONTH: 1,
            PeriodType.QUARTER: 2,
            PeriodType.HALF_YEAR: 3,
            PeriodType.NINE_MONTHS: 4,
            PeriodType.YEAR: 5,
            PeriodType.TERM: 6,
        }[PeriodType(self.type)]
        return f"{self.end_year:04d}{self.last_month:02d}{rank}{self.year:04d}"


def parse_period_code(code: str, *, field: str = "period") -> PeriodSpec:
    """Read a period code; DomainError naming `field` when it is not one."""
    text = (code or "").strip().upper()
    match = _CODE.match(text)
    if not match:
        raise DomainError(
            _(
                "%(code)s is not a period code. Use 2022 (year), 2022-H1 (half-year), "
                "2022-Q3 (quarter), 2022-07 (month), 2022-9M (nine months) or 2020-2025 (term)."
            )
            % {"code": code or "''"},
            field=field,
        )
    year = int(match["year"])
    if not 1945 <= year <= 2100:
        raise DomainError(_("%(code)s: the year is not plausible.") % {"code": code}, field=field)
    if match["half"]:
        index = int(match["half"][1])
        first = 1 if index == 1 else 7
        return PeriodSpec(text, PeriodType.HALF_YEAR, year, index, year, first, first + 5)
    if match["quarter"]:
        index = int(match["quarter"][1])
        return PeriodSpec(text, PeriodType.QUARTER, year, index, year, 3 * index - 2, 3 * index)
    if match["nine"]:
        return PeriodSpec(text, PeriodType.NINE_MONTHS, year, 1, year, 1, 9)
    if match["month"]:
        month = int(match["month"])
        return PeriodSpec(text, PeriodType.MONTH, year, month, year, month, month)
    if match["end"]:
        end = int(match["end"])
        # A term, a phase or a review's span (15 years for a tổng kết of 382).
        if end <= year or end - year > 20:
            raise DomainError(
                _("%(code)s: a term runs from one year to a later one, twenty years at most.")
                % {"code": code},
                field=field,
            )
        return PeriodSpec(text, PeriodType.TERM, year, 1, end, 1, 12)
    return PeriodSpec(text, PeriodType.YEAR, year, 1, year, 1, 12)


def period_codes(period_type: str, year: int) -> list[str]:
    """The codes of the periods of a type in a year (for a term: none)."""
    if period_type == PeriodType.YEAR:
        return [str(year)]
    if period_type == PeriodType.HALF_YEAR:
        return [f"{year}-H1", f"{year}-H2"]
    if period_type == PeriodType.QUARTER:
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if period_type == PeriodType.MONTH:
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    if period_type == PeriodType.NINE_MONTHS:
        return [f"{year}-9M"]
    return []


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def window(spec: PeriodSpec, start_day: int) -> tuple[datetime.date, datetime.date]:
    """The data window: from `start_day` of the month before the first month to the day
    before it in the last month; calendar months when `start_day` is 1."""
    if start_day <= 1:
        start = datetime.date(spec.year, spec.first_month, 1)
        last_day = calendar.monthrange(spec.end_year, spec.last_month)[1]
        return start, datetime.date(spec.end_year, spec.last_month, last_day)
    before_year, before_month = _shift_month(spec.year, spec.first_month, -1)
    start = datetime.date(before_year, before_month, start_day)
    end = datetime.date(spec.end_year, spec.last_month, start_day - 1)
    return start, end


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """`count` working days (Monday to Friday) after `day`."""
    current = day
    added = 0
    while added < count:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def year_code(year: int) -> str:
    return str(year)
