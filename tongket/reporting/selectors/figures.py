"""Figures of indicators at a unit and period, from the roll-ups (the tree as it was) or regrouped
on today's tree or along a line, with targets, status and trends."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr

from tongket.core import scopes
from tongket.org import lines
from tongket.org.lines import line_descendants_by_root
from tongket.org.models import Unit, UnitPlacement
from tongket.reporting import analytics
from tongket.reporting.analytics import Figure, Parts
from tongket.reporting.choices import LINE_TREES, Basis, PeriodType, Status, Tree
from tongket.reporting.models import DataValue, Period, Report, Rollup
from tongket.reporting.services.rollups import BASIS_STATES
from tongket.resolutions.models import Indicator, Target

# Coarsest first: a year is read from its own reports when there are any, else made from
# its half-years, else quarters, else months.
FINER = [PeriodType.YEAR, PeriodType.HALF_YEAR, PeriodType.QUARTER, PeriodType.MONTH]
DEC = DecimalField(max_digits=32, decimal_places=6)


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
    formula: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Decimal | None:
        return self.figure.value


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


def _parts_then(
    unit_ids: list[int], period_ids: list[int], indicator_ids: list[int], basis: str
) -> dict[tuple[int, int, int], Parts]:
    """(unit, indicator, period) → parts of the unit's subtree as it was: its roll-up rows
    plus its own values. Two queries."""
    found: dict[tuple[int, int, int], Parts] = {}
    for row in Rollup.objects.filter(
        unit_id__in=unit_ids,
        period_id__in=period_ids,
        indicator_id__in=indicator_ids,
        basis=basis,
        count__gt=0,
    ):
        found[(row.unit_id, row.indicator_id, row.period_id)] = Parts.of_row(row)
    # The units' own reports first (index on unit and period), then their values: a join
    # would let SQLite start from every report in the state asked.
    reports = Report.objects.filter(
        unit_id__in=unit_ids, period_id__in=period_ids, state__in=BASIS_STATES[Basis(basis)]
    ).values("pk")
    for value in DataValue.objects.filter(
        report_id__in=reports,
        indicator_id__in=indicator_ids,
        value__isnull=False,
    ).only("indicator_id", "period_id", "unit_id", "value", "numerator", "denominator", "met"):
        key = (value.unit_id, value.indicator_id, value.period_id)
        own = Parts.of_value(value.value, value.numerator, value.denominator, value.met)
        found[key] = found[key] + own if key in found else own
    return found


def _parts_today(
    units: list[Unit], period_ids: list[int], indicator_ids: list[int], basis: str
) -> dict[tuple[int, int, int], Parts]:
    """The same, regrouped on today's tree: one aggregate query over the values of the
    units' subtrees today (slower than the roll-ups; used when asked)."""
    if not units:
        return {}
    length = len(units[0].path)
    same_depth = all(len(u.path) == length for u in units)
    by_prefix = {u.path: u.pk for u in units}
    queryset = DataValue.objects.filter(
        period_id__in=period_ids,
        indicator_id__in=indicator_ids,
        report__state__in=BASIS_STATES[Basis(basis)],
        value__isnull=False,
    )
    query = Q(pk__in=[])
    for unit in units:
        query |= Q(unit__path__startswith=unit.path)
    queryset = queryset.filter(query)
    if not same_depth:
        found: dict[tuple[int, int, int], Parts] = {}
        for unit in units:
            found.update(_parts_today([unit], period_ids, indicator_ids, basis))
        return found
    rows = (
        queryset.annotate(prefix=Substr("unit__path", 1, length))
        .values("prefix", "indicator_id", "period_id")
        .annotate(**_PART_SUMS)
    )
    found = {}
    for row in rows:
        unit_id = by_prefix.get(row["prefix"])
        if unit_id is None:
            continue
        found[(unit_id, row["indicator_id"], row["period_id"])] = _parts_of(row)
    return found


_PART_SUMS: dict[str, Any] = {
    "n": Count("value"),
    "vs": Sum("value", output_field=DEC),
    "ws": Sum(F("value") * Coalesce("denominator", Value(Decimal(0))), output_field=DEC),
    "ns": Sum(Coalesce("numerator", Value(Decimal(0))), output_field=DEC),
    "ds": Sum(Coalesce("denominator", Value(Decimal(0))), output_field=DEC),
    "low": Min("value"),
    "high": Max("value"),
    "met_n": Sum(Case(When(met=True, then=1), default=0, output_field=IntegerField())),
}


def _parts_of(row: dict[str, Any]) -> Parts:
    return Parts(
        count=row["n"],
        value_sum=Decimal(row["vs"] or 0),
        weighted_sum=Decimal(row["ws"] or 0),
        numerator_sum=Decimal(row["ns"] or 0),
        denominator_sum=Decimal(row["ds"] or 0),
        min_value=row["low"],
        max_value=row["high"],
        met_count=row["met_n"] or 0,
    )


def line_reach_paths(units: list[Unit], *, line: str, day: datetime.date) -> dict[int, list[str]]:
    """For each unit, the path prefixes its figure covers along `line` on `day`: the unit and
    every unit below it in the line, each with its own subtree; a unit reached twice (dual
    subordination, or already inside another's subtree) counts once. Two queries."""
    below = line_descendants_by_root([u.pk for u in units], line=line, on=day)
    reached = {unit.pk: {unit.pk, *below[unit.pk]} for unit in units}
    paths = dict(
        Unit.objects.filter(pk__in=set().union(*reached.values())).values_list("pk", "path")
    )
    found: dict[int, list[str]] = {}
    for unit_id, ids in reached.items():
        roots: list[str] = []
        for path in sorted(paths[pk] for pk in ids):
            if not any(path.startswith(root) for root in roots):
                roots.append(path)
        found[unit_id] = roots
    return found


