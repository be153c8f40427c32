"""Numbers at the edge: the pages, the API and the imports read numbers with one reader,
bounded by the column that keeps them; nothing out of bounds is stored (a value that does not
fit used to be saved, then every page showing it answered 500)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report
from tongket.resolutions.models import Indicator, Target

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"
HTMX = {"HTTP_HX_REQUEST": "true"}
SEVENTEEN = "12345678901234567"


def empty_draft(unit_code: str = "BCHQS-PT") -> Report:
    report = (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )
    report.values.all().delete()
    return report


def post_value(client, report: Report, code: str, **typed):  # type: ignore[no-untyped-def]
    indicator = report.form.indicators.get(code=code)
    data = {"indicator": indicator.pk, "comment": "", **typed}
    for name in ("value", "numerator", "denominator"):
        data[f"base_{name}"] = ""
    return client.post(f"/reports/{report.pk}/value/", data, **HTMX)


def api_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_value_too_large_for_its_column_is_refused_on_the_page_and_nothing_stored(client, users):
    """Given an empty draft, when a reporter types a 17-digit value, then the cell answers an
    error naming the bound, nothing is stored, and the report page still answers."""
    report = empty_draft()
    client.force_login(users["qk2.baocao"])
    response = post_value(client, report, "HC02", value=SEVENTEEN)
    body = response.content.decode()
    assert response.status_code == 200 and "entry-error" in body
    assert 'data-invalid="value"' in body and "16" in body
    assert not report.values.filter(indicator__code="HC02").exists()
    assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_a_ratio_part_with_five_decimals_is_refused_on_the_page(client, users):
    report = empty_draft()
    client.force_login(users["qk2.baocao"])
    response = post_value(client, report, "HC01", numerator="45,12345", denominator="48")
    body = response.content.decode()
    assert 'data-invalid="numerator"' in body
    assert not report.values.filter(indicator__code="HC01").exists()


def test_the_page_asks_about_1_234_instead_of_guessing(client, users):
    """Given "1.234" typed in a cell, when saved, then the answer asks whether 1234 or
    1,2340 was meant, and nothing is stored."""
    report = empty_draft()
    client.force_login(users["qk2.baocao"])
    body = post_value(client, report, "HC02", value="1.234").content.decode()
    assert "entry-error" in body and "1234" in body and "1,2340" in body
    assert not report.values.filter(indicator__code="HC02").exists()


def test_a_target_too_large_is_refused_in_the_grid_and_the_old_one_kept(client, users):
    client.force_login(users["bqp.theodoi"])
    kt01 = Indicator.objects.get(resolution__symbol="382-NQ/ĐUQSTW", code="KT01")
    target = Target.objects.get(indicator=kt01, unit__code="Z113", year=2009)
    root = target.unit.parent.parent if target.unit.parent.parent else target.unit.parent
    response = client.post(
        f"/indicators/{kt01.pk}/targets/cell/",
        {
            "unit": target.unit_id,
            "year": 2009,
            "root": root.pk,
            "value": SEVENTEEN,
            "version": target.version,
        },
        **HTMX,
    )
    assert response.status_code == 200 and response.context["error"]
    assert Target.objects.get(pk=target.pk).value == target.value


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        (SEVENTEEN, "16"),
        ("1_000", "1_000"),
        ("\u0661\u0662\u0663", "\u0661\u0662\u0663"),
        ("1.234", "1234"),
        ("1,234", "1234"),
    ],
)
def test_the_api_reads_numbers_like_the_page(users, typed, fragment):
    """Given a draft, when a value is sent through the API that the page would refuse (too
    large, "1_000", Arabic-Indic digits, the ambiguous "1.234"), then the API answers 400
    naming the field and nothing is stored."""
    report = empty_draft()
    response = api_client(users["qk2.baocao"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": report.version, "values": [{"indicator": "HC02", "value": typed}]},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert fragment in " ".join(m for ms in body["errors"].values() for m in ms)
    assert not report.values.filter(indicator__code="HC02").exists()


def test_the_api_and_the_page_store_the_same_figure_for_the_same_text(client, users):
    """Given "1.234,5" and "1,2340", when sent through the page and the API, then the same
    figures are stored (1234.5 and 1.234)."""
    report = empty_draft()
    client.force_login(users["qk2.baocao"])
    post_value(client, report, "HC02", value="1.234,5")
    page = report.values.get(indicator__code="HC02").value
    report.values.all().delete()
    report.refresh_from_db()
    response = api_client(users["qk2.baocao"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": report.version, "values": [{"indicator": "HC02", "value": "1.234,5"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert report.values.get(indicator__code="HC02").value == page == Decimal("1234.5")


def test_a_stored_figure_with_three_decimals_is_shown_unambiguously_and_saves_unchanged(
    client, users
):
    """Given 1,234 (one and 234 thousandths) stored in a cell, when the report page shows it
    and the untouched cell is posted again with a comment, then the input reads "1,2340"
    (not the ambiguous "1,234"), the save is accepted and the value stays."""
    report = empty_draft()
    client.force_login(users["qk2.baocao"])
    post_value(client, report, "HC02", value="1,2340")
    assert report.values.get(indicator__code="HC02").value == Decimal("1.234")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'value="1,2340"' in page and 'value="1,234"' not in page
    indicator = report.form.indicators.get(code="HC02")
    response = client.post(
        f"/reports/{report.pk}/value/",
        {
            "indicator": indicator.pk,
            "value": "1,2340",
            "comment": "đã kiểm tra",
            "base_value": "1.2340",
            "base_numerator": "",
            "base_denominator": "",
        },
        **HTMX,
    )
    assert "entry-error" not in response.content.decode()
    stored = report.values.get(indicator__code="HC02")
    assert stored.value == Decimal("1.234") and stored.comment == "đã kiểm tra"


@pytest.mark.parametrize(("typed", "fragment"), [("1.234", "1,2340"), (SEVENTEEN, "16")])
def test_an_import_row_with_an_ambiguous_or_too_large_figure_says_why(users, typed, fragment):
    """Given values imported through the API, when a row holds "1.234" or a 17-digit
    figure, then the import is refused naming the row and column with the question or the
    bound (not "is not a number"), and nothing is written."""
    report = empty_draft("SD316-E98")
    response = api_client(users["qk2.baocao"]).post(
        "/api/v1/data-values/",
        [
            {
                "unit": "SD316-E98",
                "indicator": "HC02",
                "period": report.period.code,
                "value": typed,
            }
        ],
        format="json",
    )
    assert response.status_code == 400, response.content
    (row,) = response.json()["errors"]["rows"]
    assert row["row"] == 1 and fragment in row["message"]
    assert not report.values.exists()
