"""Indicators of a resolution: added, changed and removed by its keepers, with the
aggregations each measure allows. Their targets are in `targets`; what a value of an
indicator may be in `values` (also importable from here, as before).

Callers: keepers of the resolution.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.models import code_is
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key
from tongket.org.services.units import check_version
from tongket.resolutions.choices import (
    Direction,
    MeasureKind,
    RelationKind,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import Indicator, Item, Resolution, ResolutionRelation
from tongket.resolutions.services.records import require_keeper

# What a value may be lives in `values`; imported here also for the callers of before.
from tongket.resolutions.services.values import HUNDRED as HUNDRED
from tongket.resolutions.services.values import check_target_value as check_target_value
from tongket.resolutions.services.values import check_value as check_value
from tongket.resolutions.services.values import ratio_value as ratio_value

# Which aggregations over units make sense for each measure.
ALLOWED_AGGREGATIONS = {
    MeasureKind.NUMBER: set(UnitAggregation.values) - {UnitAggregation.RATIO},
    MeasureKind.RATIO: {
        UnitAggregation.RATIO,
        UnitAggregation.AVERAGE,
        UnitAggregation.MIN,
        UnitAggregation.MAX,
        UnitAggregation.COUNT_MET,
    },
    MeasureKind.MILESTONE: {
        UnitAggregation.SUM,
        UnitAggregation.MIN,
        UnitAggregation.MAX,
        UnitAggregation.COUNT_MET,
    },
    MeasureKind.RATING: {
        UnitAggregation.AVERAGE,
        UnitAggregation.MIN,
        UnitAggregation.MAX,
        UnitAggregation.COUNT_MET,
    },
}


def _clean_indicator(indicator: Indicator) -> None:
    indicator.code = normalize(indicator.code).replace(" ", "")
    if not indicator.code:
        raise DomainError(_("Enter the indicator's code."), field="code")
    if len(indicator.code) > 32:
        raise DomainError(_("A code has at most 32 characters."), field="code")
    indicator.name = normalize(indicator.name)
    if not indicator.name:
        raise DomainError(_("Enter the indicator's name."), field="name")
    indicator.unit_of_measure = normalize(indicator.unit_of_measure)
    if indicator.measure_kind not in MeasureKind.values:
        raise DomainError(_("Choose the kind of measure."), field="measure_kind")
    if indicator.direction not in Direction.values:
        raise DomainError(_("Choose the direction."), field="direction")
    if indicator.time_aggregation not in TimeAggregation.values:
        raise DomainError(
            _("Choose how the indicator adds up over time."), field="time_aggregation"
        )
    if indicator.unit_aggregation not in ALLOWED_AGGREGATIONS[MeasureKind(indicator.measure_kind)]:
        raise DomainError(
            _("This way of adding up over units does not fit a %(kind)s indicator.")
            % {"kind": MeasureKind(indicator.measure_kind).label},
            field="unit_aggregation",
        )
    if indicator.measure_kind == MeasureKind.RATING:
        levels = [normalize(str(level)) for level in indicator.rating_levels or []]
        levels = [level for level in levels if level]
        if len(levels) < 2:
            raise DomainError(
                _("A rating needs at least two levels, from the lowest to the highest."),
                field="rating_levels",
            )
        indicator.rating_levels = levels
    else:
        indicator.rating_levels = []
    if indicator.min_value is not None and indicator.max_value is not None:
        if indicator.min_value > indicator.max_value:
            raise DomainError(_("The lowest valid value is above the highest."), field="max_value")
    if indicator.baseline_year is not None and not 1945 <= indicator.baseline_year <= 2100:
        raise DomainError(_("Enter a year between 1945 and 2100."), field="baseline_year")
    if indicator.baseline_value is not None:
        # A baseline is a value of the whole: for "units meeting their target", a count.
        check_target_value(indicator, indicator.baseline_value, field="baseline_value")
    if indicator.decimals > 4:
        raise DomainError(_("At most 4 decimals."), field="decimals")
    clash = Indicator.objects.filter(
        code_is("code", indicator.code), resolution_id=indicator.resolution_id
    ).exclude(pk=indicator.pk)
    if clash.exists():
        raise DomainError(
            _("The code %(code)s is already used in this resolution.") % {"code": indicator.code},
            field="code",
        )
    indicator.search_key = f"{search_key(indicator.code)} {search_key(indicator.name)}"[:600]


def _check_parent_indicator(resolution: Resolution, parent: Indicator | None) -> None:
    if parent is None:
        return
    implemented = ResolutionRelation.objects.filter(
        source=resolution, kind=RelationKind.IMPLEMENTS
    ).values_list("target_id", flat=True)
    if parent.resolution_id not in set(implemented):
        raise DomainError(
            _(
                "Link only to indicators of a resolution this one implements "
                "(record the relation first)."
            ),
            field="parent_indicator",
        )


@transaction.atomic
def indicator_create(
    *,
    by: Any,
    resolution: Resolution,
    code: str,
    name: str,
    unit_of_measure: str = "",
    measure_kind: str = MeasureKind.NUMBER,
    direction: str = Direction.HIGHER,
    unit_aggregation: str = UnitAggregation.SUM,
    time_aggregation: str = TimeAggregation.SUM,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    item: Item | None = None,
    parent_indicator: Indicator | None = None,
    rating_levels: list[str] | None = None,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    decimals: int = 0,
    description: str = "",
) -> Indicator:
    """Add an indicator at the end of the resolution's list."""
    require_keeper(by, resolution)
    if item is not None and item.resolution_id != resolution.pk:
        raise DomainError(_("The objective belongs to another resolution."), field="item")
    _check_parent_indicator(resolution, parent_indicator)
    last = resolution.indicators.aggregate(m=Max("order"))["m"] or 0
    indicator = Indicator(
        resolution=resolution,
        code=code,
        name=name,
        unit_of_measure=unit_of_measure,
        measure_kind=measure_kind,
        direction=direction,
        unit_aggregation=unit_aggregation,
        time_aggregation=time_aggregation,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        item=item,
        parent_indicator=parent_indicator,
        rating_levels=rating_levels or [],
        min_value=min_value,
        max_value=max_value,
        decimals=decimals or 0,
        description=(description or "").strip(),
        order=last + 1,
    )
    _clean_indicator(indicator)
    indicator.save()
    changelog_record(
        by=by,
        action="indicator_create",
        obj=indicator,
        after=snapshot(indicator),
        unit_path=resolution.owner_unit.path,
    )
    return indicator


