"""Helpers of the demo load: the reporting units and their size, resolutions, outlines,
indicators and targets written through the services."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.db.models import Q

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions import services
from tongket.resolutions.choices import (
    Direction,
    ItemKind,
    MeasureKind,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.demo.specs import Spec
from tongket.resolutions.models import Indicator, Resolution


# Units that report on Resolution 623 in Quân khu 2 (their own figures) and their size.
def qk2_reporting_units() -> list[Unit]:
    """The Logistics Department, the regiments of the divisions, the provincial commands
    (three merged away in 2025) and the regional defence commands set up in 2025. Units report
    their own figures; a division's figures are its regiments' (it does not report)."""
    qk2 = Unit.objects.get(code="QK2")
    return list(
        Unit.objects.filter(path__startswith=qk2.path)
        .filter(
            Q(code="CHC-QK2")
            | Q(code__regex=r"^SD[0-9]+-E[0-9]+$")
            | Q(code__regex=r"^BCHQS-[A-Z]+$")
            | Q(code__startswith="PTKV-")
        )
        .order_by("path")
    )


def _decimal(value: float, decimals: int = 0) -> Decimal:
    return Decimal(str(round(value, decimals)))


def _resolution(code: str, **kwargs: Any) -> Resolution:
    return services.resolution_create(
        by=SYSTEM, confirm_issuer=True, is_illustrative=True, **kwargs
    )


def _tree(resolution: Resolution, objectives: list[tuple[str, list[str]]]) -> list[Any]:
    made = []
    for title, tasks in objectives:
        objective = services.item_create(
            by=SYSTEM, resolution=resolution, kind=ItemKind.OBJECTIVE, title=title
        )
        made.append(objective)
        for task in tasks:
            services.item_create(
                by=SYSTEM, resolution=resolution, kind=ItemKind.TASK, title=task, parent=objective
            )
    return made


def _indicators(resolution: Resolution, specs: list[Spec], item: Any = None) -> list[Indicator]:
    made = []
    for spec in specs:
        made.append(
            services.indicator_create(
                by=SYSTEM,
                resolution=resolution,
                code=spec.code,
                name=spec.name,
                unit_of_measure=spec.uom,
                measure_kind=spec.kind,
                unit_aggregation=spec.agg,
                time_aggregation=spec.over_time,
                direction=spec.direction,
                baseline_value=None if spec.base is None else _decimal(spec.base, 2),
                baseline_year=resolution.horizon_from - 1 if spec.base is not None else None,
                rating_levels=list(spec.levels),
                decimals=2 if spec.kind == MeasureKind.RATIO or spec.per_unit < 10 else 0,
                item=item,
            )
        )
    return made


def unit_size(unit: Unit) -> float:
    """A stable size factor per unit (divisions larger than regiments…)."""
    rng = random.Random(unit.code)
    if unit.code.startswith("SD") and "-E" not in unit.code:
        return 2.0 + rng.random()
    if "-H" in unit.code or unit.code.startswith("BCHQS-DL-"):
        return 0.5 + rng.random() * 0.4
    return 0.8 + rng.random() * 0.6


def yearly_target(spec: Spec, unit: Unit, year: int, first_year: int) -> Decimal:
    if spec.kind in (MeasureKind.RATIO, MeasureKind.MILESTONE, MeasureKind.RATING):
        return _decimal(spec.per_unit, 2)
    if spec.agg in (UnitAggregation.AVERAGE, UnitAggregation.WEIGHTED_AVERAGE):
        return _decimal(spec.per_unit * (1 + spec.growth) ** (year - first_year), 2)
    value = spec.per_unit * unit_size(unit) * (1 + spec.growth) ** (year - first_year)
    if spec.direction == Direction.LOWER:
        return _decimal(max(value, 0), 0)
    return _decimal(value, 0)


def _exists_in(unit: Unit, year: int) -> bool:
    if unit.dissolved_on and unit.dissolved_on.year < year:
        return False
    return not (unit.established_on and unit.established_on.year > year)


def _targets(
    indicators: list[Indicator],
    specs: list[Spec],
    units: list[Unit],
    years: list[int],
    tops: list[Unit],
) -> None:
    """Yearly targets for every reporting unit (while it exists) and, for the units above
    them (`tops`), the targets of their subtree: the sum of the targets below for an
    indicator that adds up, the number of units for "units meeting their target", the same
    level otherwise. Whole-horizon targets are the sum of the years where that is the rule."""
    for indicator, spec in zip(indicators, specs, strict=True):
        given: dict[tuple[int, int], Decimal] = {}
        for unit in units:
            horizon = Decimal(0)
            for year in years:
                if not _exists_in(unit, year):
                    continue
                value = yearly_target(spec, unit, year, years[0])
                services.target_set(
                    by=SYSTEM, indicator=indicator, unit=unit, year=year, value=value
                )
                given[(unit.pk, year)] = value
                horizon += value
            if indicator.is_additive and indicator.time_aggregation == TimeAggregation.SUM:
                if horizon:
                    services.target_set(
                        by=SYSTEM, indicator=indicator, unit=unit, year=None, value=horizon
                    )
        for top in tops:
            below = [u for u in units if u.path.startswith(top.path) and u.pk != top.pk]
            for year in years:
                inside = [u for u in below if (u.pk, year) in given]
                if not inside:
                    continue
                if indicator.unit_aggregation == UnitAggregation.COUNT_MET:
                    value = Decimal(len(inside))
                elif indicator.is_additive:
                    value = sum((given[(u.pk, year)] for u in inside), Decimal(0))
                else:
                    value = yearly_target(spec, top, year, years[0])
                services.target_set(
                    by=SYSTEM, indicator=indicator, unit=top, year=year, value=value
                )
