"""Reads of targets: the list, their history, the target grid and its checks, and the targets
of a unit per indicator."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org.models import Unit
from tongket.resolutions.choices import TimeAggregation, UnitAggregation
from tongket.resolutions.models import Indicator, Resolution, Target
from tongket.resolutions.selectors.reach import resolution_reach_q


def target_list(
    *,
    user: Any,
    indicator: Indicator | None = None,
    unit: Unit | None = None,
    year: int | str | None = "any",
    resolution: Resolution | None = None,
    within: Unit | None = None,
) -> QuerySet[Target]:
    """Targets of units in the user's subtrees. `year=None` keeps whole-horizon targets,
    "any" (the default) every year."""
    queryset = Target.objects.filter(
        resolution_reach_q(user, "indicator__resolution__"),
        scopes.scope_q(user, "unit__path"),
    ).select_related("indicator", "unit")
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    if resolution is not None:
        queryset = queryset.filter(indicator__resolution=resolution)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if within is not None:
        queryset = queryset.filter(unit__path__startswith=within.path)
    if year is None:
        queryset = queryset.filter(year__isnull=True)
    elif year != "any":
        queryset = queryset.filter(year=int(year))
    return queryset


def target_get(*, user: Any, pk: Any) -> Target:
    try:
        return target_list(user=user).get(pk=int(pk))
    except (Target.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Target not found.")) from error


def target_history(*, target: Target) -> QuerySet[Any]:
    return target.adjustments.select_related("by").order_by("-at", "-id")


# --- The target grid and its checks -------------------------------------------------------


def target_grid(
    *, user: Any, indicator: Indicator, root: Unit, until: int | None = None
) -> dict[str, Any]:
    """Units (the root and its subtree, depth-first) × years of the horizon, with the whole-
    horizon column, and the checks: where children's targets do not add up to their parent's
    (additive indicators) and where the years do not make the whole horizon. Four queries.
    `until` shows following years up to it (a resolution "and the following years")."""
    scopes.require_visible(user, root)
    resolution = indicator.resolution
    # The horizon, and the following years where targets were set for them (no year column
    # while the horizon is not yet determined: only the whole-horizon one).
    first = resolution.horizon_from or 9999
    last = max(
        min(until or 0, resolution.last_target_year or 0),
        resolution.horizon_to or 0,
        Target.objects.filter(indicator=indicator, year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
        or 0,
    )
    years = list(range(first, last + 1)) if resolution.horizon_known else []
    # Units that existed during the horizon: one dissolved in 2025 still holds its 2022 targets.
    units = list(
        scopes.restrict(
            Unit.objects.filter(path__startswith=root.path).filter(
                Q(dissolved_on__isnull=True)
                | Q(dissolved_on__year__gte=resolution.horizon_from or 1945)
            ),
            user,
        ).order_by("path")
    )
    # Depth-first in Vietnamese order among siblings.
    by_parent: dict[int | None, list[Unit]] = defaultdict(list)
    ids = {u.pk for u in units}
    for unit in units:
        by_parent[unit.parent_id if unit.parent_id in ids else None].append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None) -> None:
        for unit in sorted(by_parent.get(parent, []), key=lambda u: (u.sort_key, u.pk)):
            ordered.append(unit)
            walk(unit.pk)

    walk(None)
    targets = {
        (t.unit_id, t.year): t
        for t in Target.objects.filter(indicator=indicator, unit_id__in=ids).only(
            "id", "unit_id", "year", "value", "numerator", "denominator", "version", "method"
        )
    }
    adjusted = set(
        Target.objects.filter(indicator=indicator, unit_id__in=ids)
        .filter(adjustments__old_value__isnull=False)
        .values_list("id", flat=True)
    )
    cascade = cascade_check(indicator=indicator, units=ordered, targets=targets, years=years)
    phasing = phasing_check(indicator=indicator, units=ordered, targets=targets, years=years)
    rows = []
    base_depth = root.depth
    for unit in ordered:
        cells = []
        for year in [*years, None]:
            target = targets.get((unit.pk, year))
            cells.append(
                {
                    "year": year,
                    "target": target,
                    "adjusted": bool(target and target.pk in adjusted),
                    "mismatch": cascade.get((unit.pk, year)),
                }
            )
        rows.append(
            {
                "unit": unit,
                "depth": unit.depth - base_depth,
                "cells": cells,
                "phasing": phasing.get(unit.pk),
                "has_children": bool(by_parent.get(unit.pk)),
            }
        )
    return {
        "years": years,
        "rows": rows,
        "cascade_issues": sum(1 for _ in cascade.values()),
        "phasing_issues": len(phasing),
        "additive": indicator.is_additive,
    }


def cascade_check(
    *,
    indicator: Indicator,
    units: list[Unit],
    targets: dict[tuple[int, int | None], Target],
    years: list[int],
) -> dict[tuple[int, int | None], dict[str, Decimal]]:
    """(unit, year) → {"parent", "children", "difference"} where the targets the children of a
    unit were given do not add up to the unit's own (only for indicators that add up over
    units). Children without a target are not counted: a half-done split shows as a gap."""
    if indicator.unit_aggregation != UnitAggregation.SUM:
        return {}
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.pk)
    issues: dict[tuple[int, int | None], dict[str, Decimal]] = {}
    for parent_id, kids in children.items():
        for year in [*years, None]:
            parent = targets.get((parent_id, year))
            given = [targets[(kid, year)].value for kid in kids if (kid, year) in targets]
            if parent is None or not given:
                continue
            total = sum(given, Decimal(0))
            if total != parent.value:
                issues[(parent_id, year)] = {
                    "parent": parent.value,
                    "children": total,
                    "difference": total - parent.value,
                }
    return issues


def phasing_check(
    *,
    indicator: Indicator,
    units: list[Unit],
    targets: dict[tuple[int, int | None], Target],
    years: list[int],
) -> dict[int, dict[str, Decimal]]:
    """unit → {"horizon", "years", "difference"} where the yearly targets do not make the
    whole-horizon target by the indicator's rule over time (sum of the years; the last
    year's value; their average)."""
    issues: dict[int, dict[str, Decimal]] = {}
    for unit in units:
        whole = targets.get((unit.pk, None))
        yearly = [targets[(unit.pk, y)].value for y in years if (unit.pk, y) in targets]
        if whole is None or not yearly:
            continue
        if indicator.time_aggregation == TimeAggregation.SUM:
            combined = sum(yearly, Decimal(0))
        elif indicator.time_aggregation == TimeAggregation.LAST:
            last_year = max(y for y in years if (unit.pk, y) in targets)
            combined = targets[(unit.pk, last_year)].value
        else:
            combined = sum(yearly, Decimal(0)) / len(yearly)
        if abs(combined - whole.value) > Decimal("0.0001"):
            issues[unit.pk] = {
                "horizon": whole.value,
                "years": combined,
                "difference": combined - whole.value,
            }
    return issues


def indicators_with_targets(
    *, user: Any, resolution: Resolution, unit: Unit
) -> list[dict[str, Any]]:
    """The resolution's indicators with the unit's targets per year (for a unit's page)."""
    targets = defaultdict(dict)
    for target in target_list(user=user, resolution=resolution, unit=unit):
        targets[target.indicator_id][target.year] = target
    return [
        {"indicator": indicator, "targets": targets.get(indicator.pk, {})}
        for indicator in resolution.indicators.order_by("order", "id")
    ]
