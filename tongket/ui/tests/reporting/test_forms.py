"""Report forms and periods for tracking officers: forms with their indicators, sections and
assignments, opening, adding and closing periods, period rules with a preview."""

from __future__ import annotations

import pytest

from tongket.org.models import Unit
from tongket.reporting.models import FormAssignment, Period, PeriodRule, Report, ReportForm
from tongket.resolutions.models import Resolution
from tongket.ui.tests.reporting.helpers import FORM, latest_past_period

pytestmark = pytest.mark.django_db


# --- Report forms -----------------------------------------------------------------------------


def test_form_list_and_detail_for_a_tracking_officer(client, users):
    client.force_login(users["qk2.theodoi"])
    response = client.get("/report-forms/")
    assert response.status_code == 200
    forms = {f.code: f for f in response.context["report_forms"]}
    assert FORM in forms and "BCN-382-CNQP" not in forms
    assert forms[FORM].indicator_count == 9 and forms[FORM].unit_count == 22
    form = ReportForm.objects.get(code=FORM)
    response = client.get(f"/report-forms/{form.pk}/")
    assert response.status_code == 200
    assert response.context["keeper"]
    periods = {p["period__code"]: p for p in response.context["periods"]}
    past = periods[latest_past_period().code]
    assert past["expected"] >= past["received"] >= past["approved"]
    assert past["overdue"] >= 1


