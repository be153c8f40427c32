"""Indicators and their targets: set, adjusted with a reason, cascaded to the units below and
phased over the years of the horizon.

Callers: keepers of the resolution for indicators; tracking officers (and administrators)
of a unit's subtree for that unit's targets.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key
from tongket.org.models import Unit
from tongket.org.services.units import check_version
from tongket.resolutions.choices import (
    Direction,
    MeasureKind,
    RelationKind,
    TargetMethod,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import (
    Indicator,
    Item,
    Resolution,
    ResolutionRelation,
    Target,
    TargetAdjustment,
)
from tongket.resolutions.selectors import KEEPER_ROLES, resolution_reach_q
from tongket.resolutions.services.records import require_keeper

HUNDRED = Decimal(100)

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


def check_value(
    indicator: Indicator, value: Decimal | None, *, field: str = "value", label: str = ""
) -> None:
    """DomainError when `value` cannot be a value of the indicator: a negative count, a
    percentage above 100, a milestone other than 0/1, a rating off the scale, or outside the
    indicator's valid range."""
    if value is None:
        return
    where = f"{label}: " if label else ""
    kind = indicator.measure_kind
    low = indicator.min_value
    high = indicator.max_value
    if kind == MeasureKind.MILESTONE:
        if value not in (0, 1):
            raise DomainError(
                where + _("A milestone is 1 (reached) or 0 (not reached)."), field=field
            )
        return
    if kind == MeasureKind.RATING:
        levels = len(indicator.rating_levels or [])
        if value != value.to_integral_value() or not 1 <= value <= levels:
            raise DomainError(
                where
                + _("A rating is a level from 1 to %(n)s (%(levels)s).")
                % {"n": levels, "levels": ", ".join(indicator.rating_levels or [])},
                field=field,
            )
        return
    if low is None and value < 0:
        raise DomainError(
            where + _("%(name)s cannot be negative.") % {"name": indicator.name or indicator.code},
            field=field,
        )
    if kind == MeasureKind.RATIO and high is None and value > HUNDRED:
        raise DomainError(where + _("A percentage cannot exceed 100."), field=field)
    if low is not None and value < low:
        raise DomainError(
            where + _("The value is below the lowest valid value %(low)s.") % {"low": low},
            field=field,
        )
    if high is not None and value > high:
        raise DomainError(
            where + _("The value is above the highest valid value %(high)s.") % {"high": high},
            field=field,
        )


def ratio_value(
    numerator: Decimal | None, denominator: Decimal | None, *, field: str = "denominator"
) -> Decimal | None:
    """numerator / denominator in per cent; DomainError for a zero or negative denominator
    or a negative numerator."""
    if numerator is None and denominator is None:
        return None
    if numerator is None or denominator is None:
        raise DomainError(_("Enter both the numerator and the denominator."), field=field)
    if denominator <= 0:
        raise DomainError(_("The denominator must be greater than zero."), field=field)
    if numerator < 0:
        raise DomainError(_("The numerator cannot be negative."), field="numerator")
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.0001"))


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
        resolution_id=indicator.resolution_id, code__iexact=indicator.code
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


# --- Targets ------------------------------------------------------------------------------


def require_target_role(by: Any, indicator: Indicator, unit: Unit) -> None:
    """Targets of a unit are set by tracking officers (or administrators) covering it."""
    if not Resolution.objects.filter(resolution_reach_q(by), pk=indicator.resolution_id).exists():
        raise NotFound(_("Resolution not found."))
    scopes.require_role(by, unit, KEEPER_ROLES, _("set targets"))


def _check_year(indicator: Indicator, year: int | None, field: str = "year") -> None:
    if year is None:
        return
    resolution = indicator.resolution
    if not resolution.horizon_from <= year <= resolution.last_target_year:
        raise DomainError(
            _("The year %(year)s is outside the horizon %(horizon)s.")
            % {"year": year, "horizon": resolution.horizon_label},
            field=field,
        )


