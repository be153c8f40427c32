"""The report list and a report's page: header, data entry grid, narrative, attachments,
workflow (submit, return, approve, reopen), reminders and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core.classification import highest_mark
from tongket.core.errors import NotFound
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.core.workbook import new_workbook, workbook_bytes, write_sheet
from tongket.reporting import selectors, services
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report
from tongket.reporting.services.reports import can_approve, can_fill, warnings_for
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.ui.forms.reporting import AttachmentForm, ReasonForm, ReportFilterForm, WorkflowForm
from tongket.ui.views.base import XLSX, file_response, paginate
from tongket.ui.views.reporting.common import (
    base_strings,
    can_remind,
    entry_text,
    error_messages,
    figure_text,
    kind_hint,
    timeliness,
    value_parts,
    value_text,
)

PER_PAGE = 50
EXPORT_LIMIT = 20000
HISTORY_SHOWN = 40


# --- List -----------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[ReportFilterForm, Any]:
    user = request.user
    periods = list(selectors.period_list().order_by("-sort_key"))
    report_forms = list(selectors.form_list(user=user))
    form = ReportFilterForm(
        request.GET or None, user=user, periods=periods, report_forms=report_forms
    )
    filters: dict[str, Any] = {}
    overdue = False
    if form.is_valid():
        data = form.cleaned_data
        if data["period"]:
            filters["period"] = next(p for p in periods if p.code == data["period"])
        if data["form"]:
            filters["form"] = next(f for f in report_forms if f.pk == data["form"])
        filters["within"] = data["unit"]
        filters["state"] = data["state"] or None
        overdue = data["overdue"]
    reports = selectors.report_list(user=user, **filters)
    if overdue:
        reports = reports.filter(
            first_submitted_at__isnull=True, due_date__lt=timezone.localdate(), is_backfill=False
        )
    return form, reports


def _asked_counts(reports: list[Report]) -> dict[int, int]:
    """Indicators each form asks (one query for the page)."""
    return selectors.form_indicator_counts(form_ids={r.form_id for r in reports})


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    form, reports = _filtered(request)
    reports = reports.select_related("unit__parent").annotate(
        filled=Count("values", filter=Q(values__value__isnull=False))
    )
    if request.GET.get("export") == "xlsx":
        return _export(list(reports[:EXPORT_LIMIT]))
    page = paginate(request, reports, PER_PAGE)
    rows = list(page.object_list)
    asked = _asked_counts(rows)
    for report in rows:
        report.timing = timeliness(report)  # type: ignore[attr-defined]
        report.asked = asked.get(report.form_id, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "ui/reporting/list.html",
        {
            "title": _("Reports"),
            "form": form,
            "page": page,
            "rows": rows,
            "query": request.GET.copy(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def _export(reports: list[Report]) -> HttpResponse:
    asked = _asked_counts(reports)
    rows = []
    for report in reports:
        timing = timeliness(report)
        if timing.get("backfill"):
            when = _("entered afterwards")
        elif timing["received"]:
            when = _("on time") if timing["on_time"] else _("late")
        else:
            when = _("overdue") if timing.get("overdue") else _("not due yet")
        rows.append(
            [
                report.unit.code,
                report.unit.name,
                report.form.code,
                report.period.code,
                report.due_date,
                timezone.localtime(report.first_submitted_at).replace(tzinfo=None)
                if report.first_submitted_at
                else None,
                str(when),
                str(ReportState(report.state).label),
                f"{report.filled}/{asked.get(report.form_id, 0)}",  # type: ignore[attr-defined]
            ]
        )
    workbook = new_workbook()
    columns = [
        "Mã đơn vị",
        "Đơn vị",
        "Mẫu báo cáo",
        "Kỳ",
        "Hạn nộp",
        "Ngày nhận",
        "Đúng hạn",
        "Trạng thái",
        "Chỉ tiêu đã nhập",
    ]
    sheet = write_sheet(workbook, "Báo cáo", columns, rows, widths={"Đơn vị": 45})
    for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "dd/mm/yyyy"
    for (cell,) in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.number_format = "dd/mm/yyyy hh:mm"
    mark = highest_mark(Report, [report.pk for report in reports])
    return file_response(workbook_bytes(workbook, mark=mark), "Danh sách báo cáo.xlsx", XLSX)


# --- A report -------------------------------------------------------------------------------


def entry_row(indicator: Any, row: dict[str, Any], warning: str | None) -> dict[str, Any]:
    """One grid row ready to show: the figures beside the entry, as text, and the stored
    value as typed back into the inputs."""
    stored = row.get("value")
    previous, last_year = row.get("previous"), row.get("last_year")
    target, due = row.get("target"), row.get("target_due")
    return {
        **row,
        "indicator": indicator,
        "warning": warning,
        "hint": kind_hint(indicator),
        "is_ratio": indicator.measure_kind == MeasureKind.RATIO,
        "is_weighted": indicator.measure_kind == MeasureKind.NUMBER
        and indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE,
        "is_choice": indicator.measure_kind in (MeasureKind.MILESTONE, MeasureKind.RATING),
        "choices": _choices(indicator),
        "target_text": figure_text(indicator, target),
        "target_due_text": figure_text(indicator, due) if due is not None and due != target else "",
        "previous_text": value_parts(indicator, previous),
        "last_year_text": value_parts(indicator, last_year),
        "value_text": value_text(indicator, stored),
        "typed": {
            "value": entry_text(stored.value if stored else None),
            "numerator": entry_text(stored.numerator if stored else None),
            "denominator": entry_text(stored.denominator if stored else None),
            "comment": stored.comment if stored else "",
        },
        "filled": stored is not None and stored.value is not None,
        "base": base_strings(stored),
    }


def _choices(indicator: Any) -> list[tuple[str, str]]:
    if indicator.measure_kind == MeasureKind.MILESTONE:
        return [("1", _("Reached")), ("0", _("Not reached"))]
    if indicator.measure_kind == MeasureKind.RATING:
        return [(str(i), str(level)) for i, level in enumerate(indicator.rating_levels or [], 1)]
    return []


def grid_rows(report: Report) -> list[dict[str, Any]]:
    rows = selectors.report_entry_rows(report=report)
    stored = [r["value"] for r in rows if r["value"] is not None and r["value"].value is not None]
    warnings = warnings_for(report, stored) if stored else {}
    return [entry_row(r["indicator"], r, warnings.get(r["indicator"].pk)) for r in rows]


def report_context(
    request: HttpRequest,
    report: Report,
    *,
    problems: dict[str, list[str]] | None = None,
    action: str = "",
    action_form: Any = None,
) -> dict[str, Any]:
    user = request.user
    fill = can_fill(user, report)
    editable = fill and report.is_editable and report.period.is_open
    approver = can_approve(user, report)
    rows = grid_rows(report)
    problems = problems or {}
    for row in rows:
        row["problems"] = problems.get(f"value_{row['indicator'].pk}", [])
    other_problems = [m for k, ms in problems.items() if not k.startswith("value_") for m in ms]
    required = [r for r in rows if r["required"]]
    narrative = report.narrative or {}
    sections = [
        {"section": s, "text": narrative.get(s.key, "")} for s in report.form.sections.all()
    ]
    history = list(changelog_for_object(obj=report)[:HISTORY_SHOWN])
    first = rows[0] if rows else {}
    return {
        "report": report,
        "title": f"{report.unit.name} · {report.period.code}",
        "rows": rows,
        "previous_period": first.get("previous_period"),
        "last_year_period": first.get("last_year_period"),
        "sections": sections,
        "editable": editable,
        "fill": fill,
        "approver": approver,
        "can_submit": editable,
        "can_decide": approver and report.state == ReportState.SUBMITTED,
        "can_reopen": approver and report.state == ReportState.APPROVED and report.period.is_open,
        "can_remind": can_remind(user, report),
        "locked_reason": _locked_reason(report, fill, editable),
        "timing": timeliness(report),
        "filled_count": sum(1 for r in rows if r["filled"]),
        "required_missing": sum(1 for r in required if not r["filled"]),
        "problems": problems,
        "other_problems": other_problems,
        "problem_rows": [r for r in rows if r["problems"]],
        "attachments": list(report.attachments.all()),
        "attachment_form": AttachmentForm(),
        "reminders": list(report.reminders.select_related("sent_by")[:10]),
        "history": present(
            history,
            user=user,
            key_labels={s.key: s.title for s in report.form.sections.all()},
        ),
        "history_more": len(history) == HISTORY_SHOWN,
        "action": action,
        "return_form": action_form if action == "return" else ReasonForm(prefix="return"),
        "reopen_form": action_form if action == "reopen" else ReasonForm(prefix="reopen"),
    }


def _locked_reason(report: Report, fill: bool, editable: bool) -> str:
    if editable:
        return ""
    if not report.period.is_open:
        return _("The period %(code)s is closed: this report can no longer change.") % {
            "code": report.period.code
        }
    if report.state == ReportState.SUBMITTED:
        return _("Submitted: locked while the unit above reviews it.")
    if report.state == ReportState.APPROVED:
        return _("Approved: locked. An approver above may reopen it for correction.")
    if not fill:
        return _("Only the unit's reporters fill this report; you may read it.")
    return ""


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "ui/reporting/report.html", report_context(request, report))


# --- Workflow -------------------------------------------------------------------------------


def _refused(
    request: HttpRequest, report: Report, error: Exception, action: str, form: Any = None
) -> HttpResponse:
    """Show the report again with the service's refusal beside what it concerns."""
    problems = error_messages(error)
    if form is not None:
        for message in problems.pop("reason", []):
            form.add_error("reason", message)
    report = selectors.report_get(user=request.user, pk=report.pk)
    context = report_context(request, report, problems=problems, action=action, action_form=form)
    return render(request, "ui/reporting/report.html", context)


