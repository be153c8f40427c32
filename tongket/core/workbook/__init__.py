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

from tongket.core.workbook.opening import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_MB,
    MAX_WORKBOOK_MB,
    Problems,
    Uncomputed,
    UploadedBook,
    open_workbook,
)
from tongket.core.workbook.reading import (
    LARGEST,
    Sheet,
    cell_number,
    cell_text,
    cell_year,
    choice,
    iter_rows,
    read_sheet,
)
from tongket.core.workbook.writing import (
    BODY_FONT,
    BORDER,
    FORMULA_STARTS,
    HEADER_FILL,
    HEADER_FONT,
    STAMP_FONT,
    THIN,
    csv_text,
    excel_number,
    is_stamp_row,
    keep_text,
    new_workbook,
    stamp_first_sheet,
    workbook_bytes,
    write_sheet,
)

__all__ = [
    "BODY_FONT",
    "BORDER",
    "FORMULA_STARTS",
    "HEADER_FILL",
    "HEADER_FONT",
    "LARGEST",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_MB",
    "MAX_WORKBOOK_MB",
    "STAMP_FONT",
    "THIN",
    "Problems",
    "Sheet",
    "Uncomputed",
    "UploadedBook",
    "cell_number",
    "cell_text",
    "cell_year",
    "choice",
    "csv_text",
    "excel_number",
    "is_stamp_row",
    "iter_rows",
    "keep_text",
    "new_workbook",
    "open_workbook",
    "read_sheet",
    "stamp_first_sheet",
    "workbook_bytes",
    "write_sheet",
]
