"""The reporting API: periods, report forms, reports and their workflow with the right roles,
values imported as JSON or CSV (all or nothing, row errors located), figures equal to the
sums of the values, completeness, and lists with a bounded number of queries."""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.resolutions import services as resolution_services
from tongket.resolutions.models import Indicator, Resolution

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"
COUNTED = (ReportState.SUBMITTED, ReportState.APPROVED)
FOUR = Decimal("0.0001")


@pytest.fixture
def api():
    def _client(user):
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def draft(unit_code: str) -> Report:
    """The unit's latest draft of the 623 form in an open period."""
    return (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )


def median_values(report: Report) -> list[dict]:
    """Every indicator of the form with the unit's median earlier value (so that none is far
    from the unit's history), as the API takes them."""
    rows = []
    for link in report.form.form_indicators.select_related("indicator"):
        history = sorted(
            DataValue.objects.filter(
                unit=report.unit,
                indicator=link.indicator,
                period__type=report.period.type,
                period__sort_key__lt=report.period.sort_key,
                value__isnull=False,
            ).order_by("-period__sort_key")[:12],
            key=lambda v: v.value,
        )
        middle = history[len(history) // 2]
        ratio = link.indicator.measure_kind == "ratio"
        rows.append(
            {
                "indicator": link.indicator.code,
                "value": None if ratio else str(middle.value),
                "numerator": str(middle.numerator) if middle.numerator is not None else None,
                "denominator": str(middle.denominator) if middle.denominator is not None else None,
            }
        )
    return rows


def actions(report: Report) -> list[str]:
    return list(
        ChangeLog.objects.filter(object_id=str(report.pk), action__startswith="report_")
        .order_by("id")
        .values_list("action", flat=True)
    )


def pct(numerator: Decimal, denominator: Decimal) -> str:
    return str((numerator / denominator * 100).quantize(FOUR, rounding=ROUND_HALF_UP))


def four(value: Decimal) -> str:
    return str(Decimal(value).quantize(FOUR, rounding=ROUND_HALF_UP))


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


# --- The workflow -------------------------------------------------------------------------


def test_submit_return_submit_approve_reopen_with_the_right_roles(api, users):
    """Given regiment 98's draft, when its reporter fills and submits it, the region's
    approver returns it with a reason, the reporter submits again and the approver approves
    and reopens it, then every step is logged; the reporter cannot approve; a locked report
    cannot be edited; a reason is required."""
    reporter, approver = api(users["qk2.baocao"]), api(users["qk2.duyet"])
    report = draft("SD316-E98")
    url = f"/api/v1/reports/{report.pk}"
    detail = reporter.get(f"{url}/").json()
    assert detail["can_fill"] is True and detail["can_approve"] is False
    assert {s["key"] for s in detail["narrative"]} >= {"ket-qua", "han-che"}
    saved = reporter.patch(
        f"{url}/",
        {
            "version": detail["version"],
            "values": median_values(report),
            "narrative": {"ket-qua": "Hoàn thành các chỉ tiêu cơ bản."},
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert next(s for s in body["narrative"] if s["key"] == "ket-qua")["text"].startswith("Hoàn")
    assert all(row["value"] is not None for row in body["values"])
    stale = reporter.patch(f"{url}/", {"version": detail["version"], "values": []}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    submitted = reporter.post(f"{url}/submit/", {"version": body["version"]}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    locked = reporter.patch(
        f"{url}/",
        {"version": submitted.json()["version"], "narrative": {"ket-qua": "Sửa"}},
        format="json",
    )
    assert locked.status_code == 400 and locked.json()["code"] == "locked"
    assert reporter.post(f"{url}/approve/").status_code == 403
    no_reason = approver.post(f"{url}/return/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    returned = approver.post(f"{url}/return/", {"reason": "Bổ sung HC06"}, format="json")
    assert (
        returned.json()["state"] == "returned"
        and returned.json()["return_reason"] == "Bổ sung HC06"
    )
    again = reporter.post(f"{url}/submit/")
    assert again.json()["state"] == "submitted"
    approved = approver.post(f"{url}/approve/")
    assert approved.json()["state"] == "approved" and approved.json()["approved_at"]
    wrong_state = approver.post(f"{url}/approve/")
    assert wrong_state.status_code == 400 and wrong_state.json()["code"] == "state"
    assert approver.post(f"{url}/reopen/", {}, format="json").status_code == 400
    reopened = approver.post(f"{url}/reopen/", {"reason": "Sai HC03"}, format="json")
    assert reopened.json()["state"] == "returned"
    assert actions(report)[-6:] == [
        "report_save",
        "report_submit",
        "report_return",
        "report_submit",
        "report_approve",
        "report_reopen",
    ]


def test_submission_is_refused_while_required_values_are_missing(api, users):
    """Given an empty draft, when submitted, then 400 naming the missing values."""
    report = Report.objects.filter(
        form__code=FORM, state=ReportState.DRAFT, period__is_open=True, values__isnull=True
    ).first()
    response = api(users["qk2.baocao"]).post(f"/api/v1/reports/{report.pk}/submit/")
    assert response.status_code == 400
    assert any(key.startswith("value_") for key in response.json()["errors"])


def test_the_report_of_a_division_goes_to_the_region_and_the_regions_to_the_ministry(api, users):
    """Given a form asked of Quân khu 2 itself and of Sư đoàn 316, when their reports are
    submitted, then the division's is approved by the region's approver, while the region's
    own report needs the Ministry's approver (the region's approver gets 403)."""
    officer = api(users["bqp.theodoi"])
    hc03 = Indicator.objects.get(resolution__symbol="623-NQ/QUTW", code="HC03")
    form = officer.post(
        "/api/v1/report-forms/",
        {
            "code": "BC-HC03",
            "name": "Báo cáo HC03",
            "owner_unit": "BQP",
            "period_type": "half_year",
            "indicators": [hc03.pk],
        },
        format="json",
    ).json()
    officer.post(
        f"/api/v1/report-forms/{form['id']}/assign/", {"units": ["QK2", "SD316"]}, format="json"
    )
    officer.post(
        f"/api/v1/report-forms/{form['id']}/open-period/", {"period": "2026-H2"}, format="json"
    )
    reporter = api(users["qk2.baocao"])
    reports = {
        r["unit"]: r["id"]
        for r in reporter.get("/api/v1/reports/", {"form": "BC-HC03"}).json()["results"]
    }
    assert set(reports) == {"QK2", "SD316"}
    for unit, pk in reports.items():
        saved = reporter.patch(
            f"/api/v1/reports/{pk}/",
            {
                "version": Report.objects.get(pk=pk).version,
                "values": [{"indicator": "HC03", "value": "12", "comment": unit}],
            },
            format="json",
        )
        assert saved.status_code == 200, saved.content
        assert reporter.post(f"/api/v1/reports/{pk}/submit/").status_code == 200
    region, ministry = api(users["qk2.duyet"]), api(users["bqp.duyet"])
    assert region.post(f"/api/v1/reports/{reports['SD316']}/approve/").status_code == 200
    assert region.post(f"/api/v1/reports/{reports['QK2']}/approve/").status_code == 403
    assert ministry.post(f"/api/v1/reports/{reports['QK2']}/approve/").status_code == 200
    assert Report.objects.get(pk=reports["QK2"]).approved_by == users["bqp.duyet"]


def test_a_closed_period_and_another_branch_refuse_changes(api, users):
    """Given regiment 98's draft, when its period is closed, then saving it is a 400; a
    reporter of another branch gets 404 for every action on it; nothing is logged."""
    report = draft("SD316-E98")
    before = ChangeLog.objects.count()
    outsider = api(users["cnqp.baocao"])
    for action in ("submit", "approve", "return", "reopen", "remind"):
        response = outsider.post(f"/api/v1/reports/{report.pk}/{action}/", {"reason": "x"})
        assert response.status_code == 404, action
    assert outsider.patch(f"/api/v1/reports/{report.pk}/", {}, format="json").status_code == 404
    Period.objects.filter(pk=report.period_id).update(is_open=False)
    response = api(users["qk2.baocao"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": Report.objects.get(pk=report.pk).version, "narrative": {"ket-qua": "x"}},
        format="json",
    )
    assert response.status_code == 400
    assert ChangeLog.objects.count() == before


def test_bad_values_in_a_report_name_the_indicator(api, users):
    """Given regiment 98's draft, when a ratio is saved with a zero denominator, a value is
    given for an indicator not on the form, or twice, then 400 and nothing changes."""
    report = draft("SD316-E98")
    client = api(users["qk2.baocao"])
    hc01 = report.form.indicators.get(code="HC01")
    url = f"/api/v1/reports/{report.pk}/"
    zero = client.patch(
        url,
        {
            "version": report.version,
            "values": [{"indicator": "HC01", "numerator": "3", "denominator": "0"}],
        },
        format="json",
    )
    assert zero.status_code == 400 and f"value_{hc01.pk}" in zero.json()["errors"]
    for values in (
        [{"indicator": "KT01", "value": "1"}],
        [{"indicator": "HC02", "value": "1"}, {"indicator": str(hc01.pk + 1), "value": "2"}],
        [{"indicator": "HC02", "value": "abc"}],
    ):
        response = client.patch(url, {"version": report.version, "values": values}, format="json")
        assert response.status_code == 400
        assert {key.split(".")[0] for key in response.json()["errors"]} == {"values"}
    unknown_section = client.patch(
        url, {"version": report.version, "narrative": {"khong-co": "x"}}, format="json"
    )
    assert unknown_section.status_code == 400
    assert Report.objects.get(pk=report.pk).version == report.version


def test_reminders_go_to_late_units_only(api, users):
    """Given a report of the current half-year not received after its due date, when the
    region's approver reminds the unit, then the reminder is logged; a received report
    cannot be reminded of."""
    late = Report.objects.filter(
        form__code=FORM,
        first_submitted_at__isnull=True,
        due_date__lt=timezone.localdate(),
        period__is_open=True,
    ).first()
    client = api(users["qk2.duyet"])
    response = client.post(f"/api/v1/reports/{late.pk}/remind/")
    assert response.status_code == 200 and response.json()["kind"] == "manual"
    assert ChangeLog.objects.filter(action="report_remind", object_id=str(late.pk)).exists()
    received = Report.objects.filter(form__code=FORM, state=ReportState.APPROVED).first()
    assert client.post(f"/api/v1/reports/{received.pk}/remind/").status_code == 400


# --- Values -------------------------------------------------------------------------------


def csv_body(
    rows: list[tuple], header: str = "Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Ghi chú"
):
    return ("\ufeff" + header + "\n" + "".join(";".join(map(str, r)) + "\n" for r in rows)).encode()


def test_json_values_create_or_update_and_the_form_is_inferred(api, users):
    """Given values of two regiments for the open half-year as JSON, when posted without a
    form, then the form asking those indicators of those units is used, the values are stored
    (and updated when posted again) and listed per report."""
    client = api(users["qk2.baocao"])
    period = draft("SD316-E148").period.code
    rows = [
        {"unit": "SD316-E148", "indicator": "HC02", "period": period, "value": 15},
        {
            "unit": "SD316-E148",
            "indicator": "HC01",
            "period": period,
            "numerator": "30",
            "denominator": "40",
        },
        {
            "unit": "sd316-e174",
            "indicator": "hc03",
            "period": period,
            "value": "1.234,5",
            "comment": "Ước",
        },
    ]
    response = client.post("/api/v1/data-values/", rows, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "form": FORM,
        "values": 3,
        "reports": 2,
        "submitted": 0,
        "approved": 0,
    }
    report = Report.objects.get(form__code=FORM, unit__code="SD316-E148", period__code=period)
    listed = client.get("/api/v1/data-values/", {"report": report.pk}).json()["results"]
    by_code = {v["indicator_code"]: v for v in listed}
    assert by_code["HC02"]["value"] == "15.0000" and by_code["HC01"]["value"] == "75.0000"
    again = client.post(
        "/api/v1/data-values/",
        {"values": [{"unit": "SD316-E148", "indicator": "HC02", "period": period, "value": "16"}]},
        format="json",
    )
    assert again.status_code == 200
    assert DataValue.objects.get(report=report, indicator__code="HC02").value == 16
    filtered = client.get(
        "/api/v1/data-values/",
        {
            "unit": "SD316-E174",
            "period": period,
            "indicator": report.form.indicators.get(code="HC03").pk,
        },
    ).json()["results"]
    assert [v["value"] for v in filtered] == ["1234.5000"]
    assert ChangeLog.objects.filter(action="values_import").count() >= 2


def test_values_from_an_uploaded_workbook_or_csv_file(api, users):
    """Given the values of regiment 174 in a workbook (sheet Số liệu) and in a CSV file, when
    uploaded as multipart, then both are imported; a file of another type is refused."""
    client = api(users["qk2.baocao"])
    period = draft("SD316-E174").period.code
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    sheet.append(["SD316-E174", "HC02", period, 13, None, None, "Ước tính"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        f"/api/v1/data-values/?form={FORM}",
        {"file": SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["values"] == 1
    csv_file = SimpleUploadedFile(
        "so-lieu.csv", csv_body([("SD316-E174", "HC02", period, "14", "", "", "")])
    )
    response = client.post(
        f"/api/v1/data-values/?form={FORM}", {"file": csv_file}, format="multipart"
    )
    assert response.status_code == 200, response.content
    stored = DataValue.objects.get(
        report__form__code=FORM,
        unit__code="SD316-E174",
        period__code=period,
        indicator__code="HC02",
    )
    assert stored.value == 14
    pdf = SimpleUploadedFile("so-lieu.pdf", b"%PDF-1.4\n")
    refused = client.post(f"/api/v1/data-values/?form={FORM}", {"file": pdf}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()["errors"]


def test_csv_values_with_then_submit_and_approve(api, users, units):
    """Given a whole report of regiment 148 as CSV with Vietnamese headers, when posted with
    then=submit, then the report is submitted; posted by someone who also approves with
    then=approve for regiment 174, the report is approved."""
    reporter = api(users["qk2.baocao"])
    report = draft("SD316-E148")
    period = report.period.code
    rows = [
        (
            "SD316-E148",
            v["indicator"],
            period,
            v["value"] or "",
            v["numerator"] or "",
            v["denominator"] or "",
            "Đã kiểm tra",
        )
        for v in median_values(report)
    ]
    response = reporter.post(
        "/api/v1/data-values/?form=BC6T-623-QK2&then=submit",
        csv_body(rows),
        content_type="text/csv",
    )
    assert response.status_code == 200, response.content
    assert response.json()["submitted"] == 1
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    org_services.role_grant(by=SYSTEM, user=users["qk2.duyet"], role="reporter", unit=units["QK2"])
    both = api(users["qk2.duyet"])
    other = draft("SD316-E174")
    rows = [
        (
            "SD316-E174",
            v["indicator"],
            other.period.code,
            v["value"] or "",
            v["numerator"] or "",
            v["denominator"] or "",
            "Đã kiểm tra",
        )
        for v in median_values(other)
    ]
    response = both.post(
        "/api/v1/data-values/?then=approve", csv_body(rows), content_type="text/csv"
    )
    assert response.status_code == 200, response.content
    assert Report.objects.get(pk=other.pk).state == ReportState.APPROVED


@pytest.mark.parametrize(
    ("rows", "located"),
    [
        ([("KHONG-CO", "HC02", "{open}", "1", "", "", "")], {(2, "Mã đơn vị")}),
        ([("Z111", "HC02", "{open}", "1", "", "", "")], {(2, "Mã đơn vị")}),
        ([("SD316-E98", "KT01", "{open}", "1", "", "", "")], {(2, "Mã chỉ tiêu")}),
        ([("SD316-E98", "HC02", "2026-H9", "1", "", "", "")], {(2, "Kỳ")}),
        ([("SD316-E98", "HC02", "2026", "1", "", "", "")], {(2, "Kỳ")}),
        ([("SD316-E98", "HC02", "2022-H1", "1", "", "", "")], {(2, "Kỳ")}),  # closed
        ([("SD316-E98", "HC02", "{open}", "mười", "", "", "")], {(2, "Giá trị")}),
        ([("SD316-E98", "HC02", "{open}", "1e30", "", "", "")], {(2, "Giá trị")}),
        ([("SD316-E98", "HC02", "{open}", "99999999999999999999", "", "", "")], {(2, "Giá trị")}),
        ([("SD316-E98", "HC01", "{open}", "", "3", "0", "")], {(2, "Mẫu số")}),
        (
            [
                ("SD316-E98", "HC02", "{open}", "1", "", "", ""),
                ("SD316-E98", "HC02", "{open}", "2", "", "", ""),
            ],
            {(3, "Mã chỉ tiêu")},
        ),
    ],
)
def test_bad_csv_rows_refuse_the_whole_file_with_each_row_located(api, users, rows, located):
    """Given a CSV with a bad row (unknown or out-of-scope unit, indicator not on the form,
    bad or closed period, text in a number column, a number too large, a zero denominator, a
    repeated row), when posted, then 400 lists the row and column and nothing is written."""
    period = draft("SD316-E98").period.code
    before = (ChangeLog.objects.count(), DataValue.objects.count())
    body = csv_body([tuple(c.replace("{open}", period) for c in row) for row in rows])
    response = api(users["qk2.baocao"]).post(
        f"/api/v1/data-values/?form={FORM}", body, content_type="text/csv"
    )
    assert response.status_code == 400, response.content
    found = {(r["row"], r["column"]) for r in response.json()["errors"]["rows"]}
    assert located <= found, found
    assert (ChangeLog.objects.count(), DataValue.objects.count()) == before


def test_other_refused_imports(api, users):
    """Given a CSV without the value column, JSON of the wrong shape, values no form fits, a
    form of another branch, a locked report and a bad `then`, when posted, then 400 naming the
    rows or the parameter; nothing is written."""
    client = api(users["qk2.baocao"])
    period = draft("SD316-E98").period.code
    before = (ChangeLog.objects.count(), DataValue.objects.count())
    missing = client.post(
        f"/api/v1/data-values/?form={FORM}",
        csv_body([("SD316-E98", "HC02", period)], header="Mã đơn vị;Mã chỉ tiêu;Kỳ"),
        content_type="text/csv",
    )
    assert missing.status_code == 400
    assert {(r["row"], r["column"]) for r in missing.json()["errors"]["rows"]} == {(1, "Giá trị")}
    shapes = client.post(
        "/api/v1/data-values/",
        [{"unit": "SD316-E98", "indicator": "HC02", "period": period, "value": True}, "x", {}],
        format="json",
    )
    assert shapes.status_code == 400
    assert {r["row"] for r in shapes.json()["errors"]["rows"]} == {1, 2, 3}
    assert client.post("/api/v1/data-values/", {"a": 1}, format="json").status_code == 400
    nothing_fits = client.post(
        "/api/v1/data-values/",
        [{"unit": "SD316-E98", "indicator": "KT01", "period": period, "value": 1}],
        format="json",
    )
    assert nothing_fits.status_code == 400 and "form" in nothing_fits.json()["errors"]
    foreign = client.post(
        "/api/v1/data-values/?form=BCN-382-CNQP",
        [{"unit": "SD316-E98", "indicator": "KT01", "period": "2022", "value": 1}],
        format="json",
    )
    assert foreign.status_code == 400 and "form" in foreign.json()["errors"]
    bad_then = client.post(
        f"/api/v1/data-values/?form={FORM}&then=publish",
        [{"unit": "SD316-E98", "indicator": "HC02", "period": period, "value": 1}],
        format="json",
    )
    assert bad_then.status_code == 400 and "then" in bad_then.json()["errors"]
    approved = (
        Report.objects.filter(form__code=FORM, state=ReportState.APPROVED, period__is_open=True)
        .select_related("unit", "period")
        .first()
    )
    locked = client.post(
        "/api/v1/data-values/",
        [
            {
                "unit": approved.unit.code,
                "indicator": "HC02",
                "period": approved.period.code,
                "value": 1,
            }
        ],
        format="json",
    )
    assert locked.status_code == 400 and locked.json()["errors"]["rows"][0]["column"] == "Mã đơn vị"
    nul = client.post(
        f"/api/v1/data-values/?form={FORM}",
        csv_body([("SD316-E98", "HC02", period, "1", "", "", "ghi\x00chú")]),
        content_type="text/csv",
    )
    assert nul.status_code == 400 and nul.json()["code"] == "rows"
    new_period = client.post(
        f"/api/v1/data-values/?form={FORM}",
        [{"unit": "KHONG-CO", "indicator": "HC02", "period": "2033-H1", "value": 1}],
        format="json",
    )
    assert new_period.status_code == 400
    assert not Period.objects.filter(code__startswith="2033").exists()  # named, then let go
    assert (ChangeLog.objects.count(), DataValue.objects.count()) == before


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


# --- Queries and the schema ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/periods/",
        "/api/v1/report-forms/",
        "/api/v1/reports/",
        "/api/v1/reports/?form=BC6T-623-QK2&state=approved",
        "/api/v1/data-values/",
        "/api/v1/data-values/?unit=SD316-E98",
    ],
)
def test_lists_take_a_bounded_number_of_queries(api, users, path, django_assert_max_num_queries):
    """Given full pages, when a list is read, then the number of queries does not grow with
    the page."""
    client = api(users["bqp.theodoi"])
    client.get(path)
    with django_assert_max_num_queries(8):
        response = client.get(path, {"page_size": 200} if "?" not in path else None)
    assert response.status_code == 200 and response.json()["count"] > 0


def test_details_and_figures_take_a_bounded_number_of_queries(
    api, users, django_assert_max_num_queries
):
    """Given a report and a form, when read with their rows, and a figure with its children,
    then a fixed number of queries (the children: a few per child)."""
    client = api(users["qk2.duyet"])
    report = draft("SD316-E98")
    form = ReportForm.objects.get(code=FORM)
    with django_assert_max_num_queries(20):
        assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/report-forms/{form.pk}/").status_code == 200
    params = {"indicator": "HC03", "resolution": "623-NQ/QUTW", "unit": "QK2", "period": "2024-H1"}
    with django_assert_max_num_queries(20):
        assert client.get("/api/v1/analytics/", params).status_code == 200


def test_the_schema_documents_every_endpoint_with_tags_and_no_warnings(client, admin_user):
    """Given the API, when its OpenAPI schema is generated, then it validates without a
    warning and every resource is there under its tag."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    client.force_login(admin_user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    tags = {
        tag
        for path in schema["paths"].values()
        for op in path.values()
        for tag in op.get("tags", [])
    }
    assert tags >= {
        "resolutions",
        "objectives",
        "indicators",
        "targets",
        "assignments",
        "periods",
        "report-forms",
        "reports",
        "data-values",
        "analytics",
    }
    for path in (
        "/api/v1/resolutions/{id}/import/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/data-values/",
        "/api/v1/analytics/",
        "/api/v1/completeness/",
        "/api/v1/targets/cascade/",
    ):
        assert path in schema["paths"], path
