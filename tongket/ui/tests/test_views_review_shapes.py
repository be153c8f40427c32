"""Reviews of every shape on the pages: a final or mid-term review, ending in the reviewing
body's own resolution or reported upward, with or without appraisal, opened and edited from
the campaign form; each shape's page offers only the steps that shape has, a mid-term or
reported review closes without a successor, and one conference adopts several reviews of the
same body."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tongket.meetings.models import Meeting
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import services
from tongket.reviews.choices import CampaignState
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
C623 = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def form_data(**changes: object) -> dict[str, object]:
    """The campaign form as a tracking officer of Quân khu 2 fills it for a review of 623."""
    data: dict[str, object] = {
        "resolution": Resolution.objects.get(symbol="623-NQ/QUTW").pk,
        "owner_unit": "QK2",
        "kind": "interim_review",
        "span_from": "2013",
        "span_to": "2016",
        "next_from": "2017",
        "next_to": "2020",
        "standing_agency": "CHC-QK2",
        "appraisal_unit": "CCT-QK2",
        "style": "party",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def opened(client, **changes: object) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    before = set(ReviewCampaign.objects.values_list("pk", flat=True))
    response = client.post(url("campaign_create"), form_data(**changes))
    assert response.status_code == 302, body(response)
    return ReviewCampaign.objects.exclude(pk__in=before).get()


def test_the_form_offers_every_shape_field(as_user, users):
    page = body(as_user(users["qk2.theodoi"]).get(url("campaign_create")))
    assert 'data-testid="campaign-shape"' in page
    for name in ('name="shape" id="id_shape_0" value="issued"', 'name="reports_to"'):
        assert name in page
    assert 'name="with_appraisal"' in page


def test_a_review_reported_upward_without_appraisal_is_opened_from_the_form(as_user, users):
    """Given the form, when the officer opens a mid-term review reported upward to the
    Ministry without appraisal, then the campaign has that shape and its page says so."""
    client = as_user(users["qk2.theodoi"])
    campaign = opened(client, shape="reported", reports_to="BQP")
    assert campaign.shape == "reported" and campaign.reports_to.code == "BQP"
    assert campaign.with_appraisal is False
    page = body(client.get(url("campaign_detail", campaign.pk)))
    assert 'data-testid="campaign-shape"' in page and "Bộ Quốc phòng" in page


def test_a_review_reported_upward_names_its_body_beside_the_field(as_user, users):
    client = as_user(users["qk2.theodoi"])
    before = ReviewCampaign.objects.count()
    response = client.post(url("campaign_create"), form_data(shape="reported"))
    assert response.status_code == 200 and "id_reports_to-errors" in body(response)
    assert ReviewCampaign.objects.count() == before


def test_a_final_review_issued_by_the_body_with_appraisal_keeps_its_shape_when_edited(
    as_user, users
):
    """Given a final review opened with appraisal and ending in the body's own resolution,
    when the officer opens the edit page, then the shape is shown as chosen; saving it
    unchanged keeps it, and switching it to reported upward without appraisal while
    drafting is saved and logged."""
    client = as_user(users["qk2.theodoi"])
    campaign = opened(
        client,
        kind="final_review",
        span_to="2022",
        next_from="2023",
        next_to="2030",
        shape="issued",
        with_appraisal="on",
    )
    assert campaign.shape == "issued" and campaign.with_appraisal is True
    page = body(client.get(url("campaign_edit", campaign.pk)))
    assert 'value="issued" checked' in page and 'id="id_with_appraisal" checked' in page
    data = form_data(
        kind="final_review",
        span_to="2022",
        next_from="2023",
        next_to="2030",
        title=campaign.title,
        resolution=None,
        owner_unit=None,
        version=campaign.version,
        shape="issued",
        with_appraisal="on",
    )
    assert client.post(url("campaign_edit", campaign.pk), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.shape == "issued" and campaign.with_appraisal is True
    data.update(version=campaign.version, shape="reported", reports_to="BQP")
    del data["with_appraisal"]
    assert client.post(url("campaign_edit", campaign.pk), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.shape == "reported" and campaign.reports_to.code == "BQP"
    assert campaign.with_appraisal is False


def test_the_shape_is_fixed_once_the_dossier_is_submitted(as_user, users):
    officer = users["qk2.theodoi"]
    client = as_user(officer)
    campaign = opened(client)
    services.campaign_submit(by=officer, campaign=campaign, on=datetime.date(2017, 1, 10))
    campaign.refresh_from_db()
    data = form_data(
        title=campaign.title,
        resolution=None,
        owner_unit=None,
        version=campaign.version,
        shape="reported",
        reports_to="BQP",
    )
    response = client.post(url("campaign_edit", campaign.pk), data)
    assert response.status_code == 200 and "id_reports_to-errors" in body(response)
    campaign.refresh_from_db()
    assert campaign.shape == "issued"


def test_a_mid_term_review_opened_without_appraisal_is_submitted_and_closed_on_its_page(
    as_user, users
):
    """Given a mid-term review opened from the form without appraisal, when the officer
    drafts the dossier and opens the consultation, then the page offers to submit, not to
    send for appraisal; once submitted and adopted it closes on the page without a
    successor resolution, and it can no longer be edited."""
    officer = users["qk2.theodoi"]
    client = as_user(officer)
    campaign = opened(client)
    assert client.post(url("campaign_synthesize", campaign.pk)).status_code == 302
    assert client.post(url("campaign_consult", campaign.pk)).status_code == 302
    page = body(client.get(url("campaign_detail", campaign.pk)))
    assert 'data-testid="request-appraisal"' not in page and 'data-testid="submit"' in page
    response = client.post(url("campaign_submit", campaign.pk), {"submit-on": "10/01/2017"})
    assert response.status_code == 302
    as_user(users["qk2.duyet"]).post(url("campaign_adopt", campaign.pk), {"adopt-on": "20/01/2017"})
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.ADOPTED
    client = as_user(officer)
    response = client.post(url("campaign_close", campaign.pk), {"close-on": "25/01/2017"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CLOSED and campaign.new_resolution is None
    page = body(client.get(url("campaign_detail", campaign.pk)))
    assert 'data-testid="review-closed"' in page and 'data-testid="edit-campaign"' not in page


def test_a_review_reported_upward_closes_once_submitted_and_never_offers_to_issue(as_user, users):
    officer = users["qk2.theodoi"]
    client = as_user(officer)
    campaign = opened(client, kind="final_review", shape="reported", reports_to="BQP")
    services.campaign_submit(by=officer, campaign=campaign, on=datetime.date(2017, 1, 10))
    page = body(client.get(url("campaign_detail", campaign.pk)))
    assert 'data-testid="close-review"' in page and 'data-testid="issue"' not in page
    services.campaign_adopt(by=users["qk2.duyet"], campaign=campaign, on=datetime.date(2017, 1, 20))
    page = body(client.get(url("campaign_detail", campaign.pk)))
    assert 'data-testid="close-review"' in page and 'data-testid="issue"' not in page
    assert client.post(url("campaign_close", campaign.pk), {}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CLOSED
    assert "Bộ Quốc phòng" in body(client.get(url("campaign_detail", campaign.pk)))


def test_one_conference_adopts_several_reviews_of_the_same_body(as_user, users):
    """Given the conference of Quân khu 2's party committee held for its 623 review, and a
    mid-term review of the same committee submitted, when a leader adopts the mid-term
    review on its page at that conference, then both reviews name it."""
    officer = users["qk2.theodoi"]
    c623 = ReviewCampaign.objects.get(title=C623)
    conference = Meeting.objects.get(campaign=c623)
    interim = services.campaign_create(
        by=officer,
        kind="interim_review",
        resolution=c623.resolution,
        owner_unit=Unit.objects.get(code="DU-QK2"),
        standing_agency=Unit.objects.get(code="CHC-QK2"),
        span_from=2013,
        span_to=2017,
        next_from=2018,
        next_to=2022,
        with_appraisal=False,
    )
    services.campaign_submit(by=officer, campaign=interim, on=datetime.date(2022, 7, 1))
    leader = as_user(users["qk2.duyet"])
    page = body(leader.get(url("campaign_detail", interim.pk)))
    assert f'<option value="{conference.pk}"' in page
    response = leader.post(url("campaign_adopt", interim.pk), {"adopt-meeting": conference.pk})
    assert response.status_code == 302, body(response)
    interim.refresh_from_db()
    assert interim.state == CampaignState.ADOPTED and interim.adopted_at == conference
    assert interim.adopted_on == conference.date
    assert set(conference.adopted_campaigns.values_list("pk", flat=True)) >= {interim.pk}
