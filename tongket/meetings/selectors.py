"""Every scoped read of meetings and follow-up tasks.

A meeting reaches the users covering its host unit, a participating unit or a bridge-point
unit, and those who may read its review campaign. A follow-up task reaches the users
covering its assignee unit or the host unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q, clearance_q_through
from tongket.core.errors import NotFound
from tongket.core.models import ChangeLog
from tongket.core.reach import campaigns_reached
from tongket.meetings.choices import AddressKind, TaskStatus
from tongket.meetings.models import FollowUpTask, Meeting, RemoteSite, TaskBatch
from tongket.org import policy
from tongket.org.models import Unit, UnitPlacement
from tongket.org.policy import Action

# Soonest deadline first; a task whose deadline is not yet known comes last (SQLite and
# PostgreSQL disagree about where NULL goes by default).
DEADLINE_FIRST = F("deadline").asc(nulls_last=True)


def meeting_reach_q(user: Any) -> Q:
    if scopes.is_unrestricted(user):
        return Q()
    units = Meeting.participant_units.through.objects.filter(
        scopes.scope_q(user, "unit__path")
    ).values("meeting_id")
    sites = RemoteSite.objects.filter(scopes.scope_q(user, "unit__path")).values("meeting_id")
    campaigns = campaigns_reached(user)
    return (
        scopes.scope_q(user, "host_unit__path")
        | Q(pk__in=units)
        | Q(pk__in=sites)
        | Q(campaign_id__in=campaigns)
    )


def meeting_list(
    *,
    user: Any,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    campaign: Any = None,
    kind: str | None = None,
) -> QuerySet[Meeting]:
    queryset = Meeting.objects.filter(
        meeting_reach_q(user), clearance_q(user, Meeting)
    ).select_related("host_unit", "chair", "secretary", "campaign")
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-date", "-id")


def meeting_get(*, user: Any, pk: Any) -> Meeting:
    try:
        return meeting_list(user=user).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Meeting not found.")) from error


def task_list(
    *,
    user: Any,
    unit: Any = None,
    status: str | None = None,
    campaign: Any = None,
    batch: Any = None,
    today: datetime.date | None = None,
) -> QuerySet[FollowUpTask]:
    queryset = (
        FollowUpTask.objects.filter(
            scopes.scope_q(user, "assignee__path")
            | scopes.scope_q(user, "conclusion__meeting__host_unit__path")
        )
        .filter(clearance_q(user, FollowUpTask))
        .select_related("assignee", "assignee_group", "conclusion", "conclusion__meeting")
    )
    if batch is not None:
        queryset = queryset.filter(batch_id=getattr(batch, "pk", batch))
    if unit is not None:
        queryset = queryset.filter(assignee__path__startswith=unit.path)
    if campaign is not None:
        queryset = queryset.filter(conclusion__meeting__campaign=campaign)
    today = today or timezone.localdate()
    if status == TaskStatus.OVERDUE:
        # A task without a deadline is never overdue.
        queryset = queryset.exclude(status=TaskStatus.DONE).filter(
            deadline__isnull=False, deadline__lt=today
        )
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(DEADLINE_FIRST, "id")


def task_get(*, user: Any, pk: Any) -> FollowUpTask:
    try:
        return task_list(user=user).get(pk=int(pk))
    except (FollowUpTask.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Task not found.")) from error


def calendar(*, user: Any, year: int, month: int) -> dict[str, Any]:
    """The meetings of a month, by day, for a calendar view."""
    import calendar as cal

    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, cal.monthrange(year, month)[1])
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meeting_list(user=user, start=first, end=last).order_by("date", "id"):
        by_day.setdefault(meeting.date, []).append(meeting)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return {
        "first": first,
        "weeks": [
            [
                {"day": day, "in_month": day.month == month, "meetings": by_day.get(day, [])}
                for day in week
            ]
            for week in weeks
        ],
    }


def conclusion_get(*, user: Any, pk: Any) -> Any:
    """A conclusion of a meeting the user may read."""
    from tongket.meetings.models import Conclusion

    try:
        conclusion = Conclusion.objects.get(pk=int(pk))
    except (Conclusion.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Conclusion not found.")) from error
    conclusion.meeting = meeting_get(user=user, pk=conclusion.meeting_id)
    return conclusion


def tasks_owed(*, user: Any, limit: int = 20) -> list[FollowUpTask]:
    """Follow-up tasks given to the user's units and not done, soonest deadline first (for
    the units' due page)."""
    if scopes.is_unrestricted(user):
        return []
    queryset = (
        FollowUpTask.objects.filter(scopes.scope_q(user, "assignee__path"))
        .filter(clearance_q(user, FollowUpTask))
        .exclude(status=TaskStatus.DONE)
        .select_related("assignee", "assignee_group", "batch", "conclusion__meeting")
        .order_by(DEADLINE_FIRST, "id")
    )
    return list(queryset[:limit])


