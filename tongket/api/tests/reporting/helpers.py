"""What the reporting API tests share: the demo's QK2 half-year form, a unit's draft, values
near its history, the actions a report offers, and figures written as the API writes them
(four decimals, rounded half up)."""

from decimal import ROUND_HALF_UP, Decimal

from tongket.core.models import ChangeLog
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Report

FORM = "BC6T-623-QK2"
COUNTED = (ReportState.SUBMITTED, ReportState.APPROVED)
FOUR = Decimal("0.0001")


def draft(unit_code: str) -> Report:
    """The unit's latest draft of the 623 form in an open period."""
    return (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )


def median_values(report: Report) -> list[dict]:
    """Every indicator of the form with the unit's median earlier value (so that none is far
    from the unit's history), as the API takes them."""
    rows = []
    for link in report.form.form_indicators.select_related("indicator"):
        history = sorted(
            DataValue.objects.filter(
                unit=report.unit,
                indicator=link.indicator,
                period__type=report.period.type,
                period__sort_key__lt=report.period.sort_key,
                value__isnull=False,
            ).order_by("-period__sort_key")[:12],
            key=lambda v: v.value,
        )
        middle = history[len(history) // 2]
        ratio = link.indicator.measure_kind == "ratio"
        rows.append(
            {
                "indicator": link.indicator.code,
                "value": None if ratio else str(middle.value),
                "numerator": str(middle.numerator) if middle.numerator is not None else None,
                "denominator": str(middle.denominator) if middle.denominator is not None else None,
            }
        )
    return rows


def actions(report: Report) -> list[str]:
    return list(
        ChangeLog.objects.filter(object_id=str(report.pk), action__startswith="report_")
        .order_by("id")
        .values_list("action", flat=True)
    )


def pct(numerator: Decimal, denominator: Decimal) -> str:
    return str((numerator / denominator * 100).quantize(FOUR, rounding=ROUND_HALF_UP))


def four(value: Decimal) -> str:
    return str(Decimal(value).quantize(FOUR, rounding=ROUND_HALF_UP))