def _workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    with_reason = action in ("return", "reopen")
    form = (ReasonForm if with_reason else WorkflowForm)(
        request.POST, prefix=action if with_reason else None
    )
    if not form.is_valid():
        problems = {"": [m for f, ms in form.errors.items() if f != "reason" for m in ms]}
        report_page = report_context(
            request, report, problems=problems, action=action, action_form=form
        )
        return render(request, "ui/reporting/report.html", report_page)
    version = form.cleaned_data.get("version")
    service, done = {
        "submit": (services.report_submit, _("Report submitted to the unit above.")),
        "approve": (services.report_approve, _("Report approved.")),
        "return": (services.report_return, _("Report returned to the unit with your reason.")),
        "reopen": (services.report_reopen, _("Report reopened: the unit may correct it.")),
    }[action]
    kwargs: dict[str, Any] = {"by": request.user, "report": report, "version": version}
    if with_reason:
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        service(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, report, error, action, form if with_reason else None)
    messages.success(request, done)
    if action == "approve" and request.POST.get("next_waiting"):
        following = selectors.due_reports(user=request.user)["to_approve"].first()
        if following is not None:
            return redirect("ui:report_detail", pk=following.pk)
        return redirect("ui:report_due")
    return redirect("ui:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "return")


@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "approve")


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "reopen")


# --- Attachments ----------------------------------------------------------------------------


def _files_url(report: Report) -> str:
    return reverse("ui:report_detail", args=[report.pk]) + "#files"


@login_required
@require_POST
def report_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_files_url(report))
    upload = form.cleaned_data["file"]
    try:
        services.report_attachment_add(by=request.user, report=report, file=upload)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s attached.") % {"name": upload.name})
    return redirect(_files_url(report))


def _attachment(request: HttpRequest, pk: int, attachment_pk: int) -> Any:
    report = selectors.report_get(user=request.user, pk=pk)
    attachment = report.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise NotFound(_("Not found."))
    attachment.report = report
    return attachment


@login_required
def report_attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A file of a report, for those who may read the report (scope-checked above)."""
    attachment = _attachment(request, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise NotFound(_("The file is missing from storage.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def report_attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, pk, attachment_pk)
    name = attachment.name
    try:
        services.report_attachment_remove(by=request.user, attachment=attachment)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s removed.") % {"name": name})
    return redirect(_files_url(attachment.report))
