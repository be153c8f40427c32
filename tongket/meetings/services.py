"""Meetings: recording a conference, its bridge points, participants, documents, minutes and
conclusions; follow-up tasks from the conclusions; the minutes and the conclusion notice as
documents.

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
from tongket.documents.models import Document
from tongket.meetings.choices import (
    AddressKind,
    MeetingFormat,
    MeetingKind,
    TaskStatus,
    TimeOfDay,
)
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting, RemoteSite, TaskBatch
from tongket.org import policy
from tongket.org.choices import UnitKind
from tongket.org.models import BodyGroup, Person, Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version

FIELDS = (
    "kind",
    "title",
    "session",
    "date",
    "time_of_day",
    "format",
    "place",
    "chair",
    "secretary",
    "guests",
    "agenda",
    "minutes",
    "campaign",
)


def require_host(by: Any, meeting: Meeting) -> None:
    scopes.require_role(
        by, meeting.host_unit, policy.roles(Action.HOST_MEETINGS), _("record meetings")
    )


def _clean(meeting: Meeting, by: Any) -> None:
    if meeting.kind not in MeetingKind.values:
        raise DomainError(_("Choose the kind of meeting."), field="kind")
    if meeting.format not in MeetingFormat.values:
        raise DomainError(_("Choose how the meeting is held."), field="format")
    if meeting.time_of_day not in TimeOfDay.values:
        raise DomainError(_("Choose the time of day."), field="time_of_day")
    meeting.title = normalize(meeting.title)
    if not meeting.title:
        raise DomainError(_("Enter the meeting's title."), field="title")
    if meeting.date is None:
        raise DomainError(_("Enter the date."), field="date")
    if meeting.secretary_id is not None and meeting.secretary_id == meeting.chair_id:
        # The minutes carry two signatures: the secretary's and the chair's.
        raise DomainError(
            _("The chair does not keep the minutes: choose another secretary."),
            field="secretary",
        )
    meeting.session = normalize(meeting.session)
    meeting.place = normalize(meeting.place)
    if meeting.campaign_id:
        from tongket.reviews.models import ReviewCampaign
        from tongket.reviews.selectors import campaign_reach_q

        if not ReviewCampaign.objects.filter(campaign_reach_q(by), pk=meeting.campaign_id).exists():
            raise DomainError(_("Choose a campaign you can reach."), field="campaign")


def _set_people(
    meeting: Meeting,
    by: Any,
    presenters: list[Person] | None,
    participants: list[Person] | None,
    participant_units: list[Unit] | None,
) -> None:
    # People and units of any branch may be named (the shared registry, `org.partners`):
    # naming a guest from another branch gives the host no access to that branch's data.
    for field, people in (("presenters", presenters), ("participants", participants)):
        if people is not None:
            getattr(meeting, field).set(people)
    if participant_units is not None:
        meeting.participant_units.set(participant_units)


@transaction.atomic
def meeting_create(
    *,
    by: Any,
    host_unit: Unit,
    kind: str,
    title: str,
    date: datetime.date,
    time_of_day: str = TimeOfDay.MORNING,
    format: str = MeetingFormat.IN_PERSON,
    session: str = "",
    place: str = "",
    chair: Person | None = None,
    secretary: Person | None = None,
    presenters: list[Person] | None = None,
    participants: list[Person] | None = None,
    participant_units: list[Unit] | None = None,
    guests: str = "",
    agenda: str = "",
    minutes: str = "",
    campaign: Any = None,
    is_illustrative: bool = False,
) -> Meeting:
    """Record a meeting held by `host_unit`."""
    scopes.require_role(by, host_unit, policy.roles(Action.HOST_MEETINGS), _("record meetings"))
    meeting = Meeting(
        host_unit=host_unit,
        kind=kind,
        title=title,
        date=date,
        time_of_day=time_of_day,
        format=format,
        session=session,
        place=place,
        chair=chair,
        secretary=secretary,
        guests=(guests or "").strip(),
        agenda=(agenda or "").strip(),
        minutes=(minutes or "").strip(),
        campaign=campaign,
        is_illustrative=is_illustrative,
    )
    _clean(meeting, by)
    meeting.save()
    _set_people(meeting, by, presenters, participants, participant_units)
    changelog_record(
        by=by,
        action="meeting_create",
        obj=meeting,
        after=snapshot(meeting),
        unit_path=host_unit.path,
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by: Any,
    meeting: Meeting,
    version: int | None = None,
    presenters: list[Person] | None = None,
    participants: list[Person] | None = None,
    participant_units: list[Unit] | None = None,
    **changes: Any,
) -> Meeting:
    require_host(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, version)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(meeting)
    for name, value in changes.items():
        setattr(meeting, name, value)
    _clean(meeting, by)
    meeting.version += 1
    meeting.save()
    _set_people(meeting, by, presenters, participants, participant_units)
    changelog_record(
        by=by,
        action="meeting_update",
        obj=meeting,
        before=before,
        after=snapshot(meeting),
        unit_path=meeting.host_unit.path,
    )
    return meeting


@transaction.atomic
def remote_site_add(
    *, by: Any, meeting: Meeting, name: str, unit: Unit | None = None, attendees: int | None = None
) -> RemoteSite:
    """A bridge point of an online or hybrid meeting."""
    require_host(by, meeting)
    if meeting.format == MeetingFormat.IN_PERSON:
        raise DomainError(
            _("An in-person meeting has no bridge points: change its format first."),
            field="name",
        )
    name = normalize(name) or (unit.name if unit else "")
    if not name:
        raise DomainError(_("Enter the bridge point's name."), field="name")
    if attendees is not None and attendees < 0:
        raise DomainError(_("A number of people is not negative."), field="attendees")
    site = RemoteSite.objects.create(meeting=meeting, name=name, unit=unit, attendees=attendees)
    changelog_record(
        by=by,
        action="remote_site_add",
        obj=meeting,
        after={"site": name},
        unit_path=meeting.host_unit.path,
    )
    return site


@transaction.atomic
def remote_site_remove(*, by: Any, site: RemoteSite) -> None:
    require_host(by, site.meeting)
    changelog_record(
        by=by,
        action="remote_site_remove",
        obj=site.meeting,
        before={"site": site.name},
        unit_path=site.meeting.host_unit.path,
    )
    site.delete()


@transaction.atomic
def meeting_document_add(*, by: Any, meeting: Meeting, document: Document) -> None:
    """A document presented at the meeting (one the user may read)."""
    from tongket.documents.selectors import document_get

    require_host(by, meeting)
    document_get(user=by, pk=document.pk)
    meeting.documents.add(document)
    changelog_record(
        by=by,
        action="meeting_document_add",
        obj=meeting,
        after={"document": str(document)},
        unit_path=meeting.host_unit.path,
    )


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


def meeting_render(*, by: Any, meeting: Meeting, kind: str) -> Document:
    """The invitation, the minutes or the conclusion notice of the meeting as a draft
    document (built in `tongket.meetings.documents`)."""
    from tongket.meetings.documents import meeting_render as render

    return render(by=by, meeting=meeting, kind=kind)


@transaction.atomic
def meeting_delete(*, by: Any, meeting: Meeting) -> None:
    """Remove a meeting recorded by mistake, with its bridge points, conclusions and their
    tasks (the host's tracking officers). Refused for a conference at which a review was
    adopted: it is part of that record."""
    require_host(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.adopted_campaigns.exists():
        raise DomainError(
            _("A review was adopted at this meeting: it cannot be removed."), code="protected"
        )
    changelog_record(
        by=by,
        action="meeting_delete",
        obj=meeting,
        before=snapshot(meeting),
        unit_path=meeting.host_unit.path,
    )
    meeting.delete()
