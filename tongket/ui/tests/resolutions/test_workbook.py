"""The resolution workbook: the import runs as a job and comes back to the resolution, a bad
workbook fails naming its rows and writes nothing, only keepers import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.core.models import Job
from tongket.resolutions.models import Indicator, Target

pytestmark = pytest.mark.django_db


# --- The workbook -------------------------------------------------------------------------


def filled_template(client, resolution_pk: int, indicators: list, targets: list) -> bytes:  # type: ignore[no-untyped-def]
    """The template downloaded from the page, filled in as a person would."""
    response = client.get(f"/resolutions/{resolution_pk}/template/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    for row in indicators:
        workbook["Chỉ tiêu"].append(row)
    for row in targets:
        workbook["Giao chỉ tiêu"].append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_import_runs_as_a_job_and_comes_back_to_the_resolution(
    client, officer, plan, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    content = filled_template(
        client,
        plan.pk,
        [["SX01", "Sản lượng", "tấn", "số", "tổng", "tăng", None, None]],
        [["SX01", "TCCNQP", None, 900], ["SX01", "Z111", 2024, "300"]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/resolutions/{plan.pk}/import/",
            {"file": SimpleUploadedFile("chi-tieu.xlsx", content)},
        )
    job = Job.objects.filter(kind="resolutions.import_indicators").latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/?back=%2Fresolutions%2F{plan.pk}%2F"
    job.refresh_from_db()
    assert job.status == "done", job.errors
    created = Indicator.objects.get(resolution=plan, code="SX01")
    assert Target.objects.get(indicator=created, unit__code="Z111", year=2024).value == 300
    assert client.get(f"/jobs/{job.pk}/").status_code == 200

    export = client.get(f"/resolutions/{plan.pk}/export/")
    sheet = load_workbook(io.BytesIO(export.content))["Giao chỉ tiêu"]
    assert [c.value for c in sheet[2]][:2] == ["SX01", "TCCNQP"]


def test_a_bad_workbook_fails_its_job_with_the_rows_and_writes_nothing(
    client, officer, plan, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    content = filled_template(
        client,
        plan.pk,
        [["", "Không mã", "tấn", "số", "tổng", "tăng"]],
        [["X", "KHONG-CO", 2024, 1]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/resolutions/{plan.pk}/import/",
            {"file": SimpleUploadedFile("chi-tieu.xlsx", content)},
        )
    job = Job.objects.filter(kind="resolutions.import_indicators").latest("pk")
    job.refresh_from_db()
    assert job.status == "failed" and len(job.errors) >= 2
    assert not plan.indicators.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-errors"' in page
    not_excel = client.post(
        f"/resolutions/{plan.pk}/import/", {"file": SimpleUploadedFile("a.csv", b"a;b")}
    )
    assert not_excel.status_code == 200 and not_excel.context["form"].errors["file"]


def test_only_keepers_import(client, users, plan):
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/resolutions/{plan.pk}/import/").status_code == 403
