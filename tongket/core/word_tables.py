"""Reading the cells of a Word table once.

python-docx works out a table's whole grid (spans and vertical merges) on every `row.cells`,
`column.cells` and `table.cell(r, c)`, so reading a table row by row costs rows × cells: a
few hundred rows took seconds. `rows_of_cells` works the grid out once and cuts it into rows,
with the same cells `row.cells` gives (a merged cell repeated under every grid column it
spans)."""

from __future__ import annotations

from docx.table import Table, _Cell


def rows_of_cells(table: Table) -> list[list[_Cell]]:
    cells = table._cells
    width = len(table.columns)
    if not width:
        return []
    return [cells[start : start + width] for start in range(0, len(cells), width)]
