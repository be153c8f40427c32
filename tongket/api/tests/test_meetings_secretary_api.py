"""Meetings over REST: the secretary who keeps and signs the minutes is recorded, changed
(version checked) and read; the invitation is drafted like the minutes."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.meetings.models import Meeting
from tongket.org.models import Person, User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_meeting_is_recorded_and_changed_with_its_secretary(users):
    """Given Quân khu 2's tracking officer, when a meeting is recorded with a secretary, then
    it reads back with the secretary's id and name; a change of secretary with a stale
    version is a conflict; the chair as secretary is refused naming the field."""
    officer = api(users["qk2.theodoi"])
    chair, secretary, other = Person.objects.filter(unit__code="QK2").order_by("pk")[:3]
    payload = {
        "host_unit": "QK2",
        "kind": "working_session",
        "title": "Làm việc với Sư đoàn 316",
        "date": "2024-03-05",
        "chair": chair.pk,
        "secretary": secretary.pk,
    }
    response = officer.post("/api/v1/meetings/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secretary"] == secretary.pk and body["secretary_name"] == secretary.full_name
    url = f"/api/v1/meetings/{body['id']}/"
    response = officer.patch(
        url, {"secretary": other.pk, "version": body["version"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["secretary"] == other.pk
    stale = officer.patch(
        url, {"secretary": secretary.pk, "version": body["version"]}, format="json"
    )
    assert stale.status_code == 409
    current = officer.get(url).json()
    refused = officer.patch(
        url, {"secretary": chair.pk, "version": current["version"]}, format="json"
    )
    assert refused.status_code == 400 and "secretary" in refused.json()["errors"]
    assert Meeting.objects.get(pk=body["id"]).secretary == other
    listed = officer.get("/api/v1/meetings/", {"start": "2024-03-01"}).json()["results"]
    assert {m["id"]: m["secretary"] for m in listed}[body["id"]] == other.pk


def test_the_invitation_renders_as_a_document(users):
    officer = api(users["qk2.theodoi"])
    meeting = Meeting.objects.get(date=datetime.date(2022, 7, 8))
    response = officer.post(
        f"/api/v1/meetings/{meeting.pk}/render/", {"kind": "invitation"}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "invitation"
    reporter = api(users["qk2.baocao"])
    response = reporter.post(
        f"/api/v1/meetings/{meeting.pk}/render/", {"kind": "invitation"}, format="json"
    )
    assert response.status_code == 403
