"""DHIS2 dataValueSets: periods written the DHIS2 way, a set exported and imported back
leaves every value unchanged, a changed value goes in, a bad value refuses the whole set,
and another branch can neither read nor write."""

import copy
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis.dhis2 import period_from_dhis2, period_to_dhis2
from tongket.reporting.models import DataValue, Report

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token = Token.objects.get_or_create(user=user)[0]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def draft() -> Report:
    return (
        Report.objects.filter(
            form__code="BC6T-623-QK2", state="draft", period__is_open=True, values__isnull=False
        )
        .select_related("unit", "period")
        .distinct()
        .order_by("pk")
        .first()
    )


def stored(report: Report) -> dict[str, tuple]:
    return {
        v.indicator.code: (v.value, v.numerator, v.denominator, v.comment)
        for v in DataValue.objects.filter(report=report).select_related("indicator")
    }


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("2024", "2024"),
        ("2024-H2", "2024S2"),
        ("2024-Q3", "2024Q3"),
        ("2024-07", "202407"),
        ("2024-9M", "2024-9M"),
        ("2020-2025", "2020-2025"),
    ],
)
def test_periods_are_written_the_dhis2_way_and_read_back(ours, theirs):
    assert period_to_dhis2(ours) == theirs
    assert period_from_dhis2(theirs) == ours


def test_a_set_exported_and_imported_back_leaves_every_value_unchanged(users):
    """Given a draft with values, its dataValueSet (JSON, then CSV) imported back changes no
    value; a ratio travels as its numerator and denominator."""
    report = draft()
    before = stored(report)
    assert len(before) >= 3
    client = api(users["qk2.baocao"])
    query = {
        "form": "BC6T-623-QK2",
        "period": period_to_dhis2(report.period.code),
        "unit": report.unit.code,
    }
    exported = client.get("/api/v1/data-value-sets/", query)
    assert exported.status_code == 200, exported.json()
    data = exported.json()
    assert data["dataSet"] == "BC6T-623-QK2"
    assert {v["orgUnit"] for v in data["dataValues"]} == {report.unit.code}
    assert {v.get("categoryOptionCombo") for v in data["dataValues"]} >= {None, "NUM", "DEN"}
    back = client.post("/api/v1/data-value-sets/", data, format="json")
    assert back.status_code == 200, back.json()
    assert back.json()["values"] == len(before)
    assert stored(report) == before
    csv_text = client.get("/api/v1/data-value-sets/", {**query, "output": "csv"}).content
    assert csv_text.decode().splitlines()[0].startswith("dataelement,period,orgunit")
    again = client.post(
        "/api/v1/data-value-sets/?form=BC6T-623-QK2", csv_text, content_type="text/csv"
    )
    assert again.status_code == 200, again.json()
    assert stored(report) == before


def test_a_changed_value_goes_in_and_a_bad_one_refuses_the_set(users):
    report = draft()
    client = api(users["qk2.baocao"])
    query = {"form": "BC6T-623-QK2", "period": report.period.code, "unit": report.unit.code}
    data = client.get("/api/v1/data-value-sets/", query).json()
    plain = next(v for v in data["dataValues"] if "categoryOptionCombo" not in v)
    changed = copy.deepcopy(data)
    next(v for v in changed["dataValues"] if v == plain)["value"] = "123.5"
    assert client.post("/api/v1/data-value-sets/", changed, format="json").status_code == 200
    assert stored(report)[plain["dataElement"]][0] == Decimal("123.5")
    before = stored(report)
    broken = copy.deepcopy(changed)
    broken["dataValues"][0]["value"] = "999"
    broken["dataValues"].append({**plain, "dataElement": "KHONGCO", "value": "1"})
    broken["dataValues"].append({**plain, "categoryOptionCombo": "XYZ"})
    refused = client.post("/api/v1/data-value-sets/", broken, format="json")
    assert refused.status_code == 400
    rows = refused.json()["errors"]["rows"]
    assert [r["row"] for r in rows] == [len(broken["dataValues"])]  # checked first: the combo
    broken["dataValues"].pop()
    refused = client.post("/api/v1/data-value-sets/", broken, format="json")
    assert refused.status_code == 400
    assert any(r["column"] == "Mã chỉ tiêu" for r in refused.json()["errors"]["rows"])
    assert stored(report) == before


def test_another_branch_can_neither_read_nor_write(users):
    report = draft()
    owner = api(users["qk2.baocao"])
    data = owner.get(
        "/api/v1/data-value-sets/",
        {"form": "BC6T-623-QK2", "period": report.period.code, "unit": report.unit.code},
    ).json()
    before = stored(report)
    other = api(users["cnqp.baocao"])
    read = other.get(
        "/api/v1/data-value-sets/", {"form": "BC6T-623-QK2", "period": report.period.code}
    )
    assert read.status_code == 404
    for value in data["dataValues"]:
        value["value"] = "1"
    data["dataValues"] = [v for v in data["dataValues"] if "categoryOptionCombo" not in v]
    data.pop("dataSet")
    # No form the other branch can see asks these indicators of these units.
    written = other.post("/api/v1/data-value-sets/", data, format="json")
    assert written.status_code == 400 and "form" in written.json()["errors"]
    named = other.post("/api/v1/data-value-sets/?form=BC6T-623-QK2", data, format="json")
    assert named.status_code == 400  # the form is not one of theirs: named as unknown
    assert stored(report) == before
