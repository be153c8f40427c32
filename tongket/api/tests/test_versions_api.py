"""The version of a record as it was read is required on every API update: without it the
update is refused naming the field (PATCHes without one used to overwrite each other); a
stale one answers 409 with the current version, and nothing is written either way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report
from tongket.resolutions.models import Resolution, Target

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def empty_draft() -> Report:
    report = (
        Report.objects.filter(
            form__code="BC6T-623-QK2",
            unit__code="BCHQS-PT",
            state=ReportState.DRAFT,
            period__is_open=True,
        )
        .order_by("-period__sort_key")
        .first()
    )
    report.values.all().delete()
    report.refresh_from_db()
    return report


def test_a_report_patch_without_version_is_refused_naming_the_field(users):
    report = empty_draft()
    response = api(users["qk2.baocao"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"values": [{"indicator": "HC02", "value": 12}]},
        format="json",
    )
    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert not report.values.exists()


def test_a_stale_report_patch_answers_409_with_the_current_version(users):
    """Given two people who read the same draft, when the second saves with the version
    they read after the first saved, then the answer is 409 with the current version and
    the first person's value stays."""
    report = empty_draft()
    client = api(users["qk2.baocao"])
    read = report.version
    first = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": read, "values": [{"indicator": "HC02", "value": 12}]},
        format="json",
    )
    assert first.status_code == 200, first.content
    second = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": read, "values": [{"indicator": "HC02", "value": 13}]},
        format="json",
    )
    assert second.status_code == 409 and second.json()["code"] == "conflict"
    report.refresh_from_db()
    assert second.json()["version"] == report.version != read
    assert report.values.get(indicator__code="HC02").value == Decimal(12)


def test_a_target_or_resolution_patch_without_version_is_refused(users):
    client = api(users["bqp.theodoi"])
    target = Target.objects.filter(unit__code="SD316", indicator__code="HC03").first()
    before = target.value
    response = client.patch(
        f"/api/v1/targets/{target.pk}/", {"value": str(before + 1), "reason": "x"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert Target.objects.get(pk=target.pk).value == before
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    response = client.patch(
        f"/api/v1/resolutions/{resolution.pk}/", {"description": "đổi"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert Resolution.objects.get(pk=resolution.pk).description == resolution.description
