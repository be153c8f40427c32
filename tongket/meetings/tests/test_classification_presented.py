"""A meeting carries the marks of the documents presented at it: once a secret document is
presented at the Quân khu 2 conference, a reader without clearance (its tracking officer)
no longer finds the conference, its conclusions, its tasks or its minutes, on the pages nor
through the API; the minutes already drafted have their stored mark raised (never lowered),
with a change-log line; a reader cleared for the mark finds them all again. An unmarked
document presented there changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tongket.api.tests.test_scope_api import client_for
from tongket.core import classification
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.documents import services as documents
from tongket.documents.choices import DocumentKind
from tongket.documents.models import Document
from tongket.meetings import selectors, services
from tongket.meetings.models import Meeting
from tongket.org.services import user_update

pytestmark = pytest.mark.django_db
READER = "qk2.theodoi"


@pytest.fixture
def conference(users: dict[str, Any]) -> dict[str, Any]:
    """The 623 review conference of Quân khu 2, with a conclusion, a task and its minutes
    drafted, all open to the Quân khu's tracking officer (no clearance)."""
    meeting = Meeting.objects.get(date=datetime.date(2022, 7, 8))
    assert classification.mark_of(meeting) == "none"
    conclusion = services.conclusion_add(by=SYSTEM, meeting=meeting, text="Kết luận kiểm thử.")
    task = services.task_add(
        by=SYSTEM,
        conclusion=conclusion,
        title="Nhiệm vụ kiểm thử",
        assignee=meeting.host_unit,
        deadline=meeting.date + datetime.timedelta(days=30),
    )
    minutes = services.meeting_render(by=SYSTEM, meeting=meeting, kind=DocumentKind.MINUTES)
    reader = users[READER]
    assert reader.clearance == "none" and not reader.is_superuser
    assert selectors.meeting_list(user=reader).filter(pk=meeting.pk).exists()
    return {"meeting": meeting, "conclusion": conclusion, "task": task, "minutes": minutes}


def _report(meeting: Meeting, mark: str) -> Document:
    return documents.document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=meeting.host_unit,
        style="party",
        dated_on=meeting.date,
        subject="Báo cáo tình hình bảo đảm kỹ thuật",
        classification=mark,
    )


def _seen(user: Any, conference: dict[str, Any]) -> dict[str, bool]:
    """What the user finds of the conference, by page and endpoint."""
    meeting, task, minutes = conference["meeting"], conference["task"], conference["minutes"]
    page = Client()
    page.force_login(user)
    api = client_for(user)
    listed = api.get("/api/v1/meetings/", {"page_size": 500}).json()
    tasks = api.get("/api/v1/follow-up-tasks/", {"page_size": 500}).json()
    return {
        "api list": meeting.pk in {row["id"] for row in listed["results"]},
        "api record": api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200,
        "api conclusions": api.get(f"/api/v1/meetings/{meeting.pk}/conclusions/").status_code
        == 200,
        "api tasks": task.pk in {row["id"] for row in tasks["results"]},
        "api minutes": api.get(f"/api/v1/documents/{minutes.pk}/").status_code == 200,
        # Filtered by its title (the list has one page then); the filter box repeats the
        # title, so the link to the meeting is what shows it.
        "page list": reverse("ui:meeting_detail", args=[meeting.pk])
        in page.get(reverse("ui:meeting_list"), {"q": meeting.title}).content.decode(),
        "page": page.get(reverse("ui:meeting_detail", args=[meeting.pk])).status_code == 200,
        "minutes page": page.get(reverse("ui:document_detail", args=[minutes.pk])).status_code
        == 200,
    }


def test_an_unmarked_document_presented_leaves_the_conference_open(users, conference):
    """Given the conference open to its uncleared officer, when an unmarked report is
    presented at it, then the officer still finds it everywhere and nothing is raised."""
    meeting = conference["meeting"]
    services.meeting_document_add(by=SYSTEM, meeting=meeting, document=_report(meeting, "none"))
    seen = _seen(users[READER], conference)
    assert all(seen.values()), seen
    assert classification.mark_of(meeting) == "none"
    assert not ChangeLog.objects.filter(action="mark_follow").exists()


def test_a_secret_document_presented_hides_the_conference_from_a_reader_without_clearance(
    users, conference
):
    """Given the conference open to its uncleared officer, when a secret report is presented
    at it, then the conference, its conclusion and task and its minutes carry "secret" and
    the officer finds none of them (list, page, API); the minutes' stored mark is raised with
    one change-log line; once cleared for "secret", the officer finds them again."""
    meeting, minutes = conference["meeting"], conference["minutes"]
    assert all(_seen(users[READER], conference).values())
    secret = _report(meeting, "secret")
    services.meeting_document_add(by=SYSTEM, meeting=meeting, document=secret)

    for record in (meeting, conference["conclusion"], conference["task"], minutes):
        assert classification.mark_of(record) == "secret", record
    assert classification.highest_mark(Meeting, [meeting.pk]) == "secret"
    minutes.refresh_from_db()
    assert minutes.classification == "secret"
    (line,) = ChangeLog.objects.filter(action="mark_follow", object_id=str(minutes.pk))
    assert line.before == {"classification": "none"}
    assert line.after == {"classification": "secret"}
    # The presented document keeps its own mark and is not raised again.
    assert not ChangeLog.objects.filter(action="mark_follow", object_id=str(secret.pk)).exists()

    reader = users[READER]
    seen = _seen(reader, conference)
    assert not any(seen.values()), seen
    assert not selectors.task_list(user=reader).filter(pk=conference["task"].pk).exists()

    cleared = user_update(by=SYSTEM, user=reader, clearance="secret")
    seen = _seen(cleared, conference)
    assert all(seen.values()), seen


def test_the_meeting_mark_is_raised_only(users, conference):
    """Given a secret report presented at the conference, when a confidential one is
    presented after it, then the conference and its minutes stay "secret" (no line lowers
    them)."""
    meeting, minutes = conference["meeting"], conference["minutes"]
    services.meeting_document_add(by=SYSTEM, meeting=meeting, document=_report(meeting, "secret"))
    services.meeting_document_add(
        by=SYSTEM, meeting=meeting, document=_report(meeting, "confidential")
    )
    minutes.refresh_from_db()
    assert classification.mark_of(meeting) == "secret"
    assert minutes.classification == "secret"
    assert ChangeLog.objects.filter(action="mark_follow", object_id=str(minutes.pk)).count() == 1
