"""Small python-docx helpers: fonts on every script, rules as paragraph borders, borderless
tables, spacing, keeping paragraphs and table rows together."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph


def set_font(run: Any, name: str, size: float | None = None, **styles: bool) -> None:
    run.font.name = name
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    if size:
        run.font.size = Pt(size)
    run.bold = styles.get("bold", False)
    run.italic = styles.get("italic", False)
    run.underline = styles.get("underline", False)


def bottom_rule(paragraph: Any) -> None:
    """A short rule as the paragraph's bottom border (its width is the paragraph's)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    properties.append(borders)


def has_bottom_rule(paragraph: Any) -> bool:
    properties = paragraph._p.pPr
    if properties is None:
        return False
    borders = properties.find(qn("w:pBdr"))
    return borders is not None and borders.find(qn("w:bottom")) is not None


def no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def spacing(paragraph: Any, before: float = 0, after: float = 0, line: float = 1.0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = line


def keep_row_together(row: Any) -> None:
    """The row never breaks across pages (w:cantSplit)."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)


def repeat_as_header(row: Any) -> None:
    """The row is the table's header, printed again at the top of each page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def keep_row_with_next(row: Any) -> None:
    """The row goes onto the page of what follows it: every paragraph in it keeps with next
    (Word and LibreOffice both read it so in a table row)."""
    for element in row._tr.iter(qn("w:p")):
        Paragraph(element, row).paragraph_format.keep_with_next = True


def no_wrap(cell: Any) -> None:
    """The cell's text stays on one line ("HC01" never becomes "HC0/1")."""
    properties = cell._tc.get_or_add_tcPr()
    properties.append(OxmlElement("w:noWrap"))


def cell_no_wrap(cell: Any) -> bool:
    properties = cell._tc.tcPr
    return properties is not None and properties.find(qn("w:noWrap")) is not None


def page_break_before(paragraph: Any) -> None:
    paragraph.paragraph_format.page_break_before = True
