"""Moving a report: submitted, returned, approved, reopened. Each keeps the roll-ups and the
completeness counts fresh in the same transaction, writes the change log and notifies.

Callers: the unit's reporters submit; an approver of the unit directly above returns,
approves and reopens.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, notify, snapshot
from tongket.org import policy
from tongket.org.models import User
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.reporting.choices import Basis, ReportState
from tongket.reporting.models import Report
from tongket.reporting.services import completeness, rollups
from tongket.reporting.services.reports.access import (
    _lock,
    _moment,
    _require_editable,
    require_approver,
    require_reporter,
)
from tongket.reporting.services.reports.checks import submission_problems


def _people(unit: Any, roles: tuple[str, ...]) -> list[User]:
    """Users holding `roles` on the unit or above it."""
    return list(
        User.objects.filter(
            is_active=True, grants__role__in=roles, grants__unit_id__in=unit.ancestor_ids
        ).distinct()
    )


def _report_url(report: Report) -> str:
    try:
        return reverse("ui:report_detail", args=[report.pk])
    except Exception:
        return ""


@transaction.atomic
def report_submit(
    *, by: Any, report: Report, version: int | None = None, when: Any = None
) -> Report:
    """Send the report up. Blocked by missing required values and by warned values without a
    comment. The values count in the roll-ups (all submitted data) at once."""
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    check_version(report, version)
    problems = submission_problems(report)
    if problems:
        raise DomainError(problems)  # type: ignore[arg-type]
    before = snapshot(report, ["state", "submitted_at"])
    counted = completeness.counts_of(report)
    now = _moment(by, when)
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by if getattr(by, "pk", None) else None
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=+1)
    completeness.report_changed(report=report, before=counted)
    changelog_record(
        by=by,
        action="report_submit",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "submitted_at"]),
        unit_path=report.unit.path,
    )
    if report.unit.parent_id:
        notify(
            users=_people(report.unit.parent, policy.roles(Action.APPROVE_REPORTS)),
            title=_("Report to approve: %(report)s") % {"report": str(report)},
            url=_report_url(report),
        )
    return report


@transaction.atomic
def report_return(
    *, by: Any, report: Report, reason: str, version: int | None = None, when: Any = None
) -> Report:
    """Send a submitted report back to the unit with a reason; it stops counting."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be returned."), code="state")
    reason = _reason(reason, _("Say why the report is returned."))
    before = snapshot(report, ["state", "return_reason"])
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.returned_at = _moment(by, when)
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=-1)
    _sent_back(
        by=by,
        report=report,
        action="report_return",
        before=before,
        title=_("Report returned: %(report)s") % {"report": str(report)},
    )
    return report


@transaction.atomic
def report_approve(
    *, by: Any, report: Report, version: int | None = None, when: Any = None
) -> Report:
    """Accept a submitted report; it is locked and counts as approved data."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be approved."), code="state")
    before = snapshot(report, ["state"])
    counted = completeness.counts_of(report)
    report.state = ReportState.APPROVED
    report.approved_at = _moment(by, when)
    report.approved_by = by if getattr(by, "pk", None) else None
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.APPROVED, sign=+1)
    completeness.report_changed(report=report, before=counted)
    changelog_record(
        by=by,
        action="report_approve",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "approved_at"]),
        unit_path=report.unit.path,
    )
    notify(
        users=_people(report.unit, policy.roles(Action.FILL_REPORTS)),
        title=_("Report approved: %(report)s") % {"report": str(report)},
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_reopen(*, by: Any, report: Report, reason: str, version: int | None = None) -> Report:
    """Unlock an approved report for correction (an explicit, logged act): it goes back to
    the unit as returned and stops counting until submitted and approved again."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.APPROVED:
        raise DomainError(_("Only an approved report can be reopened."), code="state")
    reason = _reason(reason, _("Say why the report is reopened."))
    before = snapshot(report, ["state"])
    counted = completeness.counts_of(report)
    rollups.apply_report(report=report, basis=Basis.APPROVED, sign=-1)
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=-1)
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.returned_at = timezone.now()
    report.approved_at = None
    report.approved_by = None
    report.version += 1
    report.save()
    completeness.report_changed(report=report, before=counted)
    _sent_back(
        by=by,
        report=report,
        action="report_reopen",
        before=before,
        title=_("Report reopened for correction: %(report)s") % {"report": str(report)},
    )
    return report


def _reason(reason: str, missing: str) -> str:
    """The reason a report goes back to its unit, trimmed; `missing` refuses an empty one."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, field="reason")
    return reason


def _sent_back(*, by: Any, report: Report, action: str, before: dict[str, Any], title: str) -> None:
    """Log a report sent back to its unit, its reason as the note, and tell the unit's
    reporters why."""
    changelog_record(
        by=by,
        action=action,
        obj=report,
        before=before,
        after=snapshot(report, ["state", "return_reason"]),
        unit_path=report.unit.path,
        note=report.return_reason,
    )
    notify(
        users=_people(report.unit, policy.roles(Action.FILL_REPORTS)),
        title=title,
        body=report.return_reason,
        url=_report_url(report),
    )
