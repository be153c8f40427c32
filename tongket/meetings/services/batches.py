"""Task batches: one follow-up task given to several units at once (listed, or every unit of a
level under a unit), made into one task per unit and followed by the host as one batch.

Callers: tracking officers (and administrators) of the host unit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.meetings.choices import AddressKind, TaskStatus
from tongket.meetings.models import Conclusion, FollowUpTask, TaskBatch
from tongket.meetings.selectors import level_units_on, task_batch_level_changes
from tongket.meetings.services.meetings import require_host
from tongket.org.choices import UnitKind
from tongket.org.models import Unit
from tongket.org.services.units import check_version

# A batch larger than this is a mistake (the whole army rather than its divisions).
BATCH_LIMIT = 500


def batch_units(
    *,
    on: datetime.date,
    units: list[Unit] | None = None,
    root: Unit | None = None,
    depth: int | None = None,
    unit_kind: str = "",
) -> list[Unit]:
    """The units a batch names: those listed (once each, in order), or every unit `depth`
    levels below `root` (of `unit_kind` if given) in the tree as it stood on `on`, in
    Vietnamese order. Units are named from the shared registry (a task may go to another
    branch)."""
    if root is not None:
        if units:
            raise DomainError(_("Name the units or a level under a unit, not both."), field="units")
        if depth is None or not 1 <= depth <= 10:
            raise DomainError(_("Choose how many levels below (1 to 10)."), field="depth")
        if unit_kind and unit_kind not in UnitKind.values:
            raise DomainError(_("Choose a kind of unit."), field="unit_kind")
        # The tree as it stood that day, not today's: a 2022 conference's "every division"
        # are the divisions of 2022, wherever they sit now.
        found = level_units_on(root=root, depth=depth, unit_kind=unit_kind, on=on)
        if not found:
            raise DomainError(
                _("No unit at that level under %(unit)s on the day of the meeting.")
                % {"unit": root.name},
                field="root",
            )
        return found
    seen: set[int] = set()
    found = []
    for unit in units or []:
        if unit.pk in seen:
            continue
        if not unit.exists_on(on):
            raise DomainError(
                _("%(unit)s did not exist on the day of the meeting.") % {"unit": unit.name},
                field="units",
            )
        seen.add(unit.pk)
        found.append(unit)
    if len(found) < 2:
        raise DomainError(
            _("Name at least two units (for one, give the task to the unit)."), field="units"
        )
    return found


@transaction.atomic
def task_batch_add(
    *,
    by: Any,
    conclusion: Conclusion,
    title: str,
    units: list[Unit] | None = None,
    root: Unit | None = None,
    depth: int | None = None,
    unit_kind: str = "",
    deadline: datetime.date | None = None,
    note: str = "",
) -> TaskBatch:
    """One task given to several units at once: listed (`units`) or every unit of a level
    under `root` ("all divisions under Quân khu 2": `root`, `depth=1`, `unit_kind`). Made
    into one follow-up task per unit, each reported on by its unit, which the host follows
    as one batch. The host's tracking officers (`Action.HOST_MEETINGS`)."""
    meeting = conclusion.meeting
    require_host(by, meeting)
    title = normalize(title)
    if not title:
        raise DomainError(_("Describe the task."), field="title")
    if deadline is not None and deadline < meeting.date:
        raise DomainError(_("The deadline is before the meeting."), field="deadline")
    named = batch_units(
        on=meeting.date, units=units, root=root, depth=depth, unit_kind=unit_kind or ""
    )
    if len(named) > BATCH_LIMIT:
        raise DomainError(
            _("%(count)s units: narrow it down (at most %(limit)s at once).")
            % {"count": len(named), "limit": BATCH_LIMIT},
            field="units" if root is None else "root",
        )
    note = (note or "").strip()
    batch = TaskBatch.objects.create(
        conclusion=conclusion,
        title=title,
        deadline=deadline,
        note=note,
        address=AddressKind.LEVEL if root is not None else AddressKind.UNITS,
        root=root,
        depth=depth if root is not None else None,
        unit_kind=(unit_kind or "") if root is not None else "",
    )
    FollowUpTask.objects.bulk_create(
        FollowUpTask(
            conclusion=conclusion,
            batch=batch,
            title=title,
            assignee=unit,
            deadline=deadline,
            note=note,
        )
        for unit in named
    )
    changelog_record(
        by=by,
        action="task_batch_add",
        obj=meeting,
        after={
            "task": title[:200],
            "deadline": deadline.isoformat() if deadline else None,
            "units": [unit.code for unit in named],
        },
        unit_path=meeting.host_unit.path,
    )
    return batch


# What changing a batch changes; the note of each per-unit task is its unit's report.
BATCH_FIELDS = ("title", "deadline", "note")