def reach_q(roots: list[str], field: str = "unit__path") -> Q:
    reach = Q(pk__in=[])
    for root in roots:
        reach |= Q(**{f"{field}__startswith": root})
    return reach


def _parts_line(
    units: list[Unit],
    period_ids: list[int],
    indicator_ids: list[int],
    basis: str,
    line: str,
    day: datetime.date,
) -> dict[tuple[int, int, int], Parts]:
    """The same, grouped along a line on `day` (the period's last day): one aggregate query
    per unit over the values of the units it reaches in the line."""
    found: dict[tuple[int, int, int], Parts] = {}
    reach_of = line_reach_paths(units, line=line, day=day)
    for unit in units:
        rows = (
            DataValue.objects.filter(
                reach_q(reach_of[unit.pk]),
                period_id__in=period_ids,
                indicator_id__in=indicator_ids,
                report__state__in=BASIS_STATES[Basis(basis)],
                value__isnull=False,
            )
            .values("indicator_id", "period_id")
            .annotate(**_PART_SUMS)
        )
        for row in rows:
            found[(unit.pk, row["indicator_id"], row["period_id"])] = _parts_of(row)
    return found


def _grouped_parts(
    units: list[Unit],
    period_ids: list[int],
    indicator_ids: list[int],
    basis: str,
    tree: str,
    day: datetime.date,
) -> dict[tuple[int, int, int], Parts]:
    """The parts of each unit's figure in the grouping asked (Tree)."""
    if tree == Tree.TODAY:
        return _parts_today(units, period_ids, indicator_ids, basis)
    if tree in LINE_TREES:
        return _parts_line(units, period_ids, indicator_ids, basis, tree, day)
    return _parts_then([u.pk for u in units], period_ids, indicator_ids, basis)


def _figure_for(
    indicator: Indicator,
    period: Period,
    candidates: list[Period],
    parts: dict[tuple[int, int], Parts],
) -> tuple[Figure, Parts]:
    """The figure of one indicator for `period` from the parts per (indicator, period):
    the period's own, else made over time from the finest type of period inside it that
    has data (coarsest first)."""
    own = parts.get((indicator.pk, period.pk))
    if own is not None and own.count > 0:
        return analytics.aggregate(indicator, own), own
    for period_type in FINER:
        inside = [p for p in candidates if p.type == period_type and p.pk != period.pk]
        present = [
            (
                p.code,
                analytics.aggregate(indicator, parts[(indicator.pk, p.pk)]),
                parts[(indicator.pk, p.pk)],
            )
            for p in inside
            if (indicator.pk, p.pk) in parts and parts[(indicator.pk, p.pk)].count > 0
        ]
        if present:
            return analytics.over_time(indicator, present)
    return Figure(None), Parts()


def _thresholds(indicator: Indicator) -> dict[str, Decimal]:
    resolution = indicator.resolution
    return {"on_track_from": resolution.on_track_from, "at_risk_from": resolution.at_risk_from}


def _targets(
    unit_ids: list[int],
    indicator_ids: list[int],
    period: Period,
    indicators: list[Indicator] | None = None,
) -> dict[tuple[int, int], Target]:
    """The target each unit has for the period's year; for a term (a phase, a review's span)
    the whole-horizon target, else one made from the yearly targets of the term's years by
    the indicator's rule over time (their sum, the last year's, their average). One query."""
    if period.type != PeriodType.TERM:
        queryset = Target.objects.filter(
            unit_id__in=unit_ids, indicator_id__in=indicator_ids, year=period.year
        )
        return {(t.unit_id, t.indicator_id): t for t in queryset}
    return term_targets(
        Target.objects.filter(unit_id__in=unit_ids, indicator_id__in=indicator_ids).filter(
            Q(year__isnull=True) | Q(year__gte=period.year, year__lte=period.end_year)
        ),
        period,
        indicators,
    )


def term_targets(
    targets: Iterable[Target], period: Period, indicators: list[Indicator] | None = None
) -> dict[tuple[int, int], Target]:
    """(unit, indicator) → the target for a term, from `targets` read beforehand (those
    outside the term's years are left aside): the whole-horizon one, else one made from the
    yearly ones by the indicator's rule over time. No query."""
    found: dict[tuple[int, int], Target] = {}
    yearly: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for target in targets:
        key = (target.unit_id, target.indicator_id)
        if target.year is None:
            found[key] = target
        elif period.year <= target.year <= period.end_year:
            yearly[key].append(target)
    rules = {i.pk: i.time_aggregation for i in indicators or []}
    for key, each in yearly.items():
        if key in found:
            continue
        each.sort(key=lambda t: t.year)
        rule = rules.get(key[1], "sum")
        values = [t.value for t in each]
        if rule == "sum":
            value = sum(values, Decimal(0))
        elif rule == "last":
            value = values[-1]
        else:
            value = sum(values, Decimal(0)) / len(values)
        found[key] = Target(
            unit_id=key[0],
            indicator_id=key[1],
            year=None,
            value=value,
            baseline=each[0].baseline,
        )
    return found


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
    if baseline is None and unit.pk in (resolution.issuing_unit_id, resolution.owner_unit_id):
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
        formula=analytics.formula(indicator, figure) if figure.has_data else "",
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
        for t in Target.objects.filter(unit=unit, indicator_id__in=ids).filter(
            Q(year__in=years) | Q(year__isnull=True)
        )
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
