"""The arithmetic of figures: the parts values are kept in, how each aggregation rule turns
them into a figure, progress against target and the status badge. Pure: no database.

Ratios aggregate as Σnumerator/Σdenominator, never as an average of percentages; a
weighted average weighs each value by its denominator. Over time, a year is made from its
periods by the indicator's rule (sum, last value, average) applied to the figures of the
subtree for each period (units first, then time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tongket.core.numbers import Wording
from tongket.reporting.choices import Status
from tongket.resolutions.choices import Direction, MeasureKind, TimeAggregation, UnitAggregation

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _d(value: Any) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass
class Parts:
    """Sums and extremes from which every aggregation rule recombines."""

    count: int = 0
    value_sum: Decimal = ZERO
    weighted_sum: Decimal = ZERO
    numerator_sum: Decimal = ZERO
    denominator_sum: Decimal = ZERO
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    met_count: int = 0

    @classmethod
    def of_value(
        cls,
        value: Decimal | None,
        numerator: Decimal | None = None,
        denominator: Decimal | None = None,
        met: bool | None = None,
    ) -> Parts:
        if value is None:
            return cls()
        value = _d(value)
        weight = _d(denominator)
        return cls(
            count=1,
            value_sum=value,
            weighted_sum=value * weight,
            numerator_sum=_d(numerator),
            denominator_sum=weight,
            min_value=value,
            max_value=value,
            met_count=1 if met else 0,
        )

    @classmethod
    def of_row(cls, row: Any) -> Parts:
        """From a Rollup row (or any object with the same attributes)."""
        return cls(
            count=int(row.count or 0),
            value_sum=_d(row.value_sum),
            weighted_sum=_d(row.weighted_sum),
            numerator_sum=_d(row.numerator_sum),
            denominator_sum=_d(row.denominator_sum),
            min_value=None if row.min_value is None else _d(row.min_value),
            max_value=None if row.max_value is None else _d(row.max_value),
            met_count=int(row.met_count or 0),
        )

    def __add__(self, other: Parts) -> Parts:
        def pick(a: Decimal | None, b: Decimal | None, f: Any) -> Decimal | None:
            if a is None:
                return b
            if b is None:
                return a
            return f(a, b)

        return Parts(
            count=self.count + other.count,
            value_sum=self.value_sum + other.value_sum,
            weighted_sum=self.weighted_sum + other.weighted_sum,
            numerator_sum=self.numerator_sum + other.numerator_sum,
            denominator_sum=self.denominator_sum + other.denominator_sum,
            min_value=pick(self.min_value, other.min_value, min),
            max_value=pick(self.max_value, other.max_value, max),
            met_count=self.met_count + other.met_count,
        )

    def __sub__(self, other: Parts) -> Parts:
        """Only the additive parts subtract; extremes are recomputed by the caller."""
        return Parts(
            count=self.count - other.count,
            value_sum=self.value_sum - other.value_sum,
            weighted_sum=self.weighted_sum - other.weighted_sum,
            numerator_sum=self.numerator_sum - other.numerator_sum,
            denominator_sum=self.denominator_sum - other.denominator_sum,
            min_value=self.min_value,
            max_value=self.max_value,
            met_count=self.met_count - other.met_count,
        )


@dataclass
class Figure:
    """An aggregated figure with what it was made from (for the formula shown beside it)."""

    value: Decimal | None
    count: int = 0
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    met_count: int = 0
    periods: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.value is not None


def aggregate(indicator: Any, parts: Parts) -> Figure:
    """The figure of a subtree from its parts, by the indicator's rule over units."""
    if parts.count <= 0:
        return Figure(None)
    rule = indicator.unit_aggregation
    value: Decimal | None
    numerator = denominator = None
    if rule == UnitAggregation.SUM:
        value = parts.value_sum
    elif rule == UnitAggregation.AVERAGE:
        value = parts.value_sum / parts.count
    elif rule == UnitAggregation.WEIGHTED_AVERAGE:
        value = parts.weighted_sum / parts.denominator_sum if parts.denominator_sum else None
        denominator = parts.denominator_sum
    elif rule == UnitAggregation.RATIO:
        numerator, denominator = parts.numerator_sum, parts.denominator_sum
        value = numerator / denominator * HUNDRED if denominator else None
    elif rule == UnitAggregation.MIN:
        value = parts.min_value
    elif rule == UnitAggregation.MAX:
        value = parts.max_value
    else:  # COUNT_MET
        value = Decimal(parts.met_count)
    return Figure(
        value=value,
        count=parts.count,
        numerator=numerator,
        denominator=denominator,
        met_count=parts.met_count,
    )


