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
from tongket.documents import services as documents
from tongket.documents.choices import Authority, DocumentKind
from tongket.documents.models import Document
from tongket.meetings.choices import MeetingFormat, MeetingKind, TaskStatus, TimeOfDay
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting, RemoteSite
from tongket.org.choices import Role
from tongket.org.models import Person, Unit
from tongket.org.selectors import unit_place
from tongket.org.services.units import check_version

HOST_ROLES = (Role.TRACKING_OFFICER, Role.ADMINISTRATOR)
TASK_ROLES = (Role.REPORTER, Role.TRACKING_OFFICER, Role.APPROVER, Role.ADMINISTRATOR)
FIELDS = (
    "kind",
    "title",
    "session",
    "date",
    "time_of_day",
    "format",
    "place",
    "chair",
    "guests",
    "agenda",
    "minutes",
    "campaign",
)


def require_host(by: Any, meeting: Meeting) -> None:
    scopes.require_role(by, meeting.host_unit, HOST_ROLES, _("record meetings"))


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
    meeting.session = normalize(meeting.session)
    meeting.place = normalize(meeting.place)
    if (
        meeting.chair_id
        and not Person.objects.filter(
            scopes.reach_q(by, "unit__path"), pk=meeting.chair_id
        ).exists()
    ):
        raise DomainError(_("Choose a person you can reach."), field="chair")
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
    reachable = Person.objects.filter(scopes.reach_q(by, "unit__path"))
    for field, people in (("presenters", presenters), ("participants", participants)):
        if people is None:
            continue
        ids = {p.pk for p in people}
        if len(ids) != reachable.filter(pk__in=ids).count():
            raise DomainError(_("Choose people you can reach."), field=field)
        getattr(meeting, field).set(people)
    if participant_units is not None:
        ids = {u.pk for u in participant_units}
        if len(ids) != Unit.objects.filter(scopes.reach_q(by), pk__in=ids).count():
            raise DomainError(_("Choose units you can reach."), field="participant_units")
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
    scopes.require_role(by, host_unit, HOST_ROLES, _("record meetings"))
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
    if unit is not None and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists():
        raise DomainError(_("Choose a unit you can reach."), field="unit")
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
    assignee: Unit,
    deadline: datetime.date,
    note: str = "",
) -> FollowUpTask:
    """A follow-up task from a conclusion, given to a unit with a deadline."""
    require_host(by, conclusion.meeting)
    title = normalize(title)
    if not title:
        raise DomainError(_("Describe the task."), field="title")
    if assignee is None:
        raise DomainError(_("Choose the unit it is given to."), field="assignee")
    if not Unit.objects.filter(scopes.reach_q(by), pk=assignee.pk).exists():
        raise DomainError(_("Choose a unit you can reach."), field="assignee")
    if assignee.dissolved_on is not None:
        raise DomainError(
            _("%(unit)s has been dissolved.") % {"unit": assignee.name}, field="assignee"
        )
    if deadline is None:
        raise DomainError(_("Enter the deadline."), field="deadline")
    if deadline < conclusion.meeting.date:
        raise DomainError(_("The deadline is before the meeting."), field="deadline")
    task = FollowUpTask.objects.create(
        conclusion=conclusion,
        title=title,
        assignee=assignee,
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
    assignee_may = scopes.covers(by, task.assignee, TASK_ROLES)
    host_may = scopes.covers(by, task.conclusion.meeting.host_unit, HOST_ROLES)
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


def _minutes_blocks(meeting: Meeting) -> list[dict[str, Any]]:
    sites = list(meeting.remote_sites.all())
    people = ", ".join(p.full_name for p in meeting.participants.all())
    blocks = [
        {
            "key": "thoi-gian",
            "heading": "Thời gian, địa điểm, hình thức",
            "level": 0,
            "text": f"{meeting.when_text}, {meeting.place or '—'}; hình thức: "
            f"{meeting.get_format_display().lower()}"
            + (f"; {len(sites)} điểm cầu: " + ", ".join(s.name for s in sites) if sites else "")
            + ".",
        },
        {
            "key": "thanh-phan",
            "heading": "Thành phần",
            "level": 0,
            "text": "\n".join(
                t
                for t in (
                    f"Chủ trì: {meeting.chair.full_name}" if meeting.chair else "",
                    f"Tham dự: {people}" if people else "",
                    f"Khách mời: {meeting.guests}" if meeting.guests else "",
                )
                if t
            ),
        },
        {"key": "noi-dung", "heading": "Nội dung", "level": 0, "text": meeting.agenda},
        {"key": "dien-bien", "heading": "Diễn biến", "level": 0, "text": meeting.minutes},
    ]
    conclusions = list(meeting.conclusions.order_by("number"))
    if conclusions:
        blocks.append(
            {
                "key": "ket-luan",
                "heading": "Kết luận",
                "level": 0,
                "text": "\n".join(f"{c.number}. {c.text}" for c in conclusions),
            }
        )
    return blocks


@transaction.atomic
def meeting_render(*, by: Any, meeting: Meeting, kind: str) -> Document:
    """The minutes (biên bản) or the conclusion notice (thông báo kết luận) of the meeting as
    a draft document in the host's format (Party for a party committee)."""
    require_host(by, meeting)
    if kind not in (DocumentKind.MINUTES, DocumentKind.CONCLUSION_NOTICE):
        raise DomainError(_("Choose minutes or a conclusion notice."), field="kind")
    style = "party" if meeting.host_unit.kind == "party_committee" else "state"
    if kind == DocumentKind.MINUTES:
        blocks = _minutes_blocks(meeting)
        subject = meeting.title
    else:
        conclusions = list(meeting.conclusions.prefetch_related("tasks__assignee"))
        if not conclusions:
            raise DomainError(_("The meeting has no conclusions yet."))
        blocks = [
            {
                "key": f"kl-{c.number}",
                "heading": c.text[:120],
                "level": 1,
                "text": "\n".join(
                    f"- {t.title} ({t.assignee.name}, hạn {t.deadline:%d/%m/%Y})"
                    for t in c.tasks.all()
                ),
            }
            for c in conclusions
        ]
        subject = f"Kết luận của {meeting.chair.full_name if meeting.chair else 'đồng chí chủ trì'} tại {meeting.title}"
    document = documents.document_create(
        by=by,
        kind=kind,
        issuer=meeting.host_unit,
        style=style,
        subject=subject,
        content=blocks,
        place=unit_place(meeting.host_unit),
        authority=Authority.ON_BEHALF if kind == DocumentKind.CONCLUSION_NOTICE else "",
        authority_body=meeting.host_unit.name,
        signer_name=meeting.chair.full_name if meeting.chair else "",
        signer_title="Chủ trì hội nghị",
    )
    meeting.documents.add(document)
    changelog_record(
        by=by,
        action="meeting_render",
        obj=meeting,
        after={"document": document.pk, "kind": kind},
        unit_path=meeting.host_unit.path,
    )
    return document


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
