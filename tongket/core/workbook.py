"""Reading and writing the spreadsheets people hand on (openpyxl), the same way everywhere:
sheets found by name, columns by header (any order, any accents and case), merged cells and
missing columns refused, every problem reported with its sheet, row and column.

Uploads are streamed (openpyxl read-only mode) within stated limits of size, rows and
columns, so a small file claiming a million rows is refused at once instead of holding a
worker and gigabytes; a formula is read as the result the spreadsheet last computed, and one
never computed is refused with its cell named (never read as empty, which would erase the
stored value). Every text written to a sheet stays text: a name beginning with "=" is never
a live formula in an export."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import iterparse

from tongket.core.errors import DomainError
from tongket.core.legacy_text import convert_texts, describe_counts
from tongket.core.numbers import AmbiguousNumber, NotANumber, NumberOutOfRange, parse_number
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
    # What was done to the input without being wrong (legacy text converted): told to the
    # person with the result, never a reason to refuse.
    notes: list[str] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.rows) < self.limit:
            self.rows.append({"sheet": sheet, "row": row, "column": column, "message": message})

    def __bool__(self) -> bool:
        return bool(self.rows)


# What an uploaded workbook may hold; the refusals state these figures.
MAX_WORKBOOK_MB = 10
MAX_UNPACKED_MB = 200
MAX_ROWS = 50_000
MAX_COLUMNS = 200


@dataclass
class UploadedBook:
    """An uploaded workbook opened for streaming (openpyxl read-only): `values` gives each
    cell as the spreadsheet last computed it (the cached result of a formula), `formulas`
    the same cells as written, read alongside to tell a formula never computed from an
    empty cell."""

    values: Any
    formulas: Any

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def __getitem__(self, title: str) -> Any:
        return self.values[title]


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell without a computed result: refused by read_sheet with its cell."""

    cell: str
    formula: str

    def __str__(self) -> str:
        return self.formula


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="file", code="limits")


def open_workbook(upload: Any) -> UploadedBook:
    """The workbook of an uploaded .xlsx, opened for streaming; DomainError naming the file
    field when it is not a workbook or goes beyond the limits (size packed and unpacked)."""
    upload.seek(0)
    data = upload.read(MAX_WORKBOOK_MB * 1024 * 1024 + 1)
    if len(data) > MAX_WORKBOOK_MB * 1024 * 1024:
        raise _refuse(
            _("The workbook is larger than %(mb)s MB: split it into smaller files.")
            % {"mb": MAX_WORKBOOK_MB}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
            raise _refuse(
                _("The workbook unpacks to more than %(mb)s MB: split it into smaller files.")
                % {"mb": MAX_UNPACKED_MB}
            )
        return UploadedBook(
            values=load_workbook(io.BytesIO(data), read_only=True, data_only=True),
            formulas=load_workbook(io.BytesIO(data), read_only=True, data_only=False),
        )
    except DomainError:
        raise
    except Exception as error:
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx) that can be read."), field="file"
        ) from error


def _merged_ranges(workbook: Any, sheet: Any) -> list[Any]:
    """The merged ranges of a sheet; streamed from its XML for an uploaded workbook (the
    read-only mode does not read them)."""
    from openpyxl.worksheet.cell_range import CellRange

    if not isinstance(workbook, UploadedBook):
        return list(sheet.merged_cells.ranges) if sheet.merged_cells else []
    ranges = []
    with workbook.values._archive.open(sheet._worksheet_path) as xml:
        for _event, element in iterparse(xml):
            if element.tag.endswith("}mergeCell"):
                ranges.append(CellRange(element.get("ref")))
            element.clear()
    return ranges