def over_time(indicator: Any, figures: list[tuple[str, Figure, Parts]]) -> tuple[Figure, Parts]:
    """A year (or term) from its periods, in order, by the indicator's rule over time.

    Ratios and weighted averages summed over time add their parts (Σnum/Σden over the whole
    year); the other rules apply to each period's figure. Periods without data are skipped."""
    present = [(code, figure, parts) for code, figure, parts in figures if figure.has_data]
    if not present:
        return Figure(None), Parts()
    codes = [code for code, _f, _p in present]
    rule = indicator.time_aggregation
    if rule == TimeAggregation.LAST:
        code, figure, parts = present[-1]
        return Figure(
            value=figure.value,
            count=figure.count,
            numerator=figure.numerator,
            denominator=figure.denominator,
            met_count=figure.met_count,
            periods=[code],
        ), parts
    total = Parts()
    for _code, _figure, parts in present:
        total = total + parts
    if rule == TimeAggregation.SUM and indicator.unit_aggregation in {
        UnitAggregation.RATIO,
        UnitAggregation.WEIGHTED_AVERAGE,
    }:
        combined = aggregate(indicator, total)
        combined.count = max(f.count for _c, f, _p in present)
        combined.periods = codes
        return combined, total
    values = [figure.value for _c, figure, _p in present if figure.value is not None]
    if rule == TimeAggregation.SUM and indicator.unit_aggregation not in {
        UnitAggregation.MIN,
        UnitAggregation.MAX,
        UnitAggregation.COUNT_MET,
    }:
        value = sum(values, ZERO)
    elif indicator.unit_aggregation == UnitAggregation.COUNT_MET:
        value = present[-1][1].value
    elif indicator.unit_aggregation == UnitAggregation.MIN and rule != TimeAggregation.AVERAGE:
        value = min(values)
    elif indicator.unit_aggregation == UnitAggregation.MAX and rule != TimeAggregation.AVERAGE:
        value = max(values)
    else:
        value = sum(values, ZERO) / len(values)
    return Figure(
        value=value,
        count=max(f.count for _c, f, _p in present),
        met_count=present[-1][1].met_count,
        periods=codes,
    ), total


def prorated(
    indicator: Any, target: Decimal | None, months: int, year_months: int = 12
) -> Decimal | None:
    """The share of a yearly target due by a period of `months` months: in proportion for an
    indicator summed over time (a half-year owes half); whole otherwise."""
    if target is None:
        return None
    if indicator.time_aggregation == TimeAggregation.SUM and months < year_months:
        return target * Decimal(months) / Decimal(year_months)
    return target


def _is_milestone(indicator: Any) -> bool:
    """A yes/no figure. A milestone counted over units ("units meeting their target") is a
    count, not a yes/no: 14 units done of 16 is 87,5 %, not done."""
    return (
        indicator.measure_kind == MeasureKind.MILESTONE
        and indicator.unit_aggregation != UnitAggregation.COUNT_MET
    )


def progress(
    indicator: Any,
    value: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
) -> Decimal | None:
    """Per cent of the way from the baseline to the target, direction-aware, never below 0,
    above 100 when the target is exceeded. Without a baseline (and for indicators summed
    over time, whose baseline is not a starting point) it is achieved/target when higher is
    better, and 100 % + (target − achieved)/target when lower is better."""
    if value is None or target is None:
        return None
    value, target = _d(value), _d(target)
    lower = indicator.direction == Direction.LOWER
    if _is_milestone(indicator):
        return HUNDRED if value >= 1 else ZERO
    if indicator.time_aggregation == TimeAggregation.SUM:
        baseline = None
    if baseline is not None and _d(baseline) != target:
        result = (value - _d(baseline)) / (target - _d(baseline)) * HUNDRED
    elif lower:
        # Linear too: at the target 100 %, at zero 200 %, at twice the target 0 %.
        if target == 0:
            result = HUNDRED if value <= 0 else ZERO
        else:
            result = HUNDRED + (target - value) / target * HUNDRED
    elif target == 0:
        result = HUNDRED if value >= 0 else ZERO
    else:
        result = value / target * HUNDRED
    return max(ZERO, result)


