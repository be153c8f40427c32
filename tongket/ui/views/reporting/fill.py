"""Fill a report from a text (Điền từ văn bản): a unit's report pasted or uploaded, its
figures read indicator by indicator (`intake.reading.figures`), shown beside the figures
stored now, and the ticked ones saved all at once through `reporting.services.report_save`
(the report's version refuses a report changed meanwhile; `clean_entry` bounds each
figure). The preview writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.core.numbers import format_number, format_percent
from tongket.intake.reading.figures import FigureRead, IndicatorEntry, read_figures
from tongket.intake.services import conversion_summary, text_in
from tongket.reporting import selectors, services
from tongket.reporting.models import Report
from tongket.reporting.services.reports import Entry, can_fill
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.ui.forms.reporting import FillAcceptForm, FillReadForm
from tongket.ui.views.reporting.common import error_messages, value_text

_READABLE = (MeasureKind.NUMBER, MeasureKind.RATIO)


def _indicators(report: Report) -> dict[int, Any]:
    """The report form's indicators that take a figure (not milestones nor ratings)."""
    links = report.form.form_indicators.select_related("indicator").order_by("order", "id")
    return {
        link.indicator_id: link.indicator
        for link in links
        if link.indicator.measure_kind in _READABLE
    }


def _entries(indicators: dict[int, Any]) -> list[IndicatorEntry]:
    return [
        IndicatorEntry(
            id=indicator.pk,
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit_of_measure,
            is_ratio=indicator.measure_kind == MeasureKind.RATIO,
            decimals=indicator.decimals,
        )
        for indicator in indicators.values()
    ]


def _read_text(read: FigureRead, indicator: Any) -> str:
    if read.numerator is not None and read.denominator is not None:
        share = read.numerator / read.denominator * 100
        return (
            f"{format_number(read.numerator)} / {format_number(read.denominator)} "
            f"({format_percent(share)})"
        )
    if read.value is None:
        return "–"
    unit = indicator.unit_of_measure
    return f"{format_number(read.value, None)} {unit}".strip()


def _rows(
    report: Report,
    indicators: dict[int, Any],
    reads: list[FigureRead],
    ticked: set[int] | None,
) -> list[dict[str, Any]]:
    stored = {v.indicator_id: v for v in report.values.filter(indicator_id__in=list(indicators))}
    rows = []
    for read in reads:
        indicator = indicators[read.indicator_id]
        start, end = read.highlight
        rows.append(
            {
                "indicator": indicator,
                "read": read,
                "stored_text": value_text(indicator, stored.get(indicator.pk))
                if indicator.pk in stored
                else "–",
                "read_text": _read_text(read, indicator),
                "before": read.snippet[:start] if read.is_read else read.snippet,
                "figure": read.snippet[start:end] if read.is_read else "",
                "after": read.snippet[end:] if read.is_read else "",
                "confidence": round(read.confidence * 100),
                "ticked": read.is_read and (ticked is None or indicator.pk in ticked),
            }
        )
    return rows


def _entry(report: Report, indicator: Any, read: FigureRead) -> Entry:
    """What the read figure saves: a ratio's parts, or the value (a weighted average keeps
    the weight already stored; without one, `clean_entry` asks for it, naming the code)."""
    if indicator.measure_kind == MeasureKind.RATIO:
        return Entry(numerator=read.numerator, denominator=read.denominator)
    weight: Decimal | None = None
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        stored = report.values.filter(indicator=indicator).first()
        weight = stored.denominator if stored else None
    return Entry(value=read.value, denominator=weight)


def _page(request: HttpRequest, report: Report, **context: Any) -> HttpResponse:
    return render(
        request,
        "ui/reporting/fill.html",
        {
            "report": report,
            "title": _("Fill from a text"),
            "read_form": context.pop("read_form", None) or FillReadForm(),
            **context,
        },
    )


def _refuse_if_locked(request: HttpRequest, report: Report) -> HttpResponse | None:
    if not can_fill(request.user, report):
        if request.method != "GET":
            raise PermissionDenied(_("Only the unit's reporters fill this report."))
        # Someone who may read the report but not fill it (an approver, an administrator)
        # is sent back to it, told why.
        messages.error(request, _("Only the unit's reporters fill this report."))
        return redirect("ui:report_detail", pk=report.pk)
    if not (report.is_editable and report.period.is_open):
        messages.error(
            request,
            _("This report cannot change now (submitted, approved or its period closed)."),
        )
        return redirect("ui:report_detail", pk=report.pk)
    return None


def _preview(
    request: HttpRequest,
    report: Report,
    value: str,
    conversion_message: str = "",
    problems: list[str] | None = None,
    ticked: set[int] | None = None,
) -> HttpResponse:
    indicators = _indicators(report)
    reads = read_figures(value, _entries(indicators))
    rows = _rows(report, indicators, reads, ticked)
    return _page(
        request,
        report,
        rows=rows,
        readable=sum(1 for row in rows if row["read"].is_read),
        accept_form=FillAcceptForm(
            initial={"source_text": value, "version": report.version},
            indicator_ids=list(indicators),
        ),
        conversion=conversion_message,
        problems=problems or [],
    )


@login_required
def report_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the text box. POST with `read`: the preview (writes nothing). POST with `accept`:
    the ticked figures saved together, or none and the reason beside the preview."""
    report = selectors.report_get(user=request.user, pk=pk)
    refused = _refuse_if_locked(request, report)
    if refused is not None:
        return refused
    if request.method != "POST":
        return _page(request, report)
    if "accept" not in request.POST:
        form = FillReadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, report, read_form=form)
        try:
            value, conversion = text_in(
                text=form.cleaned_data["text"] or "", upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for field, problems in error_messages(error).items():
                form.add_error(field if field in form.fields else None, problems)
            return _page(request, report, read_form=form)
        return _preview(request, report, value, conversion_summary(conversion)["message"])
    return _accept(request, report)


def _accept(request: HttpRequest, report: Report) -> HttpResponse:
    indicators = _indicators(report)
    form = FillAcceptForm(request.POST, indicator_ids=list(indicators))
    if not form.is_valid():
        messages.error(request, _("The preview was incomplete: read the text again."))
        return redirect("ui:report_fill", pk=report.pk)
    value = form.cleaned_data["source_text"]
    ticked = set(form.cleaned_data["use"])
    reads = {r.indicator_id: r for r in read_figures(value, _entries(indicators)) if r.is_read}
    entries = {
        pk: _entry(report, indicators[pk], reads[pk])
        for pk in indicators
        if pk in ticked and pk in reads
    }
    if not entries:
        messages.warning(request, _("No figure was ticked: nothing was saved."))
        return redirect("ui:report_detail", pk=report.pk)
    try:
        services.report_save(
            by=request.user, report=report, entries=entries, version=form.cleaned_data["version"]
        )
    except (ValidationError, PermissionDenied) as error:
        # Nothing was saved: the preview again, with the figures stored now and the reason.
        problems = [m for ms in error_messages(error).values() for m in ms]
        report = selectors.report_get(user=request.user, pk=report.pk)
        return _preview(request, report, value, problems=problems, ticked=ticked)
    count = len(entries)
    messages.success(
        request,
        ngettext(
            "%(count)s figure filled from the text.",
            "%(count)s figures filled from the text.",
            count,
        )
        % {"count": count},
    )
    return redirect("ui:report_detail", pk=report.pk)
