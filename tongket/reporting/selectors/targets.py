"""The targets a figure is compared with: a year's, or a term's (the whole-horizon target,
else one made from the yearly ones by the indicator's rule over time)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from tongket.reporting.choices import PeriodType
from tongket.reporting.models import Period
from tongket.resolutions.models import Indicator, Target


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
        # No ordering: one target per unit and indicator for a year (the model's ordering
        # would join the units to sort by path).
        queryset = Target.objects.filter(
            unit_id__in=unit_ids, indicator_id__in=indicator_ids, year=period.year
        ).order_by()
        return {(t.unit_id, t.indicator_id): t for t in queryset}
    return term_targets(
        Target.objects.filter(unit_id__in=unit_ids, indicator_id__in=indicator_ids)
        .filter(Q(year__isnull=True) | Q(year__gte=period.year, year__lte=period.end_year))
        .order_by(),
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