INDICATOR_FIELDS = (
    "code",
    "name",
    "unit_of_measure",
    "measure_kind",
    "direction",
    "unit_aggregation",
    "time_aggregation",
    "baseline_value",
    "baseline_year",
    "item",
    "parent_indicator",
    "rating_levels",
    "min_value",
    "max_value",
    "decimals",
    "description",
    "order",
)


@transaction.atomic
def indicator_update(
    *, by: Any, indicator: Indicator, version: int | None = None, **changes: Any
) -> Indicator:
    """Change an indicator. The kind of measure and the aggregation cannot change once
    values have been reported (the figures would change meaning)."""
    require_keeper(by, indicator.resolution)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_version(indicator, version)
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(indicator)
    meaning = {"measure_kind", "unit_aggregation", "time_aggregation", "direction"}
    if (
        any(name in changes and changes[name] != getattr(indicator, name) for name in meaning)
        and indicator.values.exists()
    ):
        raise DomainError(
            _(
                "Values have been reported for this indicator: its measure, direction and "
                "aggregation can no longer change."
            ),
            field="measure_kind",
        )
    for name, value in changes.items():
        setattr(indicator, name, value)
    if "parent_indicator" in changes:
        _check_parent_indicator(indicator.resolution, indicator.parent_indicator)
    if (
        "item" in changes
        and indicator.item
        and indicator.item.resolution_id != indicator.resolution_id
    ):
        raise DomainError(_("The objective belongs to another resolution."), field="item")
    _clean_indicator(indicator)
    indicator.version += 1
    indicator.save()
    changelog_record(
        by=by,
        action="indicator_update",
        obj=indicator,
        before=before,
        after=snapshot(indicator),
        unit_path=indicator.resolution.owner_unit.path,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, by: Any, indicator: Indicator) -> None:
    """Remove an indicator that has no reported values (its targets go with it)."""
    require_keeper(by, indicator.resolution)
    if indicator.values.exists():
        raise DomainError(_("Values have been reported for this indicator: it cannot be removed."))
    if indicator.form_links.exists():
        raise DomainError(_("Remove the indicator from its report forms first."))
    changelog_record(
        by=by,
        action="indicator_delete",
        obj=indicator,
        before=snapshot(indicator),
        unit_path=indicator.resolution.owner_unit.path,
    )
    indicator.delete()
