"""Targets of indicators: set, adjusted with a reason, removed, cascaded to the units below
and phased over the years of the horizon.

Callers: tracking officers (and administrators) of a unit's subtree for that unit's targets.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.resolutions.choices import MeasureKind, TargetMethod, TimeAggregation, UnitAggregation
from tongket.resolutions.models import Indicator, Resolution, Target, TargetAdjustment
from tongket.resolutions.selectors import resolution_reach_q
from tongket.resolutions.services.followers import tell_targets_changed
from tongket.resolutions.services.values import check_target_value, check_value, ratio_value


def require_target_role(by: Any, indicator: Indicator, unit: Unit) -> None:
    """Targets of a unit are set by tracking officers (or administrators) covering it."""
    if not Resolution.objects.filter(resolution_reach_q(by), pk=indicator.resolution_id).exists():
        raise NotFound(_("Resolution not found."))
    scopes.require_role(by, unit, policy.roles(Action.KEEP_RESOLUTIONS), _("set targets"))


def _check_year(indicator: Indicator, year: int | None, field: str = "year") -> None:
    if year is None:
        return
    resolution = indicator.resolution
    if not resolution.horizon_known:
        raise DomainError(
            _(
                "The horizon of %(resolution)s is not yet determined: set a target for the "
                "whole horizon, or enter the horizon first."
            )
            % {"resolution": resolution.reference},
            field=field,
        )
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
    tell_targets_changed(indicator=indicator, keys=keys)


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
