"""The body of a document: the numbered sections with their text, tables and charts; for
decisions the addressee, the grounds ("Căn cứ …"), the enacting word and the articles."""

from __future__ import annotations

import io
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from tongket.documents.rendering.base import RendererBase
from tongket.documents.rendering.conventions import CODE, ROMAN, fit_codes
from tongket.documents.rendering.docx_parts import (
    keep_row_together,
    keep_row_with_next,
    no_wrap,
    repeat_as_header,
    spacing,
)

# A table's last rows that go onto a page together: a long list never leaves one row alone
# on its last page ("54 Phạm Hữu B" under the page's number).
TAIL_KEPT = 3


class BodyWriter(RendererBase):
    """The body of `renderer.Renderer`."""

    def heading_number(self, level: int, index: int) -> str:
        numbers = self.r("body.heading_numbers", ["I.", "1.", "a)"])
        pattern = numbers[min(level, len(numbers) - 1)]
        if level == 0:
            return ROMAN[(index - 1) % len(ROMAN)] + pattern[1:]
        if pattern.startswith("a"):
            return chr(ord("a") + (index - 1) % 26) + pattern[1:]
        return str(index) + pattern[1:]

    def printed(self) -> list[dict[str, Any]]:
        """The blocks to print: a section with nothing under it (no text, table or chart of
        its own or in a deeper section) is left out of the document."""
        blocks = self.content

        def filled(block: dict[str, Any]) -> bool:
            return bool(
                (block.get("text") or "").strip()
                or block.get("table")
                or block.get("tables")
                or block.get("charts")
                or not block.get("heading")
            )

        kept = []
        for index, block in enumerate(blocks):
            if filled(block):
                kept.append(block)
                continue
            level = int(block.get("level", 0) or 0)
            for later in blocks[index + 1 :]:
                if later.get("heading") and int(later.get("level", 0) or 0) <= level:
                    break
                if filled(later):
                    kept.append(block)
                    break
        return kept

    def body(self) -> None:
        size = self.r("body.size", 14)
        counters = [0, 0, 0]
        for block in self.printed():
            if block.get("annex") or block.get("signers"):
                continue
            key = str(block.get("key") or "")
            self.owner = (key, "addressee")
            if block.get("addressee"):
                paragraph = self.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
                self.text(paragraph, block["addressee"], size)
                continue
            if block.get("grounds"):
                self.owner = (key, "grounds")
                for line in block["grounds"]:
                    paragraph = self.paragraph()
                    self.text(paragraph, line, size, italic=bool(self.r("decision.grounds_italic")))
                continue
            if block.get("enacting"):
                self.owner = (key, "enacting")
                paragraph = self.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
                paragraph.paragraph_format.space_before = Pt(6)
                self.text(paragraph, self.r("decision.enacting", "QUYẾT ĐỊNH:"), size, bold=True)
                continue
            if block.get("article"):
                label = self.r("decision.article", "Điều {n}.").format(n=block["article"])
                lines = [line for line in (block.get("text") or "").split("\n") if line.strip()]
                self.owner = (key, "article")
                paragraph = self.paragraph()
                self.text(paragraph, label, size, bold=True)
                if lines:
                    self.text(paragraph, " " + lines[0].strip(), size)
                self.owner = (key, "text")
                for line in lines[1:]:
                    self.text(self.paragraph(), line.strip(), size)
                continue
            level = int(block.get("level", 0) or 0)
            title = block.get("heading")
            if title:
                if not block.get("unnumbered"):
                    counters[level] += 1
                    for deeper in range(level + 1, len(counters)):
                        counters[deeper] = 0
                self.owner = (key, "heading")
                paragraph = self.paragraph()
                paragraph.paragraph_format.space_before = Pt(6)
                paragraph.paragraph_format.keep_with_next = True
                label = (
                    ""
                    if block.get("unnumbered")
                    else self.heading_number(level, counters[level]) + " "
                )
                self.text(
                    paragraph,
                    label + (title.upper() if level == 0 else title),
                    size,
                    bold=True,
                    italic=level >= 2,
                )
            self.owner = (key, "text")
            for line in (block.get("text") or "").split("\n"):
                if line.strip():
                    self.text(self.paragraph(), line.strip(), size)
            if block.get("table"):
                self.table(block["table"])
            for table in block.get("tables") or []:
                self.table(table)
            for chart in block.get("charts") or []:
                self.chart(chart, size)
        self.owner = None

    def chart(self, chart: dict[str, Any], size: float) -> None:
        """A chart of an indicator over the periods, drawn from the series kept in the
        draft (the picture always matches the draft's figures), its caption kept with it."""
        from tongket.documents.charts import indicator_chart

        series = chart.get("series") or {}
        if not series.get("periods"):
            return
        png = self.charts.get(chart.get("key", "")) or indicator_chart(
            title=chart.get("caption", ""),
            periods=series["periods"],
            values=series["values"],
            targets=series["targets"],
            statuses=series["statuses"],
        )
        paragraph = self.docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(chart.get("caption"))
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(min(15.5, self.usable_width)))
        if chart.get("caption"):
            caption = self.docx.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(caption, after=6)
            self.text(caption, chart["caption"], size - 2, italic=True)

    def table(self, data: dict[str, Any]) -> None:
        columns = data.get("columns") or []
        rows = data.get("rows") or []
        if not rows or not columns:
            return  # a table with no row is not printed (nor its caption)
        if data.get("caption"):
            caption = self.docx.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.keep_with_next = True
            spacing(caption, before=6, after=3)
            self.text(caption, data["caption"], self.r("body.size", 14) - 1, bold=True)
        table = self.docx.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = max(10, self.r("body.size", 14) - 3)
        numeric = set(data.get("numeric") or [])
        weights = data.get("widths") or [
            min(
                40, max(4, max((len(str(r[i])) for r in [columns, *rows] if i < len(r)), default=4))
            )
            for i in range(len(columns))
        ]
        weights = fit_codes(weights, columns, rows, self.usable_width, size)
        total = sum(weights) or 1
        table.autofit = False
        grid = cell_grid(table)
        for index, weight in enumerate(weights[: len(columns)]):
            width = Cm(self.usable_width * weight / total)
            # Both the grid (LibreOffice reads it) and each cell (Word reads those).
            table.columns[index].width = width
            for line in grid:
                line[index].width = width
        for index, column in enumerate(columns):
            paragraph = grid[0][index].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.text(paragraph, str(column), size, bold=True)
        keep_row_together(table.rows[0])
        for row_index, row in enumerate(rows, start=1):
            keep_row_together(table.rows[row_index])
            for index, value in enumerate(row):
                cell = grid[row_index][index]
                text = "" if value is None else str(value)
                if CODE.match(text):
                    no_wrap(cell)
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT if index in numeric else WD_ALIGN_PARAGRAPH.LEFT
                )
                self.text(paragraph, text, size)
        self.keep_ends(table)
        self.docx.add_paragraph()

    @staticmethod
    def keep_ends(table: Table) -> None:
        """The header row is printed again on each page and stays with the first row; the
        last `TAIL_KEPT` rows keep together (each but the last keeps with the next)."""
        repeat_as_header(table.rows[0])
        keep_row_with_next(table.rows[0])
        body = list(table.rows)[1:]
        for row in body[-TAIL_KEPT:-1]:
            keep_row_with_next(row)


def cell_grid(table: Table) -> list[list[_Cell]]:
    """The cells of a table just made (no merged cells), row by row, read once: python-docx's
    `table.cell(r, c)` and `column.cells` walk the whole table on every call, which made a
    decision's annex of a few hundred cells take seconds."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
