"""Through the API, by the tracking officer of the body: a draft without number, a directive
mentioned without number, their completion later, and supersession refused to a lower body
and waiting for a draft's issue."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_api(users):
    token, _ = Token.objects.get_or_create(user=users["bqp.theodoi"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_draft_without_number_is_registered_then_issued(officer_api):
    # Given no symbol, no date and only the end of the horizon
    response = officer_api.post(
        "/api/v1/resolutions/",
        {
            "kind": "resolution",
            "issuing_unit": "QUTW",
            "owner_unit": "CKT",
            "subject": "về lãnh đạo công tác hậu cần đến năm 2030",
            "status": "draft",
            "horizon_to": 2030,
        },
        format="json",
    )
    # Then it is registered, its number line the official blank
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["symbol"] == "" and body["number"] is None and body["horizon_from"] is None
    assert body["number_line"].startswith("Số ") and body["number_line"].endswith("-NQ/QUTW")
    assert body["status"] == "draft"
    # When its number and date are entered it is in force
    issued = officer_api.post(
        f"/api/v1/resolutions/{body['id']}/issue/",
        {"symbol": "1901-NQ/QUTW", "issued_on": "2025-12-01"},
        format="json",
    )
    assert issued.status_code == 200, issued.json()
    assert issued.json()["status"] == "in_force"
    assert issued.json()["number_line"] == "Số 1901-NQ/QUTW"


def test_a_directive_mentioned_without_number_and_an_in_force_one_without_is_refused(officer_api):
    data = {
        "kind": "directive",
        "issuing_unit": "BQP",
        "owner_unit": "CKT",
        "subject": "về phòng, chống thiên tai",
        "status": "mentioned",
    }
    response = officer_api.post("/api/v1/resolutions/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["horizon_from"] is None and response.json()["horizon_to"] is None
    assert Resolution.objects.get(pk=response.json()["id"]).horizon_to is None
    refused = officer_api.post("/api/v1/resolutions/", data | {"status": "in_force"}, format="json")
    assert refused.status_code == 400
    assert "symbol" in refused.json()["errors"]


def test_a_lower_body_cannot_supersede_a_commission_resolution(officer_api):
    created = officer_api.post(
        "/api/v1/resolutions/",
        {
            "kind": "resolution",
            "symbol": "1902-NQ/TCCNQP",
            "issuing_unit": "TCCNQP",
            "owner_unit": "TCCNQP",
            "subject": "về thực hiện nghị quyết",
            "issued_on": "2022-08-01",
            "horizon_from": 2022,
            "horizon_to": 2030,
            "confirm_issuer": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    target = Resolution.objects.filter(issuing_unit__code="QUTW", status="in_force").first()
    refused = officer_api.post(
        f"/api/v1/resolutions/{created.json()['id']}/relations/",
        {"kind": "supersedes", "target": target.pk},
        format="json",
    )
    assert refused.status_code == 400 and "kind" in refused.json()["errors"]
    target.refresh_from_db()
    assert target.status == "in_force"
