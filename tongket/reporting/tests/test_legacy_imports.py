"""Imports read old files: a workbook or CSV typed in TCVN3 (.VnTime) or VNI-Times arrives
as Latin-1 look-alikes; headers are found, every text cell is converted to Unicode, the
values import, and the person is told what was converted. Unicode files are left alone."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tongket.core.legacy_text import TCVN3, VNI, encode_legacy
from tongket.core.workbook import Problems
from tongket.reporting import services
from tongket.reporting.models import DataValue, Period, ReportForm
from tongket.reporting.services.imports import (
    C_NOTE,
    C_UNIT,
    COLUMNS,
    OPTIONAL,
    SHEET,
    read_csv_rows,
    read_workbook_rows,
)

pytestmark = pytest.mark.django_db
NOTE = "Đã kiểm tra số liệu hậu cần của trung đoàn, báo cáo đúng thời hạn"


def _period() -> Period:
    return (
        Period.objects.filter(reports__form__code="BC6T-623-QK2", is_open=True)
        .order_by("-sort_key")
        .first()
    )


def _workbook(encoding: str | None, period: str) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET

    def typed(text: str) -> str:
        return encode_legacy(text, encoding) if encoding else text

    sheet.append([typed(column) for column in [*COLUMNS, *OPTIONAL]])
    sheet.append(["SD316-E98", "HC02", period, 12, None, None, typed(NOTE)])
    sheet.append(["SD316-E98", "HC05", period, 0, None, None, typed("Tháng 6 không phát sinh")])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_a_workbook_typed_in_an_old_encoding_imports_as_vietnamese(users, encoding):
    # Given a workbook whose headers and notes were typed with an old Vietnamese font
    period = _period()
    assert encode_legacy(NOTE, encoding) != NOTE
    problems = Problems()
    # When it is read
    rows = list(read_workbook_rows(_workbook(encoding, period.code), problems))
    # Then the headers are found, the notes read as Unicode, and the person is told
    assert not problems, problems.rows
    assert [cells[C_NOTE] for _row, cells in rows] == [NOTE, "Tháng 6 không phát sinh"]
    assert len(problems.notes) == 1 and ("TCVN3" in problems.notes[0] or encoding == VNI)
    assert encoding != VNI or "VNI" in problems.notes[0]
    # And the values import with the converted note
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    counts = services.values_import(by=users["qk2.baocao"], form=form, rows=rows, sheet=SHEET)
    assert counts["values"] == 2
    value = DataValue.objects.get(
        report__form=form,
        report__period=period,
        report__unit__code="SD316-E98",
        indicator__code="HC02",
    )
    assert value.comment == NOTE


def test_a_unicode_workbook_is_left_alone(users):
    period = _period()
    problems = Problems()
    rows = list(read_workbook_rows(_workbook(None, period.code), problems))
    assert not problems and problems.notes == []
    assert rows[0][1][C_NOTE] == NOTE and rows[0][1][C_UNIT] == "SD316-E98"


def test_csv_bytes_of_a_tcvn3_file_are_decoded_and_converted(users):
    period = _period()
    header = ";".join([*COLUMNS, *OPTIONAL])
    text = f"{header}\nSD316-E98;HC02;{period.code};12;;;{NOTE}\n"
    data = encode_legacy(text, TCVN3).encode("latin-1")
    problems = Problems()
    rows = list(read_csv_rows(data, problems))
    assert not problems, problems.rows
    assert rows[0][1][C_NOTE] == NOTE
    assert problems.notes and "TCVN3" in problems.notes[0]
