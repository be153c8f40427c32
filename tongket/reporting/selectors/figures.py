"""Figures of indicators at a unit and period, from the roll-ups (the tree as it was) or regrouped
on today's tree or along a line, with targets, status and trends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Q

from tongket.core import scopes
from tongket.core.numbers import Wording
from tongket.org import lines
from tongket.org.models import Unit, UnitPlacement
from tongket.reporting import analytics
from tongket.reporting.analytics import Figure, Parts
from tongket.reporting.choices import LINE_TREES, Basis, PeriodType, Status, Tree
from tongket.reporting.models import Period
from tongket.reporting.selectors.parts import _grouped_parts
from tongket.reporting.selectors.targets import _targets
from tongket.resolutions.models import Indicator, Target

# Coarsest first: a year is read from its own reports when there are any, else made from
# its half-years, else quarters, else months.
FINER = [PeriodType.YEAR, PeriodType.HALF_YEAR, PeriodType.QUARTER, PeriodType.MONTH]


# --- Figures ------------------------------------------------------------------------------


@dataclass
class Row:
    """One indicator's figure at a unit and period, with its target and status."""

    indicator: Indicator
    figure: Figure
    target: Decimal | None = None
    target_due: Decimal | None = None
    baseline: Decimal | None = None
    progress: Decimal | None = None
    status: str = Status.NO_DATA
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @cached_property
    def formula(self) -> str:
        """How the figure was made, in words ("" without data): written when first read, as
        most rows of a dashboard (its children's cells, its trends) never show theirs."""
        return self.formula_in(Wording())

    def formula_in(self, wording: Wording) -> str:
        """`formula`, written with the request's `wording` (for many rows at once)."""
        if "formula" not in self.__dict__:
            self.__dict__["formula"] = (
                analytics.formula(self.indicator, self.figure, wording)
                if self.figure.has_data
                else ""
            )
        return str(self.__dict__["formula"])


def candidate_periods(period: Period) -> list[Period]:
    """The period itself and, for a year or a term, the finer periods inside it."""
    return candidate_periods_many([period])[period.pk]


def candidate_periods_many(periods: list[Period]) -> dict[int, list[Period]]:
    """`candidate_periods` of each period, by its id: one query whatever their number (none
    when no year or term is among them)."""
    wide = [p for p in periods if p.type in (PeriodType.YEAR, PeriodType.TERM)]
    found = {p.pk: [p] for p in periods if p.type not in (PeriodType.YEAR, PeriodType.TERM)}
    if not wide:
        return found
    pool = list(
        Period.objects.filter(
            year__gte=min(p.year for p in wide),
            end_year__lte=max(p.end_year for p in wide),
            type__in=[t for t in FINER if t != PeriodType.TERM],
        ).order_by("sort_key")
    )
    for period in wide:
        inside = [c for c in pool if c.year >= period.year and c.end_year <= period.end_year]
        found[period.pk] = inside + ([period] if period.type == PeriodType.TERM else [])
    return found


def _figure_for(
    indicator: Indicator,
    period: Period,
    candidates: list[Period],
    parts: dict[tuple[int, int], Parts],
) -> tuple[Figure, Parts]:
    """The figure of one indicator for `period` from the parts per (indicator, period):
    the period's own, else made over time from the finest type of period inside it that
    has data (coarsest first)."""
    own = parts.get((indicator.id, period.id))
    if own is not None and own.count > 0:
        return analytics.aggregate(indicator, own), own
    for period_type in FINER:
        inside = [p for p in candidates if p.type == period_type and p.id != period.id]
        present = [
            (
                p.code,
                analytics.aggregate(indicator, parts[(indicator.id, p.id)]),
                parts[(indicator.id, p.id)],
            )
            for p in inside
            if (indicator.id, p.id) in parts and parts[(indicator.id, p.id)].count > 0
        ]
        if present:
            return analytics.over_time(indicator, present)
    return Figure(None), Parts()


def _thresholds(indicator: Indicator) -> dict[str, Decimal]:
    resolution = indicator.resolution
    return {"on_track_from": resolution.on_track_from, "at_risk_from": resolution.at_risk_from}


def _row(
    indicator: Indicator,
    unit: Unit,
    period: Period,
    figure: Figure,
    target: Target | None,
) -> Row:
    target_value = target.value if target else None
    due = (
        target_value
        if period.type == PeriodType.TERM
        else analytics.prorated(indicator, target_value, period.months)
    )
    baseline = target.baseline if target and target.baseline is not None else None
    resolution = indicator.resolution
    if baseline is None and unit.id in (resolution.issuing_unit_id, resolution.owner_unit_id):
        baseline = indicator.baseline_value
    percent = analytics.progress(indicator, figure.value, due, baseline)
    return Row(
        indicator=indicator,
        figure=figure,
        target=target_value,
        target_due=due,
        baseline=baseline,
        progress=percent,
        status=analytics.status(indicator, figure.value, due, percent, **_thresholds(indicator)),
    )