@transaction.atomic
def task_batch_update(
    *,
    by: Any,
    batch: TaskBatch,
    version: int | None = None,
    **changes: Any,
) -> TaskBatch:
    """Change a batch's task (`title`), `deadline` (None: not yet determined) or `note`,
    for the batch and, for the task and the deadline, for each of its per-unit tasks not yet
    done, at once. Tasks done keep what they were done against, and every task keeps its
    own note (what its unit reported). The host's tracking officers (`Action.HOST_MEETINGS`);
    `version` as read refuses a stale change. Each task changed gets its own ChangeLog row
    (`task_update`, filed under its unit: the unit's history shows what was changed on its
    task); the batch's row records the batch's own fields and names the tasks changed."""
    meeting = batch.conclusion.meeting
    require_host(by, meeting)
    unknown = set(changes) - set(BATCH_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    # Locks in a fixed order: the batch, then its tasks.
    batch = TaskBatch.objects.select_for_update().get(pk=batch.pk)
    check_version(batch, version)
    if "title" in changes:
        changes["title"] = normalize(changes["title"] or "")
        if not changes["title"]:
            raise DomainError(_("Describe the task."), field="title")
    deadline = changes.get("deadline")
    if deadline is not None and deadline < meeting.date:
        raise DomainError(_("The deadline is before the meeting."), field="deadline")
    if "note" in changes:
        changes["note"] = (changes["note"] or "").strip()
    before = snapshot(batch, list(BATCH_FIELDS))
    for name, value in changes.items():
        setattr(batch, name, value)
    batch.version += 1
    batch.save(update_fields=[*changes, "version"])
    shared: list[str] = [name for name in ("title", "deadline") if name in changes]
    tasks = list(
        FollowUpTask.objects.select_for_update(of=("self",))
        .filter(batch=batch)
        .exclude(status=TaskStatus.DONE)
        .select_related("assignee")
        .order_by("pk")
    )
    changed = []
    for task in tasks:
        if all(getattr(task, name) == changes[name] for name in shared):
            continue
        task_before = snapshot(task, shared)
        for name in shared:
            setattr(task, name, changes[name])
        task.version += 1
        changed.append(task)
        changelog_record(
            by=by,
            action="task_update",
            obj=task,
            before=task_before,
            after=snapshot(task, shared),
            unit_path=task.assignee.path,
            note=_batch_note(task),
        )
    if changed:
        FollowUpTask.objects.bulk_update(changed, [*shared, "version"])
    changelog_record(
        by=by,
        action="task_batch_update",
        obj=batch,
        before=before,
        after={**snapshot(batch, list(BATCH_FIELDS)), "tasks": [task.pk for task in changed]},
        unit_path=meeting.host_unit.path,
    )
    return batch


# What a per-unit task's change-log row keeps of it (its conclusion is the batch's).
TASK_FIELDS = ["title", "assignee", "batch", "deadline", "status", "done_on", "note"]


def _batch_note(task: FollowUpTask) -> str:
    """What a per-task row of the change log says: whose task, changed through its batch."""
    return _("%(unit)s's task, changed through the task given to several units") % {
        "unit": task.assignee.name
    }


def _lock_batch(by: Any, batch: TaskBatch, version: int | None) -> TaskBatch:
    """The host's check, then the batch locked (before its tasks) and its version checked."""
    require_host(by, batch.conclusion.meeting)
    locked = (
        TaskBatch.objects.select_for_update(of=("self",))
        .select_related("conclusion__meeting__host_unit", "root")
        .get(pk=batch.pk)
    )
    check_version(locked, version)
    return locked


def _bump(batch: TaskBatch) -> None:
    batch.version += 1
    batch.save(update_fields=["version"])


def _give(by: Any, batch: TaskBatch, units: list[Unit]) -> list[FollowUpTask]:
    """One task of the batch for each unit (none has one yet), with the batch's task,
    deadline and note, each logged under its unit."""
    total = FollowUpTask.objects.filter(batch=batch).count() + len(units)
    if total > BATCH_LIMIT:
        raise DomainError(
            _("%(count)s units: narrow it down (at most %(limit)s at once).")
            % {"count": total, "limit": BATCH_LIMIT},
            field="units",
        )
    tasks = FollowUpTask.objects.bulk_create(
        FollowUpTask(
            conclusion_id=batch.conclusion_id,
            batch=batch,
            title=batch.title,
            assignee=unit,
            deadline=batch.deadline,
            note=batch.note,
        )
        for unit in units
    )
    # bulk_create sets primary keys on SQLite and PostgreSQL; every task has its own row.
    for task in tasks:
        changelog_record(
            by=by,
            action="task_add",
            obj=task,
            after=snapshot(task, TASK_FIELDS),
            unit_path=task.assignee.path,
            note=_batch_note(task),
        )
    return tasks


@transaction.atomic
def task_batch_units_add(
    *, by: Any, batch: TaskBatch, units: list[Unit], version: int | None = None
) -> list[FollowUpTask]:
    """Give the batch's task to more units (listed one by one, of any branch): one task each
    with the batch's task, deadline and note. A unit must exist on the day of the meeting
    or today (one set up since may be added); a unit that already has the task is refused
    by name. Each new task gets its own ChangeLog row (`task_add`). The host's tracking
    officers; `version` is the batch's as read."""
    batch = _lock_batch(by, batch, version)
    meeting = batch.conclusion.meeting
    today = timezone.localdate()
    wanted = list({unit.pk: unit for unit in units}.values())
    if not wanted:
        raise DomainError(_("Name the units to add."), field="units")
    has = set(
        FollowUpTask.objects.filter(batch=batch, assignee__in=wanted).values_list(
            "assignee_id", flat=True
        )
    )
    for unit in wanted:
        if unit.pk in has:
            raise DomainError(
                _("%(unit)s already has this task.") % {"unit": unit.name}, field="units"
            )
        if not (unit.exists_on(meeting.date) or unit.exists_on(today)):
            raise DomainError(
                _("%(unit)s existed neither on the day of the meeting nor today.")
                % {"unit": unit.name},
                field="units",
            )
    tasks = _give(by, batch, wanted)
    _bump(batch)
    return tasks


def _reported(tasks: list[FollowUpTask]) -> set[int]:
    """The tasks a unit has reported on: in progress or done, or with any report recorded
    (even one set back to not started)."""
    found = {task.pk for task in tasks if task.status != TaskStatus.OPEN or task.done_on}
    rest = [str(task.pk) for task in tasks if task.pk not in found]
    if rest:
        logged = ChangeLog.objects.filter(
            action="task_status",
            content_type=ContentType.objects.get_for_model(FollowUpTask),
            object_id__in=rest,
        ).values_list("object_id", flat=True)
        found |= {int(pk) for pk in logged}
    return found


@transaction.atomic
def task_batch_units_remove(
    *, by: Any, batch: TaskBatch, units: list[Unit], version: int | None = None
) -> int:
    """Take the batch's task back from units (given by mistake, or that left the level):
    their tasks are deleted, each with its own ChangeLog row (`task_remove`, keeping what the
    task was). A unit whose task has been reported on (in progress, done, or any report
    recorded) is refused by name: its report is part of the record. The batch keeps at least
    one unit. The host's tracking officers; `version` is the batch's as read. Returns how
    many tasks were removed."""
    batch = _lock_batch(by, batch, version)
    wanted = list({unit.pk: unit for unit in units}.values())
    if not wanted:
        raise DomainError(_("Choose the units to remove."), field="units")
    tasks = {
        task.assignee_id: task
        for task in FollowUpTask.objects.select_for_update(of=("self",))
        .filter(batch=batch)
        .select_related("assignee")
        .order_by("pk")
    }
    for unit in wanted:
        if unit.pk not in tasks:
            raise DomainError(
                _("%(unit)s does not have this task.") % {"unit": unit.name}, field="units"
            )
    removing = [tasks[unit.pk] for unit in wanted]
    reported = _reported(removing)
    for task in removing:
        if task.pk in reported:
            raise DomainError(
                _(
                    "%(unit)s has already reported on this task (%(status)s): its task "
                    "cannot be removed. Change the batch's task or deadline instead."
                )
                % {"unit": task.assignee.name, "status": task.get_status_display().lower()},
                field="units",
            )
    if len(removing) >= len(tasks):
        raise DomainError(_("The task must stay with at least one unit."), field="units")
    for task in removing:
        changelog_record(
            by=by,
            action="task_remove",
            obj=task,
            before=snapshot(task, TASK_FIELDS),
            unit_path=task.assignee.path,
            note=_batch_note(task),
        )
    FollowUpTask.objects.filter(pk__in=[task.pk for task in removing]).delete()
    _bump(batch)
    return len(removing)


@transaction.atomic
def task_batch_expand(
    *, by: Any, batch: TaskBatch, units: list[Unit], version: int | None = None
) -> list[FollowUpTask]:
    """Re-expand a batch given to a level: give its task to the units confirmed among those
    that joined the level since the batch's date (`task_batch_level_changes`). A unit not
    (or no longer) among them is refused by name, so nothing is added that the officer did
    not see. Units that left keep their tasks (remove them with `task_batch_units_remove`).
    The host's tracking officers; `version` is the batch's as read."""
    batch = _lock_batch(by, batch, version)
    changes = task_batch_level_changes(user=by, batch=batch)
    if not changes.is_level:
        raise DomainError(
            _("This task was given to units named one by one: add units to it instead."),
            field="units",
        )
    if not units:
        raise DomainError(_("Tick the units to give the task to."), field="units")
    joined = {unit.pk for unit in changes.joined}
    wanted = list({unit.pk: unit for unit in units}.values())
    for unit in wanted:
        if unit.pk not in joined:
            raise DomainError(
                _("%(unit)s has not joined the level since the meeting (or has the task).")
                % {"unit": unit.name},
                field="units",
            )
    tasks = _give(by, batch, wanted)
    _bump(batch)
    return tasks
