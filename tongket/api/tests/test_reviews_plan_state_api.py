"""A review opened over REST by a command, without naming a format, takes the command's
(State); its plan drafted by `POST /campaigns/{id}/plan/` is a State-format document and
downloads as such."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org.models import User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_command_opens_a_review_and_drafts_a_state_format_plan(users):
    """Given Quân khu 2's tracking officer, when they open a review of 15/KH-BTL by the
    command (no `style`) and post `plan/`, then the campaign is State-format, the plan's
    profile is the State one and its DOCX carries the national title and "Số: …/KH-…"."""
    officer = api(users["qk2.theodoi"])
    response = officer.post(
        "/api/v1/campaigns/",
        {
            "kind": "interim_review",
            "resolution": "15/KH-BTL",
            "owner_unit": "QK2",
            "standing_agency": "CHC-QK2",
            "span_from": 2013,
            "span_to": 2017,
            "next_from": 2018,
            "next_to": 2020,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    campaign = response.json()
    assert campaign["style"] == "state"
    plan = officer.post(f"/api/v1/campaigns/{campaign['id']}/plan/")
    assert plan.status_code == 200, plan.content
    document = officer.get(f"/api/v1/documents/{plan.json()['id']}/").json()
    assert document["profile"] == "state-30-2020" and document["kind"] == "plan"
    data = officer.get(f"/api/v1/documents/{plan.json()['id']}/docx/").content
    header = Docx(io.BytesIO(data)).tables[0]
    cells = [cell.text for row in header.rows for cell in row.cells]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text for text in cells)
    assert any("Số: " in text and "/KH-" in text for text in cells)
