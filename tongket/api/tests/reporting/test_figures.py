"""Figures through the API: sums of the values, bases counting submitted or approved reports,
fresh after a submission, an ambiguous indicator code, and the completeness of a subtree."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from tongket.api.tests.reporting.helpers import COUNTED, FORM, FOUR, draft, four, median_values, pct
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report
from tongket.resolutions import services as resolution_services
from tongket.resolutions.models import Indicator, Resolution

pytestmark = pytest.mark.django_db


# --- Figures ------------------------------------------------------------------------------


def sums(
    indicator: Indicator, period: Period, path: str, states=COUNTED, field="report__path_then"
):
    values = DataValue.objects.filter(
        indicator=indicator,
        period=period,
        report__state__in=states,
        value__isnull=False,
        **{f"{field}__startswith": path},
    )
    return (
        sum((v.value for v in values), Decimal(0)),
        sum((v.numerator or 0 for v in values), Decimal(0)),
        sum((v.denominator or 0 for v in values), Decimal(0)),
        values.count(),
    )


def test_figures_equal_the_sums_of_the_values(api, users, units):
    """Given the values of 2024, when Quân khu 2's figures are read, then a sum is the sum of
    the values below (tree as it was, or today's), a ratio Σnumerator/Σdenominator, a year
    the sum of its half-years (a last-value ratio, the second half's), the children's figures
    their own subtrees', and the reporting the count of the reports."""
    client = api(users["qk2.duyet"])
    r623 = Resolution.objects.get(symbol="623-NQ/QUTW")
    hc03, hc01 = r623.indicators.get(code="HC03"), r623.indicators.get(code="HC01")
    h1, h2 = Period.objects.get(code="2024-H1"), Period.objects.get(code="2024-H2")
    qk2, sd316 = units["QK2"], units["SD316"]

    body = client.get(
        "/api/v1/analytics/",
        {
            "indicator": "HC03",
            "resolution": "623-NQ/QUTW",
            "unit": "QK2",
            "period": "2024-H1",
            "children": 1,
        },
    ).json()
    total, _n, _d, count = sums(hc03, h1, qk2.path)
    assert body["value"] == four(total) and body["count"] == count
    assert body["formula"] and body["status"] in {
        "exceeded",
        "met",
        "on_track",
        "at_risk",
        "behind",
    }
    children = {c["unit"]["code"]: c for c in body["children"]}
    assert children["SD316"]["value"] == four(sums(hc03, h1, sd316.path)[0])
    assert "CHC-QK2" in children
    assert sum(Decimal(c["value"] or 0) for c in body["children"]) == total

    reports = Report.objects.filter(
        form__form_indicators__indicator=hc03, period=h1, path_then__startswith=qk2.path
    )
    received = [r for r in reports if r.first_submitted_at]
    on_time = [r for r in received if timezone.localtime(r.first_submitted_at).date() <= r.due_date]
    assert body["reporting"]["expected"] == reports.count()
    assert body["reporting"]["received"] == len(received)
    assert body["reporting"]["on_time"] == len(on_time)

    today_tree = client.get(
        "/api/v1/analytics/",
        {
            "indicator": "HC03",
            "resolution": r623.pk,
            "unit": "QK2",
            "period": "2024-H1",
            "tree": "today",
        },
    ).json()
    assert today_tree["value"] == four(sums(hc03, h1, qk2.path, field="unit__path")[0])

    year = client.get(
        "/api/v1/analytics/",
        {"indicator": "HC03", "resolution": r623.pk, "unit": "QK2", "period": "2024"},
    ).json()
    assert year["value"] == four(sums(hc03, h1, qk2.path)[0] + sums(hc03, h2, qk2.path)[0])
    assert year["periods"] == ["2024-H1", "2024-H2"]
    assert (
        year["reporting"]["expected"]
        == Report.objects.filter(
            form__form_indicators__indicator=hc03,
            period__in=[h1, h2],
            path_then__startswith=qk2.path,
        ).count()
    )

    ratio = client.get(
        "/api/v1/analytics/",
        {"indicator": "HC01", "resolution": r623.pk, "unit": "QK2", "period": "2024"},
    ).json()
    _v, numerator, denominator, _c = sums(hc01, h2, qk2.path)  # HC01 counts its last value
    assert ratio["value"] == pct(numerator, denominator)
    assert ratio["numerator"] == four(numerator) and ratio["denominator"] == four(denominator)


def test_bases_count_submitted_or_approved_reports(api, users, units):
    """Given the first half of this year (some reports submitted, returned or approved), when
    read on each basis, then each counts the values of the reports in its states."""
    client = api(users["qk2.duyet"])
    hc03 = Indicator.objects.get(resolution__symbol="623-NQ/QUTW", code="HC03")
    period = (
        Period.objects.filter(reports__form__code=FORM, is_open=True).order_by("sort_key").first()
    )
    qk2 = units["QK2"]
    params = {
        "indicator": "HC03",
        "resolution": "623-NQ/QUTW",
        "unit": "QK2",
        "period": period.code,
    }
    submitted = client.get("/api/v1/analytics/", {**params, "basis": "submitted"}).json()
    approved = client.get("/api/v1/analytics/", {**params, "basis": "approved"}).json()
    assert submitted["value"] == four(sums(hc03, period, qk2.path)[0])
    assert approved["value"] == four(
        sums(hc03, period, qk2.path, states=(ReportState.APPROVED,))[0]
    )
    assert submitted["basis"] == "submitted" and approved["basis"] == "approved"


def test_fresh_figures_follow_a_submission(api, users):
    """Given regiment 98's draft, when it is submitted through the API, then the region's
    figure for the period grows by the value at once."""
    reporter, reader = api(users["qk2.baocao"]), api(users["qk2.duyet"])
    report = draft("SD316-E98")
    params = {
        "indicator": "HC03",
        "resolution": "623-NQ/QUTW",
        "unit": "QK2",
        "period": report.period.code,
    }
    before = Decimal(reader.get("/api/v1/analytics/", params).json()["value"] or 0)
    values = [{**v, "comment": "Đã kiểm tra"} for v in median_values(report)]
    saved = reporter.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": Report.objects.get(pk=report.pk).version, "values": values},
        format="json",
    )
    assert saved.status_code == 200
    assert reporter.post(f"/api/v1/reports/{report.pk}/submit/").status_code == 200
    added = DataValue.objects.get(report=report, indicator__code="HC03").value
    after = Decimal(reader.get("/api/v1/analytics/", params).json()["value"])
    assert after == before + added


def test_an_ambiguous_indicator_code_asks_for_the_resolution(api, users):
    """Given HC03 also in Quân khu 2's plan, when the figure of HC03 is asked without a
    resolution, then 400 names the indicator; with the resolution's symbol or id it answers;
    bad parameters name themselves."""
    plan = Resolution.objects.get(symbol="15/KH-BTL")
    resolution_services.indicator_create(
        by=users["qk2.theodoi"], resolution=plan, code="HC03", name="Sản lượng"
    )
    client = api(users["qk2.duyet"])
    base = {"indicator": "HC03", "unit": "QK2", "period": "2024-H1"}
    ambiguous = client.get("/api/v1/analytics/", base)
    assert ambiguous.status_code == 400 and "indicator" in ambiguous.json()["errors"]
    assert (
        client.get("/api/v1/analytics/", {**base, "resolution": "623-NQ/QUTW"}).status_code == 200
    )
    assert client.get("/api/v1/analytics/", {**base, "resolution": plan.pk}).json()["value"] is None
    for params, field in [
        ({"resolution": "999-XX/YY"}, "resolution"),
        ({"resolution": "623-NQ/QUTW", "indicator": "KHONG"}, "indicator"),
        ({"resolution": "623-NQ/QUTW", "unit": "Z111"}, "unit"),
        ({"resolution": "623-NQ/QUTW", "period": "2024-H3"}, "period"),
        ({"resolution": "623-NQ/QUTW", "period": "2090"}, "period"),
        ({"resolution": "623-NQ/QUTW", "basis": "all"}, "basis"),
        ({"resolution": "623-NQ/QUTW", "tree": "later"}, "tree"),
    ]:
        response = client.get("/api/v1/analytics/", {**base, **params})
        assert response.status_code == 400 and field in response.json()["errors"], params


def test_completeness_counts_the_reports_of_the_subtree(api, users, units):
    """Given the first half of this year, when the completeness of Quân khu 2 is read, then
    it counts the reports expected, received and on time; a unit of another branch is a 400."""
    client = api(users["qk2.duyet"])
    period = (
        Period.objects.filter(reports__form__code=FORM, is_open=True).order_by("sort_key").first()
    )
    body = client.get("/api/v1/completeness/", {"unit": "QK2", "period": period.code}).json()
    reports = Report.objects.filter(period=period, path_then__startswith=units["QK2"].path)
    received = reports.filter(first_submitted_at__isnull=False).count()
    assert body["expected"] == reports.count() and body["received"] == received
    assert body["missing"] == reports.count() - received
    assert Decimal(body["completeness"]) == (Decimal(received) * 100 / reports.count()).quantize(
        FOUR, rounding=ROUND_HALF_UP
    )
    with_form = client.get(
        "/api/v1/completeness/", {"unit": "SD316", "period": period.code, "form": FORM}
    ).json()
    assert (
        with_form["expected"] == reports.filter(unit__path__startswith=units["SD316"].path).count()
    )
    outside = client.get("/api/v1/completeness/", {"unit": "Z111", "period": period.code})
    assert outside.status_code == 400 and "unit" in outside.json()["errors"]
