"""Awards read through the one rule of `core.classification`: an awardee whose nomination
derives from a classified resolution, and a decision marked on its own document, are left out
of a decision's awardee list (page, API, XLSX) and of a campaign's awards summary for a user
without clearance, and shown to a user with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tongket.api.tests.test_scope_api import client_for
from tongket.awards import selectors
from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import AwardCount, AwardDecision, Nomination
from tongket.core.scopes import SYSTEM
from tongket.documents.models import Document
from tongket.org.services import user_update
from tongket.reviews.models import ReviewCampaign
from tongket.testing import classification

pytestmark = pytest.mark.django_db


def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def secret_awardee() -> Nomination:
    """An individual awarded by a decision of the 623 review (not itself marked), whose
    nomination was made for 382-NQ/ĐUQSTW, now marked secret."""
    nomination = (
        Nomination.objects.filter(
            campaign=c623(),
            state=NominationState.APPROVED,
            decision__isnull=False,
            decision__document__isnull=False,
            nominee_kind=NomineeKind.INDIVIDUAL,
        )
        .order_by("pk")
        .first()
    )
    assert nomination is not None
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(pk=nomination.pk).update(resolution=classification.resolution())
    classification.mark_secret()
    nomination.refresh_from_db()
    return nomination


def test_the_summary_does_not_count_an_awardee_above_the_readers_clearance(
    admin_user: Any, secret_awardee: Nomination
) -> None:
    """Given a 623 awardee nominated for the secret 382, when the administrator without
    clearance reads the 623 awards summary, then that awardee is not among the named ones,
    as the list beside it does not show it either."""
    cleared = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623())
    uncleared = selectors.campaign_awards_summary(user=admin_user, campaign=c623())
    named = uncleared["named"]["awarded"]
    assert named["individuals"] == cleared["named"]["awarded"]["individuals"] - 1
    assert named["collectives"] == cleared["named"]["awarded"]["collectives"]
    listed = selectors.campaign_awards(user=admin_user, campaign=c623())["awarded"]
    assert secret_awardee not in listed
    assert listed.filter(nominee_kind=NomineeKind.INDIVIDUAL).count() == named["individuals"]


def test_the_summary_leaves_out_the_counts_of_a_decision_marked_on_its_document(
    admin_user: Any,
) -> None:
    """Given a 623 decision whose document is marked secret, when the administrator without
    clearance reads the summary (page and API), then neither its counts nor its awardees
    are in it; once cleared, they are."""
    decision = (
        AwardDecision.objects.filter(
            campaign=c623(),
            document__isnull=False,
            issuer_id__in=_own(),
            counts__outcome="awarded",
            counts__count__gt=0,
        )
        .order_by("pk")
        .first()
    )
    assert decision is not None
    Document.objects.filter(pk=decision.document_id).update(classification="secret")
    others = AwardCount.objects.filter(
        decision__campaign=c623(), outcome="awarded", decision__issuer_id__in=_own()
    ).exclude(decision=decision)
    expected = sum(c.count for c in others)
    summary = selectors.campaign_awards_summary(user=admin_user, campaign=c623())
    assert sum(summary["declared"]["awarded"].values()) == expected
    answer = client_for(admin_user).get(f"/api/v1/campaigns/{c623().pk}/awards-summary/")
    assert answer.status_code == 200
    assert answer.json()["awarded"] == summary["awarded"]
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    admin_user.refresh_from_db()
    cleared = selectors.campaign_awards_summary(user=admin_user, campaign=c623())
    assert sum(cleared["declared"]["awarded"].values()) > expected


def _own() -> set[int]:
    campaign = c623()
    return {campaign.owner_unit_id, campaign.figures_unit.pk}


def test_the_decision_page_api_and_list_leave_out_an_awardee_above_the_readers_clearance(
    client: Any, admin_user: Any, secret_awardee: Nomination
) -> None:
    """Given a 623 awardee nominated for the secret 382, when the administrator without
    clearance opens its decision (page, API, XLSX list), then the decision answers without
    that awardee; once cleared, the awardee is listed."""
    decision = secret_awardee.decision
    link = reverse("ui:nomination_detail", args=[secret_awardee.pk])
    client.force_login(admin_user)
    page = client.get(reverse("ui:decision_detail", args=[decision.pk]))
    assert page.status_code == 200
    assert link not in page.content.decode()
    api = client_for(admin_user).get(f"/api/v1/award-decisions/{decision.pk}/")
    assert api.status_code == 200
    listed = [row["nomination"] for row in api.json()["awardees"]]
    assert listed and secret_awardee.pk not in listed
    # The decision's files name every awardee: they are refused whole, not cut.
    assert client.get(reverse("ui:decision_xlsx", args=[decision.pk])).status_code == 404

    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    assert link in client.get(reverse("ui:decision_detail", args=[decision.pk])).content.decode()
    api = client_for(admin_user).get(f"/api/v1/award-decisions/{decision.pk}/")
    assert secret_awardee.pk in [row["nomination"] for row in api.json()["awardees"]]
    sheet = client.get(reverse("ui:decision_xlsx", args=[decision.pk]))
    assert secret_awardee.nominee_name in _cells(sheet)


def _cells(response: Any) -> list[str]:
    import io

    data = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
