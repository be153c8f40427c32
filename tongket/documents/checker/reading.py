"""Reading a rendered DOCX back into the parts the format rules speak of: the page, the two
header blocks, the number and date lines, the title and subject, the body paragraphs, the
signature block with the recipients, and the annexes after it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from docx import Document as Docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tongket.core.word_tables import rows_of_cells


@dataclass
class Line:
    """A non-empty paragraph as the rules see it: its text, size (pt), weight, slant,
    underline, font names, alignment and the paragraph itself."""

    text: str
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    fonts: set[str]
    alignment: Any
    paragraph: Any

    @property
    def first_bold(self) -> bool:
        runs = [run for run in self.paragraph.runs if run.text.strip()]
        return bool(runs) and bool(runs[0].bold)


@dataclass
class Reading:
    docx: Any
    header_left: list[Line] = field(default_factory=list)
    header_right: list[Line] = field(default_factory=list)
    number_cell: list[Line] = field(default_factory=list)
    date_cell: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    body_tables: list[Any] = field(default_factory=list)
    signature_table: Any = None
    signature_lines: list[Line] = field(default_factory=list)
    recipient_lines: list[Line] = field(default_factory=list)
    annex: list[Line] = field(default_factory=list)
    last_body_paragraph: Any = None


def _line(paragraph: Any, default_font: str, default_size: float | None) -> Line | None:
    text = paragraph.text.strip()
    if not text:
        return None
    runs = [run for run in paragraph.runs if run.text.strip()]
    sizes = {run.font.size.pt for run in runs if run.font.size is not None}
    fonts = set()
    for run in runs:
        properties = run._element.rPr
        element = properties.find(qn("w:rFonts")) if properties is not None else None
        fonts.add(
            element.get(qn("w:ascii"))
            if element is not None and element.get(qn("w:ascii"))
            else default_font
        )
    return Line(
        text=text,
        size=(max(sizes) if sizes else default_size),
        bold=bool(runs) and all(bool(run.bold) for run in runs),
        italic=bool(runs) and all(bool(run.italic) for run in runs),
        underline=bool(runs) and all(bool(run.underline) for run in runs),
        fonts=fonts,
        alignment=paragraph.alignment,
        paragraph=paragraph,
    )


def _lines(paragraphs: Any, font: str, size: float | None) -> list[Line]:
    return [line for p in paragraphs if (line := _line(p, font, size)) is not None]


def read(data: bytes) -> Reading:
    docx = Docx(io.BytesIO(data))
    normal = docx.styles["Normal"].font
    font = normal.name or ""
    size = normal.size.pt if normal.size is not None else None
    reading = Reading(docx=docx)
    items: list[Any] = []
    for child in docx.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(Paragraph(child, docx))
        elif child.tag == qn("w:tbl"):
            items.append(Table(child, docx))
    tables = [item for item in items if isinstance(item, Table)]
    if not tables:
        return reading
    header = tables[0]
    reading.header_left = _lines(header.cell(0, 0).paragraphs, font, size)
    reading.header_right = _lines(header.cell(0, 1).paragraphs, font, size)
    if len(header.rows) > 1:
        reading.number_cell = _lines(header.cell(1, 0).paragraphs, font, size)
        reading.date_cell = _lines(header.cell(1, 1).paragraphs, font, size)
    phase = "body"
    for item in items[items.index(header) + 1 :]:
        if isinstance(item, Table):
            rows = rows_of_cells(item)
            cells_text = " ".join(cell.text for row in rows for cell in row)
            if phase == "body" and "Nơi nhận" in cells_text:
                reading.signature_table = item
                for row in rows:
                    for cell in row:
                        lines = _lines(cell.paragraphs, font, size)
                        if any(line.text.startswith("Nơi nhận") for line in lines):
                            reading.recipient_lines += lines
                        else:
                            reading.signature_lines += lines
                phase = "annex"
            elif phase == "body":
                reading.body_tables.append(item)
            continue
        line = _line(item, font, size)
        if phase == "body":
            if line is not None:
                reading.body.append(line)
                reading.last_body_paragraph = item
        elif line is not None:
            reading.annex.append(line)
    return reading
