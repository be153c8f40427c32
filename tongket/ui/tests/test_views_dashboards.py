"""The dashboards: figures equal to the values below, drill-down, export, scope, queries."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tongket.org.models import Unit
from tongket.reporting.models import DataValue, Period
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def latest_period() -> Period:
    return (
        Period.objects.filter(reports__form__code="BC6T-623-QK2", reports__state="approved")
        .order_by("-sort_key")
        .first()
    )


def test_the_dashboard_shows_the_sum_of_the_values_below(client, users):
    """Given the approved and submitted 623 reports of Quân khu 2's units, the QK2 dashboard
    shows for a summed indicator exactly the sum of their values."""
    client.force_login(users["qk2.baocao"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    qk2 = Unit.objects.get(code="QK2")
    period = latest_period()
    expected = sum(
        DataValue.objects.filter(
            indicator__code="HC03",
            indicator__resolution=resolution,
            period=period,
            report__state__in=["submitted", "approved"],
            unit__path__startswith=qk2.path,
        ).values_list("value", flat=True),
        Decimal(0),
    )
    response = client.get(
        f"/dashboards/resolutions/{resolution.pk}/", {"unit": qk2.pk, "period": period.code}
    )
    assert response.status_code == 200
    hc03 = next(r for r in response.context["rows"] if r.indicator.code == "HC03")
    assert hc03.value == expected
    assert "Sum of" in hc03.formula or "Tổng" in hc03.formula
    assert (
        response.context["completeness"]["expected"] >= response.context["completeness"]["received"]
    )


def test_drill_down_and_export(client, users):
    client.force_login(users["qk2.baocao"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    sd316 = Unit.objects.get(code="SD316")
    response = client.get(f"/dashboards/resolutions/{resolution.pk}/", {"unit": sd316.pk})
    assert response.status_code == 200
    assert {c.code for c in response.context["children"]} >= {"SD316-E98"}
    export = client.get(
        f"/dashboards/resolutions/{resolution.pk}/", {"unit": sd316.pk, "export": "xlsx"}
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Chỉ tiêu", "Đơn vị trực thuộc", "Tình hình báo cáo"]
    assert workbook["Chỉ tiêu"]["A2"].value == "HC01"


def test_another_branch_is_not_found(client, users):
    client.force_login(users["qk2.baocao"])
    r382 = Resolution.objects.get(symbol="382-NQ/ĐUQSTW")
    cnqp = Unit.objects.get(code="TCCNQP")
    assert client.get(f"/dashboards/resolutions/{r382.pk}/", {"unit": cnqp.pk}).status_code == 404
    assert client.get(f"/dashboards/units/{cnqp.pk}/").status_code == 404
    r06 = Resolution.objects.get(symbol="06-NQ/TW")
    assert client.get(f"/dashboards/resolutions/{r06.pk}/").status_code == 404


def test_the_dashboard_keeps_a_bounded_number_of_queries(
    client, users, django_assert_max_num_queries
):
    """The same number of queries at the top of the tree as at a regiment."""
    client.force_login(users["admin"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    for code in ("QUTW", "QK2", "SD316-E98"):
        unit = Unit.objects.get(code=code)
        with django_assert_max_num_queries(32):
            response = client.get(f"/dashboards/resolutions/{resolution.pk}/", {"unit": unit.pk})
        assert response.status_code == 200


def test_todays_tree_and_approved_only_switches(client, users):
    client.force_login(users["qk2.duyet"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    qk2 = Unit.objects.get(code="QK2")
    period = Period.objects.get(code="2024-H1")
    then = client.get(
        f"/dashboards/resolutions/{resolution.pk}/", {"unit": qk2.pk, "period": period.code}
    ).context["rows"]
    today = client.get(
        f"/dashboards/resolutions/{resolution.pk}/",
        {"unit": qk2.pk, "period": period.code, "tree": "today"},
    ).context["rows"]
    # Nothing moved between regions since 2024: both trees give the same figures at QK2.
    assert [r.value for r in then] == [r.value for r in today]
    approved = client.get(
        f"/dashboards/resolutions/{resolution.pk}/",
        {"unit": qk2.pk, "period": period.code, "basis": "approved"},
    ).context["rows"]
    assert [r.value for r in approved] == [r.value for r in then]  # 2024 is all approved


@pytest.mark.parametrize("period", ["2024-H1", None])
def test_a_scoped_officers_dashboard_takes_a_fixed_number_of_queries(
    client, users, period, django_assert_max_num_queries
):
    """Given a tracking officer of QK2 (a scoped reader, as the benchmark's), when QK2's
    dashboard is read with a period and with the default one worked out, then at most 24 and
    25 queries, session, grants (read once) and top bar included."""
    client.force_login(users["qk2.theodoi"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    params = {"unit": Unit.objects.get(code="QK2").pk}
    if period:
        params["period"] = period
    url = f"/dashboards/resolutions/{resolution.pk}/"
    assert client.get(url, params).status_code == 200
    with django_assert_max_num_queries(24 if period else 25):
        response = client.get(url, params)
    assert response.status_code == 200 and len(response.context["rows"]) > 0
