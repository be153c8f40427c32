"""Importing values of a report form: sheet `Số liệu` of a workbook, or CSV with the same
columns (Mã đơn vị, Mã chỉ tiêu, Kỳ, Giá trị, Tử số, Mẫu số, Ghi chú).

All or nothing: every row is checked first (codes, scope, the form's assignment, open
period, numbers, the indicator's rules, the report's state) and any bad row refuses the
file with the list of errors. A good file is written in one transaction: reports are
created where the unit was expected, values stored, reports optionally submitted (and
approved), and the roll-ups and completeness counts brought up to date (incrementally for
small files, rebuilt in bulk for the periods touched by large ones).

A package by step: `reading` (rows of a workbook or CSV), `checking` (every row checked),
`writing` (reports, values, submission), `importing` (the whole import and its background
job). Import from here.
"""

from tongket.reporting.services.imports.checking import check_rows
from tongket.reporting.services.imports.importing import values_import
from tongket.reporting.services.imports.reading import (
    C_CODE,
    C_DEN,
    C_INDICATOR,
    C_NOTE,
    C_NUM,
    C_PERIOD,
    C_UNIT,
    C_VALUE,
    COLUMNS,
    OPTIONAL,
    SHEET,
    read_csv_rows,
    read_workbook_rows,
)
from tongket.reporting.services.imports.writing import BULK_THRESHOLD

__all__ = [
    "BULK_THRESHOLD",
    "COLUMNS",
    "C_CODE",
    "C_DEN",
    "C_INDICATOR",
    "C_NOTE",
    "C_NUM",
    "C_PERIOD",
    "C_UNIT",
    "C_VALUE",
    "OPTIONAL",
    "SHEET",
    "check_rows",
    "read_csv_rows",
    "read_workbook_rows",
    "values_import",
]
