"""Rendering a document to DOCX in its format profile (python-docx), and to PDF with
LibreOffice where it is installed.

Layout (DOMAIN.md §1): A4 portrait, the profile's margins and font; the header as a borderless
two-column table (parent body and issuer on the left with a short rule or a star, the national
title and motto on the right with their rules; the number line and the place-and-date line
below), the title and subject centred, the body with its numbered headings, tables and charts,
the signature block and the recipients as another borderless table; page numbers centred in
the top margin from the second page on.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tongket.documents.choices import AUTHORITY_MARKS, Style
from tongket.documents.profiles import rule
from tongket.org.selectors import unit_place

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def formal_date(place: str, day: datetime.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020" (day below 10 and months 1–2 with a zero);
    dots for the day not yet known."""
    if day is None:
        return f"{place}, ngày      tháng      năm {datetime.date.today().year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _font(run: Any, name: str, size: float | None = None, **styles: bool) -> None:
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


def _bottom_rule(paragraph: Any) -> None:
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


def _no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _spacing(paragraph: Any, before: float = 0, after: float = 0, line: float = 1.0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = line


class Renderer:
    """Writes one document; `rules` are the profile's."""

    def __init__(self, document: Any, content: list[dict[str, Any]], charts: dict[str, bytes]):
        self.document = document
        self.rules = document.profile.rules
        self.style = document.profile.style
        self.font = rule(self.rules, "font.name") or "Times New Roman"
        self.content = content
        self.charts = charts
        self.docx = Docx()

    def r(self, path: str, default: Any = None) -> Any:
        value = rule(self.rules, path)
        return default if value is None else value

    def text(self, paragraph: Any, text: str, size: float, **styles: bool) -> Any:
        run = paragraph.add_run(text)
        _font(run, self.font, size, **styles)
        return run

    def page(self) -> None:
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(self.r("page.margin_top_mm", 20))
        section.bottom_margin = Mm(self.r("page.margin_bottom_mm", 20))
        section.left_margin = Mm(self.r("page.margin_left_mm", 30))
        section.right_margin = Mm(self.r("page.margin_right_mm", 15))
        section.header_distance = Mm(10)
        style = self.docx.styles["Normal"]
        style.font.name = self.font
        style.font.size = Pt(self.r("body.size", 14))
        style.element.rPr.rFonts.set(qn("w:eastAsia"), self.font)
        # Page numbers centred in the top margin, not on the first page.
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        _font(run, self.font, self.r("body.size", 14) - 1)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._r.append(field)
            else:
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)

    @property
    def usable_width(self) -> float:
        """Text width in cm."""
        return 21.0 - (self.r("page.margin_left_mm", 30) + self.r("page.margin_right_mm", 15)) / 10

    def header(self) -> None:
        document = self.document
        issuer = document.issuer
        parent = issuer.parent
        table = self.docx.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        width = self.usable_width
        # The State's national title ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") needs about 9.5 cm
        # on one line; the Party's ("ĐẢNG CỘNG SẢN VIỆT NAM") leaves the issuer more room.
        long_title = len(self.r("header.national_title", "")) > 24
        left_share = 0.38 if long_title else 0.45
        left_width, right_width = width * left_share, width * (1 - left_share)
        table.autofit = False
        table.columns[0].width, table.columns[1].width = Cm(left_width), Cm(right_width)
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = Cm(left_width), Cm(right_width)
        left, right = table.cell(0, 0), table.cell(0, 1)
        # Left: the body above (capitals), the issuer (bold capitals), its mark.
        first = left.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(first)
        if parent is not None:
            self.text(first, parent.name.upper(), self.r("header.parent_size", 13))
            issuer_paragraph = left.add_paragraph()
        else:
            issuer_paragraph = first
        issuer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(issuer_paragraph)
        self.text(
            issuer_paragraph, issuer.name.upper(), self.r("header.issuer_size", 13), bold=True
        )
        mark = left.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(mark)
        if self.r("header.issuer_mark") == "star":
            self.text(mark, "*", self.r("header.issuer_size", 14))
        else:
            inset = left_width * 0.33
            mark.paragraph_format.left_indent = Cm(inset)
            mark.paragraph_format.right_indent = Cm(inset)
            _bottom_rule(mark)
        # Right: the national title, the motto, their rules.
        title = right.paragraphs[0]
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(title)
        self.text(
            title,
            self.r("header.national_title", ""),
            self.r("header.national_title_size", 13),
            bold=True,
        )
        motto_text = self.r("header.motto", "")
        if motto_text:
            motto = right.add_paragraph()
            motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(motto)
            self.text(motto, motto_text, self.r("header.motto_size", 14), bold=True)
            motto.paragraph_format.left_indent = Cm(right_width * 0.12)
            motto.paragraph_format.right_indent = Cm(right_width * 0.12)
            _bottom_rule(motto)
        else:
            _bottom_rule(title)
        # Number line and place-and-date line.
        number = table.cell(1, 0).paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(number, before=6)
        from tongket.documents.services import issuer_code_of

        code = issuer_code_of(issuer)
        symbol = document.symbol or (
            f"      -{document.type_code}/{code}"
            if self.style == Style.PARTY
            else f"      /{document.type_code}-{code}"
        )
        self.text(
            number, self.r("number_line.prefix", "Số ") + symbol, self.r("number_line.size", 13)
        )
        date = table.cell(1, 1).paragraphs[0]
        date.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(date, before=6)
        self.text(
            date,
            formal_date(document.place or unit_place(document.issuer), document.issued_on),
            self.r("date_line.size", 14),
            italic=True,
        )

    def title(self) -> None:
        document = self.document
        if document.title:
            paragraph = self.docx.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(paragraph, before=18)
            self.text(paragraph, document.title.upper(), self.r("title.size", 14), bold=True)
        if document.subject:
            paragraph = self.docx.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(paragraph, after=0)
            self.text(paragraph, document.subject, self.r("subject.size", 14), bold=True)
            rule_paragraph = self.docx.add_paragraph()
            inset = self.usable_width * 0.4
            rule_paragraph.paragraph_format.left_indent = Cm(inset)
            rule_paragraph.paragraph_format.right_indent = Cm(inset)
            _spacing(rule_paragraph, after=12)
            _bottom_rule(rule_paragraph)

    def heading_number(self, level: int, index: int) -> str:
        numbers = self.r("body.heading_numbers", ["I.", "1.", "a)"])
        pattern = numbers[min(level, len(numbers) - 1)]
        if level == 0:
            return ROMAN[(index - 1) % len(ROMAN)] + pattern[1:]
        if pattern.startswith("a"):
            return chr(ord("a") + (index - 1) % 26) + pattern[1:]
        return str(index) + pattern[1:]

    def body(self) -> None:
        size = self.r("body.size", 14)
        counters = [0, 0, 0]
        for block in self.content:
            level = int(block.get("level", 0) or 0)
            heading = block.get("heading")
            if heading:
                if not block.get("unnumbered"):
                    counters[level] += 1
                    for deeper in range(level + 1, len(counters)):
                        counters[deeper] = 0
                paragraph = self.docx.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.paragraph_format.first_line_indent = Cm(
                    self.r("body.first_line_indent_cm", 1.27)
                )
                _spacing(
                    paragraph,
                    before=6,
                    after=self.r("body.space_after_pt", 6),
                    line=self.r("body.line_spacing", 1.15),
                )
                label = (
                    ""
                    if block.get("unnumbered")
                    else self.heading_number(level, counters[level]) + " "
                )
                self.text(
                    paragraph,
                    label + (heading.upper() if level == 0 else heading),
                    size,
                    bold=True,
                    italic=level >= 2,
                )
            for line in (block.get("text") or "").split("\n"):
                if not line.strip():
                    continue
                paragraph = self.docx.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.paragraph_format.first_line_indent = Cm(
                    self.r("body.first_line_indent_cm", 1.27)
                )
                _spacing(
                    paragraph,
                    after=self.r("body.space_after_pt", 6),
                    line=self.r("body.line_spacing", 1.15),
                )
                self.text(paragraph, line.strip(), size)
            if block.get("table"):
                self.table(block["table"])
            for table in block.get("tables") or []:
                self.table(table)
            for chart in block.get("charts") or []:
                self.chart(chart, size)

    def chart(self, chart: dict[str, Any], size: float) -> None:
        """A chart of an indicator over the periods, drawn from the series kept in the
        draft (so the picture always matches the draft's figures)."""
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
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(min(15.5, self.usable_width)))
        if chart.get("caption"):
            caption = self.docx.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(caption, after=6)
            self.text(caption, chart["caption"], size - 2, italic=True)

    def table(self, data: dict[str, Any]) -> None:
        columns = data.get("columns") or []
        rows = data.get("rows") or []
        if data.get("caption"):
            caption = self.docx.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(caption, before=6, after=3)
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
        total = sum(weights) or 1
        table.autofit = False
        for index, weight in enumerate(weights[: len(columns)]):
            width = Cm(self.usable_width * weight / total)
            # Both the grid (LibreOffice reads it) and each cell (Word reads those).
            table.columns[index].width = width
            for cell in table.columns[index].cells:
                cell.width = width
        for index, column in enumerate(columns):
            paragraph = table.cell(0, index).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.text(paragraph, str(column), size, bold=True)
        for row_index, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                paragraph = table.cell(row_index, index).paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT if index in numeric else WD_ALIGN_PARAGRAPH.LEFT
                )
                self.text(paragraph, "" if value is None else str(value), size)
        self.docx.add_paragraph()

    def signature(self) -> None:
        document = self.document
        table = self.docx.add_table(rows=1, cols=2)
        _no_borders(table)
        width = self.usable_width
        table.autofit = False
        for index in (0, 1):
            table.columns[index].width = Cm(width * 0.5)
            table.rows[0].cells[index].width = Cm(width * 0.5)
        left, right = table.cell(0, 0), table.cell(0, 1)
        label = left.paragraphs[0]
        _spacing(label, before=12)
        style = self.r("recipients.label_style", "bold_italic")
        self.text(
            label,
            self.r("recipients.label", "Nơi nhận:"),
            self.r("recipients.label_size", 12),
            bold=style == "bold_italic",
            italic=style == "bold_italic",
            underline=style == "underline",
        )
        for recipient in [*document.recipients, self.r("recipients.archive", "- Lưu: VT.")]:
            line = left.add_paragraph()
            _spacing(line)
            text = recipient if recipient.startswith("-") else f"- {recipient};"
            self.text(line, text, self.r("recipients.list_size", 11))
        size = self.r("signature.title_size", 14)
        first = right.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(first, before=12)
        mark = AUTHORITY_MARKS.get(self.style, {}).get(document.authority, "")
        if mark and document.authority_body:
            self.text(first, f"{mark} {document.authority_body.upper()}", size, bold=True)
            title = right.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _spacing(title)
        else:
            title = first
        self.text(title, (document.signer_title or "").upper(), size, bold=True)
        for _blank in range(4):
            _spacing(right.add_paragraph())
        name = right.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(name)
        self.text(name, document.signer_name or "", self.r("signature.name_size", 14), bold=True)

    def render(self) -> bytes:
        self.page()
        self.header()
        self.title()
        self.body()
        self.signature()
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()


def render_docx(
    document: Any, content: list[dict[str, Any]], charts: dict[str, bytes] | None = None
) -> bytes:
    return Renderer(document, content, charts or {}).render()


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF of a DOCX by LibreOffice headless; None when LibreOffice is not installed."""
    binary = libreoffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tongket-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "document.pdf").read_bytes()
