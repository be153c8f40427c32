"""Reviews of every shape: mid-term (sơ kết) closed without a successor resolution, a review
reported upward, without appraisal, and one conference adopting several reviews."""

import datetime

import pytest

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import services
from tongket.reviews.choices import CampaignKind, CampaignShape, CampaignState
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


def open_review(users, **extra) -> ReviewCampaign:
    qk2 = Unit.objects.get(code="QK2")
    return services.campaign_create(
        by=users["qk2.theodoi"],
        resolution=Resolution.objects.get(symbol="623-NQ/QUTW"),
        owner_unit=qk2,
        standing_agency=Unit.objects.get(code="CHC-QK2"),
        span_from=2013,
        span_to=2016,
        next_from=2017,
        next_to=2020,
        **({"kind": CampaignKind.INTERIM, "with_appraisal": False} | extra),
    )


def test_one_conference_adopted_the_reviews_of_382_and_765():
    c382 = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    c765 = ReviewCampaign.objects.get(resolution__symbol="765-NQ/QUTW")
    assert c382.adopted_at_id is not None and c382.adopted_at_id == c765.adopted_at_id
    assert {c.pk for c in c382.adopted_at.adopted_campaigns.all()} == {c382.pk, c765.pk}


def test_a_mid_term_review_without_appraisal_closes_without_a_successor(users):
    # Given a mid-term review of 623 by Quân khu 2 without appraisal
    officer, commander = users["qk2.theodoi"], users["qk2.duyet"]
    campaign = open_review(users)
    # When it is submitted straight from drafting, adopted and closed
    services.campaign_submit(by=officer, campaign=campaign, on=D(2017, 1, 10))
    services.campaign_adopt(by=commander, campaign=campaign, on=D(2017, 1, 20))
    with pytest.raises(DomainError):  # closed before its adoption
        services.campaign_close(by=officer, campaign=campaign, on=D(2017, 1, 5))
    closed = services.campaign_close(by=officer, campaign=campaign, on=D(2017, 1, 25))
    # Then it is closed with no new resolution, and 623 keeps its status
    assert closed.state == CampaignState.CLOSED and closed.new_resolution is None
    assert closed.is_closed and closed.closed_on == D(2017, 1, 25)
    assert Resolution.objects.get(symbol="623-NQ/QUTW").status == "in_force"
    assert ChangeLog.objects.filter(action="campaign_close", object_id=str(campaign.pk)).exists()


def test_a_final_review_issued_by_the_body_cannot_close_without_its_resolution(users):
    officer, commander = users["qk2.theodoi"], users["qk2.duyet"]
    campaign = open_review(users, kind=CampaignKind.FINAL)
    services.campaign_submit(by=officer, campaign=campaign, on=D(2017, 1, 10))
    services.campaign_adopt(by=commander, campaign=campaign, on=D(2017, 1, 20))
    with pytest.raises(DomainError):
        services.campaign_close(by=officer, campaign=campaign)


def test_a_review_reported_upward_issues_nothing_and_closes_once_reported(users):
    officer = users["qk2.theodoi"]
    with pytest.raises(DomainError) as caught:
        open_review(users, kind=CampaignKind.FINAL, shape=CampaignShape.REPORTED)
    assert "reports_to" in caught.value.error_dict
    campaign = open_review(
        users,
        kind=CampaignKind.FINAL,
        shape=CampaignShape.REPORTED,
        reports_to=Unit.objects.get(code="BQP"),
    )
    services.campaign_submit(by=officer, campaign=campaign, on=D(2017, 1, 10))
    closed = services.campaign_close(by=officer, campaign=campaign, on=D(2017, 1, 12))
    assert closed.state == CampaignState.CLOSED and closed.reports_to.code == "BQP"


def test_without_appraisal_there_is_no_request_for_it(users):
    campaign = open_review(users)
    with pytest.raises(DomainError) as caught:
        services.campaign_request_appraisal(by=users["qk2.theodoi"], campaign=campaign)
    assert caught.value.error_list[0].code == "no_appraisal"
