"""A resolution's workbook through the API: exported and reimported unchanged, the template
filled to create indicators and targets, bad workbooks refused whole with each row located."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.api.tests.resolutions.helpers import logged, resolution, xlsx
from tongket.core.models import ChangeLog
from tongket.resolutions.models import Indicator, Target

pytestmark = pytest.mark.django_db


# --- The workbook -------------------------------------------------------------------------


def test_the_exported_workbook_reimports_unchanged_and_the_template_is_empty(api, users):
    """Given Đắk Lắk's programme, when its workbook is exported and imported back, then
    nothing changes; the template has the sheets and no rows."""
    client = api(users["bqp.theodoi"])
    programme = resolution("01-CTr/ĐUQS")
    exported = client.get(f"/api/v1/resolutions/{programme.pk}/export/")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    targets = Target.objects.filter(indicator__resolution=programme).count()
    assert load_workbook(io.BytesIO(exported.content))["Giao chỉ tiêu"].max_row == targets + 1
    response = client.post(
        f"/api/v1/resolutions/{programme.pk}/import/",
        {"file": SimpleUploadedFile("x.xlsx", exported.content)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"indicators_created": 0, "indicators_updated": 0, "targets_set": 0}
    template = load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{programme.pk}/import-template/").content)
    )
    assert template["Chỉ tiêu"].max_row == 1 and template["Giao chỉ tiêu"].max_row == 1


def test_a_filled_template_creates_indicators_and_targets(api, users):
    """Given the template of 520 filled with two indicators and their targets, when imported,
    then they are created through the services and logged."""
    client = api(users["bqp.theodoi"])
    r520 = resolution("520-NQ/QUTW")
    workbook = load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{r520.pk}/import-template/").content)
    )
    workbook["Chỉ tiêu"].append(
        ["KTQ20", "Số lao động", "người", "số", "tổng", "tăng", "1.200,0", 2012]
    )
    workbook["Giao chỉ tiêu"].append(["KTQ20", "QK2", 2015, "1.500,0"])
    workbook["Giao chỉ tiêu"].append(["KTQ20", "QK2", None, 9000])
    response = client.post(
        f"/api/v1/resolutions/{r520.pk}/import/", {"file": xlsx(workbook)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"indicators_created": 1, "indicators_updated": 0, "targets_set": 2}
    indicator = Indicator.objects.get(resolution=r520, code="KTQ20")
    assert indicator.baseline_value == 1200
    assert Target.objects.get(indicator=indicator, unit__code="QK2", year=2015).value == 1500
    assert logged("indicator_create", indicator)


def _template(client, pk):
    return load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{pk}/import-template/").content)
    )


def test_bad_workbooks_are_refused_whole_with_each_row_located(api, users):
    """Given workbooks with a missing column, merged cells, text in a number column, an unknown
    unit code, a year outside the horizon and a duplicate indicator code, when imported, then
    400 lists each problem by sheet, row and column, and nothing is written."""
    client = api(users["bqp.theodoi"])
    r520 = resolution("520-NQ/QUTW")
    url = f"/api/v1/resolutions/{r520.pk}/import/"
    before = (ChangeLog.objects.count(), Indicator.objects.count(), Target.objects.count())

    missing = _template(client, r520.pk)
    missing["Giao chỉ tiêu"].delete_cols(4)  # Giá trị
    merged = _template(client, r520.pk)
    merged["Chỉ tiêu"].append(["KTQ30", "Một", "", "số", "tổng", "tăng", None, None])
    merged["Chỉ tiêu"].merge_cells("B2:C2")
    rows = _template(client, r520.pk)
    rows["Chỉ tiêu"].append(["KTQ31", "Một", "", "số", "tổng", "tăng", "nhiều lắm", 2012])
    rows["Chỉ tiêu"].append(["KTQ31", "Trùng mã", "", "số", "tổng", "tăng", None, None])
    rows["Giao chỉ tiêu"].append(["KTQ31", "KHONG-CO", 2015, 10])
    rows["Giao chỉ tiêu"].append(["KTQ31", "QK2", 2050, 10])
    rows["Giao chỉ tiêu"].append(["KTQ31", "QK2", 2016, "mười"])
    cases = [
        (missing, {("Giao chỉ tiêu", 1, "Giá trị")}),
        (merged, {("Chỉ tiêu", 2, None)}),
        (
            rows,
            {
                ("Chỉ tiêu", 2, "Giá trị gốc"),
                ("Chỉ tiêu", 3, "Mã chỉ tiêu"),
                ("Giao chỉ tiêu", 2, "Mã đơn vị"),
                ("Giao chỉ tiêu", 3, "Năm"),
                ("Giao chỉ tiêu", 4, "Giá trị"),
            },
        ),
    ]
    for workbook, expected in cases:
        response = client.post(url, {"file": xlsx(workbook)}, format="multipart")
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "rows"
        located = {(r["sheet"], r["row"], r["column"]) for r in body["errors"]["rows"]}
        assert expected <= located, located
        assert all(r["message"] for r in body["errors"]["rows"])
    not_a_workbook = client.post(
        url, {"file": SimpleUploadedFile("a.xlsx", b"hello")}, format="multipart"
    )
    assert not_a_workbook.status_code == 400 and "file" in not_a_workbook.json()["errors"]
    assert client.post(url, {}, format="multipart").status_code == 400
    after = (ChangeLog.objects.count(), Indicator.objects.count(), Target.objects.count())
    assert after == before