def is_met(indicator: Any, value: Decimal | None, target: Decimal | None) -> bool | None:
    """Does the value reach the target (at or beyond it, in the indicator's direction)?"""
    if value is None or target is None:
        return None
    if indicator.direction == Direction.LOWER:
        return _d(value) <= _d(target)
    return _d(value) >= _d(target)


def status(
    indicator: Any,
    value: Decimal | None,
    target: Decimal | None,
    percent: Decimal | None,
    *,
    on_track_from: Decimal = Decimal(90),
    at_risk_from: Decimal = Decimal(70),
) -> str:
    """exceeded / met / on track / at risk / behind; no data (nothing reported) or no
    target (a figure, but nothing to measure it against)."""
    if value is None:
        return Status.NO_DATA
    if target is None or percent is None:
        return Status.NO_TARGET
    value, target = _d(value), _d(target)
    if _is_milestone(indicator):
        return Status.MET if value >= 1 else Status.BEHIND
    lower = indicator.direction == Direction.LOWER
    if (value < target) if lower else (value > target):
        return Status.EXCEEDED
    if value == target:
        return Status.MET
    if percent >= _d(on_track_from):
        return Status.ON_TRACK
    if percent >= _d(at_risk_from):
        return Status.AT_RISK
    return Status.BEHIND


def formula(indicator: Any, figure: Figure, wording: Wording | None = None) -> str:
    """The rule that made the figure, in words, with its parts (`wording`: the request's,
    when it writes many)."""
    _ = wording or Wording()
    # Named so that makemessages finds the plural phrases ("1 unit", "2 units").
    ngettext = _.ngettext
    number = _.number
    rule = indicator.unit_aggregation
    n = figure.count
    if rule == UnitAggregation.SUM:
        text = ngettext("Sum of %(n)s unit value", "Sum of %(n)s unit values", n) % {"n": n}
    elif rule == UnitAggregation.AVERAGE:
        text = ngettext("Average of %(n)s unit value", "Average of %(n)s unit values", n) % {"n": n}
    elif rule == UnitAggregation.WEIGHTED_AVERAGE:
        if figure.denominator is not None:
            text = ngettext(
                "Average of %(n)s unit value weighted by its size (Σ %(w)s)",
                "Average of %(n)s unit values weighted by their size (Σ %(w)s)",
                n,
            ) % {"n": n, "w": number(figure.denominator)}
        else:
            text = ngettext(
                "Average of %(n)s unit value weighted by its size",
                "Average of %(n)s unit values weighted by their size",
                n,
            ) % {"n": n}
    elif rule == UnitAggregation.RATIO:
        if figure.numerator is not None and figure.denominator is not None:
            text = ngettext(
                "Σnumerator / Σdenominator = %(num)s / %(den)s (%(n)s unit)",
                "Σnumerator / Σdenominator = %(num)s / %(den)s (%(n)s units)",
                n,
            ) % {"num": number(figure.numerator), "den": number(figure.denominator), "n": n}
        else:
            text = ngettext(
                "Σnumerator / Σdenominator of %(n)s unit",
                "Σnumerator / Σdenominator of %(n)s units",
                n,
            ) % {"n": n}
    elif rule == UnitAggregation.MIN:
        text = ngettext("Lowest of %(n)s unit value", "Lowest of %(n)s unit values", n) % {"n": n}
    elif rule == UnitAggregation.MAX:
        text = ngettext("Highest of %(n)s unit value", "Highest of %(n)s unit values", n) % {"n": n}
    else:
        text = ngettext(
            "%(met)s of %(n)s unit met its target",
            "%(met)s of %(n)s units met their target",
            n,
        ) % {"met": figure.met_count, "n": n}
    if len(figure.periods) > 1 or (
        figure.periods and indicator.time_aggregation == TimeAggregation.LAST
    ):
        over = {
            TimeAggregation.SUM: _("summed over %(periods)s"),
            TimeAggregation.LAST: _("value of %(periods)s"),
            TimeAggregation.AVERAGE: _("averaged over %(periods)s"),
        }[TimeAggregation(indicator.time_aggregation)]
        text += "; " + over % {"periods": ", ".join(figure.periods)}
    return text
