"""Who may fill and move a report, and the locks and checks every write of a report starts
with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report


def require_reporter(by: Any, report: Report) -> None:
    scopes.require_role(by, report.unit, policy.roles(Action.FILL_REPORTS), _("fill reports"))


def require_approver(by: Any, report: Report) -> None:
    """An approver of the unit directly above (whose grant covers the parent unit)."""
    scopes.require_visible(by, report.unit)
    parent = report.unit.parent
    target = parent or report.unit
    if not scopes.covers(by, target, policy.roles(Action.APPROVE_REPORTS)):
        raise PermissionDenied(
            _("Only an approver of the unit directly above %(unit)s may do this.")
            % {"unit": report.unit.name}
        )


def can_fill(user: Any, report: Report) -> bool:
    return scopes.covers(user, report.unit, policy.roles(Action.FILL_REPORTS))


def can_approve(user: Any, report: Report) -> bool:
    parent = report.unit.parent
    return scopes.covers(user, parent or report.unit, policy.roles(Action.APPROVE_REPORTS))


def _moment(by: Any, when: Any) -> Any:
    """The time of an act: now, or a past time given by the system actor alone (loading
    historical records and the demo)."""
    if when is None:
        return timezone.now()
    if not isinstance(by, scopes.SystemActor):
        raise PermissionDenied(_("Only the system may record an act at another time."))
    return when


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update()
        .select_related("unit", "period", "form")
        .get(pk=report.pk)
    )


def _require_editable(report: Report) -> None:
    if not report.period.is_open:
        raise DomainError(
            _("The period %(code)s is closed: its reports can no longer change.")
            % {"code": report.period.code}
        )
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise DomainError(
            _("The report is %(state)s: it is locked until it is returned or reopened.")
            % {"state": ReportState(report.state).label.lower()},
            code="locked",
        )
