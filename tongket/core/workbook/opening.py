"""Opening an uploaded workbook within the stated limits: streamed, merged cells and
formulas never computed refused, legacy texts converted; the problems found, by place."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import iterparse

from tongket.core.errors import DomainError
from tongket.core.legacy_text import convert_texts, describe_counts


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
