"""The indicators-and-targets workbook: an export re-imports unchanged; a bad file is refused
whole with every error by sheet, row and column."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.core.errors import RowErrors
from tongket.resolutions import services
from tongket.resolutions.models import Indicator, Resolution, Target

pytestmark = pytest.mark.django_db


def upload(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())


def snapshot(resolution: Resolution):
    return (
        sorted(
            Indicator.objects.filter(resolution=resolution).values_list(
                "code", "name", "measure_kind", "unit_aggregation", "direction", "baseline_value"
            )
        ),
        sorted(
            Target.objects.filter(indicator__resolution=resolution).values_list(
                "indicator__code", "unit__code", "year", "value"
            ),
            key=str,
        ),
    )


def test_an_export_reimports_unchanged(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="01-CTr/ĐUQS")
    before = snapshot(resolution)
    content = services.export_workbook(user=officer, resolution=resolution)
    counts = services.indicators_import(
        by=officer, resolution=resolution, file=SimpleUploadedFile("x.xlsx", content)
    )
    assert counts == {"indicators_created": 0, "indicators_updated": 0, "targets_set": 0}
    assert snapshot(resolution) == before


def test_the_template_filled_in_creates_indicators_and_targets(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="520-NQ/QUTW")
    workbook = load_workbook(
        io.BytesIO(services.export_workbook(user=officer, resolution=resolution, template=True))
    )
    assert workbook["Chỉ tiêu"].max_row == 1 and workbook["Giao chỉ tiêu"].max_row == 1
    workbook["Chỉ tiêu"].append(
        ["KTQ09", "Số lao động được đào tạo nghề", "người", "số", "tổng", "tăng", "1.200,0", 2011]
    )
    workbook["Chỉ tiêu"].append(
        ["KTQ10", "Tỷ lệ hộ thoát nghèo", "%", "tỷ lệ", "tỷ lệ", "tăng", "35,5", 2011]
    )
    workbook["Giao chỉ tiêu"].append(["KTQ09", "QK2", 2015, "1.500,0"])
    workbook["Giao chỉ tiêu"].append(["KTQ09", "QK2", None, 9000])
    workbook["Giao chỉ tiêu"].append(["KTQ10", "qk5", 2016, "40,5"])
    counts = services.indicators_import(by=officer, resolution=resolution, file=upload(workbook))
    assert counts["indicators_created"] == 2 and counts["targets_set"] == 3
    ktq09 = resolution.indicators.get(code="KTQ09")
    assert ktq09.baseline_value == 1200
    assert Target.objects.get(indicator=ktq09, unit__code="QK2", year=2015).value == 1500
    assert Target.objects.get(indicator=ktq09, unit__code="QK2", year=None).value == 9000
    ktq10 = resolution.indicators.get(code="KTQ10")
    assert Target.objects.get(indicator=ktq10, unit__code="QK5").value == Decimal("40.5")


def test_a_bad_file_is_refused_whole_with_every_error_located(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="520-NQ/QUTW")
    before = snapshot(resolution)
    workbook = load_workbook(
        io.BytesIO(services.export_workbook(user=officer, resolution=resolution, template=True))
    )
    sheet = workbook["Chỉ tiêu"]
    sheet.append(["N1", "Đúng", "người", "số", "tổng", "tăng", None, None])
    sheet.append(["N1", "Trùng mã", "người", "số", "tổng", "tăng", None, None])
    sheet.append(["N2", "Sai loại", "người", "số lượng", "tổng", "tăng", None, None])
    sheet.append(["N3", "Chữ trong cột số", "người", "số", "tổng", "tăng", "nhiều", None])
    targets = workbook["Giao chỉ tiêu"]
    targets.append(["N1", "KHONGCO", 2015, 5])
    targets.append(["N1", "QK2", 1990, 5])
    targets.append(["N1", "QK2", 2015, -5])
    targets.append(["N9", "QK2", 2015, 5])
    with pytest.raises(RowErrors) as caught:
        services.indicators_import(by=officer, resolution=resolution, file=upload(workbook))
    located = {(e["sheet"], e["row"], e["column"]) for e in caught.value.rows}
    assert ("Chỉ tiêu", 3, "Mã chỉ tiêu") in located
    assert ("Chỉ tiêu", 4, "Loại") in located
    assert ("Chỉ tiêu", 5, "Giá trị gốc") in located
    assert ("Giao chỉ tiêu", 2, "Mã đơn vị") in located
    assert ("Giao chỉ tiêu", 3, "Năm") in located
    assert ("Giao chỉ tiêu", 4, "Giá trị") in located
    assert ("Giao chỉ tiêu", 5, "Mã chỉ tiêu") in located
    assert snapshot(resolution) == before


def test_missing_columns_and_merged_cells_are_refused(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="520-NQ/QUTW")
    workbook = load_workbook(
        io.BytesIO(services.export_workbook(user=officer, resolution=resolution, template=True))
    )
    sheet = workbook["Chỉ tiêu"]
    sheet.delete_cols(3)  # Đơn vị tính
    sheet.append(["N1", "Tên", "số", "tổng", "tăng", None, None])
    sheet.merge_cells("A2:B2")
    with pytest.raises(RowErrors) as caught:
        services.indicators_import(by=officer, resolution=resolution, file=upload(workbook))
    messages = " ".join(e["message"] for e in caught.value.rows)
    assert "Đơn vị tính" in messages and "A2:B2" in messages


def test_a_unit_outside_the_scope_is_an_unknown_code(users):
    """The QK2 reporter cannot even name a unit of another branch in a file."""
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="520-NQ/QUTW")
    workbook = load_workbook(
        io.BytesIO(services.export_workbook(user=officer, resolution=resolution, template=True))
    )
    workbook["Giao chỉ tiêu"].append(["KTQ01", "BCT", 2015, 5])  # the Politburo: not under BQP
    with pytest.raises(RowErrors) as caught:
        services.indicators_import(by=officer, resolution=resolution, file=upload(workbook))
    assert caught.value.rows[0]["column"] == "Mã đơn vị"
