"""Task batches: one follow-up task given to several units at once (listed, or every unit of a
level under a unit), made into one task per unit and followed by the host as one batch.

Callers: tracking officers (and administrators) of the host unit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.meetings.choices import AddressKind, TaskStatus
from tongket.meetings.models import Conclusion, FollowUpTask, TaskBatch
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
    levels below `root` (of `unit_kind` if given) that existed on `on`, in Vietnamese order.
    Units are named from the shared registry (a task may go to another branch)."""
    if root is not None:
        if units:
            raise DomainError(_("Name the units or a level under a unit, not both."), field="units")
        if depth is None or not 1 <= depth <= 10:
            raise DomainError(_("Choose how many levels below (1 to 10)."), field="depth")
        if unit_kind and unit_kind not in UnitKind.values:
            raise DomainError(_("Choose a kind of unit."), field="unit_kind")
        below = Unit.objects.filter(path__startswith=root.path, depth=root.depth + depth)
        if unit_kind:
            below = below.filter(kind=unit_kind)
        found = [unit for unit in below.order_by("sort_key", "pk") if unit.exists_on(on)]
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
    `version` as read refuses a stale change. One ChangeLog row on the batch, naming the
    tasks changed."""
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
    shared = [name for name in ("title", "deadline") if name in changes]
    tasks = list(
        FollowUpTask.objects.select_for_update()
        .filter(batch=batch)
        .exclude(status=TaskStatus.DONE)
        .order_by("pk")
    )
    changed = []
    for task in tasks:
        if all(getattr(task, name) == changes[name] for name in shared):
            continue
        for name in shared:
            setattr(task, name, changes[name])
        task.version += 1
        changed.append(task)
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