def _target_value(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal:
    if indicator.measure_kind == MeasureKind.RATIO and (
        numerator is not None or denominator is not None
    ):
        value = ratio_value(numerator, denominator)
    if value is None:
        raise DomainError(_("Enter the target."), field="value")
    check_target_value(indicator, value)
    return value


def check_target_value(indicator: Indicator, value: Decimal, *, field: str = "value") -> None:
    """A target is a value of the indicator; for one counted as "units meeting their
    target", the target of a unit above them may also be that number of units."""
    if (
        indicator.unit_aggregation == UnitAggregation.COUNT_MET
        and value >= 0
        and value == value.to_integral_value()
    ):
        return
    if (
        indicator.measure_kind == MeasureKind.RATING
        and indicator.unit_aggregation == UnitAggregation.AVERAGE
        and 1 <= value <= len(indicator.rating_levels or [])
    ):
        return  # the average rating of several units: 4,2 on a scale of 5
    check_value(indicator, value, field=field)


def _write_target(
    *,
    by: Any,
    indicator: Indicator,
    unit: Unit,
    year: int | None,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    baseline: Decimal | str | None = "unchanged",
    method: str = TargetMethod.MANUAL,
    reason: str = "",
    effective_on: datetime.date | None = None,
    version: int | None = None,
    note: str | None = None,
) -> Target:
    """Create or change one target; every change leaves an adjustment row."""
    existing = (
        Target.objects.select_for_update().filter(indicator=indicator, unit=unit, year=year).first()
    )
    user = by if getattr(by, "pk", None) else None
    if existing is None:
        target = Target.objects.create(
            indicator=indicator,
            unit=unit,
            year=year,
            value=value,
            numerator=numerator,
            denominator=denominator,
            baseline=None if baseline == "unchanged" else baseline,
            method=method,
            note=normalize(note or ""),
            updated_by=user,
        )
        old_value = None
        before = None
    else:
        check_version(existing, version)
        target = existing
        before = snapshot(target)
        old_value = target.value
        if (
            value == target.value
            and numerator == target.numerator
            and denominator == target.denominator
            and (baseline == "unchanged" or baseline == target.baseline)
            and (note is None or normalize(note) == target.note)
        ):
            return target
        target.value = value
        target.numerator = numerator
        target.denominator = denominator
        if baseline != "unchanged":
            target.baseline = baseline  # type: ignore[assignment]
        if note is not None:
            target.note = normalize(note)
        target.method = method
        target.updated_by = user
        target.version += 1
        target.save()
    if old_value != value:
        TargetAdjustment.objects.create(
            target=target,
            old_value=old_value,
            new_value=value,
            effective_on=effective_on or timezone.localdate(),
            reason=(reason or "").strip(),
            by=user,
            username=getattr(by, "username", "") or "system",
        )
    changelog_record(
        by=by,
        action="target_set" if before is None else "target_adjust",
        obj=target,
        before=before,
        after=snapshot(target),
        unit_path=unit.path,
        note=(reason or "").strip(),
    )
    return target


def _after_targets_changed(indicator: Indicator, keys: list[tuple[int, int | None]]) -> None:
    """Keep the roll-ups' "units meeting their target" counts fresh."""
    if indicator.unit_aggregation != UnitAggregation.COUNT_MET:
        return
    from tongket.reporting.services.rollups import targets_changed

    targets_changed(indicator=indicator, keys=keys)


@transaction.atomic
def target_set(
    *,
    by: Any,
    indicator: Indicator,
    unit: Unit,
    year: int | None,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    baseline: Decimal | str | None = "unchanged",
    reason: str = "",
    effective_on: datetime.date | None = None,
    version: int | None = None,
    note: str | None = None,
) -> Target:
    """Set or adjust the target of `unit` for `year` (None: the whole horizon). An
    adjustment keeps the old value, the date, the author and the reason."""
    require_target_role(by, indicator, unit)
    _check_year(indicator, year)
    if unit.dissolved_on is not None and year is not None and unit.dissolved_on.year < year:
        raise DomainError(
            _("%(unit)s was dissolved before %(year)s.") % {"unit": unit.name, "year": year},
            field="unit",
        )
    value = _target_value(indicator, value, numerator, denominator)
    if baseline not in ("unchanged", None):
        check_value(indicator, baseline, field="baseline")  # type: ignore[arg-type]
    target = _write_target(
        by=by,
        indicator=indicator,
        unit=unit,
        year=year,
        value=value,
        numerator=numerator if indicator.is_ratio else None,
        denominator=denominator if indicator.is_ratio else None,
        baseline=baseline,
        reason=reason,
        effective_on=effective_on,
        version=version,
        note=note,
    )
    _after_targets_changed(indicator, [(unit.pk, year)])
    return target


@transaction.atomic
def target_delete(*, by: Any, target: Target, reason: str = "") -> None:
    require_target_role(by, target.indicator, target.unit)
    indicator, key = target.indicator, (target.unit_id, target.year)
    changelog_record(
        by=by,
        action="target_delete",
        obj=target,
        before=snapshot(target),
        unit_path=target.unit.path,
        note=(reason or "").strip(),
    )
    target.delete()
    _after_targets_changed(indicator, [key])


def _quantum(indicator: Indicator) -> Decimal:
    return Decimal(1).scaleb(-indicator.decimals)


def split_evenly(total: Decimal, parts: int, quantum: Decimal) -> list[Decimal]:
    """`total` in `parts` shares rounded to `quantum`, the rounding left on the last share so
    that the shares add up exactly."""
    if parts <= 0:
        return []
    share = (total / parts).quantize(quantum, rounding=ROUND_HALF_UP)
    shares = [share] * (parts - 1)
    shares.append(total - sum(shares, Decimal(0)))
    return shares


def split_in_proportion(total: Decimal, weights: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """`total` shared in proportion to `weights`, rounded, adding up exactly (the rounding
    goes to the largest share)."""
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0:
        raise DomainError(
            _("The base has no positive values for these units: choose another base."),
            field="base_indicator",
        )
    shares = [(total * w / weight_sum).quantize(quantum, rounding=ROUND_HALF_UP) for w in weights]
    rest = total - sum(shares, Decimal(0))
    if rest:
        largest = max(range(len(shares)), key=lambda i: weights[i])
        shares[largest] += rest
    return shares


@transaction.atomic
def target_cascade(
    *,
    by: Any,
    indicator: Indicator,
    unit: Unit,
    year: int | None,
    method: str,
    base_indicator: Indicator | None = None,
    shares: dict[int, Decimal] | None = None,
    reason: str = "",
) -> list[Target]:
    """Split the target of `unit` to its active children.

    - "even": equal shares (adding up exactly) for an indicator that adds up over units;
      for one that does not (average, ratio, min, max…) every child gets the parent's value;
    - "proportional": in proportion to the children's targets of `base_indicator` for the
      same year (e.g. headcount), adding up exactly;
    - "manual": the given `shares` (child id → value); the mismatch, if any, is shown by the
      cascade check, not refused.
    """
    require_target_role(by, indicator, unit)
    _check_year(indicator, year)
    parent = Target.objects.filter(indicator=indicator, unit=unit, year=year).first()
    children = list(
        scopes.restrict(Unit.objects.filter(parent=unit, dissolved_on__isnull=True), by).order_by(
            "sort_key", "pk"
        )
    )
    if not children:
        raise DomainError(_("%(unit)s has no units below it.") % {"unit": unit.name})
    quantum = _quantum(indicator)
    if method == TargetMethod.MANUAL:
        if not shares:
            raise DomainError(_("Enter the share of at least one unit."), field="shares")
        known = {child.pk: child for child in children}
        unknown = [pk for pk in shares if pk not in known]
        if unknown:
            raise DomainError(_("Shares can go only to units directly below."), field="shares")
        plan = [(known[pk], value) for pk, value in shares.items() if value is not None]
    else:
        if parent is None:
            raise DomainError(
                _("%(unit)s has no target for this year to split.") % {"unit": unit.name},
                field="year",
            )
        if method == TargetMethod.EVEN:
            if indicator.is_additive:
                values = split_evenly(parent.value, len(children), quantum)
            else:
                values = [parent.value] * len(children)
        elif method == TargetMethod.PROPORTIONAL:
            if base_indicator is None:
                raise DomainError(_("Choose the base of the proportion."), field="base_indicator")
            if not indicator.is_additive:
                raise DomainError(
                    _("Only an indicator that adds up over units can be split in proportion."),
                    field="method",
                )
            weights_by_unit = dict(
                Target.objects.filter(
                    indicator=base_indicator, unit__in=children, year=year
                ).values_list("unit_id", "value")
            )
            weights = [weights_by_unit.get(child.pk, Decimal(0)) for child in children]
            values = split_in_proportion(parent.value, weights, quantum)
        else:
            raise DomainError(_("Choose how to split."), field="method")
        plan = list(zip(children, values, strict=True))
    results = []
    for child, value in plan:
        if indicator.unit_aggregation != UnitAggregation.COUNT_MET:
            check_value(indicator, value, field="shares", label=child.name)
        results.append(
            _write_target(
                by=by,
                indicator=indicator,
                unit=child,
                year=year,
                value=value,
                method=method,
                reason=reason or _("Split from %(unit)s") % {"unit": unit.name},
            )
        )
    _after_targets_changed(indicator, [(child.pk, year) for child, _v in plan])
    return results


@transaction.atomic
def target_phase(*, by: Any, indicator: Indicator, unit: Unit, reason: str = "") -> list[Target]:
    """Phase the unit's whole-horizon target over the years of the horizon: equal yearly
    shares for an indicator summed over time; otherwise a straight path from the baseline
    (the unit's, else the indicator's) to the target, ending on the target in the last year."""
    require_target_role(by, indicator, unit)
    whole = Target.objects.filter(indicator=indicator, unit=unit, year__isnull=True).first()
    if whole is None:
        raise DomainError(
            _("%(unit)s has no whole-horizon target to phase.") % {"unit": unit.name},
            field="year",
        )
    years = indicator.resolution.years
    quantum = _quantum(indicator)
    if indicator.time_aggregation == TimeAggregation.SUM:
        values = split_evenly(whole.value, len(years), quantum)
    else:
        start = whole.baseline if whole.baseline is not None else indicator.baseline_value
        if start is None:
            values = [whole.value] * len(years)
        else:
            steps = len(years)
            values = [
                (start + (whole.value - start) * Decimal(i) / steps).quantize(
                    quantum, rounding=ROUND_HALF_UP
                )
                for i in range(1, steps + 1)
            ]
            values[-1] = whole.value
    results = []
    for year, value in zip(years, values, strict=True):
        check_target_value(indicator, value)
        results.append(
            _write_target(
                by=by,
                indicator=indicator,
                unit=unit,
                year=year,
                value=value,
                method=TargetMethod.EVEN,
                reason=reason or _("Phased from the whole-horizon target"),
            )
        )
    _after_targets_changed(indicator, [(unit.pk, year) for year in years])
    return results
