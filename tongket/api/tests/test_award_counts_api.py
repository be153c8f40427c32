"""Through the API, by Quân khu 2's officers: a decision recorded from paper with counts and
no list, counts set on a decision, the level of an awarding body, and a mid-term review
closed without a successor resolution."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.awards.models import AwardDecision, AwardForm
from tongket.org.models import User
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_decision_from_paper_with_counts_and_no_list(users):
    client = api(users["qk2.thidua"])
    c623 = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    response = client.post(
        "/api/v1/award-decisions/record/",
        {
            "issuer": "QK2",
            "form": AwardForm.objects.get(code="GK").pk,
            "symbol": "88/QĐ-BTL",
            "issued_on": "2022-07-09",
            "campaign": c623.pk,
            "counts": [
                {"nominee_kind": "collective", "count": 4},
                {
                    "outcome": "proposed",
                    "form": AwardForm.objects.get(code="BK-BQP").pk,
                    "nominee_kind": "individual",
                    "count": 1,
                    "proposed_to": "BQP",
                },
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["document"] is None and body["symbol"] == "88/QĐ-BTL"
    assert body["issued_on"] == "2022-07-09"
    assert {(c["outcome"], c["count"]) for c in body["counts"]} == {("awarded", 4), ("proposed", 1)}
    assert client.get(f"/api/v1/award-decisions/{body['id']}/docx/").status_code == 404


def test_counts_below_the_named_list_are_refused_naming_the_row(users):
    client = api(users["qk2.thidua"])
    decision = AwardDecision.objects.get(
        campaign__resolution__symbol="623-NQ/QUTW", issuer__code="QK2", form__code="BK-DV"
    )
    response = client.post(
        f"/api/v1/award-decisions/{decision.pk}/counts/",
        {"counts": [{"nominee_kind": "collective", "count": 2}]},
        format="json",
    )
    assert response.status_code == 400
    assert "counts[1]" in response.json()["errors"]
    listed = client.get(f"/api/v1/award-decisions/{decision.pk}/").json()
    assert {(c["outcome"], c["nominee_kind"], c["count"]) for c in listed["counts"]} == {
        ("awarded", "collective", 26),
        ("awarded", "individual", 28),
        ("proposed", "collective", 3),
        ("proposed", "individual", 3),
    }


def test_the_level_of_a_body_is_read_by_all_and_set_by_an_administrator(users):
    levels = api(users["qk2.thidua"]).get("/api/v1/award-authorities/levels/").json()
    assert ("QK2", "region") in {(row["unit"], row["level"]) for row in levels}
    refused = api(users["qk2.thidua"]).post(
        "/api/v1/award-authorities/levels/", {"unit": "QK2", "level": "ministry"}, format="json"
    )
    assert refused.status_code == 403
    done = api(users["admin"]).post(
        "/api/v1/award-authorities/levels/", {"unit": "CKT", "level": "region"}, format="json"
    )
    assert done.status_code == 200, done.json()


def test_a_mid_term_review_closes_through_the_api(users):
    from tongket.resolutions.models import Resolution
    from tongket.reviews import services

    officer = users["qk2.theodoi"]
    client = api(officer)
    created = client.post(
        "/api/v1/campaigns/",
        {
            "kind": "interim_review",
            "resolution": Resolution.objects.get(symbol="623-NQ/QUTW").pk,
            "owner_unit": "QK2",
            "standing_agency": "CHC-QK2",
            "span_from": 2013,
            "span_to": 2016,
            "next_from": 2017,
            "next_to": 2020,
            "with_appraisal": False,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["with_appraisal"] is False and created.json()["shape"] == "issued"
    pk = created.json()["id"]
    campaign = services.campaign_submit(by=officer, campaign=ReviewCampaign.objects.get(pk=pk))
    services.campaign_adopt(by=users["qk2.duyet"], campaign=campaign)
    closed = client.post(f"/api/v1/campaigns/{pk}/close/", {}, format="json")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["state"] == "closed" and closed.json()["new_resolution"] is None
