"""What a pivot shows, checked and resolved against the user's scope.

A spec is plain JSON (kept on a Visualization, posted to the API, carried in a page's query
string): indicator ids, unit ids (each standing for itself or for the units directly below
it), unit group ids, period codes and relative periods, the layout (which dimension goes to
rows, columns and filters), the chart type, the basis and the tree. `clean_spec` reads it
through the scoped selectors: an indicator or unit the user cannot see answers 404, a shape
that cannot be shown is a DomainError naming the field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis.choices import ChartType, Dimension, RelativePeriod, UnitLevel
from tongket.core.errors import DomainError, NotFound
from tongket.org import selectors as org_selectors
from tongket.org.models import Unit
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.choices import Basis, PeriodType, Tree
from tongket.reporting.models import Period
from tongket.resolutions import selectors as resolution_selectors
from tongket.resolutions.models import Indicator

MAX_INDICATORS = 100
MAX_UNITS = 200
MAX_PERIODS = 40
MAX_CELLS = 20000

DEFAULT_LAYOUT = {
    "rows": [Dimension.UNIT.value],
    "columns": [Dimension.PERIOD.value],
    "filters": [Dimension.INDICATOR.value],
}


@dataclass
class Spec:
    """A checked spec with the objects it names, in the order they are shown."""

    indicators: list[Indicator]
    units: list[Unit]
    periods: list[Period]
    rows: list[str]
    columns: list[str]
    filters: list[str]
    chart: str = ChartType.TABLE
    basis: str = Basis.SUBMITTED
    tree: str = Tree.THEN
    totals: bool = True
    data: dict[str, Any] = field(default_factory=dict)

    def items(self, dimension: str) -> list[Any]:
        return {
            Dimension.INDICATOR: self.indicators,
            Dimension.UNIT: self.units,
            Dimension.PERIOD: self.periods,
        }[Dimension(dimension)]


def _ids(data: dict[str, Any], name: str) -> list[int]:
    raw = data.get(name) or []
    if isinstance(raw, str | int):
        raw = [raw]
    if not isinstance(raw, list):
        raise DomainError(_("Give a list of ids."), field=name)
    result: list[int] = []
    for item in raw:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 15:
                raise DomainError(_("“%(id)s” is not an id.") % {"id": part}, field=name)
            if int(part) not in result:
                result.append(int(part))
    return result


def _words(data: dict[str, Any], name: str) -> list[str]:
    raw = data.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise DomainError(_("Give a list."), field=name)
    result: list[str] = []
    for item in raw:
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in result:
                result.append(part)
    return result


def _choice(data: dict[str, Any], name: str, choices: Any, default: str) -> str:
    value = str(data.get(name) or default)
    if value not in choices.values:
        raise DomainError(
            _("“%(value)s” is not one of: %(options)s.")
            % {"value": value, "options": ", ".join(choices.values)},
            field=name,
        )
    return value


def _in_order(queryset: Any, ids: list[int], missing: str) -> list[Any]:
    """The objects of `ids` read in one query through a scoped queryset, in the order
    given; NotFound when one is missing (outside the scope or not at all)."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    if any(pk not in found for pk in ids):
        raise NotFound(missing)
    return [found[pk] for pk in ids]


def relative_periods(
    relative: str, *, indicators: list[Indicator], today: datetime.date
) -> list[Period]:
    """The periods a relative period stands for today (only those in the calendar)."""
    years = Period.objects.filter(type=PeriodType.YEAR)
    done = Period.objects.filter(end__lt=today).order_by("-sort_key")
    if relative == RelativePeriod.THIS_YEAR:
        return list(years.filter(year=today.year))
    if relative == RelativePeriod.LAST_YEAR:
        return list(years.filter(year=today.year - 1))
    if relative == RelativePeriod.LAST_5_YEARS:
        return list(years.filter(year__gte=today.year - 5, year__lt=today.year))
    if relative == RelativePeriod.LAST_4_HALF_YEARS:
        return list(done.filter(type=PeriodType.HALF_YEAR)[:4])
    if relative == RelativePeriod.LAST_4_QUARTERS:
        return list(done.filter(type=PeriodType.QUARTER)[:4])
    if relative == RelativePeriod.LAST_12_MONTHS:
        return list(done.filter(type=PeriodType.MONTH)[:12])
    # The horizon of the chosen indicators' resolutions, year by year, up to this year.
    wanted: set[int] = set()
    for indicator in indicators:
        resolution = indicator.resolution
        wanted.update(range(resolution.horizon_from, min(resolution.horizon_to, today.year) + 1))
    return list(years.filter(year__in=wanted))


def _periods(
    data: dict[str, Any], indicators: list[Indicator], today: datetime.date
) -> list[Period]:
    found = {
        period.pk: period
        for period in reporting_selectors.periods_get(
            codes=_words(data, "periods"), field="periods"
        )
    }
    for relative in _words(data, "relative"):
        if relative not in RelativePeriod.values:
            raise DomainError(
                _("“%(value)s” is not a relative period (one of: %(options)s).")
                % {"value": relative, "options": ", ".join(RelativePeriod.values)},
                field="relative",
            )
        for period in relative_periods(relative, indicators=indicators, today=today):
            found[period.pk] = period
    if not found:
        raise DomainError(_("Choose at least one period."), field="periods")
    if len(found) > MAX_PERIODS:
        raise DomainError(_("At most %(n)s periods at once.") % {"n": MAX_PERIODS}, field="periods")
    return sorted(found.values(), key=lambda p: p.sort_key)


