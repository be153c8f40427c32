"""The cells of a Word table read once are those python-docx gives row by row."""

from __future__ import annotations

from docx import Document

from tongket.core.word_tables import rows_of_cells


def test_the_rows_hold_the_cells_row_cells_gives_merged_ones_repeated():
    document = Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # a span across two columns
    table.cell(1, 2).merge(table.cell(2, 2))  # a vertical merge
    expected = [[cell._tc for cell in row.cells] for row in table.rows]
    got = [[cell._tc for cell in row] for row in rows_of_cells(table)]
    assert got == expected
    assert [len(row) for row in got] == [3, 3, 3]
    assert got[0][0] is got[0][1]


def test_an_empty_table_has_no_rows():
    table = Document().add_table(rows=0, cols=0)
    assert rows_of_cells(table) == []
