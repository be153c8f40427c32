"""/api/v1/visualizations/ and its data endpoint, /api/v1/unit-groups/: allowed in the
caller's scope, 404 for another branch, 400 naming the field for a bad spec."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tongket.analysis.testing
from tongket.analysis.models import UnitGroup, Visualization
from tongket.core.models import ChangeLog
from tongket.org.models import Unit, User
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import Period
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ids(*codes: str) -> list[int]:
    return [Indicator.objects.get(code=code, resolution__symbol="623-NQ/QUTW").pk for code in codes]


def test_the_data_endpoint_answers_many_indicators_units_and_periods_in_one_call(users):
    """Given three indicators × QK2's children × two half-years, the endpoint answers every
    cell with the reporting figure and its formula, in one call (GET and POST alike)."""
    user = users["qk2.baocao"]
    qk2 = Unit.objects.get(code="QK2")
    periods = list(
        Period.objects.filter(type="half_year", reports__form__code="BC6T-623-QK2")
        .distinct()
        .order_by("-sort_key")[:2]
    )
    spec = {
        "indicators": ids("HC01", "HC02", "HC03"),
        "units": [qk2.pk],
        "unit_level": "children",
        "periods": [p.code for p in periods],
        "rows": ["unit", "period"],
        "columns": ["indicator"],
    }
    posted = api(user).post("/api/v1/visualizations/data/", spec, format="json")
    assert posted.status_code == 200, posted.json()
    body = posted.json()
    assert [c["short"] for c in body["columns"]] == ["HC01", "HC02", "HC03"]
    assert body["layout"]["filters"] == []
    children = reporting_selectors.children_at(user=user, unit=qk2, period=periods[0])
    assert len(body["rows"]) == len(children) * 2
    row = body["rows"][0]
    unit = Unit.objects.get(pk=row["keys"]["unit"])
    period = Period.objects.get(pk=row["keys"]["period"])
    expected = reporting_selectors.figures(
        user=user,
        unit=unit,
        period=period,
        indicators=list(Indicator.objects.filter(pk__in=spec["indicators"]).order_by("order")),
    )
    for cell, figure in zip(body["cells"][0], expected, strict=True):
        assert cell["formula"] == figure.formula
        assert (cell["value"] is None) == (figure.value is None)
    got = api(user).get(
        "/api/v1/visualizations/data/",
        {
            "indicators": ",".join(str(i) for i in spec["indicators"]),
            "units": str(qk2.pk),
            "unit_level": "children",
            "periods": ",".join(p.code for p in periods),
            "rows": "unit,period",
            "columns": "indicator",
        },
    )
    assert got.status_code == 200
    assert got.json()["cells"] == body["cells"]


def test_a_bad_spec_is_a_400_naming_the_field(users):
    client = api(users["qk2.baocao"])
    qk2 = Unit.objects.get(code="QK2")
    response = client.post(
        "/api/v1/visualizations/data/",
        {
            "indicators": ids("HC01", "HC02"),
            "units": [qk2.pk],
            "relative": ["last_4_half_years"],
            "rows": ["unit"],
            "columns": ["period"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "filters" in response.json()["errors"]
    response = client.post(
        "/api/v1/visualizations/data/",
        {"indicators": ids("HC01"), "units": [qk2.pk], "relative": ["next_century"]},
        format="json",
    )
    assert response.status_code == 400 and "relative" in response.json()["errors"]


def test_favourites_are_created_listed_changed_and_read_through_the_api(users):
    qk2 = Unit.objects.get(code="QK2")
    owner = api(users["qk2.baocao"])
    created = owner.post(
        "/api/v1/visualizations/",
        {
            "name": "Tăng gia sản xuất",
            "spec": {
                "indicators": ids("HC02"),
                "units": [qk2.pk],
                "unit_level": "children",
                "relative": ["this_year", "last_year"],
                "chart": "column",
            },
            "shared": True,
            "unit": "QK2",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["chart_type"] == "column" and created.json()["unit"] == "QK2"
    colleague = api(users["qk2.duyet"])
    assert pk in [v["id"] for v in colleague.get("/api/v1/visualizations/").json()["results"]]
    data = colleague.get(f"/api/v1/visualizations/{pk}/data/")
    assert data.status_code == 200 and data.json()["chart"] == "column"
    refused = colleague.patch(f"/api/v1/visualizations/{pk}/", {"name": "X"}, format="json")
    assert refused.status_code == 403
    changed = owner.patch(
        f"/api/v1/visualizations/{pk}/", {"name": "Tăng gia", "version": 1}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = owner.patch(f"/api/v1/visualizations/{pk}/", {"name": "Y", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    xlsx = owner.get(f"/api/v1/visualizations/{pk}/data/", {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert owner.delete(f"/api/v1/visualizations/{pk}/").status_code == 204
    assert not Visualization.objects.filter(pk=pk).exists()


def test_another_branch_answers_404_and_nothing_changes(users):
    cnqp = Unit.objects.get(code="TCCNQP")
    favourite = tongket.analysis.testing._visualization(cnqp, users["cnqp.baocao"])
    group = tongket.analysis.testing.branch_group(cnqp)
    client = api(users["qk2.baocao"])
    before = ChangeLog.objects.count()
    for path in [
        f"/api/v1/visualizations/{favourite}/",
        f"/api/v1/visualizations/{favourite}/data/",
        f"/api/v1/unit-groups/{group.pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    assert (
        client.patch(
            f"/api/v1/visualizations/{favourite}/", {"name": "X"}, format="json"
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/visualizations/{favourite}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/unit-groups/{group.pk}/members/", {"unit": "QK2"}, format="json"
        ).status_code
        == 404
    )
    assert favourite not in [
        v["id"] for v in client.get("/api/v1/visualizations/").json()["results"]
    ]
    assert group.pk not in [g["id"] for g in client.get("/api/v1/unit-groups/").json()["results"]]
    posted = client.post(
        "/api/v1/visualizations/data/",
        {"indicators": ids("HC01"), "units": [cnqp.pk], "relative": ["last_4_half_years"]},
        format="json",
    )
    assert posted.status_code == 404
    assert ChangeLog.objects.count() == before


def test_unit_groups_through_the_api(users):
    """Given the QK2 tracking officer, a group set and a group are created, a member added
    and ended; the members shown to a CNQP user of a group above them exclude QK2's."""
    client = api(users["qk2.theodoi"])
    made = client.post(
        "/api/v1/unit-group-sets/",
        {"code": "VUNG", "name": "Vùng", "owner_unit": "QK2"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    created = client.post(
        "/api/v1/unit-groups/",
        {
            "code": "TAYBAC",
            "name": "Tây Bắc",
            "owner_unit": "QK2",
            "group_set": made.json()["id"],
            "units": ["SD316"],
            "valid_from": "2020-01-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert [m["unit"] for m in created.json()["members"]] == ["SD316"]
    added = client.post(f"/api/v1/unit-groups/{pk}/members/", {"unit": "SD355"}, format="json")
    assert {m["unit"] for m in added.json()["members"]} == {"SD316", "SD355"}
    again = client.post(f"/api/v1/unit-groups/{pk}/members/", {"unit": "SD355"}, format="json")
    assert again.status_code == 400 and "unit" in again.json()["errors"]
    member = next(m for m in added.json()["members"] if m["unit"] == "SD316")
    ended = client.post(
        f"/api/v1/unit-groups/{pk}/end-member/",
        {"member": member["id"], "valid_to": "2025-01-01"},
        format="json",
    )
    assert ended.status_code == 200
    assert (
        next(m for m in ended.json()["members"] if m["unit"] == "SD316")["valid_to"] == "2025-01-01"
    )
    outside = client.post(f"/api/v1/unit-groups/{pk}/members/", {"unit": "TCCNQP"}, format="json")
    assert outside.status_code == 400
    assert UnitGroup.objects.get(pk=pk).members.count() == 2
    reporter = api(users["qk2.baocao"])
    assert (
        reporter.post(
            f"/api/v1/unit-groups/{pk}/members/", {"unit": "QK2"}, format="json"
        ).status_code
        == 403
    )