def _is_formula(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or (
        value is not None
        and not isinstance(value, str | int | float | bool)
        and hasattr(value, "text")
    )


def _streamed_rows(workbook: Any, sheet: Any, name: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `sheet` as tuples, within MAX_ROWS and MAX_COLUMNS (refused at once when
    the sheet declares more, else as soon as a row goes beyond); a formula cell without a
    computed result comes as Uncomputed."""
    if not isinstance(workbook, UploadedBook):
        yield from sheet.iter_rows(values_only=True)
        return

    def too_many_rows(rows: int) -> DomainError:
        return _refuse(
            _(
                "The sheet %(sheet)s reaches row %(rows)s; at most %(max)s rows are read: "
                "delete the rows below the data or split the file."
            )
            % {
                "sheet": name,
                "rows": f"{rows:,}".replace(",", "."),
                "max": f"{MAX_ROWS:,}".replace(",", "."),
            }
        )

    def too_many_columns(columns: int) -> DomainError:
        return _refuse(
            _(
                "The sheet %(sheet)s reaches column %(column)s; at most %(max)s columns are "
                "read: delete the columns right of the data."
            )
            % {"sheet": name, "column": get_column_letter(min(columns, 16384)), "max": MAX_COLUMNS}
        )

    if (sheet.max_row or 0) > MAX_ROWS:
        raise too_many_rows(sheet.max_row)
    if (sheet.max_column or 0) > MAX_COLUMNS:
        raise too_many_columns(sheet.max_column)
    written = workbook.formulas[sheet.title].iter_rows(values_only=True)
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise too_many_rows(number)
        if len(values) > MAX_COLUMNS:
            raise too_many_columns(len(values))
        formulas = next(written, ())
        if any(v is None for v in values) and any(_is_formula(f) for f in formulas):
            values = tuple(
                Uncomputed(
                    f"{get_column_letter(i + 1)}{number}",
                    str(getattr(formulas[i], "text", formulas[i])),
                )
                if v is None and i < len(formulas) and _is_formula(formulas[i])
                else v
                for i, v in enumerate(values)
            )
        yield values


def _legacy_converted(
    rows: list[tuple[Any, ...]], name: str, problems: Problems
) -> list[tuple[Any, ...]]:
    """The rows with every text cell typed in a legacy Vietnamese encoding (TCVN3, VNI,
    VISCII: old .VnTime or VNI-Times files) converted to Unicode; a note says how many."""
    places = [
        (r, c)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, str)
    ]
    texts, counts = convert_texts([rows[r][c] for r, c in places])
    if not counts:
        return rows
    converted = [list(row) for row in rows]
    for (r, c), text in zip(places, texts, strict=True):
        converted[r][c] = text
    problems.notes.append(
        _("Sheet %(sheet)s: cells typed in an old Vietnamese encoding were converted (%(what)s).")
        % {"sheet": name, "what": describe_counts(counts)}
    )
    return [tuple(row) for row in converted]


def _computed(record: dict[str, Any], problems: Problems, sheet: str, row: int) -> dict[str, Any]:
    """The record with every formula never computed reported (and read as nothing)."""
    for column, value in record.items():
        if isinstance(value, Uncomputed):
            problems.add(
                sheet,
                row,
                column,
                _(
                    "Cell %(cell)s holds a formula that was never computed (%(formula)s): "
                    "open the file in Excel or LibreOffice, save it and import it again, or "
                    "type the value."
                )
                % {"cell": value.cell, "formula": value.formula},
            )
            record[column] = None
    return record


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
    merged = _merged_ranges(workbook, sheet)
    for cell_range in merged:
        problems.add(
            name,
            cell_range.min_row,
            None,
            _("Merged cells %(range)s: unmerge them, one value per cell.")
            % {"range": str(cell_range)},
        )
    rows = iter(_legacy_converted(list(_streamed_rows(workbook, sheet, name)), name, problems))
    header = next(rows, ())
    first = 2
    if is_stamp_row(header):
        # An export of a classified record carries its mark above the header.
        header, first = next(rows, ()), 3
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
    for number, values in enumerate(rows, start=first):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {
            column: (values[index] if index < len(values) else None)
            for column, index in positions.items()
        }
        result.append((number, _computed(record, problems, name, number)))
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
    except (AmbiguousNumber, NumberOutOfRange) as error:
        # "1.234" is asked about, a figure too large or too fine says its bound.
        problems.add(sheet, row, column, error.message)
        return None
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
