"""The members of a body named as a campaign's steering committee or drafting team comment on
its dossier during the consultation as a member named on the campaign does, through the
service, the page and the API; they gain nothing else (no drafting, no answering, no
adopting, no other unit's review report); a user of another branch who sits on no such body
is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import NotFound
from tongket.core.scopes import SYSTEM
from tongket.documents.choices import CommentStatus
from tongket.org import services as org_services
from tongket.org.choices import GroupKind
from tongket.org.models import BodyGroup, User
from tongket.org.services import people as people_services
from tongket.reviews import selectors, services
from tongket.reviews.choices import Body, DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
TITLE = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(title=TITLE)


@pytest.fixture
def team(users, units, c623) -> BodyGroup:  # type: ignore[no-untyped-def]
    """Quân khu 2's Tổ Biên tập, named as the campaign's drafting team, with one member: the
    person of `cnqp.baocao` (Tổng cục CNQP, another branch, not named on the campaign)."""
    officer = users["qk2.theodoi"]
    group = org_services.body_group_create(
        by=officer,
        unit=units["DU-QK2"],
        kind=GroupKind.DRAFTING_TEAM,
        name="Tổ Biên tập tổng kết Nghị quyết 623",
    )
    org_services.body_group_member_add(by=officer, group=group, person=users["cnqp.baocao"].person)
    services.campaign_body_set(by=officer, campaign=c623, body=Body.DRAFTING_TEAM, group=group)
    c623.refresh_from_db()
    return group


@pytest.fixture
def report(c623):  # type: ignore[no-untyped-def]
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=c623)
    services.campaign_consult(by=SYSTEM, campaign=c623)
    return dossier[DossierRole.REPORT]


def _fresh(user: User) -> User:
    # Membership is read once per request (cached on the user object): a new object each time.
    return User.objects.get(pk=user.pk)


def test_a_member_of_the_drafting_team_body_comments_and_does_nothing_else(
    users, c623, team, report
):
    """Given the person of a user of another branch sitting on the campaign's Tổ Biên tập,
    when they comment on the report in consultation, then the comment is theirs; and they
    may not draft, answer, adopt or read other units' review reports."""
    member = _fresh(users["cnqp.baocao"])
    assert not selectors.is_member(member, c623)
    assert selectors.sits_on_body(member, c623) and selectors.can_comment(member, c623)
    comment = services.dossier_comment(
        by=member, document=report, section_key="han-che", text="Nêu rõ nguyên nhân hạn chế."
    )
    assert comment.author == member and comment.status == CommentStatus.OPEN
    assert not selectors.can_draft(member, c623) and not selectors.can_adopt(member, c623)
    assert not selectors.can_run(member, c623)
    with pytest.raises(PermissionDenied):
        services.dossier_comment_answer(by=member, comment=comment, status="accepted")
    with pytest.raises(PermissionDenied):
        services.campaign_adopt(by=member, campaign=c623)
    assert not selectors.unit_report_list(user=member, campaign=c623).exists()
    assert selectors.unit_report_list(user=users["qk2.duyet"], campaign=c623).exists()


def test_a_user_of_another_branch_on_no_body_is_refused(users, c623, team, report):
    outsider = _fresh(users["daklak.baocao"])
    assert not selectors.can_comment(outsider, c623)
    with pytest.raises(NotFound):
        services.dossier_comment(by=outsider, document=report, text="Ý kiến.")
    with pytest.raises(NotFound):
        selectors.campaign_get(user=outsider, pk=c623.pk)


def test_the_body_ceases_to_open_the_campaign_when_it_is_no_longer_the_campaigns(
    users, c623, team, report
):
    services.campaign_body_set(
        by=users["qk2.theodoi"], campaign=c623, body=Body.DRAFTING_TEAM, group=None
    )
    member = _fresh(users["cnqp.baocao"])
    with pytest.raises(NotFound):
        services.dossier_comment(by=member, document=report, text="Ý kiến.")


def test_the_holder_of_a_seat_comments_while_holding_the_position(users, units, c623, report):
    """Given a steering committee with a seat (a position at a unit, whoever holds it), when
    the holder's user comments, then it is accepted; once the position ended, refused."""
    officer = users["qk2.theodoi"]
    holder = users["daklak.baocao"]
    position = people_services.position_add(
        by=SYSTEM,
        person=holder.person,
        unit=units["BCHQS-DL"],
        title="Phó Chỉ huy trưởng",
        valid_from=datetime.date(2020, 1, 1),
    )
    committee = org_services.body_group_create(
        by=officer,
        unit=units["DU-QK2"],
        kind=GroupKind.STEERING_COMMITTEE,
        name="Ban Chỉ đạo tổng kết Nghị quyết 623",
    )
    org_services.body_group_member_add(
        by=officer,
        group=committee,
        position_unit=units["BCHQS-DL"],
        position_title="phó chỉ huy trưởng",
    )
    services.campaign_body_set(
        by=officer, campaign=c623, body=Body.STEERING_COMMITTEE, group=committee
    )
    services.dossier_comment(by=_fresh(holder), document=report, text="Bổ sung số liệu.")
    people_services.position_end(by=SYSTEM, position=position, valid_to=datetime.date(2021, 12, 31))
    with pytest.raises(NotFound):
        services.dossier_comment(by=_fresh(holder), document=report, text="Ý kiến.")


def test_the_page_shows_the_comment_form_to_the_body_member(as_user, users, team, report):
    client = as_user(users["cnqp.baocao"])
    page = client.get(reverse("ui:document_detail", args=[report.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="comment-form"' in text
    assert 'data-testid="edit-section"' not in text
    sent = client.post(
        reverse("ui:document_comment_add", args=[report.pk]),
        {"section_key": "han-che", "text": "Nêu rõ nguyên nhân."},
    )
    assert sent.status_code == 302
    assert report.comments.filter(author=users["cnqp.baocao"]).exists()
    outsider = as_user(users["daklak.baocao"])
    assert outsider.get(reverse("ui:document_detail", args=[report.pk])).status_code == 404
    refused = outsider.post(
        reverse("ui:document_comment_add", args=[report.pk]), {"text": "Ý kiến."}
    )
    assert refused.status_code == 404


def test_the_api_takes_the_body_members_comment(users, c623, team, report):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["cnqp.baocao"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    campaign = client.get(f"/api/v1/campaigns/{c623.pk}/")
    assert campaign.status_code == 200
    assert campaign.json()["can"]["comment"] is True
    assert campaign.json()["can"]["draft"] is False
    sent = client.post(
        f"/api/v1/campaign-documents/{report.pk}/comments/",
        {"text": "Ý kiến qua API.", "section_key": "han-che"},
        format="json",
    )
    assert sent.status_code == 201, sent.content
