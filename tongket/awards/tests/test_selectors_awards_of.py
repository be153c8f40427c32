"""The commendations a unit or a person received, read through the classification rule: an
award of a decision for a review of a marked resolution is not shown (nor the decision's
number) to a reader without clearance; a cleared reader sees it."""

import pytest

from tongket.awards import selectors
from tongket.awards.models import AwardDecision, Nomination
from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update
from tongket.testing import classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_award():  # type: ignore[no-untyped-def]
    """An award of Tổng cục CNQP's decision after the review of 382-NQ/ĐUQSTW, the resolution
    then marked Tối mật."""
    decision = AwardDecision.objects.filter(campaign=classification.campaign()).first()
    award = Nomination.objects.filter(decision=decision, nominee_unit__isnull=False).first()
    person_award = Nomination.objects.filter(
        decision=decision, nominee_person__isnull=False
    ).first()
    classification.mark_secret()
    return decision, award, person_award


def test_a_reader_without_clearance_does_not_see_the_award_of_a_secret_review(
    admin_user, secret_award
):
    _decision, award, person_award = secret_award
    assert admin_user.clearance == "none"
    assert award not in selectors.awards_of_unit(user=admin_user, unit=award.nominee_unit)
    assert person_award not in selectors.awards_of_person(
        user=admin_user, person=person_award.nominee_person
    )


def test_a_cleared_reader_sees_the_award(admin_user, secret_award):
    _decision, award, person_award = secret_award
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    assert award in selectors.awards_of_unit(user=admin_user, unit=award.nominee_unit)
    assert person_award in selectors.awards_of_person(
        user=admin_user, person=person_award.nominee_person
    )


def test_the_unit_and_person_pages_show_the_decision_only_to_a_cleared_reader(
    client, admin_user, secret_award
):
    """Given the award's decision number, when an administrator of the whole tree without
    clearance opens the awardee's unit page and a person's page, then the number is not on
    them; given the clearance, it is."""
    decision, award, person_award = secret_award
    pages = [f"/units/{award.nominee_unit_id}/", f"/people/{person_award.nominee_person_id}/"]
    client.force_login(admin_user)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert decision.reference not in response.content.decode()
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    client.force_login(admin_user)
    for page in pages:
        assert decision.reference in client.get(page).content.decode()


def test_an_award_of_a_decision_marked_on_its_own_document_takes_the_mark(admin_user):
    """Given a decision unrelated to any marked review whose document alone is marked Mật,
    then its awards are not shown to a reader without clearance."""
    from tongket.documents.models import Document

    decision = AwardDecision.objects.filter(campaign__isnull=True, document__isnull=False).first()
    if decision is None:
        decision = (
            AwardDecision.objects.exclude(campaign=classification.campaign())
            .filter(document__isnull=False)
            .first()
        )
    award = Nomination.objects.filter(decision=decision, nominee_unit__isnull=False).first()
    assert award in selectors.awards_of_unit(user=admin_user, unit=award.nominee_unit)
    # No service changes a document's own mark after it is drafted: set it as stored.
    Document.objects.filter(pk=decision.document_id).update(classification="confidential")
    assert award not in selectors.awards_of_unit(user=admin_user, unit=award.nominee_unit)


def test_the_campaign_list_leaves_out_an_award_marked_above_its_campaign(admin_user):
    """Given an award of Quân khu 2's review of 623 whose decision's document alone is marked
    Mật, then the campaign's award lists leave it out for a reader without clearance and
    keep it for a cleared one."""
    from tongket.documents.models import Document
    from tongket.reviews.models import ReviewCampaign

    campaign = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    award = (
        selectors.campaign_awards(user=admin_user, campaign=campaign)["awarded"]
        .filter(decision__document__isnull=False)
        .first()
    )
    # No service changes a document's own mark after it is drafted: set it as stored.
    Document.objects.filter(pk=award.decision.document_id).update(classification="confidential")
    assert award not in selectors.campaign_awards(user=admin_user, campaign=campaign)["awarded"]
    user_update(by=SYSTEM, user=admin_user, clearance="confidential")
    assert award in selectors.campaign_awards(user=admin_user, campaign=campaign)["awarded"]