def figures(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    indicators: list[Indicator],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> list[Row]:
    """The figure of each indicator for the unit's subtree and period, with target,
    progress, status and formula. Five queries whatever the tree's size."""
    return figures_for_units(
        user=user, units=[unit], period=period, indicators=indicators, basis=basis, tree=tree
    ).get(unit.pk, [])


def figures_for_units(
    *,
    user: Any,
    units: list[Unit],
    period: Period,
    indicators: list[Indicator],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> dict[int, list[Row]]:
    """`figures` for several units at once (a unit's children): the same few queries."""
    for unit in units:
        scopes.require_visible(user, unit)
    if not units or not indicators:
        return {u.pk: [] for u in units}
    candidates = candidate_periods(period)
    period_ids = [p.pk for p in candidates]
    indicator_ids = [i.pk for i in indicators]
    parts = _grouped_parts(units, period_ids, indicator_ids, basis, tree, period.end)
    targets = _targets([u.pk for u in units], indicator_ids, period, indicators)
    by_unit: dict[int, dict[tuple[int, int], Parts]] = defaultdict(dict)
    for (unit_id, indicator_id, period_id), value in parts.items():
        by_unit[unit_id][(indicator_id, period_id)] = value
    result: dict[int, list[Row]] = {}
    for unit in units:
        rows = []
        for indicator in indicators:
            figure, _parts = _figure_for(indicator, period, candidates, by_unit[unit.pk])
            rows.append(_row(indicator, unit, period, figure, targets.get((unit.pk, indicator.pk))))
        result[unit.pk] = rows
    return result


def children_at(*, user: Any, unit: Unit, period: Period, tree: str = Tree.THEN) -> list[Unit]:
    """The units directly below `unit` during the period (as it was, or today's children
    that existed then), in Vietnamese order, within the user's scope."""
    if tree in LINE_TREES:
        below = lines.subordinates(unit, line=tree, on=period.end)
        queryset = Unit.objects.filter(pk__in=[u.pk for u in below])
    elif tree == Tree.TODAY:
        queryset = unit.children.all()
    else:
        day = period.end
        ids = (
            UnitPlacement.objects.filter(parent=unit)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .values("unit_id")
        )
        queryset = Unit.objects.filter(pk__in=ids)
    queryset = queryset.filter(Q(established_on__isnull=True) | Q(established_on__lte=period.end))
    queryset = queryset.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.start))
    return list(scopes.restrict(queryset, user).order_by("sort_key", "pk"))


def trends(
    *,
    user: Any,
    unit: Unit,
    indicators: list[Indicator],
    periods: list[Period],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> dict[int, list[Row]]:
    """Each indicator's figure at the unit over `periods` (trend charts): four queries
    whatever the number of indicators and periods."""
    scopes.require_visible(user, unit)
    if not periods or not indicators:
        return {indicator.pk: [] for indicator in indicators}
    candidates: dict[int, Period] = {}
    for period in periods:
        for candidate in candidate_periods(period):
            candidates[candidate.pk] = candidate
    ids = [indicator.pk for indicator in indicators]
    if tree in LINE_TREES:
        # Each period along the line as it stood on its own last day (a dated placement).
        parts = {}
        for period in periods:
            ids_inside = [c.pk for c in candidate_periods(period)]
            parts.update(_grouped_parts([unit], ids_inside, ids, basis, tree, period.end))
    else:
        parts = _grouped_parts([unit], list(candidates), ids, basis, tree, periods[-1].end)
    flat = {(ind, per): value for (_u, ind, per), value in parts.items()}
    years = {p.year for p in periods if p.type != PeriodType.TERM}
    targets = {
        (t.indicator_id, t.year): t
        for t in Target.objects.filter(unit=unit, indicator_id__in=ids)
        .filter(Q(year__in=years) | Q(year__isnull=True))
        .order_by()
    }
    ordered = sorted(candidates.values(), key=lambda p: p.sort_key)
    term_targets: dict[tuple[int, int], Target] = {}
    for period in periods:
        if period.type == PeriodType.TERM:
            term_targets = _targets([unit.pk], ids, period, indicators)
    result: dict[int, list[Row]] = {}
    for indicator in indicators:
        rows = []
        for period in periods:
            inside = [c for c in ordered if period.year <= c.year and c.end_year <= period.end_year]
            figure, _parts = _figure_for(indicator, period, inside, flat)
            year = None if period.type == PeriodType.TERM else period.year
            target = targets.get((indicator.pk, year))
            if period.type == PeriodType.TERM:
                target = term_targets.get((unit.pk, indicator.pk))
            row = _row(indicator, unit, period, figure, target)
            row.extra["period"] = period
            rows.append(row)
        result[indicator.pk] = rows
    return result


def trend(
    *,
    user: Any,
    unit: Unit,
    indicator: Indicator,
    periods: list[Period],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> list[Row]:
    """One indicator's figure at the unit over `periods`."""
    return trends(
        user=user, unit=unit, indicators=[indicator], periods=periods, basis=basis, tree=tree
    )[indicator.pk]
