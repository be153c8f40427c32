"""The home of periodic reporting: what my units owe, what waits for my approval, and who
below me is late, with one-click reminders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tongket.org import policy
from tongket.org.policy import Action
from tongket.reporting import selectors, services
from tongket.reporting.models import Report
from tongket.ui.views.reporting.common import can_remind, has_role, timeliness

# Each list shows this many; the rest are a click away in the report list.
SHOWN = 100


def _decorate(reports: list[Report], user: Any) -> list[Report]:
    for report in reports:
        report.timing = timeliness(report)  # type: ignore[attr-defined]
        report.remindable = can_remind(user, report)  # type: ignore[attr-defined]
    return reports


def _late_context(user: Any, late: Any, today: Any) -> dict[str, Any]:
    shown = _decorate(list(late[:SHOWN]), user)
    return {
        "late": shown,
        # Beyond what is shown, counted from the completeness rows (not the reports).
        "late_count": (
            selectors.late_count(user=user, today=today) if len(shown) == SHOWN else len(shown)
        ),
        "can_remind_any": any(r.remindable for r in shown),  # type: ignore[attr-defined]
    }


def _owed_tasks(user: Any) -> list[Any]:
    """Follow-up tasks of conferences given to my units and not done yet."""
    from tongket.meetings.selectors import tasks_owed

    tasks = tasks_owed(user=user)
    today = timezone.localdate()
    for task in tasks:
        task.effective = task.effective_status(today)  # type: ignore[attr-defined]
    return tasks


def _followed_batches(user: Any) -> list[Any]:
    """Tasks my conferences gave to several units, not all done: each followed as one."""
    from tongket.meetings.selectors import batches_followed

    return batches_followed(user=user)


@login_required
def report_due(request: HttpRequest) -> HttpResponse:
    user = request.user
    due = selectors.due_reports(user=user)
    owed = _decorate(list(due["owed"][:SHOWN]), user)
    to_approve = _decorate(list(due["to_approve"][:SHOWN]), user)
    upcoming = [r for r in owed if r.due_date >= due["today"]]
    next_due = None
    if upcoming:
        day = min(r.due_date for r in upcoming)
        next_due = {
            "day": day,
            "count": sum(1 for r in upcoming if r.due_date == day),
            "days": (day - due["today"]).days,
        }
    context: dict[str, Any] = {
        "next_due": next_due,
        "title": _("Periodic reports"),
        "today": due["today"],
        "show_owed": has_role(user, policy.roles(Action.FILL_REPORTS)),
        "show_approve": has_role(user, policy.roles(Action.APPROVE_REPORTS)),
        "show_late": has_role(user, policy.roles(Action.WATCH_LATE_REPORTS)),
        "owed": owed,
        "owed_count": due["owed"].count() if len(owed) == SHOWN else len(owed),
        "owed_overdue": sum(1 for r in owed if r.timing.get("overdue")),  # type: ignore[attr-defined]
        "owed_returned": sum(1 for r in owed if r.state == "returned"),
        "to_approve": to_approve,
        "to_approve_count": (
            due["to_approve"].count() if len(to_approve) == SHOWN else len(to_approve)
        ),
        **_late_context(user, due["late"], due["today"]),
        "owed_tasks": _owed_tasks(user),
        "followed_batches": _followed_batches(user),
    }
    return render(request, "ui/reporting/due.html", context)


@login_required
@require_POST
def report_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: remind the unit's reporters. From the due page (htmx) the answer is the
    row with its new reminder count; otherwise back to where the click came from."""
    report = selectors.report_get(user=request.user, pk=pk)
    error = ""
    try:
        reminder = services.report_remind(by=request.user, report=report)
    except (ValidationError, PermissionDenied) as problem:
        error = " ".join(getattr(problem, "messages", [str(problem)]))
        reminder = None
    if request.headers.get("HX-Request"):
        row = (
            selectors.due_reports(user=request.user)["late"].filter(pk=report.pk).first() or report
        )
        _decorate([row], request.user)
        return render(
            request,
            "ui/reporting/_late_row.html",
            {"report": row, "just_reminded": reminder, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        recipients = reminder.recipients if reminder else 0
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(n)s reporter of %(unit)s.",
                "Reminder sent to %(n)s reporters of %(unit)s.",
                recipients,
            )
            % {"n": recipients, "unit": report.unit.name},
        )
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("ui:report_detail", pk=report.pk)


@login_required
@require_POST
def report_remind_all(request: HttpRequest) -> HttpResponse:
    """Remind every late unit shown on the due page that the user may remind and that was
    not reminded today."""
    today = timezone.localdate()
    late = selectors.due_reports(user=request.user)["late"][:SHOWN]
    sent = skipped = 0
    refused: list[str] = []
    for report in late:
        if not can_remind(request.user, report):
            continue
        last = report.last_reminded_at  # type: ignore[attr-defined]
        if last is not None and timezone.localtime(last).date() == today:
            skipped += 1
            continue
        try:
            services.report_remind(by=request.user, report=report)
        except (ValidationError, PermissionDenied) as error:
            refused += [
                f"{report.unit.name}: {m}" for m in getattr(error, "messages", [str(error)])
            ]
            continue
        sent += 1
    for message in refused:
        messages.error(request, message)
    if sent:
        messages.success(
            request,
            ngettext(
                "Reminder sent for %(n)s late report.",
                "Reminders sent for %(n)s late reports.",
                sent,
            )
            % {"n": sent},
        )
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(n)s report was already reminded today.",
                "%(n)s reports were already reminded today.",
                skipped,
            )
            % {"n": skipped},
        )
    if not sent and not skipped and not refused:
        messages.info(request, _("Nobody to remind."))
    return redirect("ui:report_due")
