"""The documents of a meeting: the minutes name the secretary in "Thành phần" with rank and
position as the chair is named, and carry the secretary's signature beside the chair's; the
secretary is recorded through the services (version checked, never the chair); the
invitation renders like the minutes and the notice."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document as Docx

from tongket.core.errors import Conflict, DomainError
from tongket.documents.checker import assert_document_passes
from tongket.documents.choices import DocumentKind
from tongket.documents.services import current_version
from tongket.documents.writing import person_line, rank_of
from tongket.meetings import services
from tongket.meetings.documents import minutes_draft
from tongket.meetings.models import Meeting
from tongket.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    """The 623 review conference of Quân khu 2 (Party line: T/M the committee)."""
    return Meeting.objects.get(date=datetime.date(2022, 7, 8))


def _secretary(meeting: Meeting) -> Person:
    """A military officer of the host's branch who holds a position on the day and is
    neither the chair nor a presenter."""
    presenters = set(meeting.presenters.values_list("pk", flat=True))
    for person in Person.objects.filter(positions__unit__code="CHC-QK2").distinct():
        if person.pk == meeting.chair_id or person.pk in presenters:
            continue
        if rank_of(person, meeting.date) and "," in person_line(person, meeting.date):
            return person
    raise AssertionError("the demo has no ranked officer at Cục Hậu cần Quân khu 2")


def _signers(blocks: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return next(block["signers"] for block in blocks if block.get("signers"))


def test_the_minutes_name_the_secretary_and_carry_their_signature(users, conference):
    """Given a secretary recorded on the conference, when its minutes are drafted, then
    "Thành phần" reads "Thư ký: đồng chí <rank> <name>, <position>", the secretary is not
    listed again among those attending, and the secretary signs with rank and name beside
    the chair; the rendered file shows the name and passes the format checker."""
    secretary = _secretary(conference)
    conference.participants.add(secretary)
    saved = services.meeting_update(
        by=users["qk2.theodoi"],
        meeting=conference,
        version=conference.version,
        secretary=secretary,
    )
    assert saved.secretary == secretary

    document, blocks = minutes_draft(saved)

    day = saved.date
    composition = next(b["text"] for b in blocks if b.get("key") == "thanh-phan")
    line = f"Thư ký: đồng chí {person_line(secretary, day)}."
    assert line in composition.split("\n")
    assert composition.count(secretary.full_name) == 1
    name = f"{rank_of(secretary, day)} {secretary.full_name}"
    assert _signers(blocks) == [
        {"title": "Thư ký", "name": name},
        {"title": "Chủ trì", "name": f"{rank_of(saved.chair, day)} {saved.chair.full_name}"},
    ]
    data = assert_document_passes(document, blocks)
    table_text = [
        cell.text
        for table in Docx(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any(name in text and "THƯ KÝ" in text.upper() for text in table_text)


def test_minutes_rendered_through_the_service_keep_the_secretary(users, conference):
    """Given the secretary, when the host's officer renders the minutes, then the saved
    document's signature block names the secretary."""
    officer = users["qk2.theodoi"]
    secretary = _secretary(conference)
    saved = services.meeting_update(
        by=officer, meeting=conference, version=conference.version, secretary=secretary
    )
    minutes = services.meeting_render(by=officer, meeting=saved, kind="minutes")
    signers = _signers(current_version(minutes).content)
    assert signers[0]["name"].endswith(secretary.full_name)


def test_the_chair_does_not_keep_the_minutes(users, conference):
    """Given the conference, when its chair is named secretary, then the change is refused
    on the secretary field and nothing is saved."""
    kept = conference.secretary_id
    with pytest.raises(DomainError) as refused:
        services.meeting_update(
            by=users["qk2.theodoi"],
            meeting=conference,
            version=conference.version,
            secretary=conference.chair,
        )
    assert "secretary" in refused.value.message_dict
    conference.refresh_from_db()
    assert conference.secretary_id == kept != conference.chair_id


def test_a_stale_secretary_change_is_refused(users, conference):
    """Given the conference saved by someone else since it was read, when the secretary is
    set with the old version, then it is refused as a conflict."""
    officer = users["qk2.theodoi"]
    read = conference.version
    services.meeting_update(by=officer, meeting=conference, version=read, place="Phú Thọ")
    with pytest.raises(Conflict):
        services.meeting_update(
            by=officer, meeting=conference, version=read, secretary=_secretary(conference)
        )


def test_a_meeting_recorded_with_a_secretary(users, units, conference):
    """Given a new meeting recorded with a secretary, then it is kept."""
    secretary = _secretary(conference)
    meeting = services.meeting_create(
        by=users["qk2.theodoi"],
        host_unit=units["QK2"],
        kind=conference.kind,
        title="Hội nghị giao ban",
        date=datetime.date(2024, 3, 5),
        chair=conference.chair,
        secretary=secretary,
    )
    meeting.refresh_from_db()
    assert meeting.secretary == secretary


def test_the_invitation_renders_as_a_document(users, conference):
    """Given the conference, when the host's officer drafts its invitation, then a GIẤY MỜI
    is added to the conference's documents."""
    invitation = services.meeting_render(
        by=users["qk2.theodoi"], meeting=conference, kind=DocumentKind.INVITATION
    )
    assert invitation.kind == DocumentKind.INVITATION and invitation.title == "GIẤY MỜI"
    assert conference.documents.filter(pk=invitation.pk).exists()