def _units(
    user: Any, data: dict[str, Any], periods: list[Period], tree: str, day: datetime.date
) -> list[Unit]:
    from tongket.analysis import selectors as analysis_selectors

    level = _choice(data, "unit_level", UnitLevel, UnitLevel.SELF)
    chosen = _in_order(
        org_selectors.unit_list(user=user), _ids(data, "units"), _("Unit not found.")
    )
    units: dict[int, Unit] = {}
    if level == UnitLevel.CHILDREN:
        latest = periods[-1]
        for unit in chosen:
            for child in reporting_selectors.children_at(
                user=user, unit=unit, period=latest, tree=tree
            ):
                units.setdefault(child.pk, child)
    else:
        for unit in chosen:
            units.setdefault(unit.pk, unit)
    for pk in _ids(data, "groups"):
        group = analysis_selectors.group_get(user=user, pk=pk)
        for unit in analysis_selectors.group_units(user=user, group=group, day=day):
            units.setdefault(unit.pk, unit)
    if not units:
        raise DomainError(_("Choose at least one unit (or a group with members)."), field="units")
    if len(units) > MAX_UNITS:
        raise DomainError(_("At most %(n)s units at once.") % {"n": MAX_UNITS}, field="units")
    return list(units.values())


def _layout(data: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    given = any(data.get(name) for name in ("rows", "columns", "filters"))
    layout = {
        name: (_words(data, name) if given else list(DEFAULT_LAYOUT[name]))
        for name in ("rows", "columns", "filters")
    }
    seen: list[str] = []
    for name, dimensions in layout.items():
        for dimension in dimensions:
            if dimension not in Dimension.values:
                raise DomainError(
                    _("“%(value)s” is not a dimension (one of: %(options)s).")
                    % {"value": dimension, "options": ", ".join(Dimension.values)},
                    field=name,
                )
            if dimension in seen:
                raise DomainError(
                    _("The dimension “%(value)s” is placed twice.") % {"value": dimension},
                    field=name,
                )
            seen.append(dimension)
    missing = [d for d in Dimension.values if d not in seen]
    if missing:
        # A dimension left out is a filter (it must then hold one item).
        layout["filters"] += missing
    if not layout["rows"] or not layout["columns"]:
        raise DomainError(
            _("Put at least one dimension in the rows and one in the columns."), field="rows"
        )
    return layout["rows"], layout["columns"], layout["filters"]


def clean_spec(*, user: Any, data: dict[str, Any], today: datetime.date | None = None) -> Spec:
    """The spec checked and resolved for `user` (see the module's docstring)."""
    if not isinstance(data, dict):
        raise DomainError(_("The specification must be an object."), field="spec")
    today = today or timezone.localdate()
    indicator_ids = _ids(data, "indicators")
    if not indicator_ids:
        raise DomainError(_("Choose at least one indicator."), field="indicators")
    if len(indicator_ids) > MAX_INDICATORS:
        raise DomainError(
            _("At most %(n)s indicators at once.") % {"n": MAX_INDICATORS}, field="indicators"
        )
    indicators = _in_order(
        # Only the resolution is read with them (its thresholds and basis); the default
        # list's other joins would cost the pivot's every request more than its figures.
        resolution_selectors.indicator_list(user=user, related=("resolution",)),
        indicator_ids,
        _("Indicator not found."),
    )
    rows, columns, filters = _layout(data)
    tree = _choice(data, "tree", Tree, Tree.THEN)
    periods = _periods(data, indicators, today)
    units = _units(user, data, periods, tree, min(today, periods[-1].end))
    spec = Spec(
        indicators=indicators,
        units=units,
        periods=periods,
        rows=rows,
        columns=columns,
        filters=filters,
        chart=_choice(data, "chart", ChartType, ChartType.TABLE),
        basis=_choice(data, "basis", Basis, Basis.SUBMITTED),
        tree=tree,
        totals=str(data.get("totals", True)).lower() not in {"false", "0", "", "none"},
    )
    for dimension in filters:
        if len(spec.items(dimension)) != 1:
            raise DomainError(
                _(
                    "A filter holds one item: choose one %(dimension)s, or move it to the rows "
                    "or columns."
                )
                % {"dimension": Dimension(dimension).label.lower()},
                field="filters",
            )
    cells = len(indicators) * len(units) * len(periods)
    if cells > MAX_CELLS:
        raise DomainError(
            _("%(n)s cells is too many: choose fewer items (at most %(max)s cells).")
            % {"n": cells, "max": MAX_CELLS},
            field="indicators",
        )
    spec.data = stored(data, rows=rows, columns=columns, filters=filters, spec=spec)
    return spec


def stored(
    data: dict[str, Any], *, rows: list[str], columns: list[str], filters: list[str], spec: Spec
) -> dict[str, Any]:
    """The spec as kept on a Visualization: ids and codes only, relative periods as such (so
    a favourite of "this year" moves with the calendar)."""
    return {
        "indicators": [i.pk for i in spec.indicators],
        "units": _ids(data, "units"),
        "unit_level": str(data.get("unit_level") or UnitLevel.SELF),
        "groups": _ids(data, "groups"),
        "periods": [code.upper() for code in _words(data, "periods")],
        "relative": _words(data, "relative"),
        "rows": rows,
        "columns": columns,
        "filters": filters,
        "chart": spec.chart,
        "basis": spec.basis,
        "tree": spec.tree,
        "totals": spec.totals,
    }
