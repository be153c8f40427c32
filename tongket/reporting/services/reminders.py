"""Reminders (đôn đốc): before the due date and after it, in-app and by e-mail, each logged.

`reminders_send` is the scheduled task (`tongket send_reminders`, daily from cron or a
systemd timer); `report_remind` is the one-click reminder of an approver or tracking
officer covering the late unit.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, notify
from tongket.org import policy
from tongket.org.models import User
from tongket.org.policy import Action
from tongket.reporting.choices import ReminderKind, ReportState
from tongket.reporting.models import Reminder, Report
from tongket.reporting.services.reports import _people, _report_url

log = logging.getLogger(__name__)
BEFORE_DAYS = 3
OVERDUE_EVERY_DAYS = 7


def _email_of(user: User) -> str:
    if user.email:
        return user.email
    person = getattr(user, "person", None)
    return getattr(person, "email", "") if person else ""


def _send(report: Report, kind: str, by: Any) -> Reminder:
    reporters = _people(report.unit, policy.roles(Action.FILL_REPORTS))
    if kind == ReminderKind.BEFORE_DUE:
        title = _("Report due on %(day)s: %(report)s") % {
            "day": report.due_date.strftime("%d/%m/%Y"),
            "report": str(report),
        }
    else:
        title = _("Report overdue since %(day)s: %(report)s") % {
            "day": report.due_date.strftime("%d/%m/%Y"),
            "report": str(report),
        }
    url = _report_url(report)
    count = notify(users=reporters, title=title, url=url)
    messages = [
        (title, f"{title}\n\n{settings.SITE_URL}{url}", settings.DEFAULT_FROM_EMAIL, [address])
        for address in {_email_of(u) for u in reporters}
        if address
    ]
    sent = 0
    if messages:
        try:
            sent = send_mass_mail(messages, fail_silently=False)
        except Exception:  # a mail server down must not lose the in-app reminder
            log.exception("reminder e-mail for report %s failed", report.pk)
    reminder = Reminder.objects.create(
        report=report,
        kind=kind,
        sent_by=by if getattr(by, "pk", None) else None,
        recipients=count,
        emails=sent,
    )
    changelog_record(
        by=by,
        action="report_remind",
        obj=report,
        after={"kind": kind, "recipients": count, "emails": sent},
        unit_path=report.unit.path,
    )
    return reminder


@transaction.atomic
def report_remind(*, by: Any, report: Report) -> Reminder:
    """Remind the unit's reporters of a report not yet received (one click)."""
    scopes.require_role(by, report.unit, policy.roles(Action.SEND_REMINDERS), _("send reminders"))
    if report.first_submitted_at is not None and report.state != ReportState.RETURNED:
        raise DomainError(_("This report has been received: there is nothing to remind."))
    if not report.period.is_open:
        raise DomainError(_("The period is closed: the report can no longer be sent."))
    if report.is_backfill:
        raise DomainError(
            _("This report is entered afterwards for a past period: it has no deadline to chase.")
        )
    return _send(report, ReminderKind.MANUAL, by)


def reminders_send(*, today: datetime.date | None = None, by: Any = None) -> dict[str, int]:
    """The daily run: a reminder for each report due within three days, and one a week for
    each overdue report, never twice the same day; never for a report entered afterwards
    (nhập bù: a past period keyed in now is not late). Returns counts."""
    today = today or timezone.localdate()
    by = by or scopes.SYSTEM
    counts = {"before_due": 0, "overdue": 0}
    pending = Report.objects.filter(
        first_submitted_at__isnull=True, period__is_open=True, is_backfill=False
    ).select_related("unit", "period", "form")
    soon = pending.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=BEFORE_DAYS)
    )
    for report in soon.exclude(reminders__kind=ReminderKind.BEFORE_DUE):
        with transaction.atomic():
            _send(report, ReminderKind.BEFORE_DUE, by)
        counts["before_due"] += 1
    week_ago = timezone.now() - datetime.timedelta(days=OVERDUE_EVERY_DAYS)
    overdue = pending.filter(due_date__lt=today).exclude(
        reminders__kind=ReminderKind.OVERDUE, reminders__sent_at__gt=week_ago
    )
    for report in overdue:
        with transaction.atomic():
            _send(report, ReminderKind.OVERDUE, by)
        counts["overdue"] += 1
    return counts
