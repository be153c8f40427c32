"""Fill a report from a text (Điền từ văn bản): a unit's report pasted or uploaded, the
form's indicators read one by one — figures written after or before the name, yes/no and
ratings — (`intake.filling`), shown beside the figures stored now, and the ticked ones saved
all at once through `reporting.services.report_save` (the report's version refuses a report
changed meanwhile; `clean_entry` bounds each figure). The preview writes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.intake.filling import (
    Proposal,
    report_figures_fill,
    report_figures_read,
    report_indicators,
)
from tongket.intake.services import conversion_summary, text_in
from tongket.reporting import selectors
from tongket.reporting.models import Report
from tongket.reporting.services.reports import can_fill
from tongket.ui.forms.reporting import FillAcceptForm, FillReadForm
from tongket.ui.views.reporting.common import error_messages, value_text


def _rows(
    report: Report, proposals: list[Proposal], ticked: set[int] | None
) -> list[dict[str, Any]]:
    ids = [p.indicator.pk for p in proposals]
    stored = {v.indicator_id: v for v in report.values.filter(indicator_id__in=ids)}
    rows = []
    for proposal in proposals:
        indicator, read = proposal.indicator, proposal.read
        start, end = read.highlight
        rows.append(
            {
                "indicator": indicator,
                "read": read,
                "stored_text": value_text(indicator, stored.get(indicator.pk))
                if indicator.pk in stored
                else "–",
                "read_text": proposal.shown,
                "before": read.snippet[:start] if read.is_read else read.snippet,
                "figure": read.snippet[start:end] if read.is_read else "",
                "after": read.snippet[end:] if read.is_read else "",
                "confidence": round(read.confidence * 100),
                "ticked": read.is_read and (ticked is None or indicator.pk in ticked),
            }
        )
    return rows


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
    proposals = report_figures_read(by=request.user, report=report, text=value)
    rows = _rows(report, proposals, ticked)
    return _page(
        request,
        report,
        rows=rows,
        readable=sum(1 for row in rows if row["read"].is_read),
        accept_form=FillAcceptForm(
            initial={"source_text": value, "version": report.version},
            indicator_ids=list(report_indicators(report)),
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
    form = FillAcceptForm(request.POST, indicator_ids=list(report_indicators(report)))
    if not form.is_valid():
        messages.error(request, _("The preview was incomplete: read the text again."))
        return redirect("ui:report_fill", pk=report.pk)
    value = form.cleaned_data["source_text"]
    ticked = set(form.cleaned_data["use"])
    # The text is read again: what is saved is what the preview showed.
    proposals = report_figures_read(by=request.user, report=report, text=value)
    cells = {
        p.indicator.pk: p.entry
        for p in proposals
        if p.entry is not None and p.indicator.pk in ticked
    }
    if not cells:
        messages.warning(request, _("No figure was ticked: nothing was saved."))
        return redirect("ui:report_detail", pk=report.pk)
    try:
        report_figures_fill(
            by=request.user, report=report, cells=cells, version=form.cleaned_data["version"]
        )
    except (ValidationError, PermissionDenied) as error:
        # Nothing was saved: the preview again, with the figures stored now and the reason.
        problems = [m for ms in error_messages(error).values() for m in ms]
        report = selectors.report_get(user=request.user, pk=report.pk)
        return _preview(request, report, value, problems=problems, ticked=ticked)
    count = len(cells)
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
