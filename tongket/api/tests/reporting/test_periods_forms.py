"""Periods and report forms through the API: periods read by code or id, forms created,
assigned, opened and changed, and nothing of another branch's forms and reports."""

import pytest

from tongket.api.tests.reporting.helpers import FORM
from tongket.core.models import ChangeLog
from tongket.reporting.models import Period, Report, ReportForm
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


# --- Periods and forms --------------------------------------------------------------------


def test_periods_are_listed_and_read_by_code_or_id(api, users):
    """Given the calendar, when periods are listed by type and year and read by code (a year,
    a half-year) or id, then the same period answers; an unknown code is 404."""
    client = api(users["qk2.baocao"])
    halves = client.get("/api/v1/periods/", {"type": "half_year", "year": 2022}).json()
    assert [p["code"] for p in halves["results"]] == ["2022-H1", "2022-H2"]
    by_code = client.get("/api/v1/periods/2022-H1/").json()
    assert by_code["start"] == "2021-12-15" and by_code["end"] == "2022-06-14"
    assert client.get(f"/api/v1/periods/{by_code['id']}/").json()["code"] == "2022-H1"
    assert client.get("/api/v1/periods/2022/").json()["type"] == "year"
    assert client.get("/api/v1/periods/2022-h1/").json()["code"] == "2022-H1"
    for missing in ("2022-H3", "1999", "abc", "99999999"):
        assert client.get(f"/api/v1/periods/{missing}/").status_code == 404, missing
    bad = client.get("/api/v1/periods/", {"type": "week"})
    assert bad.status_code == 400 and "type" in bad.json()["errors"]


def test_report_forms_are_created_assigned_opened_and_changed(api, users, units):
    """Given the Ministry's tracking officer, when a half-yearly form on 623 is created,
    assigned to Quân khu 2, opened for 2026-H2, given a section and renamed with its version,
    then each step answers with the form and is logged; a duplicate code and a period of the
    wrong type are refused naming the field."""
    client = api(users["bqp.theodoi"])
    hc03 = Indicator.objects.get(resolution__symbol="623-NQ/QUTW", code="HC03")
    created = client.post(
        "/api/v1/report-forms/",
        {
            "code": "bc-qk2-hc",
            "name": "Báo cáo sản lượng tăng gia",
            "owner_unit": "BQP",
            "period_type": "half_year",
            "resolution": hc03.resolution_id,
            "indicators": [hc03.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    form = created.json()
    assert form["code"] == "BC-QK2-HC" and [i["code"] for i in form["indicators"]] == ["HC03"]
    assert [s["key"] for s in form["sections"]] == ["ket-qua", "han-che", "nguyen-nhan", "de-xuat"]
    duplicate = client.post(
        "/api/v1/report-forms/",
        {"code": "BC-QK2-HC", "name": "X", "owner_unit": "BQP", "period_type": "year"},
        format="json",
    )
    assert duplicate.status_code == 400 and "code" in duplicate.json()["errors"]
    url = f"/api/v1/report-forms/{form['id']}"
    assigned = client.post(f"{url}/assign/", {"units": ["QK2"]}, format="json")
    assert [a["unit"] for a in assigned.json()["assignments"]] == ["QK2"]
    wrong_type = client.post(f"{url}/open-period/", {"period": "2026"}, format="json")
    assert wrong_type.status_code == 400 and "period" in wrong_type.json()["errors"]
    not_a_period = client.post(f"{url}/open-period/", {"period": "2026-H7"}, format="json")
    assert not_a_period.status_code == 400 and "period" in not_a_period.json()["errors"]
    opened = client.post(f"{url}/open-period/", {"period": "2026-H2"}, format="json")
    assert opened.json() == {"period": "2026-H2", "reports_created": 1}
    sectioned = client.post(
        f"{url}/sections/", {"key": "bai-hoc", "title": "Bài học kinh nghiệm"}, format="json"
    )
    assert sectioned.json()["sections"][-1]["key"] == "bai-hoc"
    stale = client.patch(url + "/", {"version": 5, "name": "Khác"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    renamed = client.patch(url + "/", {"version": 1, "name": "Báo cáo tăng gia"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    record = ReportForm.objects.get(pk=form["id"])
    assert Report.objects.filter(form=record, unit=units["QK2"], period__code="2026-H2").exists()
    reporter = api(users["qk2.baocao"])
    assert reporter.get(f"{url}/").status_code == 200  # asked of the reporter's unit: readable
    refused = reporter.post(f"{url}/assign/", {"units": ["SD316"]}, format="json")
    assert refused.status_code == 404  # collected by the Ministry, outside the reporter's scope
    not_a_keeper = reporter.post(f"{url}/open-period/", {"period": "2031-H1"}, format="json")
    assert not_a_keeper.status_code == 404
    assert not Period.objects.filter(code="2031-H1").exists()  # the refusal left no period
    unassigned = client.post(f"{url}/unassign/", {"unit": "QK2"}, format="json")
    assert unassigned.status_code == 200 and unassigned.json()["assignments"] == []
    assert not Report.objects.filter(form=record, unit=units["QK2"]).exists()  # untouched draft
    for action in (
        "form_create",
        "form_assign",
        "form_open_period",
        "form_section_set",
        "form_update",
        "form_unassign",
    ):
        assert ChangeLog.objects.filter(action=action, object_id=str(record.pk)).exists(), action


def test_a_reporter_does_not_see_the_forms_and_reports_of_another_branch(api, users):
    """Given the yearly forms of Tổng cục CNQP on 382 and 765, when a Quân khu 2 reporter
    lists forms and reports, then none of them (nor their factories' reports) show, and a
    filter naming them is a 400."""
    client = api(users["qk2.baocao"])
    forms = client.get("/api/v1/report-forms/").json()["results"]
    assert {f["code"] for f in forms} == {FORM}
    reports = client.get("/api/v1/reports/", {"page_size": 500}).json()
    cnqp = Report.objects.filter(form__code__in=["BCN-382-CNQP", "BCN-765-CNQP"])
    assert cnqp.count() > 0
    assert not {r["id"] for r in reports["results"]} & set(cnqp.values_list("pk", flat=True))
    assert not {r["unit"] for r in reports["results"]} & {"Z111", "Z113", "Z115", "Z121", "Z129"}
    for params, field in [
        ({"form": "BCN-382-CNQP"}, "form"),
        ({"unit": "Z111"}, "unit"),
        ({"period": "2022-H9"}, "period"),
        ({"state": "lost"}, "state"),
    ]:
        response = client.get("/api/v1/reports/", params)
        assert response.status_code == 400 and field in response.json()["errors"], params
    assert client.get(f"/api/v1/reports/{cnqp.first().pk}/").status_code == 404
    values = client.get("/api/v1/data-values/", {"report": cnqp.first().pk})
    assert values.status_code == 400 and "report" in values.json()["errors"]
