"""Meetings over REST: recording, changing and removing a conference, its bridge points,
conclusions and follow-up tasks; the assignee reports on its task; filters, refusals and
bounded queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.meetings import services
from tongket.meetings.models import FollowUpTask, Meeting, RemoteSite
from tongket.org.models import Person, User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def conference() -> Meeting:
    return Meeting.objects.get(title__contains="623", format="hybrid")


def test_the_hybrid_conference_reads_with_its_bridge_points(users):
    """Given the 623 conference, when Quân khu 2 reads it, then the time reads "Sáng
    08/07/2022" with its bridge points; Tổng cục CNQP gets 404."""
    meeting = conference()
    response = api(users["qk2.baocao"]).get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["when"] == "Sáng 08/07/2022" and body["format"] == "hybrid"
    assert len(body["remote_sites"]) == 5 and body["host_unit"] == "DU-QK2"
    assert api(users["cnqp.baocao"]).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    listed = api(users["qk2.baocao"]).get("/api/v1/meetings/", {"start": "2022-07-01"}).json()
    assert meeting.pk in [m["id"] for m in listed["results"]]
    listed = api(users["qk2.baocao"]).get("/api/v1/meetings/", {"end": "2022-01-01"}).json()
    assert meeting.pk not in [m["id"] for m in listed["results"]]


def test_recording_changing_and_removing_a_meeting(users):
    """Given Quân khu 2's tracking officer, when a working session is recorded, changed and
    removed, then 201, 200, 204; a stale change is refused; a reporter may not record one."""
    officer = api(users["qk2.theodoi"])
    chair = Person.objects.filter(unit__code="QK2").first()
    payload = {
        "host_unit": "QK2",
        "kind": "working_session",
        "title": "Làm việc với Sư đoàn 316",
        "date": "2024-03-05",
        "time_of_day": "chieu",
        "format": "online",
        "chair": chair.pk,
        "participant_units": ["SD316"],
    }
    assert (
        api(users["qk2.baocao"]).post("/api/v1/meetings/", payload, format="json").status_code
        == 403
    )
    response = officer.post("/api/v1/meetings/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["when"] == "Chiều 05/03/2024" and body["participant_units"] == ["SD316"]
    url = f"/api/v1/meetings/{body['id']}/"
    response = officer.patch(url, {"place": "Phú Thọ", "version": body["version"]}, format="json")
    assert response.status_code == 200 and response.json()["place"] == "Phú Thọ"
    response = officer.patch(url, {"place": "X", "version": body["version"]}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    response = officer.post(f"{url}remote-sites/", {"unit": "SD316"}, format="json")
    assert response.status_code == 201 and response.json()["name"]
    assert len(officer.get(f"{url}remote-sites/").json()) == 1
    site = officer.post(f"{url}remote-sites/", {"name": "Điểm cầu 2"}, format="json").json()
    response = officer.post(f"{url}remove-remote-site/", {"site": 10**6}, format="json")
    assert response.status_code == 404
    response = officer.post(f"{url}remove-remote-site/", {"site": site["id"]}, format="json")
    assert response.status_code == 204
    assert [s["name"] for s in officer.get(f"{url}remote-sites/").json()] != ["Điểm cầu 2"]
    assert len(officer.get(f"{url}remote-sites/").json()) == 1
    before = ChangeLog.objects.count()
    assert officer.delete(url).status_code == 204
    assert not Meeting.objects.filter(pk=body["id"]).exists()
    assert not RemoteSite.objects.filter(meeting_id=body["id"]).exists()
    assert ChangeLog.objects.filter(action="meeting_delete").count() == 1
    assert ChangeLog.objects.count() == before + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"date": "05/03/2024"}, "date"),
        ({"host_unit": "TCCNQP"}, "host_unit"),
        ({"chair": 10**6}, "chair"),
        ({"participant_units": ["KHONG"]}, "participant_units"),
    ],
)
def test_a_bad_meeting_is_refused_naming_the_field(users, change, field):
    payload = {"host_unit": "QK2", "kind": "other", "title": "Họp", "date": "2024-03-05", **change}
    before = (Meeting.objects.count(), ChangeLog.objects.count())
    response = api(users["qk2.theodoi"]).post("/api/v1/meetings/", payload, format="json")
    assert response.status_code == 400 and field in {
        key.split(".")[0] for key in response.json()["errors"]
    }, response.json()
    assert (Meeting.objects.count(), ChangeLog.objects.count()) == before


