"""Through the API: a period long past opened for a form is entered afterwards (nhập bù); its
reports say so and the completeness counts them apart from the on-time rate."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org.models import User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_past_quarter_opened_as_entered_afterwards(users):
    """Given a quarterly form asked of QK2, when the officer opens 2021-Q1 through the API,
    then its report reads is_backfill, and the completeness of QK2 for the quarter counts it
    as entered afterwards, with nothing overdue and no on-time rate."""
    client = api(users["qk2.theodoi"])
    created = client.post(
        "/api/v1/report-forms/",
        {"code": "BCQ-QK2", "name": "Báo cáo quý", "owner_unit": "QK2", "period_type": "quarter"},
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/report-forms/{created.json()['id']}"
    client.post(f"{url}/assign/", {"units": ["QK2"]}, format="json")
    opened = client.post(f"{url}/open-period/", {"period": "2021-Q1"}, format="json")
    assert opened.json() == {"period": "2021-Q1", "reports_created": 1}
    reports = client.get("/api/v1/reports/", {"form": "BCQ-QK2"}).json()["results"]
    assert [r["is_backfill"] for r in reports] == [True]
    counts = client.get(
        "/api/v1/completeness/", {"unit": "QK2", "period": "2021-Q1", "form": "BCQ-QK2"}
    ).json()
    assert counts["expected"] == 1 and counts["backfill"] == 1
    assert counts["overdue"] == 0 and counts["timeliness"] is None
    refused = client.post(f"{url}/open-period/", {"period": "2021-Q2", "backfill": "x"})
    assert refused.status_code == 400 and "backfill" in refused.json()["errors"]
