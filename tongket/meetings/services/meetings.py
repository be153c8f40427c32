"""Meetings: recording a conference, its bridge points, participants, documents and minutes;
the minutes and the conclusion notice as documents; removing a meeting recorded by mistake.

Callers: tracking officers (and administrators) of the host unit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import meeting_records_raise
from tongket.core.errors import DomainError
from tongket.core.reach import campaigns_reached
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.documents.models import Document
from tongket.meetings.choices import MeetingFormat, MeetingKind, TimeOfDay
from tongket.meetings.documents import meeting_render as _render
from tongket.meetings.hosts import require_host
from tongket.meetings.models import Meeting, RemoteSite
from tongket.org import policy
from tongket.org.models import Person, Unit
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
        if not campaigns_reached(by).filter(pk=meeting.campaign_id).exists():
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
    """A document presented at the meeting (one the user may read). The meeting takes the
    document's mark (`core.classification.PRESENTED_AT`): its conclusions and tasks with it,
    and its minutes and conclusion notice already drafted have their stored mark raised
    (never lowered), each with a change-log line."""
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
    for record, mark in meeting_records_raise(meeting=meeting):
        changelog_record(
            by=by,
            action="mark_follow",
            obj=record,
            before={"classification": mark},
            after={"classification": record.classification},  # type: ignore[attr-defined]
            unit_path=record.unit_path,  # type: ignore[attr-defined]
            note=str(document),
        )


def meeting_render(*, by: Any, meeting: Meeting, kind: str) -> Document:
    """The invitation, the minutes or the conclusion notice of the meeting as a draft
    document (built in `tongket.meetings.documents`)."""
    return _render(by=by, meeting=meeting, kind=kind)


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
