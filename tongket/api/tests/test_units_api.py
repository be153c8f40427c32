"""The units and people API: token auth, scoped reads, writes through the services,
errors that name the field, restructuring actions, read-only history."""

import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _client(user):
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def test_api_token_command_prints_a_working_token(users, capsys):
    call_command("api_token", "qk2.baocao")
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/units/").status_code == 200
    call_command("api_token", "qk2.baocao")
    assert capsys.readouterr().out.strip() == key


def test_anonymous_gets_401():
    assert APIClient().get("/api/v1/units/").status_code in {401, 403}


def test_search_ignores_diacritics_and_finds_old_codes(api, admin_user):
    client = api(admin_user)
    body = client.get("/api/v1/units/", {"search": "quan khu 2"}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][0]["code"] == "QK2"  # the exact name first
    assert {u["code"] for u in body["results"]} >= {"QK2", "CHC-QK2", "DU-QK2"}
    assert client.get("/api/v1/units/", {"search": "duqstw"}).json()["results"][0]["code"] == "QUTW"
    assert [
        u["code"] for u in client.get("/api/v1/units/", {"code": "ĐUQSTW"}).json()["results"]
    ] == ["QUTW"]


def test_scoped_user_sees_only_its_branch(api, users, units):
    client = api(users["qk2.baocao"])
    codes = {u["code"] for u in client.get("/api/v1/units/", {"page_size": 500}).json()["results"]}
    assert "QK2" in codes and "SD316" in codes
    assert not codes & {"TCCNQP", "Z111", "BQP", "QUTW"}
    cnqp = units["TCCNQP"]
    assert client.get(f"/api/v1/units/{cnqp.pk}/").status_code == 404
    assert client.get(f"/api/v1/units/{cnqp.pk}/history/").status_code == 404
    person = Person.objects.filter(unit=cnqp).first()
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert person.pk not in {
        p["id"] for p in client.get("/api/v1/people/", {"page_size": 500}).json()["results"]
    }


def test_scoped_admin_cannot_change_another_branch(api, qk2_admin, units):
    client = api(qk2_admin)
    cnqp = units["TCCNQP"]
    before = ChangeLog.objects.count()
    for action, payload in [
        ("rename", {"name": "X", "effective_date": "2024-01-01"}),
        ("move", {"new_parent": "QK2", "effective_date": "2024-01-01"}),
        ("dissolve", {"effective_date": "2024-01-01"}),
        ("merge", {"sources": ["SD316"], "target": "QK2", "effective_date": "2024-01-01"}),
        ("split", {"effective_date": "2024-01-01", "parts": []}),
    ]:
        assert (
            client.post(f"/api/v1/units/{cnqp.pk}/{action}/", payload, format="json").status_code
            == 404
        )
    assert (
        client.patch(f"/api/v1/units/{cnqp.pk}/", {"description": "x"}, format="json").status_code
        == 404
    )
    response = client.post(
        "/api/v1/units/", {"code": "X9", "name": "X", "parent": "TCCNQP"}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()["errors"]
    person = Person.objects.filter(unit=cnqp).first()
    assert (
        client.patch(f"/api/v1/people/{person.pk}/", {"full_name": "Y"}, format="json").status_code
        == 404
    )
    assert ChangeLog.objects.count() == before


def test_create_and_errors_name_the_field(api, admin_user):
    client = api(admin_user)
    response = client.post(
        "/api/v1/units/", {"code": "TD9", "name": "Tiểu đoàn 9", "parent": "SD316"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == "SD316"
    duplicate = client.post(
        "/api/v1/units/", {"code": "TD9", "name": "Khác", "parent": "SD316"}, format="json"
    )
    assert duplicate.status_code == 400
    assert set(duplicate.json()) == {"detail", "errors"} and "code" in duplicate.json()["errors"]
    unknown = client.post(
        "/api/v1/units/", {"code": "TD10", "name": "X", "parent": "KHONGCO"}, format="json"
    )
    assert unknown.status_code == 400 and "parent" in unknown.json()["errors"]


def test_malformed_json_is_a_400_not_a_500(api, admin_user):
    client = api(admin_user)
    response = client.generic(
        "POST", "/api/v1/units/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    response = client.post("/api/v1/units/", json.dumps([1, 2]), content_type="application/json")
    assert response.status_code == 400


def test_move_cycle_is_a_400_naming_the_field(api, admin_user, units):
    client = api(admin_user)
    response = client.post(
        f"/api/v1/units/{units['SD316'].pk}/move/",
        {"new_parent": "SD316-E98", "effective_date": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "new_parent" in response.json()["errors"]


def test_restructuring_actions_run_through_the_services(api, admin_user, units):
    client = api(admin_user)
    renamed = client.post(
        f"/api/v1/units/{units['CKT'].pk}/rename/",
        {"name": "Cục Kinh tế – Quốc phòng", "effective_date": "2024-01-01"},
        format="json",
    )
    assert (
        renamed.status_code == 200
        and [n["name"] for n in renamed.json()["names"]][-1] == "Cục Kinh tế – Quốc phòng"
    )
    merged = client.post(
        f"/api/v1/units/{units['SD316'].pk}/merge/",
        {
            "sources": ["SD355"],
            "new_code": "SDHN",
            "new_name": "Sư đoàn hợp nhất",
            "effective_date": "2024-02-01",
        },
        format="json",
    )
    assert merged.status_code == 200, merged.content
    assert Unit.objects.get(code="SD355").dissolved_on is not None
    history = client.get(f"/api/v1/units/{units['CKT'].pk}/history/").json()["results"]
    assert history[0]["action"] == "unit_rename" and history[0]["before"]["name"] == "Cục Kinh tế"


def test_history_cannot_be_edited_or_deleted(api, admin_user, units):
    client = api(admin_user)
    url = f"/api/v1/units/{units['CKT'].pk}/history/"
    for method in ("put", "patch", "delete", "post"):
        assert getattr(client, method)(url, {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/units/{units['CKT'].pk}/").status_code == 405


def test_people_with_ranks_and_positions(api, admin_user):
    client = api(admin_user)
    created = client.post(
        "/api/v1/people/",
        {"full_name": "Đỗ Văn Mới", "unit": "QK2", "gender": "male"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/people/{pk}/ranks/",
            {"rank": "dai_uy", "valid_from": "2020-01-01"},
            format="json",
        ).status_code
        == 201
    )
    position = client.post(
        f"/api/v1/people/{pk}/positions/",
        {
            "title": "Trợ lý",
            "unit": "CHC-QK2",
            "valid_from": "2021-01-01",
            "valid_to": "2020-01-01",
        },
        format="json",
    )
    assert position.status_code == 400 and "valid_to" in position.json()["errors"]
    detail = client.get(f"/api/v1/people/{pk}/").json()
    assert detail["ranks"][0]["rank_name"] == "Đại úy" and detail["positions"] == []
    assert [
        p["full_name"]
        for p in client.get("/api/v1/people/", {"search": "do van moi"}).json()["results"]
    ] == ["Đỗ Văn Mới"]


def test_schema_and_docs_are_served(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and b"/api/v1/units/" in schema.content
    assert client.get("/api/docs/").status_code == 200
