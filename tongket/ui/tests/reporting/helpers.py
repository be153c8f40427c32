"""What the reporting page tests share: the demo's QK2 half-year form, finding its reports and
periods, a unit's earlier values, and posting rows of the entry grid as the page does."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report

FORM = "BC6T-623-QK2"
HTMX = {"HTTP_HX_REQUEST": "true"}


def report_of(unit_code: str, period_code: str, form_code: str = FORM) -> Report:
    return Report.objects.select_related("period", "unit", "form").get(
        form__code=form_code, unit__code=unit_code, period__code=period_code
    )


def current_draft(unit_code: str = "BCHQS-PT") -> Report:
    """The unit's draft of the open half-year still to come (nothing entered in the demo for
    most units; cleared here so every test starts from an empty draft)."""
    report = (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )
    report.values.all().delete()
    return report


def latest_past_period() -> Period:
    """The latest half-year whose reports are overdue (some missing, returned, waiting)."""
    return (
        Period.objects.filter(
            reports__form__code=FORM,
            reports__state=ReportState.SUBMITTED,
            due_date__lt=timezone.localdate(),
        )
        .order_by("-sort_key")
        .first()
    )


def indicator(report: Report, code: str):
    return report.form.indicators.get(code=code)


def history_value(report: Report, code: str) -> DataValue:
    """The unit's median earlier value of the indicator (never far from its history)."""
    values = sorted(
        DataValue.objects.filter(
            unit=report.unit,
            indicator__code=code,
            indicator__forms=report.form,
            period__type=report.period.type,
            period__sort_key__lt=report.period.sort_key,
            value__isnull=False,
        ).order_by("-period__sort_key")[:12],
        key=lambda v: v.value,
    )
    return values[len(values) // 2]


def text(value: Decimal | None) -> str:
    if value is None:
        return ""
    plain = format(value.normalize(), "f")
    return plain.replace(".", ",")


def save_row(client, report: Report, code: str, base: DataValue | None = None, **typed):
    """Post one row of the grid as the page does (the base is what the page showed)."""
    ind = indicator(report, code)
    data = {"indicator": ind.pk, "comment": typed.pop("comment", "")}
    data.update(typed)
    for name in ("value", "numerator", "denominator"):
        stored = getattr(base, name) if base is not None else None
        data[f"base_{name}"] = "" if stored is None else format(stored, "f")
    return client.post(f"/reports/{report.pk}/value/", data, **HTMX)


def fill_like_history(client, report: Report) -> None:
    """Every indicator gets the unit's median earlier value, through the autosave."""
    for link in report.form.form_indicators.select_related("indicator"):
        code = link.indicator.code
        earlier = history_value(report, code)
        if link.indicator.measure_kind == "ratio":
            typed = {"numerator": text(earlier.numerator), "denominator": text(earlier.denominator)}
        elif link.indicator.unit_aggregation == "weighted_average":
            typed = {"value": text(earlier.value), "weight": text(earlier.denominator)}
        else:
            typed = {"value": text(earlier.value)}
        response = save_row(client, report, code, **typed)
        assert response.status_code == 200 and "entry-error" not in response.content.decode(), (
            code,
            response.content.decode(),
        )