def test_a_meeting_where_a_review_was_adopted_stays(users):
    """Given the conference at which Tổng cục CNQP adopted its reviews, when removed, then
    400 (it is part of the record)."""
    meeting = (
        Meeting.objects.filter(adopted_campaigns__isnull=False, title__contains="mở rộng")
        .distinct()
        .get()
    )
    services.conclusion_add(by=SYSTEM, meeting=meeting, text="X")
    response = api(users["admin"]).delete(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 400 and response.json()["code"] == "protected"
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    with pytest.raises(Exception):  # noqa: B017 - the service refuses the same
        services.meeting_delete(by=users["admin"], meeting=meeting)


def test_conclusions_become_tasks_the_assignee_reports_on(users, units):
    """Given the 623 conference, when the host adds a conclusion and gives a task to Sư đoàn
    316, then the task is on the division's list; only the assignee (or the host) sets its
    status; a deadline before the meeting and an assignee outside reach are refused."""
    officer = api(users["qk2.theodoi"])
    meeting = conference()
    response = officer.post(
        f"/api/v1/meetings/{meeting.pk}/conclusions/",
        {"text": "Hoàn thiện báo cáo tổng kết."},
        format="json",
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    conclusion = response.json()["id"]
    payload = {
        "conclusion": conclusion,
        "title": "Gửi báo cáo bổ sung",
        "assignee": "SD316",
        "deadline": "2022-08-30",
    }
    for change, field in (
        ({"deadline": "2022-01-01"}, "deadline"),
        ({"assignee": "KHONG-CO"}, "assignee"),  # any branch may be named, not an unknown code
        ({"conclusion": 10**6}, "conclusion"),
    ):
        response = officer.post("/api/v1/follow-up-tasks/", {**payload, **change}, format="json")
        assert response.status_code == 400 and field in response.json()["errors"], response.json()
    response = officer.post("/api/v1/follow-up-tasks/", payload, format="json")
    assert response.status_code == 201, response.content
    task = response.json()
    assert task["effective_status"] == "overdue" and task["meeting"] == meeting.pk
    listed = officer.get("/api/v1/follow-up-tasks/", {"assignee": "SD316", "status": "overdue"})
    assert [t["id"] for t in listed.json()["results"]] == [task["id"]]
    assert officer.get("/api/v1/follow-up-tasks/", {"status": "done"}).json()["count"] == 0
    assert officer.get("/api/v1/follow-up-tasks/", {"assignee": "SD355"}).json()["count"] == 0
    response = officer.get("/api/v1/follow-up-tasks/", {"assignee": "Z111"})
    assert response.status_code == 400 and "assignee" in response.json()["errors"]
    url = f"/api/v1/follow-up-tasks/{task['id']}/status/"
    assert api(users["cnqp.baocao"]).post(url, {"status": "done"}, format="json").status_code == 404
    response = api(users["qk2.baocao"]).post(url, {"status": "finished"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = api(users["qk2.baocao"]).post(
        url, {"status": "done", "done_on": tomorrow}, format="json"
    )
    assert response.status_code == 400 and "done_on" in response.json()["errors"]
    response = api(users["qk2.baocao"]).post(
        url, {"status": "done", "note": "Đã gửi."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["effective_status"] == "done"
    assert FollowUpTask.objects.get(pk=task["id"]).note == "Đã gửi."
    detail = officer.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert detail["conclusions"][0]["tasks"][0]["status"] == "done"


def test_the_minutes_render_as_a_document(users):
    officer = api(users["qk2.theodoi"])
    meeting = conference()
    response = officer.post(
        f"/api/v1/meetings/{meeting.pk}/render/", {"kind": "conclusion_notice"}, format="json"
    )
    assert response.status_code == 400  # no conclusions yet
    response = officer.post(
        f"/api/v1/meetings/{meeting.pk}/render/", {"kind": "minutes"}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "minutes"
    docx = officer.get(f"/api/v1/documents/{response.json()['id']}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_meeting_and_task_lists_take_a_bounded_number_of_queries(users):
    client = api(users["admin"])
    for path in ("/api/v1/meetings/", "/api/v1/follow-up-tasks/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": 500})
        assert response.status_code == 200 and response.json()["count"] >= 1, path
        assert len(queries) <= 4, (path, len(queries))
