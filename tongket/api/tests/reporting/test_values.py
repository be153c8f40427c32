"""Values through the API: JSON values created or updated with the form inferred, uploaded
workbooks and CSV files, then submitted and approved; bad rows refuse the whole file with
each row located."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tongket.api.tests.reporting.helpers import FORM, draft, median_values
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report

pytestmark = pytest.mark.django_db


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
