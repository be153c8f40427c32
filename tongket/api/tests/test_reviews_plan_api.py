"""The review plan over REST: `POST /campaigns/{id}/plan/` by the campaign's tracking
officers drafts it (again), the campaign lists it with role plan and it downloads like the
dossier; another role gets 403, another branch 404, and neither writes anything."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.org.models import User
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def test_the_officer_drafts_the_plan_and_reads_it_like_the_dossier(users):
    """Given Quân khu 2's review of 623, when its tracking officer posts `plan/` twice, then
    the same document answers with role plan and kind plan, at draft 2 the second time; the
    campaign lists it and it downloads as DOCX; the step is in the campaign's history."""
    campaign = c623()
    officer = api(users["qk2.theodoi"])
    url = f"/api/v1/campaigns/{campaign.pk}"
    response = officer.post(f"{url}/plan/")
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["role"] == "plan" and plan["kind"] == "plan" and plan["status"] == "draft"
    assert plan["issuer"] == campaign.owner_unit.code and plan["campaign"] == campaign.pk
    again = officer.post(f"{url}/plan/").json()
    assert again["id"] == plan["id"] and again["version"] > plan["version"]
    detail = officer.get(f"/api/v1/campaign-documents/{plan['id']}/").json()
    assert detail["draft"] == 2 and {b["key"] for b in detail["content"]} >= {"tien-do"}
    roles = {row["role"] for row in officer.get(f"{url}/").json()["dossier"]}
    assert roles == {"plan"}
    docx = officer.get(f"/api/v1/documents/{plan['id']}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    history = officer.get(f"{url}/history/").json()["results"]
    assert any(row["action"] == "campaign_plan_draft" for row in history)


def test_another_role_gets_403_and_another_branch_404_writing_nothing(users):
    """Given the review of Quân khu 2, when a drafting team member posts `plan/`, then 403;
    when someone of Tổng cục CNQP does, then 404; nothing is written."""
    campaign = c623()
    before = ChangeLog.objects.count()
    response = api(users["qk2.baocao"]).post(f"/api/v1/campaigns/{campaign.pk}/plan/")
    assert response.status_code == 403, response.content
    response = api(users["cnqp.baocao"]).post(f"/api/v1/campaigns/{campaign.pk}/plan/")
    assert response.status_code == 404, response.content
    assert ChangeLog.objects.count() == before
    assert not campaign.dossier.exists()


def test_the_plan_is_refused_with_the_state_once_submitted(users):
    """Given a submitted campaign, when its officer posts `plan/`, then 400 with code state."""
    campaign = c623()
    ReviewCampaign.objects.filter(pk=campaign.pk).update(state="submitted")
    response = api(users["qk2.theodoi"]).post(f"/api/v1/campaigns/{campaign.pk}/plan/")
    assert response.status_code == 400 and response.json()["code"] == "state"
