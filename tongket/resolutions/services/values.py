"""What a value of an indicator may be, for a reported figure and for a target: its measure's
range (counts not negative, percentages up to 100, milestones 0/1, ratings on the scale),
its valid range, and a ratio made from its numerator and denominator.

Callers: the services that store values and targets, before they write."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Indicator

HUNDRED = Decimal(100)


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
