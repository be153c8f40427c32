"""The reporting regime of a report form over the API: read on the list and the detail
(with the contents derived from the form), written where the form is writable, refused with
the field named, and not writable by a reporter."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.reporting.models import ReportForm

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"


def client_of(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_regime_is_read_on_the_list_and_the_detail(users):
    form = ReportForm.objects.get(code=FORM)
    client = client_of(users["qk2.baocao"])
    listed = client.get("/api/v1/report-forms/").json()["results"]
    row = next(f for f in listed if f["code"] == FORM)
    assert row["delivery_methods"] == ["paper", "system"]
    assert row["outline_code"] == "Mẫu số 01/ĐC" and row["data_form_code"] == "Biểu số 01/BC"
    assert "regime" not in row
    detail = client.get(f"/api/v1/report-forms/{form.pk}/").json()
    regime = {item["key"]: item for item in detail["regime"]}
    assert regime["receiver"]["value"] == form.owner_unit.name
    assert regime["receiver"]["term"] == "Cơ quan nhận báo cáo" and regime["receiver"]["derived"]
    assert regime["document"]["value"] == form.regime_document
    assert list(regime)[-1] == "data_forms"


def test_the_tracking_officer_writes_the_regime_with_the_version(users):
    """Given the 623 form, when Quân khu 2's tracking officer patches its regime, then it is
    saved with a new version and logged; an unknown way of sending and none at all are 400s
    naming the field; a reporter is refused."""
    form = ReportForm.objects.get(code=FORM)
    url = f"/api/v1/report-forms/{form.pk}/"
    client = client_of(users["qk2.theodoi"])
    patched = client.patch(
        url,
        {
            "version": form.version,
            "delivery_methods": ["electronic", "paper"],
            "regime_document": "Quyết định số 7/QĐ-BTL",
            "data_form_code": "",
        },
        format="json",
    )
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["delivery_methods"] == ["paper", "electronic"]
    assert body["regime_document"] == "Quyết định số 7/QĐ-BTL" and body["data_form_code"] == ""
    assert body["outline_code"] == "Mẫu số 01/ĐC"  # not sent: unchanged
    assert body["version"] == form.version + 1
    assert ChangeLog.objects.filter(action="form_update", object_id=str(form.pk)).exists()
    for methods in (["fax"], []):
        refused = client.patch(
            url, {"version": body["version"], "delivery_methods": methods}, format="json"
        )
        assert refused.status_code == 400
        assert any(key.startswith("delivery_methods") for key in refused.json()["errors"])
    reporter = client_of(users["qk2.baocao"])
    denied = reporter.patch(
        url, {"version": body["version"], "regime_document": "Khác"}, format="json"
    )
    assert denied.status_code == 403
    assert ReportForm.objects.get(pk=form.pk).regime_document == "Quyết định số 7/QĐ-BTL"


def test_a_form_created_over_the_api_takes_its_regime(users):
    client = client_of(users["qk2.theodoi"])
    created = client.post(
        "/api/v1/report-forms/",
        {
            "code": "BC-QUY-REGIME",
            "name": "Báo cáo quý",
            "owner_unit": "QK2",
            "period_type": "quarter",
            "delivery_methods": ["paper"],
            "outline_code": "Đề cương 02",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["delivery_methods"] == ["paper"]
    assert created.json()["outline_code"] == "Đề cương 02"
    default = client.post(
        "/api/v1/report-forms/",
        {"code": "BC-QUY-R2", "name": "Báo cáo quý", "owner_unit": "QK2", "period_type": "quarter"},
        format="json",
    )
    assert default.status_code == 201 and default.json()["delivery_methods"] == ["system"]
