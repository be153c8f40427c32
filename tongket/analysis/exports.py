"""A pivot as the files people hand on: an Excel workbook (title block, header, numbers kept
as numbers with each indicator's decimals, totals) and a CSV (one line per figure, the shape
other tools read)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from tongket.analysis.choices import Dimension
from tongket.analysis.pivot import Cell, Table
from tongket.core.workbook import csv_text as safe_csv
from tongket.core.workbook import excel_number, new_workbook, workbook_bytes, write_sheet
from tongket.reporting.choices import Basis, Tree

TITLE_ROWS = 4


def _number_format(cell: Cell) -> str:
    places = "0" * cell.decimals
    return "#,##0" + (f".{places}" if places else "")


def xlsx(table: Table, *, title: str = "") -> bytes:
    """The table as on screen, below a title block (title, filters, basis and tree, when)."""
    workbook = new_workbook()
    spec = table.spec
    row_heads = [str(Dimension(d).label) for d in spec.rows]
    has_totals = any(table.row_totals)
    columns = [*row_heads, *[c.label for c in table.columns]]
    if has_totals:
        columns.append(_("Total"))
    lines: list[list[Any]] = []
    for header, cells, line_total in zip(
        table.rows, table.cells, table.row_totals or [None] * len(table.rows), strict=True
    ):
        line = [*header.labels, *[excel_number(c.value) for c in cells]]
        if has_totals:
            line.append(excel_number(line_total.value) if line_total else None)
        lines.append(line)
    if any(table.column_totals):
        lines.append(
            [
                _("Total"),
                *[""] * (len(row_heads) - 1),
                *[excel_number(c.value) if c else None for c in table.column_totals],
                *([None] if has_totals else []),
            ]
        )
    sheet = write_sheet(
        workbook,
        _("Analysis")[:31],
        columns,
        lines,
        widths={head: 40 for head in row_heads},
    )
    # Number formats cell by cell: each indicator keeps its own decimals.
    first = len(row_heads) + 1
    for index, cells in enumerate(table.cells):
        for offset, cell in enumerate(cells):
            sheet.cell(row=index + 2, column=first + offset).number_format = _number_format(cell)
        if has_totals and table.row_totals[index]:
            total = table.row_totals[index]
            sheet.cell(row=index + 2, column=first + len(cells)).number_format = _number_format(
                total
            )
    if any(table.column_totals):
        last = len(table.cells) + 2
        for offset, total in enumerate(table.column_totals):
            if total:
                sheet.cell(row=last, column=first + offset).number_format = _number_format(total)
                sheet.cell(row=last, column=first + offset).font = Font(
                    bold=True, name="Times New Roman", size=12
                )
    sheet.insert_rows(1, TITLE_ROWS)
    sheet.freeze_panes = sheet.cell(row=TITLE_ROWS + 2, column=first)
    sheet["A1"] = (title or table.title).upper()
    sheet["A1"].font = Font(bold=True, name="Times New Roman", size=14)
    filters = "; ".join(f"{Dimension(d).label}: {label}" for d, label in table.filters) or _(
        "No filter"
    )
    sheet["A2"] = filters
    sheet["A3"] = "%s; %s; %s %s" % (
        Basis(spec.basis).label,
        Tree(spec.tree).label,
        _("made on"),
        timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    )
    for ref in ("A2", "A3"):
        sheet[ref].font = Font(italic=True, name="Times New Roman", size=12)
    for ref in ("A1", "A2", "A3"):
        sheet[ref].alignment = Alignment(horizontal="left")
    return workbook_bytes(workbook)


def csv_text(table: Table) -> str:
    """One line per figure: indicator, unit, period, value, formula (dot decimals, UTF-8).
    A name a spreadsheet would run as a formula ("=HYPERLINK(…)") is written as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["indicator_code", "indicator", "unit_code", "unit", "period", "value", "formula"]
    )
    fixed = dict((d, table.spec.items(d)[0]) for d in table.spec.filters)
    for row, cells in zip(table.rows, table.cells, strict=True):
        for column, cell in zip(table.columns, cells, strict=True):
            chosen = {**fixed, **dict(row.items), **dict(column.items)}
            indicator = chosen[Dimension.INDICATOR]
            unit = chosen[Dimension.UNIT]
            period = chosen[Dimension.PERIOD]
            writer.writerow(
                [
                    *(
                        safe_csv(text)
                        for text in (
                            indicator.code,
                            indicator.name,
                            unit.code,
                            unit.name,
                            period.code,
                        )
                    ),
                    # A figure stays a number (-5 is not escaped).
                    "" if cell.value is None else format(cell.value.normalize(), "f"),
                    safe_csv(cell.formula),
                ]
            )
    return buffer.getvalue()
