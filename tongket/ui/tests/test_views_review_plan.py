"""The review plan on the campaign's page: the button for the campaign's tracking officers
while the documents may change, the plan listed first among the campaign's documents and
opened, corrected and downloaded like them; another branch gets 404 and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongket.core.models import ChangeLog
from tongket.reviews import selectors
from tongket.reviews.choices import CampaignState, DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_officer_drafts_the_plan_from_the_campaign_page(as_user, users, c623):
    """Given Quân khu 2's review of 623 in drafting, when its tracking officer presses the
    plan button, then the plan is listed first with its DOCX, its page opens with the
    correction and PDF links, and the dossier is still to draft."""
    client = as_user(users["qk2.theodoi"])
    page = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="plan-draft"' in page and 'data-testid="dossier-plan"' not in page
    response = client.post(url("campaign_plan_draft", c623.pk))
    assert response.status_code == 302 and response["Location"].endswith("#dossier")
    plan = selectors.dossier(campaign=c623)[DossierRole.PLAN]
    page = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="dossier-plan"' in page
    assert url("document_docx", plan.pk) in page
    # The plan is not the dossier: the workflow still offers to draft the dossier.
    assert (
        'data-testid="consult"' not in page and 'btn btn-primary" data-testid="synthesize"' in page
    )
    detail = client.get(url("document_detail", plan.pk))
    assert detail.status_code == 200 and url("document_frame", plan.pk) in body(detail)
    docx = client.get(url("document_docx", plan.pk))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    # Drafting it again makes draft 2 and says so.
    client.post(url("campaign_plan_draft", c623.pk))
    assert plan.versions.count() == 2


def test_the_button_is_only_for_the_officers_while_drafting(as_user, users, c623):
    """Given the review of 623, when a drafting team member or an approver opens the page,
    then no plan button, and their post writes nothing; once submitted, no button either."""
    before = ChangeLog.objects.count()
    for username in ("qk2.baocao", "qk2.duyet"):
        client = as_user(users[username])
        assert 'data-testid="plan-draft"' not in body(client.get(url("campaign_detail", c623.pk)))
        client.post(url("campaign_plan_draft", c623.pk))
    assert ChangeLog.objects.count() == before and not selectors.dossier(campaign=c623)
    ReviewCampaign.objects.filter(pk=c623.pk).update(state=CampaignState.SUBMITTED)
    page = body(as_user(users["qk2.theodoi"]).get(url("campaign_detail", c623.pk)))
    assert 'data-testid="plan-draft"' not in page


def test_another_branch_gets_404_and_nothing_is_written(as_user, users, c623):
    """Given the review of Quân khu 2, when someone of Tổng cục CNQP posts the plan button,
    then 404 and nothing is written."""
    before = ChangeLog.objects.count()
    response = as_user(users["cnqp.baocao"]).post(url("campaign_plan_draft", c623.pk))
    assert response.status_code == 404
    assert ChangeLog.objects.count() == before and not selectors.dossier(campaign=c623)
