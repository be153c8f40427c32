"""Checking every row of an import before anything is written: codes, scope, the form's
assignment, open period, numbers and the indicator's rules. Read-only but for the periods a
file names that did not exist yet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.jobs import job_progress
from tongket.core.models import Job
from tongket.core.numbers import AmbiguousNumber, NotANumber, NumberOutOfRange, parse_number
from tongket.core.text import search_key
from tongket.core.workbook import LARGEST, Problems, cell_text
from tongket.org import policy
from tongket.org.models import Unit, UnitName
from tongket.org.policy import Action
from tongket.reporting.models import Period, ReportForm
from tongket.reporting.periods import parse_period_code
from tongket.reporting.services.forms import in_force
from tongket.reporting.services.imports.reading import (
    C_CODE,
    C_DEN,
    C_INDICATOR,
    C_NOTE,
    C_NUM,
    C_PERIOD,
    C_UNIT,
    C_VALUE,
)
from tongket.reporting.services.periods import period_ensure
from tongket.reporting.services.reports import Entry, clean_entry
from tongket.resolutions.models import Indicator

# Rows checked between two reports of progress.
PROGRESS_EVERY = 5000


class UnitRef(NamedTuple):
    """A unit a file may name: what the checks and the writing need of it."""

    id: int
    name: str


class Lookups:
    """Codes → objects, read once per import."""

    def __init__(self, by: Any, form: ReportForm) -> None:
        self.by = by
        self.form = form
        links = list(form.form_indicators.select_related("indicator"))
        self.indicators = {search_key(link.indicator.code): link.indicator for link in links}
        self.indicators_by_id = {link.indicator_id: link.indicator for link in links}
        # Units as (id, name) pairs, not models: a file may name ten thousand of them.
        roles = policy.roles(Action.FILL_REPORTS)
        codes = {
            UnitRef(pk, name): code
            for pk, name, code in scopes.restrict(Unit.objects.all(), by, roles=roles).values_list(
                "pk", "name", "code"
            )
        }
        visible = {unit.id: unit for unit in codes}
        self.units: dict[str, UnitRef] = {}
        # Former names' codes, then the current codes (which win).
        for unit_id, code in scopes.restrict(
            UnitName.objects.all(), by, field="unit__path", roles=roles
        ).values_list("unit_id", "code"):
            if unit_id in visible:  # a unit placed in scope since the query above: not yet
                self.units.setdefault(search_key(code), visible[unit_id])
        for unit, code in codes.items():
            self.units[search_key(code)] = unit
        # An assignment's dates and its unit's (reporting.services.forms.in_force).
        self.assignments = {
            row[0]: row[1:]
            for row in form.assignments.values_list(
                "unit_id", "valid_from", "valid_to", "unit__established_on", "unit__dissolved_on"
            )
        }
        self.periods: dict[Any, Period | DomainError] = {}
        # Periods this file named that did not exist yet: removed again if it is refused.
        self.created: list[Period] = []
        # Large files repeat the same few codes: each distinct text is looked up once.
        self._unit_texts: dict[Any, UnitRef | None] = {}
        self._indicator_texts: dict[Any, Indicator | None] = {}
        self._expected: dict[tuple[int, int], bool] = {}
        self._checked: dict[Any, tuple[Period | None, list[str]]] = {}

    def unit(self, raw: Any) -> UnitRef | None:
        if raw not in self._unit_texts:
            self._unit_texts[raw] = self.units.get(search_key(cell_text(raw)))
        return self._unit_texts[raw]

    def indicator(self, raw: Any) -> Indicator | None:
        if raw not in self._indicator_texts:
            code = cell_text(raw).replace(" ", "")
            self._indicator_texts[raw] = self.indicators.get(search_key(code))
        return self._indicator_texts[raw]

    def expected(self, unit: UnitRef, period: Period) -> bool:
        key = (unit.id, period.id)
        found = self._expected.get(key)
        if found is None:
            dates = self.assignments.get(unit.id)
            found = self._expected[key] = dates is not None and in_force(period, *dates)
        return found

    def open_period(self, raw: Any) -> tuple[Period | None, list[str]]:
        """The period a cell names if the form takes values for it now, else None and why
        not (remembered: a file names the same period on every row)."""
        found = self._checked.get(raw)
        if found is None:
            found = self._checked[raw] = self._open_period(raw)
        return found

    def _open_period(self, raw: Any) -> tuple[Period | None, list[str]]:
        try:
            period = self.period(raw)
        except DomainError as error:
            return None, [" ".join(error.messages)]
        if period.type != self.form.period_type:
            return None, [
                _("The form is reported per %(type)s; %(code)s is not such a period.")
                % {"type": self.form.get_period_type_display().lower(), "code": period.code}
            ]
        if not period.is_open:
            return None, [_("The period %(code)s is closed.") % {"code": period.code}]
        return period, []

    def period(self, raw: Any) -> Period:
        """The period a cell names; DomainError (remembered too) when it names none."""
        if raw not in self.periods:
            try:
                spec = parse_period_code(cell_text(raw))
                # period_ensure also creates the year a finer period falls in.
                codes = {spec.code, str(spec.year)}
                missing = codes - set(
                    Period.objects.filter(code__in=codes).values_list("code", flat=True)
                )
                self.periods[raw] = period_ensure(by=self.by, code=spec.code)
                if missing:
                    self.created.extend(Period.objects.filter(code__in=missing))
            except DomainError as error:
                self.periods[raw] = error  # type: ignore[assignment]
        found = self.periods[raw]
        if isinstance(found, DomainError):
            raise found
        return found  # type: ignore[return-value]


def _parsed(value: Any) -> tuple[Decimal | None, str]:
    """A cell's number, or the message saying why it is not one."""
    try:
        number = parse_number(value)
    except (AmbiguousNumber, NumberOutOfRange) as error:
        # "1.234" is asked about, a figure too large or too fine says its bound.
        return None, error.message
    except NotANumber:
        return None, _("%(value)s is not a number.") % {"value": cell_text(value)}
    if number is not None and abs(number) >= LARGEST:
        return None, _("%(value)s is too large.") % {"value": cell_text(value)}
    return number, ""


