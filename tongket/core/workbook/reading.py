"""Reading a sheet: columns found by header, rows as dicts, and cells read as text, number,
year or choice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tongket.core.numbers import AmbiguousNumber, NotANumber, NumberOutOfRange, parse_number
from tongket.core.text import normalize, search_key
from tongket.core.workbook.opening import (
    Problems,
    _computed,
    _legacy_converted,
    _merged_ranges,
    _streamed_rows,
)
from tongket.core.workbook.writing import is_stamp_row


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
