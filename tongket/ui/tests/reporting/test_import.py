"""The import of values from a workbook or CSV file: a job with its progress, bad codes and
files refused naming the rows, and the template workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from tongket.core.models import Job
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Period, Report, ReportForm
from tongket.ui.tests.reporting.helpers import FORM, current_draft, history_value, text

pytestmark = pytest.mark.django_db


# --- Import -----------------------------------------------------------------------------------


def workbook(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


def test_import_runs_as_a_job_and_redirects_to_its_progress(
    client, users, django_capture_on_commit_callbacks
):
    report = current_draft("SD316-E98")
    form = report.form
    client.force_login(users["qk2.baocao"])
    assert client.get(f"/report-forms/{form.pk}/import/").status_code == 200
    upload = workbook(
        [["SD316-E98", "HC02", report.period.code, "21,5", None, None, "nhập từ tệp"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/report-forms/{form.pk}/import/", {"file": upload, "then": ""})
    assert response.status_code == 302
    job = Job.objects.filter(kind="reporting.import_values").latest("id")
    assert response["Location"].startswith(f"/jobs/{job.pk}/?back=")
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert report.values.get(indicator__code="HC02").value == Decimal("21.5")
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The result is told in words (in the page's language), not by the job's own keys.
    result = page.content.decode().split('data-testid="job-result"')[1].split("</ul>")[0]
    with translation.override("vi"):
        assert f"{gettext('Values written')}: <strong>1</strong>" in result
    assert "values:" not in result


def test_import_with_wrong_codes_fails_naming_the_rows(
    client, users, django_capture_on_commit_callbacks
):
    report = current_draft("SD316-E98")
    client.force_login(users["qk2.baocao"])
    upload = workbook(
        [
            ["SD316-E98", "HC02", report.period.code, 5, None, None, ""],
            ["KHONG-CO", "HC02", report.period.code, 5, None, None, ""],
            ["SD316-E98", "ZZ99", report.period.code, 5, None, None, ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/report-forms/{report.form.pk}/import/", {"file": upload, "then": "submit"})
    job = Job.objects.filter(kind="reporting.import_values").latest("id")
    assert job.status == "failed"
    assert {(e["row"], e["column"]) for e in job.errors} >= {(3, "Mã đơn vị"), (4, "Mã chỉ tiêu")}
    assert not report.values.exists()


def test_import_refuses_a_file_that_is_not_a_workbook_or_csv(client, users):
    form = ReportForm.objects.get(code=FORM)
    client.force_login(users["qk2.baocao"])
    jobs = Job.objects.count()
    bad = SimpleUploadedFile("so-lieu.docx", b"PK\x03\x04whatever")
    response = client.post(f"/report-forms/{form.pk}/import/", {"file": bad})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    fake = SimpleUploadedFile("so-lieu.xlsx", b"not a zip at all")
    response = client.post(f"/report-forms/{form.pk}/import/", {"file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    response = client.post(f"/report-forms/{form.pk}/import/", {})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Job.objects.count() == jobs


def test_csv_import_submits_the_reports(client, users, django_capture_on_commit_callbacks):
    report = current_draft("SD316-E98")
    client.force_login(users["qk2.baocao"])
    lines = ["Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Ghi chú"]
    for link in report.form.form_indicators.select_related("indicator"):
        earlier = history_value(report, link.indicator.code)
        if link.indicator.measure_kind == "ratio":
            lines.append(
                f"SD316-E98;{link.indicator.code};{report.period.code};;{text(earlier.numerator)};{text(earlier.denominator)};"
            )
        else:
            den = (
                text(earlier.denominator)
                if link.indicator.unit_aggregation == "weighted_average"
                else ""
            )
            lines.append(
                f"SD316-E98;{link.indicator.code};{report.period.code};{text(earlier.value)};;{den};"
            )
    upload = SimpleUploadedFile("so-lieu.csv", "\n".join(lines).encode("utf-8"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/report-forms/{report.form.pk}/import/", {"file": upload, "then": "submit"})
    job = Job.objects.filter(kind="reporting.import_values").latest("id")
    assert job.status == "done", job.errors
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_template_workbook_lists_units_and_indicators_of_the_latest_open_period(client, users):
    client.force_login(users["qk2.baocao"])
    form = ReportForm.objects.get(code=FORM)
    response = client.get(f"/report-forms/{form.pk}/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Số liệu"].iter_rows(min_row=2, values_only=True))
    period = Period.objects.filter(reports__form=form, is_open=True).order_by("-sort_key").first()
    assert {row[2] for row in rows} == {period.code}
    editable_units = set(
        Report.objects.filter(
            form=form, period=period, state__in=["draft", "returned"]
        ).values_list("unit__code", flat=True)
    )
    assert {row[0] for row in rows} == editable_units
    assert len(rows) == len(editable_units) * form.form_indicators.count()
    assert [r[0] for r in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)][:2] == [
        "HC01",
        "HC02",
    ]
