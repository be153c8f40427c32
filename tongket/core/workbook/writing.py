"""Writing sheets people hand on: header and body styles, the classification stamp, numbers
as numbers, and every text kept text (also in CSV)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF", name="Times New Roman", size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_sheet(
    workbook: Workbook,
    title: str,
    columns: list[str],
    rows: list[list[Any]],
    *,
    widths: dict[str, int] | None = None,
    lists: dict[str, list[str]] | None = None,
    number_columns: tuple[str, ...] = (),
) -> Any:
    """A sheet with a styled, frozen header row, the rows, column widths and drop-down lists
    (data validation) for the columns in `lists`."""
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.font = BODY_FONT
            cell.border = BORDER
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = (widths or {}).get(column, max(12, len(column) + 4))
        if column in number_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "#,##0.####"
    for column, options in (lists or {}).items():
        if column not in columns:
            continue
        letter = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(
            type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
        )
        validation.error = _("Choose a value from the list.")
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    return sheet


STAMP_FONT = Font(bold=True, color="C00000", name="Times New Roman", size=14)


def is_stamp_row(values: tuple[Any, ...]) -> bool:
    """True for the row a classified export carries above its header (the stamp alone)."""
    from tongket.core.classification import STAMPS

    filled = [v for v in values if v is not None and str(v).strip()]
    return len(filled) == 1 and values[0] is not None and str(values[0]).strip() in STAMPS.values()


def stamp_first_sheet(workbook: Workbook, mark: str | None) -> None:
    """Put the classification stamp ("MẬT", "TỐI MẬT"…) of a classified record on top of the
    first sheet, above its header, and in its printed page header. Nothing for "none"."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    from tongket.core.classification import stamp_text

    text = stamp_text(mark)
    if not text or not workbook.worksheets:
        return
    sheet = workbook.worksheets[0]
    sheet.insert_rows(1)
    sheet["A1"] = text
    sheet["A1"].font = STAMP_FONT
    if sheet.freeze_panes:
        column = "".join(c for c in sheet.freeze_panes if c.isalpha())
        row = int("".join(c for c in sheet.freeze_panes if c.isdigit()) or 1)
        sheet.freeze_panes = f"{column}{row + 1}"
    for validation in sheet.data_validations.dataValidation:
        ranges = []
        for cell_range in validation.sqref.ranges:
            cell_range.shift(row_shift=1)
            ranges.append(cell_range.coord)
        validation.sqref = MultiCellRange(" ".join(ranges))
    sheet.oddHeader.center.text = text
    sheet.oddHeader.center.font = "Times New Roman,Bold"


def workbook_bytes(workbook: Workbook, *, mark: str | None = None) -> bytes:
    """The workbook as .xlsx bytes; `mark` (the record's classification) stamps it. Every
    export goes through here, so this is where every text cell is kept text (keep_text)."""
    stamp_first_sheet(workbook, mark)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def excel_number(value: Decimal | None) -> Any:
    """A Decimal as Excel keeps numbers: an int when whole, else a float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# A text beginning with one of these is taken for a formula by spreadsheets (or by the
# people pasting a CSV into one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def keep_text(cell: Any) -> None:
    """Make a text cell stay text: never a formula (an indicator named "=HYPERLINK(…)" is
    shown as written, not run), and marked as typed with a leading apostrophe so that
    editing it in Excel keeps it text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def csv_text(value: Any) -> Any:
    """A value for a CSV export: a text that a spreadsheet would read as a formula gets a
    leading apostrophe (the OWASP advice), other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
