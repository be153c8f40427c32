"""A unit's review report: the outline's sections pre-filled with its figures and the
narratives of its periodic reports; the unit edits and submits, the standing agency returns
(with a reason) or accepts."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reviews import selectors, services
from tongket.reviews.choices import UnitReportState
from tongket.reviews.models import UnitReviewReport
from tongket.ui.forms.reviews import ReasonForm
from tongket.ui.views.reviews.common import run

EDITABLE = (UnitReportState.DRAFT, UnitReportState.RETURNED)


def report_context(
    request: HttpRequest,
    report: UnitReviewReport,
    *,
    texts: dict[str, str] | None = None,
    problems: list[str] | None = None,
    return_form: Any = None,
) -> dict[str, Any]:
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=report.campaign_id)
    fill = scopes.covers(user, report.unit, policy.roles(Action.FILL_REVIEW_REPORTS))
    runner = selectors.can_run(user, campaign)
    editable = fill and report.state in EDITABLE and not campaign.is_closed
    texts = texts if texts is not None else report.sections or {}
    outline = list(campaign.outline.order_by("order", "id"))
    # A heading with sections below it (Đánh giá chung → ưu điểm…) needs no text of its own.
    containers = {a.key for a, b in itertools.pairwise(outline) if b.level > a.level}
    sections = [
        {
            "section": section,
            "text": texts.get(section.key, ""),
            "figures": (report.figures or {}).get(section.key),
            "container": section.key in containers and not texts.get(section.key),
        }
        for section in outline
    ]
    return {
        "report": report,
        "campaign": campaign,
        "title": report.unit.name,
        "sections": sections,
        "editable": editable,
        "can_decide": runner and report.state == UnitReportState.SUBMITTED,
        "problems": problems or [],
        "return_form": return_form or ReasonForm(prefix="return"),
        "panel": "return" if return_form is not None else "",
    }


@login_required
def review_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.unit_report_get(user=request.user, pk=pk)
    return render(request, "ui/reviews/unit_report.html", report_context(request, report))


def _texts(request: HttpRequest, report: UnitReviewReport) -> dict[str, str]:
    keys = report.campaign.outline.values_list("key", flat=True)
    return {key: request.POST[f"section-{key}"] for key in keys if f"section-{key}" in request.POST}


@login_required
@require_POST
def review_report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the sections; with `then=submit`, submit the report right after."""
    report = selectors.unit_report_get(user=request.user, pk=pk)
    texts = _texts(request, report)
    try:
        version = int(request.POST.get("version") or 0) or None
    except ValueError:
        version = None
    try:
        report = services.unit_report_save(
            by=request.user, report=report, sections=texts, version=version
        )
        if request.POST.get("then") == "submit":
            report = services.unit_report_submit(by=request.user, report=report)
    except (ValidationError, PermissionDenied) as error:
        problems = getattr(error, "messages", None) or [str(error)]
        report = selectors.unit_report_get(user=request.user, pk=pk)
        context = report_context(
            request, report, texts={**(report.sections or {}), **texts}, problems=problems
        )
        return render(request, "ui/reviews/unit_report.html", context)
    if report.state == UnitReportState.SUBMITTED:
        messages.success(request, _("Report submitted to the standing agency."))
    else:
        messages.success(request, _("Report saved."))
    return redirect("ui:review_report_detail", pk=report.pk)


@login_required
@require_POST
def review_report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.unit_report_get(user=request.user, pk=pk)
    run(
        request,
        services.unit_report_refresh,
        _("Figures refreshed from the latest data; the text you wrote is kept."),
        by=request.user,
        report=report,
    )
    return redirect("ui:review_report_detail", pk=report.pk)


@login_required
@require_POST
def review_report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.unit_report_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.unit_report_return(
                by=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("reason" if hasattr(error, "error_dict") else None, message)
        else:
            messages.success(request, _("Report returned to the unit with your reason."))
            return redirect("ui:review_report_detail", pk=report.pk)
    report = selectors.unit_report_get(user=request.user, pk=pk)
    return render(
        request, "ui/reviews/unit_report.html", report_context(request, report, return_form=form)
    )


@login_required
@require_POST
def review_report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.unit_report_get(user=request.user, pk=pk)
    run(request, services.unit_report_accept, _("Report accepted."), by=request.user, report=report)
    return redirect("ui:review_report_detail", pk=report.pk)
