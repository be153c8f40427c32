"""A campaign's steering committee and drafting team as bodies on record: a drafting team
with no named member holds the role; the kind must match; only the campaign's runners name
it, with the version as read; the page, the body's page and the API show it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import Conflict, DomainError
from tongket.core.models import ChangeLog
from tongket.org import services as org_services
from tongket.org.choices import GroupKind
from tongket.reviews import services
from tongket.reviews.choices import Body
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
TITLE = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    campaign = ReviewCampaign.objects.get(title=TITLE)
    assert not campaign.is_closed
    return campaign


@pytest.fixture
def team(users, units):  # type: ignore[no-untyped-def]
    return org_services.body_group_create(
        by=users["qk2.theodoi"],
        unit=units["DU-QK2"],
        kind=GroupKind.DRAFTING_TEAM,
        name="Tổ Biên tập tổng kết Nghị quyết 623",
        decision="Quyết định số 45-QĐ/ĐU",
    )


def test_a_drafting_team_with_no_named_member_holds_the_role(users, c623, team):
    officer = users["qk2.theodoi"]
    assert not team.members.exists()
    campaign = services.campaign_body_set(
        by=officer, campaign=c623, body=Body.DRAFTING_TEAM, group=team, version=c623.version
    )
    assert campaign.drafting_group == team and campaign.version == c623.version + 1
    assert ChangeLog.objects.filter(action="campaign_body_set").exists()
    # The kind must match the role.
    with pytest.raises(DomainError):
        services.campaign_body_set(
            by=officer, campaign=campaign, body=Body.STEERING_COMMITTEE, group=team
        )
    # A stale version is refused; a reporter may not name it.
    with pytest.raises(Conflict):
        services.campaign_body_set(
            by=officer, campaign=campaign, body=Body.DRAFTING_TEAM, group=None, version=1
        )
    with pytest.raises(PermissionDenied):
        services.campaign_body_set(
            by=users["qk2.baocao"], campaign=campaign, body=Body.DRAFTING_TEAM, group=None
        )
    services.campaign_body_set(by=officer, campaign=campaign, body=Body.DRAFTING_TEAM, group=None)
    campaign.refresh_from_db()
    assert campaign.drafting_group is None


def test_a_body_of_another_branch_is_refused(users, units, c623):
    other = org_services.body_group_create(
        by=users["daklak.theodoi"],
        unit=units["DUQS-DL"],
        kind=GroupKind.STEERING_COMMITTEE,
        name="Ban Chỉ đạo Đắk Lắk",
    )
    with pytest.raises(DomainError):
        services.campaign_body_set(
            by=users["qk2.theodoi"], campaign=c623, body=Body.STEERING_COMMITTEE, group=other
        )


def test_the_pages_name_and_show_the_body(as_user, users, c623, team):
    client = as_user(users["qk2.theodoi"])
    page = client.get(reverse("ui:campaign_detail", args=[c623.pk])).content.decode()
    assert 'data-testid="campaign-body-form"' in page
    response = client.post(
        reverse("ui:campaign_body_set", args=[c623.pk]),
        {"body-body": Body.DRAFTING_TEAM, "body-group": team.pk, "body-version": c623.version},
    )
    assert response.status_code == 302
    page = client.get(reverse("ui:campaign_detail", args=[c623.pk])).content.decode()
    assert 'data-testid="campaign-body"' in page and team.name in page
    body_page = client.get(reverse("ui:group_detail", args=[team.pk])).content.decode()
    assert 'data-testid="group-campaign"' in body_page and TITLE in body_page


def test_the_api_names_the_body(users, c623, team):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["qk2.theodoi"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        f"/api/v1/campaigns/{c623.pk}/bodies/",
        {"body": "drafting_team", "group": team.pk, "version": c623.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["drafting_group"] == team.pk
    assert response.json()["drafting_group_name"] == team.name
    stale = client.post(
        f"/api/v1/campaigns/{c623.pk}/bodies/",
        {"body": "drafting_team", "group": None, "version": c623.version},
        format="json",
    )
    assert stale.status_code == 409
