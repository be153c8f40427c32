"""The batch analytics endpoint, /api/v1/analytics/figures/: every cell is what the
single-figure analytics answers for it; one unit of another branch or one indicator of a
resolution the user is not cleared for refuses the whole call (404); bad and too many
parameters are a 400 naming the parameter; the number of queries does not grow with the
number of cells."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update
from tongket.reporting.selectors.grid import MAX_CELLS
from tongket.resolutions import services as resolution_services
from tongket.resolutions.models import Indicator, Resolution

pytestmark = pytest.mark.django_db
URL = "/api/v1/analytics/figures/"
R623 = "623-NQ/QUTW"
# Ten units of Quân khu 2's subtree, at several depths.
QK2_UNITS = [
    "QK2",
    "DU-QK2",
    "CHC-QK2",
    "CCT-QK2",
    "SD316",
    "SD355",
    "SD316-E98",
    "SD316-E148",
    "SD316-E174",
    "SD355-E52",
]
SAME = (
    "value",
    "numerator",
    "denominator",
    "count",
    "periods",
    "target",
    "target_due",
    "baseline",
    "progress",
    "status",
    "formula",
)


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_each_cell_is_the_single_figure_of_the_analytics(users):
    """Given Quân khu 2's reader, when two indicators (one by id, one by code) × two units ×
    a half-year and a year are asked in one call, then there is a cell for each, in order,
    and each says what /api/v1/analytics/ says for it: value, units reporting, target,
    progress, status and formula."""
    client = client_for(users["qk2.duyet"])
    hc01 = Indicator.objects.get(resolution__symbol=R623, code="HC01")
    response = client.get(
        URL,
        {
            "indicator": [str(hc01.pk), "hc03"],
            "resolution": R623,
            "unit": "QK2,SD316",
            "period": ["2024-H1", "2024"],
        },
    )
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert [i["code"] for i in body["indicators"]] == ["HC01", "HC03"]
    assert [u["code"] for u in body["units"]] == ["QK2", "SD316"]
    assert [p["code"] for p in body["periods"]] == ["2024-H1", "2024"]
    assert len(body["cells"]) == 8
    ids = {i["id"]: i["code"] for i in body["indicators"]}
    compared = 0
    for cell in body["cells"]:
        single = client.get(
            "/api/v1/analytics/",
            {
                "indicator": ids[cell["indicator"]],
                "resolution": R623,
                "unit": cell["unit"],
                "period": cell["period"],
            },
        ).json()
        assert {k: cell[k] for k in SAME} == {k: single[k] for k in SAME}, cell
        compared += cell["value"] is not None and cell["target"] is not None
    assert compared >= 2  # the comparison was made on figures with targets, not on blanks
    order = [(c["indicator"], c["unit"], c["period"]) for c in body["cells"]]
    assert order[:2] == [(hc01.pk, "QK2", "2024-H1"), (hc01.pk, "QK2", "2024")]
    hc03_year = body["cells"][-3]
    assert hc03_year["periods"] == ["2024-H1", "2024-H2"]
    assert Decimal(hc03_year["value"]) > 0


def test_a_unit_of_another_branch_refuses_the_whole_call(users, units):
    units_of_qk2 = units
    """Given a reporter of Tổng cục CNQP, when Quân khu 2 is asked (alone, or beside the
    reporter's own unit), then 404 answered as for a code no unit has, and nothing of Quân
    khu 2 in it; Quân khu 2's reader asking for Z111 beside QK2 gets the same 404."""
    params = {"indicator": "HC03", "resolution": R623, "period": "2024-H1"}
    outsider = client_for(users["cnqp.baocao"])
    unknown = outsider.get(URL, {**params, "unit": ["TCCNQP", "KHONGCO"]})
    assert unknown.status_code == 404
    for units in (["QK2"], ["TCCNQP", "QK2"]):
        response = outsider.get(URL, {**params, "unit": units})
        assert response.status_code == 404, (units, response.content[:200])
        assert response.json()["detail"] == unknown.json()["detail"].replace("KHONGCO", "QK2")
        assert units_of_qk2["QK2"].name not in response.content.decode()
    inside = client_for(users["qk2.duyet"])
    assert inside.get(URL, {**params, "unit": ["QK2", "Z111"]}).status_code == 404
    assert inside.get(URL, {**params, "unit": ["QK2"]}).status_code == 200


def test_a_marked_resolution_is_hidden_until_the_user_is_cleared(users):
    """Given 623-NQ/QUTW marked secret, when Quân khu 2's reader (no clearance) asks for
    one of its indicators, by id or by code, beside an indicator of another resolution,
    then 404 and none of its codes shown; once cleared, the same call answers."""
    hc03 = Indicator.objects.get(resolution__symbol=R623, code="HC03")
    other = Indicator.objects.filter(resolution__symbol="15/KH-BTL").first()
    resolution_services.resolution_update(
        by=SYSTEM, resolution=Resolution.objects.get(symbol=R623), classification="secret"
    )
    reader = users["qk2.duyet"]
    client = client_for(reader)
    base = {"unit": "QK2", "period": "2024-H1"}
    for indicator in ([hc03.pk, other.pk], [hc03.pk], ["HC03"]):
        response = client.get(URL, {**base, "indicator": indicator})
        assert response.status_code == 404, (indicator, response.status_code)
        assert hc03.name.encode() not in response.content
    assert client.get(URL, {**base, "indicator": other.pk}).status_code == 200
    user_update(by=SYSTEM, user=reader, clearance="secret")
    cleared = client_for(reader)
    response = cleared.get(URL, {**base, "indicator": [hc03.pk, other.pk]})
    assert response.status_code == 200
    assert [i["code"] for i in response.json()["indicators"]] == ["HC03", other.code]


def test_bad_or_too_many_parameters_are_a_400_naming_the_parameter(users):
    """Given Quân khu 2's reader, when a parameter is missing, malformed, names a period
    not in the calendar, is ambiguous, or the call asks for more than its bounds, then 400
    naming that parameter (the bounds checked before anything is looked up)."""
    plan = Resolution.objects.get(symbol="15/KH-BTL")
    resolution_services.indicator_create(
        by=users["qk2.theodoi"], resolution=plan, code="HC03", name="Sản lượng"
    )
    client = client_for(users["qk2.duyet"])
    base = {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": "2024-H1"}
    many_ids = [str(n) for n in range(1, 51)]  # 50 × 11 × 10 = 5,500 cells
    assert MAX_CELLS < 50 * 11 * 10
    cases = [
        ({"indicator": ""}, "indicator"),
        ({"indicator": "12345678901234567"}, "indicator"),
        ({"indicator": "HC03", "resolution": ""}, "indicator"),  # in two resolutions
        ({"unit": ""}, "unit"),
        ({"unit": "X" * 65}, "unit"),
        ({"period": "2024-H3"}, "period"),
        ({"period": "2090"}, "period"),
        ({"period": ["2024-H1", "2024-Q5"]}, "period"),
        ({"resolution": "999-XX/YY"}, "resolution"),
        ({"basis": "all"}, "basis"),
        ({"tree": "later"}, "tree"),
        ({"indicator": [str(n) for n in range(1, 102)]}, "indicator"),
        (
            {
                "indicator": many_ids,
                "unit": [f"U{n}" for n in range(11)],
                "period": [f"20{n:02d}" for n in range(10)],
            },
            "indicator",
        ),
    ]
    for params, field in cases:
        query = {**base, **params}
        if query.get("resolution") == "":
            del query["resolution"]
        response = client.get(URL, query)
        assert response.status_code == 400, (params, response.status_code, response.content[:200])
        assert field in response.json()["errors"], (params, response.json())
    without = {k: v for k, v in base.items() if k != "unit"}
    assert "unit" in client.get(URL, without).json()["errors"]


def test_the_number_of_queries_does_not_grow_with_the_cells(users, django_assert_max_num_queries):
    """Given Quân khu 2's reader, when 1 × 1 × 1 and then 5 indicators × 10 units × 4
    periods (a year among them) are asked, then both calls send the same number of
    queries, and few."""
    client = client_for(users["qk2.duyet"])
    one = {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": "2024"}
    many = {
        "indicator": ["HC01", "HC02", "HC03", "HC04", "HC05"],
        "resolution": R623,
        "unit": QK2_UNITS,
        "period": ["2023-H2", "2024-H1", "2024-H2", "2024"],
    }
    client.get(URL, one)  # the token and the session settled
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, one).status_code == 200
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as large:
        response = client.get(URL, many)
    assert response.status_code == 200
    assert len(response.json()["cells"]) == 200
    assert sum(c["value"] is not None for c in response.json()["cells"]) > 50
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"][:120] for q in large.captured_queries
    ]


def test_a_comma_separated_list_is_checked_code_by_code_not_as_one_long_value(users):
    """A trend asks for several periods in one comma-separated value, longer than one period
    code may be: each code is checked against the limit, not the whole value."""
    client = client_for(users["qk2.duyet"])
    codes = "2024-H1,2024-H2,2025-H1,2025-H2"
    response = client.get(
        URL, {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": codes}
    )
    assert response.status_code == 200, response.content[:300]
    assert [cell["period"] for cell in response.json()["cells"]] == codes.split(",")
    too_long = client.get(
        URL,
        {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": "2024-H1," + "9" * 17},
    )
    assert too_long.status_code == 400
    assert "period" in too_long.json()["errors"]
