"""The parts a figure is made from (count, sums, extremes, units meeting their target) for
units, periods and indicators: from the roll-ups (the tree as it was), regrouped on today's
tree, or along a line."""

from __future__ import annotations

import datetime
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

from tongket.org.lines import line_descendants_by_root
from tongket.org.models import PATH_SEGMENT, Unit
from tongket.reporting.analytics import Parts, _d
from tongket.reporting.choices import LINE_TREES, Basis, Tree
from tongket.reporting.models import DataValue, Report, Rollup
from tongket.reporting.services.rollups import BASIS_STATES

DEC = DecimalField(max_digits=32, decimal_places=6)


def _parts_then(
    unit_ids: list[int], period_ids: list[int], indicator_ids: list[int], basis: str
) -> dict[tuple[int, int, int], Parts]:
    """(unit, indicator, period) → parts of the unit's subtree as it was: its roll-up rows
    plus its own values. Two queries."""
    # Plain tuples rather than model instances: a dashboard reads a few hundred rows per
    # request and building a model per row was a fair share of its time.
    found: dict[tuple[int, int, int], Parts] = {}
    for unit_id, indicator_id, period_id, *sums in (
        Rollup.objects.filter(
            unit_id__in=unit_ids,
            period_id__in=period_ids,
            indicator_id__in=indicator_ids,
            basis=basis,
            count__gt=0,
        )
        .order_by()
        .values_list("unit_id", "indicator_id", "period_id", *_ROLLUP_SUMS)
    ):
        found[(unit_id, indicator_id, period_id)] = _parts_of_sums(*sums)
    # The units' own reports first (index on unit and period), then their values: a join
    # would let SQLite start from every report in the state asked.
    reports = Report.objects.filter(
        unit_id__in=unit_ids, period_id__in=period_ids, state__in=BASIS_STATES[Basis(basis)]
    ).values("pk")
    for unit_id, indicator_id, period_id, value, numerator, denominator, met in (
        DataValue.objects.filter(
            report_id__in=reports,
            indicator_id__in=indicator_ids,
            value__isnull=False,
        )
        .order_by()
        .values_list(
            "unit_id", "indicator_id", "period_id", "value", "numerator", "denominator", "met"
        )
    ):
        key = (unit_id, indicator_id, period_id)
        own = Parts.of_value(value, numerator, denominator, met)
        found[key] = found[key] + own if key in found else own
    return found


_ROLLUP_SUMS = (
    "count",
    "value_sum",
    "weighted_sum",
    "numerator_sum",
    "denominator_sum",
    "min_value",
    "max_value",
    "met_count",
)


def _parts_of_sums(
    count: int | None,
    value_sum: Decimal | None,
    weighted_sum: Decimal | None,
    numerator_sum: Decimal | None,
    denominator_sum: Decimal | None,
    min_value: Decimal | None,
    max_value: Decimal | None,
    met_count: int | None,
) -> Parts:
    """`Parts.of_row` of a roll-up row read as a tuple of `_ROLLUP_SUMS`."""
    return Parts(
        count=int(count or 0),
        value_sum=_d(value_sum),
        weighted_sum=_d(weighted_sum),
        numerator_sum=_d(numerator_sum),
        denominator_sum=_d(denominator_sum),
        min_value=None if min_value is None else _d(min_value),
        max_value=None if max_value is None else _d(max_value),
        met_count=int(met_count or 0),
    )


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
        # One query per depth among the units (a reader's roots at several levels).
        found: dict[tuple[int, int, int], Parts] = {}
        for depth in sorted({len(u.path) for u in units}):
            level = [u for u in units if len(u.path) == depth]
            found.update(_parts_today(level, period_ids, indicator_ids, basis))
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
    """The same, grouped along a line on `day` (the period's last day), for every unit at
    once: the values of all the units reached, aggregated per reporting unit in one query,
    then added up in Python under each path prefix a unit reaches (`line_reach_paths`: the
    prefixes of one unit never lie inside one another, so nothing counts twice). Three
    queries, whatever the number of units (a heat map colours a whole line with them)."""
    reach_of = line_reach_paths(units, line=line, day=day)
    wanted = set().union(*(set(roots) for roots in reach_of.values()))
    if not wanted:
        return {}
    outer: list[str] = []
    for path in sorted(wanted):
        if not any(path.startswith(root) for root in outer):
            outer.append(path)
    under: dict[tuple[str, int, int], Parts] = {}
    rows = (
        DataValue.objects.filter(
            reach_q(outer),
            period_id__in=period_ids,
            indicator_id__in=indicator_ids,
            report__state__in=BASIS_STATES[Basis(basis)],
            value__isnull=False,
        )
        .values("unit__path", "indicator_id", "period_id")
        .annotate(**_PART_SUMS)
        .order_by()
    )
    for row in rows:
        parts, path = _parts_of(row), row["unit__path"]
        for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
            key = (path[:end], row["indicator_id"], row["period_id"])
            if key[0] in wanted:
                under[key] = under[key] + parts if key in under else parts
    by_root: dict[str, list[tuple[int, int, Parts]]] = {}
    for (root, indicator_id, period_id), parts in under.items():
        by_root.setdefault(root, []).append((indicator_id, period_id, parts))
    found: dict[tuple[int, int, int], Parts] = {}
    for unit in units:
        for root in reach_of[unit.pk]:
            for indicator_id, period_id, parts in by_root.get(root, []):
                key3 = (unit.pk, indicator_id, period_id)
                found[key3] = found[key3] + parts if key3 in found else parts
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
