"""Named bodies over REST: recorded without members, members named and taken off, a stale
change answers 409, a reporter 403, another branch 404."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org.models import Person, User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_body_and_its_members(users):
    officer = api(users["qk2.theodoi"])
    created = officer.post(
        "/api/v1/body-groups/",
        {"unit": "QK2", "kind": "drafting_team", "name": "Tổ Biên tập tổng kết NQ 623"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["members"] == [] and body["unit"] == "QK2" and body["version"] == 1
    pk = body["id"]

    seat = officer.post(
        f"/api/v1/body-groups/{pk}/members/",
        {"position_unit": "QK2", "position_title": "Tư lệnh Quân khu", "role": "head"},
        format="json",
    )
    assert seat.status_code == 201, seat.content
    assert seat.json()["position_unit"] == "QK2"
    person = Person.objects.filter(unit__code="CTC").first()
    member = officer.post(f"/api/v1/body-groups/{pk}/members/", {"person": person.pk})
    assert member.status_code == 201
    assert officer.post(f"/api/v1/body-groups/{pk}/members/", {}).status_code == 400

    detail = officer.get(f"/api/v1/body-groups/{pk}/").json()
    assert [m["role"] for m in detail["members"]] == ["head", "member"]
    assert detail["members"][0]["holder"] is not None  # today's Tư lệnh Quân khu

    removed = officer.post(
        f"/api/v1/body-groups/{pk}/members/remove/", {"member": member.json()["id"]}
    )
    assert removed.status_code == 200 and len(removed.json()["members"]) == 1

    renamed = officer.patch(
        f"/api/v1/body-groups/{pk}/", {"name": "Tổ Biên tập", "version": 1}, format="json"
    )
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    stale = officer.patch(f"/api/v1/body-groups/{pk}/", {"note": "x", "version": 1})
    assert stale.status_code == 409
    assert officer.patch(f"/api/v1/body-groups/{pk}/", {"note": "x"}).status_code == 400

    listed = officer.get("/api/v1/body-groups/", {"kind": "drafting_team", "unit": "QK2"}).json()
    assert pk in [g["id"] for g in listed["results"]]
    assert officer.get(f"/api/v1/body-groups/{pk}/history/").status_code == 200

    reporter = api(users["qk2.baocao"])
    assert reporter.get(f"/api/v1/body-groups/{pk}/").status_code == 200
    assert (
        reporter.patch(f"/api/v1/body-groups/{pk}/", {"note": "x", "version": 2}).status_code == 403
    )
    other = api(users["cnqp.baocao"])
    assert other.get(f"/api/v1/body-groups/{pk}/").status_code == 404
    assert pk not in [g["id"] for g in other.get("/api/v1/body-groups/").json()["results"]]