def test_create_a_form_with_indicators_picked_and_ordered(client, users):
    client.force_login(users["qk2.theodoi"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    response = client.get("/report-forms/indicators/", {"resolution": resolution.pk})
    assert response.status_code == 200 and "HC01" in response.content.decode()
    hc = {i.code: i for i in resolution.indicators.all()}
    data = {
        "code": "bc-quy-623",
        "name": "Báo cáo quý 623",
        "owner_unit": "QK2",
        "period_type": "quarter",
        "resolution": resolution.pk,
        "indicator": [hc["HC03"].pk, hc["HC01"].pk],
        f"order_{hc['HC03'].pk}": "1",
        f"order_{hc['HC01'].pk}": "2",
    }
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 302
    created = ReportForm.objects.get(code="BC-QUY-623")
    assert [link.indicator.code for link in created.form_indicators.order_by("order")] == [
        "HC03",
        "HC01",
    ]
    assert created.sections.count() == 4
    # The same code again: the error is beside the code field.
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    # An order that is not a number.
    data["code"] = "BC-QUY-2"
    data[f"order_{hc['HC01'].pk}"] = "hai"
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_a_reporter_may_not_create_or_edit_forms(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/report-forms/")
    assert not response.context["can_create"]
    response = client.post(
        "/report-forms/new/",
        {"code": "X1", "name": "X", "owner_unit": "QK2", "period_type": "year"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ReportForm.objects.filter(code="X1").exists()
    form = ReportForm.objects.get(code=FORM)
    assert client.get(f"/report-forms/{form.pk}/edit/").status_code == 403


def test_edit_the_indicators_and_keep_those_with_values(client, users):
    client.force_login(users["qk2.theodoi"])
    form = ReportForm.objects.get(code=FORM)
    links = list(form.form_indicators.select_related("indicator").order_by("order"))
    data = {"name": form.name, "description": "", "is_active": "on", "version": form.version}
    data["delivery_methods"] = form.delivery_methods
    data["indicator"] = [link.indicator_id for link in links]
    for position, link in enumerate(reversed(links), 1):
        data[f"order_{link.indicator_id}"] = position
    response = client.post(f"/report-forms/{form.pk}/edit/", data)
    assert response.status_code == 302
    order = [link.indicator.code for link in form.form_indicators.order_by("order")]
    assert order == [link.indicator.code for link in reversed(links)]
    form.refresh_from_db()
    data["version"] = form.version
    data["indicator"] = data["indicator"][1:]  # drop an indicator with values
    response = client.post(f"/report-forms/{form.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert form.form_indicators.count() == len(links)


def test_sections_assignments_and_opening_a_period(client, users):
    client.force_login(users["qk2.theodoi"])
    form = ReportForm.objects.get(code=FORM)
    response = client.post(
        f"/report-forms/{form.pk}/sections/",
        {
            "section-key": "bai-hoc",
            "section-title": "Bài học kinh nghiệm",
            "section-kind": "free",
            "section-guidance": "Nêu ngắn gọn.",
        },
    )
    assert response.status_code == 302
    assert form.sections.get(key="bai-hoc").guidance == "Nêu ngắn gọn."
    response = client.post(
        f"/report-forms/{form.pk}/sections/", {"section-key": "", "section-title": ""}
    )
    assert response.status_code == 200 and response.context["section_form"].errors
    # Ask Sư đoàn 316 and every active unit below it.
    response = client.post(
        f"/report-forms/{form.pk}/assign/", {"assign-unit": "SD316", "assign-below": "on"}
    )
    assert response.status_code == 302
    assert FormAssignment.objects.filter(form=form, unit__code="SD316").exists()
    response = client.post(f"/report-forms/{form.pk}/assign/", {"assign-unit": "Z111"})
    assert response.status_code == 200
    assert "unit" in response.context["assign_form"].errors
    sd316 = Unit.objects.get(code="SD316")
    response = client.post(f"/report-forms/{form.pk}/unassign/", {"unit": sd316.pk})
    assert response.status_code == 302
    assert not FormAssignment.objects.filter(form=form, unit=sd316).exists()
    # Opening a period creates the reports expected, once.
    code = "2027-H1"
    response = client.post(f"/report-forms/{form.pk}/open-period/", {"open-period": code})
    assert response.status_code == 302
    created = Report.objects.filter(form=form, period__code=code).count()
    expected = sum(
        1
        for a in FormAssignment.objects.filter(form=form).select_related("unit")
        if a.unit.dissolved_on is None
    )
    assert created == expected
    response = client.post(
        f"/report-forms/{form.pk}/open-period/", {"open-period": code}, follow=True
    )
    assert Report.objects.filter(form=form, period__code=code).count() == created
    # A period of another type, and a code that is none.
    for wrong in ("2027-Q1", "2027-H3"):
        response = client.post(f"/report-forms/{form.pk}/open-period/", {"open-period": wrong})
        assert response.status_code == 200
        assert response.context["open_form"].errors


def test_form_and_period_pages_keep_a_bounded_number_of_queries(
    client, users, django_assert_max_num_queries
):
    form = ReportForm.objects.get(code=FORM)
    for username in ("qk2.theodoi", "admin"):
        client.force_login(users[username])
        for path in (
            "/report-forms/",
            f"/report-forms/{form.pk}/",
            f"/report-forms/{form.pk}/edit/",
            f"/report-forms/{form.pk}/import/",
            "/periods/",
            "/periods/?type=half_year&page=2",
        ):
            with django_assert_max_num_queries(20):
                assert client.get(path).status_code == 200, path


# --- Periods ----------------------------------------------------------------------------------


def test_period_list_filters_and_only_the_top_closes_periods(client, users):
    client.force_login(users["bqp.theodoi"])
    response = client.get("/periods/", {"type": "half_year", "year": 2026})
    assert response.status_code == 200
    codes = [p.code for p in response.context["page"].object_list]
    assert codes == ["2026-H2", "2026-H1"]
    assert not response.context["top_keeper"]
    # The half-year open for entry now (older ones close 200 days after they fell due).
    period = Period.objects.filter(type="half_year", is_open=True).order_by("-sort_key").first()
    response = client.post(f"/periods/{period.pk}/toggle/", {"open": "0"}, follow=True)
    period.refresh_from_db()
    assert period.is_open
    assert any("top level" in str(m) or "cấp" in str(m) for m in response.context["messages"])
    client.force_login(users["admin"])
    assert client.get("/periods/").context["top_keeper"]
    client.post(f"/periods/{period.pk}/toggle/", {"open": "0"})
    period.refresh_from_db()
    assert not period.is_open


def test_add_a_period_and_set_rules_with_a_preview(client, users):
    client.force_login(users["qk2.theodoi"])
    response = client.post("/periods/new/", {"add-code": "2031-Q2"})
    assert response.status_code == 302
    assert Period.objects.filter(code="2031-Q2").exists()
    response = client.post("/periods/new/", {"add-code": "2031-Q5"})
    assert response.status_code == 200 and response.context["add_form"].errors
    rule = {
        "rule-issuer": "QK2",
        "rule-period_type": "half_year",
        "rule-window_start_day": "1",
        "rule-due_working_days": "5",
        "rule-note": "Quân khu 2: tháng dương lịch",
    }
    response = client.post("/periods/rules/", rule)
    assert response.status_code == 302
    saved = PeriodRule.objects.get(issuer__code="QK2", period_type="half_year")
    assert (saved.window_start_day, saved.due_working_days) == (1, 5)
    # The default rule is for administrators at the top.
    response = client.post("/periods/rules/", {**rule, "rule-issuer": ""})
    assert response.status_code == 200 and response.context["rule_form"].non_field_errors()
    response = client.post("/periods/rules/", {**rule, "rule-window_start_day": "31"})
    assert (
        response.status_code == 200 and "window_start_day" in response.context["rule_form"].errors
    )
    response = client.get(
        "/periods/rules/preview/",
        {
            "rule-period_type": "half_year",
            "rule-window_start_day": "15",
            "rule-due_working_days": "2",
        },
    )
    assert response.status_code == 200
    assert "15/12/" in response.content.decode() and "14/06/" in response.content.decode()
    response = client.get(
        "/periods/rules/preview/", {"rule-period_type": "half_year", "rule-window_start_day": "x"}
    )
    assert response.status_code == 200 and "text-danger" in response.content.decode()
