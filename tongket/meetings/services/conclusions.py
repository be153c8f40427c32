"""Conclusions of a meeting and the follow-up tasks they give, each to one unit or body, and
the reports on those tasks.

Callers: tracking officers (and administrators) of the host unit; the assignee unit's people
report on their follow-up tasks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.meetings.choices import TaskStatus
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting
from tongket.meetings.services.meetings import require_host
from tongket.org import policy
from tongket.org.models import BodyGroup, Unit
from tongket.org.policy import Action


@transaction.atomic
def conclusion_add(*, by: Any, meeting: Meeting, text: str) -> Conclusion:
    require_host(by, meeting)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the conclusion."), field="text")
    number = (meeting.conclusions.aggregate(m=Max("number"))["m"] or 0) + 1
    conclusion = Conclusion.objects.create(meeting=meeting, number=number, text=text)
    changelog_record(
        by=by,
        action="conclusion_add",
        obj=meeting,
        after={"number": number, "text": text[:200]},
        unit_path=meeting.host_unit.path,
    )
    return conclusion


@transaction.atomic
def task_add(
    *,
    by: Any,
    conclusion: Conclusion,
    title: str,
    assignee: Unit | None = None,
    group: BodyGroup | None = None,
    deadline: datetime.date | None = None,
    note: str = "",
) -> FollowUpTask:
    """A follow-up task from a conclusion, given to any unit of the registry (inside or
    outside the host's branch) or to a body (Tổ Biên tập, Ban Chỉ đạo: one the host can
    reach; its owning unit reports on it), with a deadline or none yet (never overdue then)."""
    require_host(by, conclusion.meeting)
    title = normalize(title)
    if not title:
        raise DomainError(_("Describe the task."), field="title")
    if group is not None:
        from tongket.org.selectors import body_group_list

        if assignee is not None:
            raise DomainError(_("Give the task to a unit or to a body, not both."), field="group")
        if not body_group_list(user=by, reach=True).filter(pk=group.pk).exists():
            raise DomainError(_("Choose a body you can reach."), field="group")
        if not group.exists_on(conclusion.meeting.date):
            raise DomainError(
                _("%(body)s did not exist on the day of the meeting.") % {"body": group.name},
                field="group",
            )
        assignee = group.unit
    if assignee is None:
        raise DomainError(_("Choose the unit it is given to."), field="assignee")
    # Any unit of the registry may be given a task (a district Party committee of another
    # branch under a coordination programme); its own users then see the task, nothing more
    # is opened to the host. It must exist on the day of the meeting (a task recorded today
    # from a 2023 conference may go to a committee dissolved since).
    if not assignee.exists_on(conclusion.meeting.date):
        raise DomainError(
            _("%(unit)s did not exist on the day of the meeting.") % {"unit": assignee.name},
            field="assignee",
        )
    if deadline is not None and deadline < conclusion.meeting.date:
        raise DomainError(_("The deadline is before the meeting."), field="deadline")
    task = FollowUpTask.objects.create(
        conclusion=conclusion,
        title=title,
        assignee=assignee,
        assignee_group=group,
        deadline=deadline,
        note=(note or "").strip(),
    )
    changelog_record(
        by=by, action="task_add", obj=task, after=snapshot(task), unit_path=assignee.path
    )
    return task


@transaction.atomic
def task_set_status(
    *,
    by: Any,
    task: FollowUpTask,
    status: str,
    note: str | None = None,
    done_on: datetime.date | None = None,
) -> FollowUpTask:
    """The assignee unit (or the host) reports on a follow-up task."""
    assignee_may = scopes.covers(by, task.assignee, policy.roles(Action.REPORT_ON_TASKS))
    host_may = scopes.covers(
        by, task.conclusion.meeting.host_unit, policy.roles(Action.HOST_MEETINGS)
    )
    if not (assignee_may or host_may):
        if not scopes.covers(by, task.assignee) and not scopes.covers(
            by, task.conclusion.meeting.host_unit
        ):
            raise NotFound(_("Task not found."))
        raise PermissionDenied(_("Only the assigned unit reports on its task."))
    if status not in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE):
        raise DomainError(_("Choose not started, in progress or done."), field="status")
    before = snapshot(task, ["status", "done_on", "note"])
    task.status = status
    if status == TaskStatus.DONE:
        task.done_on = done_on or timezone.localdate()
        if task.done_on > timezone.localdate():
            raise DomainError(_("The date cannot be in the future."), field="done_on")
    else:
        task.done_on = None
    if note is not None:
        task.note = note.strip()
    task.version += 1
    task.save()
    changelog_record(
        by=by,
        action="task_status",
        obj=task,
        before=before,
        after=snapshot(task, ["status", "done_on", "note"]),
        unit_path=task.assignee.path,
    )
    return task
