"""Figures of many indicators × units × periods in one read (the batch analytics endpoint,
the pivot): the same figures, targets, progress and status as `figures` gives one cell, in a
number of queries that does not grow with the number of cells."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q

from tongket.core import scopes
from tongket.org.models import Unit
from tongket.reporting.analytics import Parts
from tongket.reporting.choices import LINE_TREES, Basis, PeriodType, Tree
from tongket.reporting.models import Period
from tongket.reporting.selectors.figures import Row, _figure_for, _row, candidate_periods_many
from tongket.reporting.selectors.parts import _grouped_parts
from tongket.reporting.selectors.targets import term_targets
from tongket.resolutions.models import Indicator, Target

# What one call may ask: the pivot's limits per dimension, and fewer cells (each cell of the
# API's answer is about 400 bytes of JSON: 5,000 of them about 2 MB).
MAX_INDICATORS = 100
MAX_UNITS = 200
MAX_PERIODS = 40
MAX_CELLS = 5000


def basis_of(indicator: Indicator) -> str:
    """The basis an indicator is read on when none is asked: its resolution's rule."""
    return Basis.APPROVED if indicator.resolution.approved_only else Basis.SUBMITTED


def _targets_by_period(
    units: list[Unit], indicators: list[Indicator], periods: list[Period]
) -> dict[int, dict[tuple[int, int], Target]]:
    """period id → (unit, indicator) → target, as `figures` reads it for each period (the
    year's; for a term the whole-horizon one or one made from its years). One query."""
    years = {p.year for p in periods if p.type != PeriodType.TERM}
    query = Q(year__in=years)
    for period in periods:
        if period.type == PeriodType.TERM:
            query |= Q(year__isnull=True) | Q(year__gte=period.year, year__lte=period.end_year)
    targets = list(
        Target.objects.filter(
            query,
            unit_id__in=[u.pk for u in units],
            indicator_id__in=[i.pk for i in indicators],
        )
    )
    found: dict[int, dict[tuple[int, int], Target]] = {}
    for period in periods:
        if period.type == PeriodType.TERM:
            found[period.pk] = term_targets(targets, period, indicators)
        else:
            found[period.pk] = {
                (t.unit_id, t.indicator_id): t for t in targets if t.year == period.year
            }
    return found


def figures_grid(
    *,
    user: Any,
    indicators: list[Indicator],
    units: list[Unit],
    periods: list[Period],
    basis: str | None = None,
    tree: str = Tree.THEN,
) -> dict[tuple[int, int, int], Row]:
    """(indicator, unit, period) → the figure of the indicator for the unit's subtree and
    the period, with target, progress, status and formula: what `figures` gives for each
    cell. `basis` None reads each indicator on its resolution's rule (approved reports only,
    or every submitted one), as the single-figure analytics does.

    Units outside the user's scope: NotFound (404) for the whole read. The indicators are
    those the caller read through `indicator_list` (scope and clearance applied there).

    On the tree as it was (`then`, the roll-ups) and on today's tree with units of one
    depth: at most six queries whatever the number of cells (the periods inside a year or a
    term, the roll-ups and the units' own values once per basis asked, the targets). Along
    a line, one grouping per period and unit, as `figures` does."""
    for unit in units:
        scopes.require_visible(user, unit)
    if not indicators or not units or not periods:
        return {}
    inside = candidate_periods_many(periods)
    every = list({c.pk: c for p in periods for c in inside[p.pk]})
    by_basis: dict[str, list[Indicator]] = defaultdict(list)
    basis_by_id = {indicator.id: basis or basis_of(indicator) for indicator in indicators}
    for indicator in indicators:
        by_basis[basis_by_id[indicator.id]].append(indicator)

    # unit → (indicator, period) → parts; along a line, one such map per period asked (each
    # period grouped along the line as it stood on the period's last day).
    shared: dict[int, dict[tuple[int, int], Parts]] = defaultdict(dict)
    dated: dict[int, dict[int, dict[tuple[int, int], Parts]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for each_basis, members in by_basis.items():
        ids = [i.pk for i in members]
        if tree in LINE_TREES:
            for period in periods:
                ids_inside = [c.pk for c in inside[period.pk]]
                found = _grouped_parts(units, ids_inside, ids, each_basis, tree, period.end)
                for (unit_id, indicator_id, period_id), parts in found.items():
                    dated[period.pk][unit_id][(indicator_id, period_id)] = parts
        else:
            found = _grouped_parts(units, every, ids, each_basis, tree, periods[-1].end)
            for (unit_id, indicator_id, period_id), parts in found.items():
                shared[unit_id][(indicator_id, period_id)] = parts

    targets = _targets_by_period(units, indicators, periods)
    result: dict[tuple[int, int, int], Row] = {}
    for period in periods:
        parts_of = dated[period.id] if tree in LINE_TREES else shared
        for unit in units:
            for indicator in indicators:
                figure, _parts = _figure_for(
                    indicator, period, inside[period.id], parts_of[unit.id]
                )
                target = targets[period.id].get((unit.id, indicator.id))
                row = _row(indicator, unit, period, figure, target)
                row.extra["basis"] = basis_by_id[indicator.id]
                result[(indicator.id, unit.id, period.id)] = row
    return result