def _note(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return cell_text(value) or None


class _Numbers:
    """Cells read as numbers, each distinct cell once (a large file repeats its figures);
    a bad cell is reported on every row it is on."""

    def __init__(self, problems: Problems, sheet: str) -> None:
        self.problems = problems
        self.sheet = sheet
        # Keyed with the type: True == 1, yet True is not a number and 1 is.
        self.known: dict[tuple[type, Any], tuple[Decimal | None, str]] = {}

    def __call__(self, value: Any, row: int, column: str) -> Decimal | None:
        key = (type(value), value)
        try:
            found = self.known.get(key)
            if found is None:
                found = self.known[key] = _parsed(value)
        except TypeError:  # a cell object that cannot be a key: read it alone
            found = _parsed(value)
        number, message = found
        if message:
            self.problems.add(self.sheet, row, column, message)
        return number


def check_rows(
    *,
    by: Any,
    form: ReportForm,
    rows: Iterable[tuple[int, dict[str, Any]]],
    sheet: str,
    problems: Problems,
    job: Job | None = None,
    total: int = 0,
    created: list[Period] | None = None,
    lookups: Lookups | None = None,
    sink: Callable[[UnitRef, Period, Indicator, Entry], None] | None = None,
) -> dict[tuple[int, int], dict[int, tuple[int, Entry]]]:
    """Check every row; returns {(unit id, period id): {indicator id: (row, entry)}}. Periods
    the rows name that did not exist are created and appended to `created`. `sink`, when
    given, receives each accepted row as soon as it is checked, as long as no row has been
    refused (the caller writes them while the rest is checked, and undoes it all if one is
    refused); it must not query the database."""
    lookups = lookups or Lookups(by, form)
    if created is not None:
        lookups.created = created
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]] = defaultdict(dict)
    number = _Numbers(problems, sheet)
    counted = 0
    for row, cells in rows:
        counted += 1
        if job and counted % PROGRESS_EVERY == 0:
            job_progress(
                job,
                counted,
                total * 2 or counted * 2,
                # Rows given to a sink are written as they pass.
                _("Checking and writing values…") if sink else _("Checking rows…"),
            )
        raw_unit = cells.get(C_UNIT)
        unit = lookups.unit(raw_unit)
        if unit is None:
            problems.add(
                sheet,
                row,
                C_UNIT,
                _("No unit you report for has the code %(code)s.")
                % {"code": cell_text(raw_unit) or "''"},
            )
        raw_code = cells.get(C_CODE)
        chosen = cells.get(C_INDICATOR)
        if isinstance(chosen, Indicator):
            indicator = lookups.indicators_by_id.get(chosen.id)
            raw_code = raw_code or chosen.code
        else:
            indicator = lookups.indicator(raw_code)
        if indicator is None:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("The form %(form)s has no indicator %(code)s.")
                % {"form": form.code, "code": cell_text(raw_code) or "''"},
            )
        period, refusals = lookups.open_period(cells.get(C_PERIOD))
        for message in refusals:
            problems.add(sheet, row, C_PERIOD, message)
        if unit is not None and period is not None:
            if not lookups.expected(unit, period):
                problems.add(
                    sheet,
                    row,
                    C_UNIT,
                    _("%(unit)s is not asked for this form in %(period)s.")
                    % {"unit": unit.name, "period": period.code},
                )
                unit = None
        entry = Entry(
            value=number(cells.get(C_VALUE), row, C_VALUE),
            numerator=number(cells.get(C_NUM), row, C_NUM),
            denominator=number(cells.get(C_DEN), row, C_DEN),
            comment=_note(cells.get(C_NOTE)),
        )
        if indicator is None or unit is None or period is None:
            continue
        try:
            entry = clean_entry(indicator, entry)
        except DomainError as error:
            column = {"numerator": C_NUM, "denominator": C_DEN}.get(
                next(iter(getattr(error, "error_dict", {"value": 0}))), C_VALUE
            )
            problems.add(sheet, row, column, " ".join(error.messages))
            continue
        slot = plan[(unit.id, period.id)]
        if indicator.id in slot:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("The same unit, indicator and period are already on row %(row)s.")
                % {"row": slot[indicator.id][0]},
            )
            continue
        slot[indicator.id] = (row, entry)
        if sink is not None and not problems:
            sink(unit, period, indicator, entry)
    return plan


def report_keys(
    rows: Iterable[tuple[int, dict[str, Any]]], lookups: Lookups
) -> dict[tuple[int, int], int]:
    """The (unit id, period id) of the reports the rows write into, each with the first row
    naming it: read off the unit and period cells alone (periods a file names that did not
    exist are created, as by `check_rows`). Rows refused for their unit or period name none."""
    keys: dict[tuple[int, int], int] = {}
    for row, cells in rows:
        unit = lookups.unit(cells.get(C_UNIT))
        period, _refusals = lookups.open_period(cells.get(C_PERIOD))
        if unit is not None and period is not None and lookups.expected(unit, period):
            keys.setdefault((unit.id, period.id), row)
    return keys
