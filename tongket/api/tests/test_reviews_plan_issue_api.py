"""Issuing the review plan over REST: `POST /campaigns/{id}/plan/issue/` by the campaign's
tracking officers gives it the next KH number and its date; `POST /documents/{id}/issued/`
records a plan signed on paper; a future date or a second issue is 400, another role 403,
another branch 404, and neither writes anything; the dossier's documents stay refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.documents.models import Document
from tongket.org.models import User
from tongket.reviews import services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def campaign() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def plan(users, campaign) -> Document:  # type: ignore[no-untyped-def]
    return services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)


def test_the_officer_issues_the_plan_and_cannot_issue_it_twice(users, campaign, plan):
    """Given a drafted plan, when the officer posts `plan/issue/` with a past date, then the
    plan answers issued with its KH symbol and date; posting again is 400 with code
    issued; the campaign's history has the step."""
    officer = api(users["qk2.theodoi"])
    url = f"/api/v1/campaigns/{campaign.pk}/plan/issue/"
    response = officer.post(url, {"issued_on": "2022-03-15"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["role"] == "plan" and body["status"] == "issued" and body["id"] == plan.pk
    assert body["issued_on"] == "2022-03-15" and "-KH/" in body["symbol"]
    again = officer.post(url, {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "issued"
    history = officer.get(f"/api/v1/campaigns/{campaign.pk}/history/").json()["results"]
    assert any(row["action"] == "campaign_plan_issue" for row in history)


def test_a_future_date_is_400_on_the_field(users, campaign, plan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api(users["qk2.theodoi"]).post(
        f"/api/v1/campaigns/{campaign.pk}/plan/issue/",
        {"issued_on": tomorrow.isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "issued_on" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_issued


def test_another_role_403_another_branch_404_writing_nothing(users, campaign, plan):
    before = ChangeLog.objects.count()
    url = f"/api/v1/campaigns/{campaign.pk}/plan/issue/"
    assert api(users["qk2.baocao"]).post(url, {}, format="json").status_code == 403
    assert api(users["cnqp.baocao"]).post(url, {}, format="json").status_code == 404
    record = {"number": 40, "issued_on": "2022-03-01", "version": plan.version}
    response = api(users["qk2.baocao"]).post(
        f"/api/v1/documents/{plan.pk}/issued/", record, format="json"
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert not plan.is_issued and ChangeLog.objects.count() == before


def test_a_plan_signed_on_paper_is_recorded_the_dossier_is_not(users, campaign, plan):
    """Given a drafted plan, when the officer posts its paper number 40 to
    `documents/{id}/issued/`, then it carries 40-KH; the review report is still refused."""
    officer = api(users["qk2.theodoi"])
    record = {"number": 40, "issued_on": "2022-03-01", "version": plan.version}
    response = officer.post(f"/api/v1/documents/{plan.pk}/issued/", record, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["symbol"].startswith("40-KH/")
    report = services.campaign_synthesize(by=users["qk2.theodoi"], campaign=campaign)[
        DossierRole.REPORT
    ]
    record = {"number": 41, "issued_on": "2022-03-01", "version": report.version}
    response = officer.post(f"/api/v1/documents/{report.pk}/issued/", record, format="json")
    assert response.status_code == 403
