"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): finders for the first words meeting, conclusion and task
(a follow-up task), and for the pages of a task given to several units (one given to a level
for its re-expansion). What the demo lacks is created directly, without a change log row
(the walks check that nothing was written)."""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.testing.branches import finder
from tongket.meetings.choices import AddressKind
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting, TaskBatch
from tongket.org.models import Unit, User


def branch_meeting(root: Unit) -> Meeting | None:
    return Meeting.objects.filter(host_unit__path__startswith=root.path).order_by("pk").first()


def branch_conclusion(root: Unit) -> Conclusion | None:
    meeting = branch_meeting(root)
    if meeting is None:
        return None
    conclusion = meeting.conclusions.order_by("number").first()
    if conclusion is None:
        conclusion = Conclusion.objects.create(meeting=meeting, number=1, text="Kết luận kiểm thử.")
    return conclusion


@finder("meeting")
def _meeting(root: Unit, user: User) -> Any:
    meeting = branch_meeting(root)
    return meeting.pk if meeting else None


@finder("conclusion")
def _conclusion(root: Unit, user: User) -> Any:
    conclusion = branch_conclusion(root)
    return conclusion.pk if conclusion else None


@finder("task")
def _task(root: Unit, user: User) -> Any:
    conclusion = branch_conclusion(root)
    if conclusion is None:
        return None
    task = conclusion.tasks.order_by("pk").first()
    if task is None:
        task = FollowUpTask.objects.create(
            conclusion=conclusion,
            title="Nhiệm vụ kiểm thử",
            assignee=conclusion.meeting.host_unit,
            deadline=conclusion.meeting.date + datetime.timedelta(days=30),
        )
    return task.pk


def branch_batch(root: Unit) -> TaskBatch | None:
    """A task given to several units by a meeting of the branch (the host and the units
    just below it, or the host alone where it has none)."""
    conclusion = branch_conclusion(root)
    if conclusion is None:
        return None
    batch = conclusion.batches.order_by("pk").first()
    if batch is None:
        meeting = conclusion.meeting
        batch = TaskBatch.objects.create(
            conclusion=conclusion, title="Nhiệm vụ chung kiểm thử", deadline=None
        )
        below = Unit.objects.filter(
            path__startswith=meeting.host_unit.path, depth=meeting.host_unit.depth + 1
        ).order_by("pk")[:2]
        for unit in [meeting.host_unit, *below]:
            FollowUpTask.objects.create(
                conclusion=conclusion, batch=batch, title=batch.title, assignee=unit
            )
    return batch


@finder("task_batch_edit")
def _task_batch(root: Unit, user: User) -> Any:
    batch = branch_batch(root)
    return batch.pk if batch else None


@finder("task_batch_units")
def _task_batch_units(root: Unit, user: User) -> Any:
    return _task_batch(root, user)


@finder("task_batch_expand")
def _task_batch_level(root: Unit, user: User) -> Any:
    """A task given to every unit one level under the host (re-expanded on its page)."""
    conclusion = branch_conclusion(root)
    if conclusion is None:
        return None
    batch = conclusion.batches.filter(address=AddressKind.LEVEL).order_by("pk").first()
    if batch is None:
        host = conclusion.meeting.host_unit
        batch = TaskBatch.objects.create(
            conclusion=conclusion,
            title="Nhiệm vụ theo cấp kiểm thử",
            address=AddressKind.LEVEL,
            root=host,
            depth=1,
        )
        FollowUpTask.objects.create(
            conclusion=conclusion, batch=batch, title=batch.title, assignee=host
        )
    return batch.pk
