"""Reading and writing the spreadsheets people hand on (openpyxl), the same way everywhere:
sheets found by name, columns by header (any order, any accents and case), merged cells and
missing columns refused, every problem reported with its sheet, row and column."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tongket.core.errors import DomainError
from tongket.core.numbers import NotANumber, parse_number
from tongket.core.text import normalize, search_key

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF", name="Times New Roman", size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class Problems:
    """Row errors gathered while reading; `add` never raises so one pass finds them all."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 500

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.rows) < self.limit:
            self.rows.append({"sheet": sheet, "row": row, "column": column, "message": message})

    def __bool__(self) -> bool:
        return bool(self.rows)


def open_workbook(upload: Any) -> Any:
    """The workbook of an uploaded .xlsx; DomainError naming the file field otherwise."""
    try:
        upload.seek(0)
        data = upload.read()
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx) that can be read."), field="file"
        ) from error


@dataclass
class Sheet:
    """One sheet's rows as dicts keyed by the expected column names."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]


def read_sheet(
    workbook: Any,
    name: str,
    columns: list[str],
    problems: Problems,
    *,
    optional: tuple[str, ...] = (),
    required_sheet: bool = True,
) -> Sheet | None:
    """Read sheet `name` whose first row holds `columns` (and maybe `optional` ones).

    Headers match ignoring accents, case and spaces. Merged cells and missing columns are
    problems; empty rows are skipped."""
    wanted = {search_key(c): c for c in [*columns, *optional]}
    sheet = None
    for title in workbook.sheetnames:
        if search_key(title) == search_key(name):
            sheet = workbook[title]
    if sheet is None:
        if required_sheet:
            problems.add(name, None, None, _("The sheet %(sheet)s is missing.") % {"sheet": name})
        return None
    merged = list(getattr(sheet, "merged_cells", None).ranges) if sheet.merged_cells else []
    for cell_range in merged:
        problems.add(
            name,
            cell_range.min_row,
            None,
            _("Merged cells %(range)s: unmerge them, one value per cell.")
            % {"range": str(cell_range)},
        )
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = search_key(str(value)) if value is not None else ""
        if key in wanted and wanted[key] not in positions:
            positions[wanted[key]] = index
    missing = [c for c in columns if c not in positions]
    for column in missing:
        problems.add(name, 1, column, _("The column %(column)s is missing.") % {"column": column})
    if missing:
        return Sheet(name, columns, [])
    result: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {
            column: (values[index] if index < len(values) else None)
            for column, index in positions.items()
        }
        result.append((number, record))
    return Sheet(name, columns, result)


def iter_rows(sheet: Sheet | None) -> Iterator[tuple[int, dict[str, Any]]]:
    return iter(sheet.rows if sheet else [])


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


# Numbers are stored with 20 digits, 4 of them decimals.
LARGEST = Decimal(10) ** 16


def cell_number(
    value: Any, problems: Problems, sheet: str, row: int, column: str
) -> Decimal | None:
    try:
        number = parse_number(value)
    except NotANumber:
        problems.add(
            sheet,
            row,
            column,
            _("%(value)s is not a number.") % {"value": cell_text(value)},
        )
        return None
    if number is not None and abs(number) >= LARGEST:
        problems.add(sheet, row, column, _("%(value)s is too large.") % {"value": cell_text(value)})
        return None
    return number


def cell_year(value: Any, problems: Problems, sheet: str, row: int, column: str) -> int | None:
    number = cell_number(value, problems, sheet, row, column)
    if number is None:
        return None
    if number != number.to_integral_value() or not 1945 <= number <= 2100:
        problems.add(
            sheet, row, column, _("%(value)s is not a year.") % {"value": cell_text(value)}
        )
        return None
    return int(number)


def choice(
    value: Any,
    options: dict[str, str],
    problems: Problems,
    sheet: str,
    row: int,
    column: str,
    *,
    default: str | None = None,
) -> str | None:
    """The code of a choice written in words ("tổng", "Tổng", "tong" → "sum")."""
    text = cell_text(value)
    if not text:
        if default is None:
            problems.add(sheet, row, column, _("Enter a value."))
        return default
    key = search_key(text)
    for label, code in options.items():
        if search_key(label) == key or key == code:
            return code
    problems.add(
        sheet,
        row,
        column,
        _("%(value)s is not one of: %(options)s.") % {"value": text, "options": ", ".join(options)},
    )
    return None


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


def workbook_bytes(workbook: Workbook) -> bytes:
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
