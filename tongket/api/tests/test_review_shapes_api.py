"""Through the API: a review's shape (final or mid-term, issued by the body or reported
upward, with or without appraisal) is changed like the rest of its frame, until the dossier
is appraised or submitted."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org.models import Unit, User
from tongket.resolutions.models import Resolution
from tongket.reviews import services

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_shape_of_a_review_is_changed_through_the_api(users):
    officer = users["qk2.theodoi"]
    campaign = services.campaign_create(
        by=officer,
        kind="final_review",
        resolution=Resolution.objects.get(symbol="623-NQ/QUTW"),
        owner_unit=Unit.objects.get(code="QK2"),
        standing_agency=Unit.objects.get(code="CHC-QK2"),
        span_from=2013,
        span_to=2016,
        next_from=2017,
        next_to=2020,
    )
    client = api(officer)
    url = f"/api/v1/campaigns/{campaign.pk}/"
    missing = client.patch(url, {"version": campaign.version, "shape": "reported"}, format="json")
    assert missing.status_code == 400 and "reports_to" in missing.json()["errors"]
    changed = client.patch(
        url,
        {
            "version": campaign.version,
            "kind": "interim_review",
            "shape": "reported",
            "reports_to": "BQP",
            "with_appraisal": False,
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["kind"], body["shape"], body["reports_to"], body["with_appraisal"]) == (
        "interim_review",
        "reported",
        "BQP",
        False,
    )
    campaign.refresh_from_db()
    services.campaign_submit(by=officer, campaign=campaign, on=datetime.date(2017, 1, 10))
    campaign.refresh_from_db()
    fixed = client.patch(url, {"version": campaign.version, "shape": "issued"}, format="json")
    assert fixed.status_code == 400 and "shape" in fixed.json()["errors"]
    closed = client.post(f"/api/v1/campaigns/{campaign.pk}/close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
