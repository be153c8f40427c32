"""Issuing the review plan from the campaign's page: the button next to the plan for the
campaign's tracking officers only, the plan then listed with its number; a plan signed on
paper recorded on its frame page; another branch gets 404 and nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tongket.core.models import ChangeLog
from tongket.documents.choices import DocumentStatus
from tongket.documents.models import Document
from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def plan(users, c623) -> Document:  # type: ignore[no-untyped-def]
    return services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=c623)


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_officer_issues_the_plan_from_the_campaign_page(as_user, users, c623, plan):
    """Given a drafted plan of Quân khu 2's review, when its tracking officer presses the
    issue button with a past date, then the plan carries its KH number and that date, the
    page lists it with its symbol and offers neither the issue nor the draft button."""
    client = as_user(users["qk2.theodoi"])
    page = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="plan-issue"' in page and url("campaign_plan_issue", c623.pk) in page
    response = client.post(url("campaign_plan_issue", c623.pk), {"plan_issue-on": "15/03/2022"})
    assert response.status_code == 302 and response["Location"].endswith("#dossier")
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.ISSUED and plan.issued_on == datetime.date(2022, 3, 15)
    assert plan.symbol.endswith(f"-KH/{plan.issuer_code}")
    page = body(client.get(url("campaign_detail", c623.pk)))
    assert plan.symbol in page
    assert 'data-testid="plan-issue"' not in page and 'data-testid="plan-draft"' not in page


def test_a_future_date_is_shown_beside_the_field(as_user, users, c623, plan):
    """Given a drafted plan, when the officer issues it tomorrow, then the page again with
    the refusal and the panel open; the plan stays a draft."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_user(users["qk2.theodoi"]).post(
        url("campaign_plan_issue", c623.pk), {"plan_issue-on": tomorrow.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200
    assert "Ngày ban hành không được sau ngày hôm nay." in body(response)
    assert 'id="plan-issue-panel"' in body(response)
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.DRAFT


def test_only_the_officers_see_and_use_the_button(as_user, users, c623, plan):
    """Given a drafted plan, when a drafting team member opens the page and posts, then no
    button and nothing issued; someone of Tổng cục CNQP gets 404; nothing is logged."""
    before = ChangeLog.objects.count()
    client = as_user(users["qk2.baocao"])
    assert 'data-testid="plan-issue"' not in body(client.get(url("campaign_detail", c623.pk)))
    client.post(url("campaign_plan_issue", c623.pk), {"plan_issue-on": ""})
    response = as_user(users["cnqp.baocao"]).post(url("campaign_plan_issue", c623.pk))
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.DRAFT and ChangeLog.objects.count() == before


def test_a_plan_signed_on_paper_is_recorded_on_its_frame_page(as_user, users, c623, plan):
    """Given a drafted plan, when the officer records number 40 of 01/03/2022 on the plan's
    frame page, then it carries 40-KH; the dossier's documents stay refused there."""
    client = as_user(users["qk2.theodoi"])
    page = body(client.get(url("document_frame", plan.pk)))
    assert 'data-testid="record-issued-form"' in page
    response = client.post(
        url("document_record_issued", plan.pk),
        {"number": 40, "issued_on": "01/03/2022", "version": plan.version},
    )
    assert response.status_code == 302, body(response)
    plan.refresh_from_db()
    assert plan.symbol == f"40-KH/{plan.issuer_code}" and plan.is_issued
    report = services.campaign_synthesize(by=users["qk2.theodoi"], campaign=c623)[
        DossierRole.REPORT
    ]
    response = client.post(
        url("document_record_issued", report.pk),
        {"number": 41, "issued_on": "01/03/2022", "version": report.version},
    )
    assert response.status_code == 403
    assert not selectors.dossier(campaign=c623)[DossierRole.REPORT].is_issued