def remote_site_get(*, meeting: Meeting, pk: Any) -> RemoteSite:
    """A bridge point of a meeting already read through the scope."""
    try:
        return meeting.remote_sites.select_related("meeting__host_unit").get(pk=int(pk))
    except (RemoteSite.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Bridge point not found.")) from error


class BatchProgress:
    """A task given to several units, as its host follows it: how many of its per-unit
    tasks are done, overdue, left ("3 of 12 done")."""

    def __init__(self, batch: TaskBatch, tasks: list[FollowUpTask], today: datetime.date):
        self.batch = batch
        self.tasks = tasks
        self.total = len(tasks)
        self.done = sum(1 for task in tasks if task.status == TaskStatus.DONE)
        self.overdue = sum(
            1 for task in tasks if task.effective_status(today) == TaskStatus.OVERDUE
        )
        self.percent = round(100 * self.done / self.total) if self.total else 0

    @property
    def is_done(self) -> bool:
        return self.total > 0 and self.done == self.total


def tasks_by_batch(
    tasks: list[FollowUpTask], today: datetime.date | None = None
) -> tuple[list[FollowUpTask], list[BatchProgress]]:
    """A conclusion's tasks (already read, with `batch` selected) split into those given
    to one unit or body and the batches, each with its progress; no query."""
    today = today or timezone.localdate()
    single: list[FollowUpTask] = []
    grouped: dict[int, list[FollowUpTask]] = {}
    batches: dict[int, TaskBatch] = {}
    for task in tasks:
        if task.batch_id is None:
            single.append(task)
        else:
            grouped.setdefault(task.batch_id, []).append(task)
            batches[task.batch_id] = task.batch  # type: ignore[assignment]
    progress = [BatchProgress(batches[pk], grouped[pk], today) for pk in sorted(grouped)]
    return single, progress


def batches_followed(*, user: Any, limit: int = 20) -> list[BatchProgress]:
    """Tasks given to several units by meetings the user hosts (tracking officers of the
    host unit), not all done yet, soonest deadline first: the host follows each as one.
    Two queries."""
    if scopes.is_unrestricted(user):
        return []
    hosted = scopes.scope_q(
        user, "conclusion__meeting__host_unit__path", policy.roles(Action.HOST_MEETINGS)
    )
    open_batches = list(
        TaskBatch.objects.filter(hosted)
        .filter(clearance_q_through(user, Meeting, "conclusion__meeting__"))
        .annotate(
            total=Count("tasks"),
            done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
        )
        .filter(done__lt=F("total"))
        .select_related("conclusion__meeting")
        .order_by(DEADLINE_FIRST, "id")[:limit]
    )
    tasks: dict[int, list[FollowUpTask]] = {}
    for task in FollowUpTask.objects.filter(batch__in=open_batches).select_related("assignee"):
        tasks.setdefault(task.batch_id or 0, []).append(task)
    today = timezone.localdate()
    return [BatchProgress(batch, tasks.get(batch.pk, []), today) for batch in open_batches]


def task_batch_get(*, user: Any, pk: Any) -> TaskBatch:
    """A batch of a meeting the user reaches (as `meeting_get`); NotFound otherwise."""
    try:
        return TaskBatch.objects.select_related("conclusion__meeting__host_unit", "root").get(
            pk=int(pk), conclusion__meeting__in=meeting_list(user=user)
        )
    except (TaskBatch.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Task not found.")) from error


def task_batch_progress(*, user: Any, batch: TaskBatch) -> BatchProgress:
    """The batch with the per-unit tasks the user sees and its progress."""
    tasks = list(task_list(user=user, batch=batch))
    return BatchProgress(batch, tasks, timezone.localdate())


def level_units_on(*, root: Unit, depth: int, on: datetime.date, unit_kind: str = "") -> list[Unit]:
    """Every unit `depth` levels below `root` in the tree as it stood on `on` (the dated
    placements: a unit moved away, merged or dissolved since still counts where it sat that
    day; one set up or moved in later does not), of `unit_kind` if given and existing that
    day, in Vietnamese order. Internal, not scoped: a batch names units of the shared
    registry (a task may go to another branch); its callers check the host. One query per
    level and one for the units."""
    on_day = (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    frontier = {root.pk}
    for _level in range(depth):
        frontier = set(
            UnitPlacement.objects.filter(on_day, parent_id__in=frontier).values_list(
                "unit_id", flat=True
            )
        )
        if not frontier:
            return []
    units = Unit.objects.filter(pk__in=frontier)
    if unit_kind:
        units = units.filter(kind=unit_kind)
    return [unit for unit in units.order_by("sort_key", "pk") if unit.exists_on(on)]


@dataclass
class LevelChanges:
    """A level batch against its level today: the units that joined the level since the
    batch's date and have no task of it yet (`joined`), and those that left it (`left`,
    each with its task when it has one)."""

    batch: TaskBatch
    on: datetime.date
    joined: list[Unit]
    left: list[tuple[Unit, FollowUpTask | None]]

    @property
    def is_level(self) -> bool:
        return self.batch.address == AddressKind.LEVEL


def task_batch_level_changes(
    *, user: Any, batch: TaskBatch, on: datetime.date | None = None
) -> LevelChanges:
    """Which units joined or left the batch's level ("every command one level under Quân khu
    2") between the batch's date (its meeting's) and `on` (today). A batch of units named one
    by one has no level: nothing joined or left it. The caller has read the batch through
    `task_batch_get`."""
    today = on or timezone.localdate()
    if batch.address != AddressKind.LEVEL or batch.root is None or not batch.depth:
        return LevelChanges(batch=batch, on=today, joined=[], left=[])
    root, depth, kind = batch.root, batch.depth, batch.unit_kind
    then = level_units_on(root=root, depth=depth, unit_kind=kind, on=batch.conclusion.meeting.date)
    now = level_units_on(root=root, depth=depth, unit_kind=kind, on=today)
    tasks = {
        task.assignee_id: task
        for task in FollowUpTask.objects.filter(batch=batch).select_related("assignee")
    }
    then_ids = {unit.pk for unit in then}
    now_ids = {unit.pk for unit in now}
    return LevelChanges(
        batch=batch,
        on=today,
        joined=[unit for unit in now if unit.pk not in then_ids and unit.pk not in tasks],
        left=[(unit, tasks.get(unit.pk)) for unit in then if unit.pk not in now_ids],
    )


def task_batch_history(*, batch: TaskBatch, limit: int = 50) -> QuerySet[ChangeLog]:
    """The change log of a batch and of its per-unit tasks, those taken back from their
    units included, latest first. The caller has read the batch through `task_batch_get`.
    One query."""
    task_type = ContentType.objects.get_for_model(FollowUpTask)
    taken_back = ChangeLog.objects.filter(
        content_type=task_type, action="task_remove", before__batch_id=batch.pk
    ).values("object_id")
    current = FollowUpTask.objects.filter(batch=batch).annotate(
        key=Cast("pk", output_field=CharField())
    )
    return (
        ChangeLog.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(TaskBatch), object_id=str(batch.pk))
            | Q(content_type=task_type, object_id__in=current.values("key"))
            | Q(content_type=task_type, object_id__in=taken_back)
        )
        .select_related("user", "content_type")
        .order_by("-time", "-id")[:limit]
    )
