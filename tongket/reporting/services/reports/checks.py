"""What a report's values must satisfy: an entry cleaned against its indicator, values far from
the unit's history, and what stops a submission."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.numbers import format_number
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Indicator
from tongket.resolutions.services.indicators import check_value

Z_LIMIT = Decimal("3.5")

# Further checks on a report about to be submitted, registered by the apps that define them
# (the validation rules people write live in `analysis`, which reads reporting: it registers
# its check in `AnalysisConfig.ready`, so reporting never imports it). Each takes the report
# and its values by indicator id and answers messages by field (`value_<indicator id>`).
SubmissionCheck = Callable[..., dict[str, list[str]]]
SUBMISSION_CHECKS: list[SubmissionCheck] = []


def register_submission_check(check: SubmissionCheck) -> SubmissionCheck:
    """Adds a check run on every submission (once, however often it is registered)."""
    if check not in SUBMISSION_CHECKS:
        SUBMISSION_CHECKS.append(check)
    return check


@dataclass
class Entry:
    """What a person typed for one indicator: the value (or numerator and denominator)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str | None = None


def clean_entry(indicator: Indicator, entry: Entry, *, label: str = "") -> Entry:
    """Check one entry against its indicator; the value of a ratio is computed from its
    numerator and denominator. DomainError naming the field otherwise."""
    where = f"{label}: " if label else ""
    if indicator.measure_kind == MeasureKind.RATIO:
        if entry.numerator is None and entry.denominator is None:
            if entry.value is not None:
                raise DomainError(
                    where + _("Enter the numerator and the denominator, not a percentage."),
                    field="numerator",
                )
            return Entry(comment=entry.comment)
        if entry.numerator is None or entry.denominator is None:
            raise DomainError(
                where + _("Enter both the numerator and the denominator."), field="denominator"
            )
        if entry.denominator <= 0:
            raise DomainError(
                where + _("The denominator must be greater than zero."), field="denominator"
            )
        if entry.numerator < 0:
            raise DomainError(where + _("The numerator cannot be negative."), field="numerator")
        if entry.numerator > entry.denominator and (
            indicator.max_value is None or indicator.max_value <= 100
        ):
            raise DomainError(
                where
                + _("The numerator (%(num)s) is above the denominator (%(den)s).")
                % {"num": entry.numerator, "den": entry.denominator},
                field="numerator",
            )
        value = (entry.numerator / entry.denominator * 100).quantize(Decimal("0.0001"))
        check_value(indicator, value, field="numerator", label=label)
        return Entry(value, entry.numerator, entry.denominator, entry.comment)
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        if entry.value is not None and (entry.denominator is None or entry.denominator <= 0):
            raise DomainError(
                where + _("Enter the weight (greater than zero) beside the value."),
                field="denominator",
            )
        check_value(indicator, entry.value, label=label)
        return Entry(entry.value, None, entry.denominator, entry.comment)
    check_value(indicator, entry.value, label=label)
    return Entry(entry.value, None, None, entry.comment)


def modified_z(value: Decimal, history: list[Decimal]) -> Decimal | None:
    """Iglewicz–Hoaglin modified z-score of `value` against the unit's history (None with
    fewer than four earlier values, or when they do not vary)."""
    if len(history) < 4:
        return None
    median = statistics.median(history)
    deviations = [abs(x - median) for x in history]
    mad = statistics.median(deviations)
    if mad == 0:
        mean_dev = sum(deviations, Decimal(0)) / len(deviations)
        if mean_dev == 0:
            return None
        return (value - median) / (Decimal("1.253314") * mean_dev)
    return Decimal("0.6745") * (value - median) / mad


def history_of(report: Report, indicator_ids: list[int]) -> dict[int, list[Decimal]]:
    """Earlier values of the unit for these indicators, in periods of the same type, as
    received (submitted or approved: drafts and returned figures are no history yet), the
    latest first, at most 12 each.

    Read in three small indexed steps (earlier periods, the unit's received reports of those
    periods, their values by report), so the cost does not grow with the values of other
    units: one join over the whole value table let SQLite pick a full scan at 8 million
    values."""
    order = dict(
        Period.objects.filter(type=report.period.type, sort_key__lt=report.period.sort_key)
        .order_by()
        .values_list("pk", "sort_key")
    )
    received = dict(
        Report.objects.filter(
            unit_id=report.unit_id,
            period_id__in=list(order),
            state__in=(ReportState.SUBMITTED, ReportState.APPROVED),
        )
        .order_by()
        .values_list("pk", "period_id")
    )
    rows = sorted(
        DataValue.objects.filter(
            report_id__in=list(received), indicator_id__in=indicator_ids, value__isnull=False
        ).values_list("report_id", "indicator_id", "value"),
        key=lambda row: order[received[row[0]]],
        reverse=True,
    )
    history: dict[int, list[Decimal]] = {}
    for _report_id, indicator_id, value in rows:
        history.setdefault(indicator_id, [])
        if len(history[indicator_id]) < 12:
            history[indicator_id].append(value)
    return history


def warnings_for(report: Report, values: list[DataValue]) -> dict[int, str]:
    """indicator id → a warning for values far outside the unit's history."""
    history = history_of(report, [v.indicator_id for v in values if v.value is not None])
    found: dict[int, str] = {}
    for value in values:
        if value.value is None:
            continue
        score = modified_z(value.value, history.get(value.indicator_id, []))
        if score is not None and abs(score) > Z_LIMIT:
            found[value.indicator_id] = _(
                "This value is far from the unit's earlier values (modified z-score %(z)s): "
                "check it, and explain it in a comment."
            ) % {"z": format_number(score, 1)}
    return found


def submission_problems(report: Report) -> dict[str, list[str]]:
    """What stops a submission: required values missing, warned values without a comment,
    broken validation rules (high importance; the others while the value has no comment)."""
    problems: dict[str, list[str]] = {}
    links = list(report.form.form_indicators.select_related("indicator"))
    values = {v.indicator_id: v for v in report.values.all()}
    for link in links:
        stored = values.get(link.indicator_id)
        if link.required and (stored is None or stored.value is None):
            problems.setdefault(f"value_{link.indicator_id}", []).append(
                _("%(code)s: enter a value.") % {"code": link.indicator.code}
            )
    for indicator_id, warning in warnings_for(report, list(values.values())).items():
        if not values[indicator_id].comment:
            code = next(k.indicator.code for k in links if k.indicator_id == indicator_id)
            problems.setdefault(f"value_{indicator_id}", []).append(f"{code}: {warning}")
    # The checks other apps registered (the validation rules people define: analysis).
    for submission_check in SUBMISSION_CHECKS:
        for field, messages in submission_check(report=report, values=values).items():
            problems.setdefault(field, []).extend(messages)
    return problems
