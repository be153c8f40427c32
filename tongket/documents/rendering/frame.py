"""The frame of a document: the two header blocks (the issuing body under its superior, the
national title and motto), the number line, the classification mark, the place-and-date line,
then the kind's name and the subject."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from tongket.documents import heading
from tongket.documents.choices import CLASSIFICATION_MARKS
from tongket.documents.rendering.base import RendererBase
from tongket.documents.rendering.conventions import document_mark, formal_date, subject_case
from tongket.documents.rendering.docx_parts import bottom_rule, no_borders, spacing
from tongket.org.selectors import unit_place


class FrameWriter(RendererBase):
    """The header and the title of `renderer.Renderer`."""

    def symbol_text(self) -> str:
        document = self.document
        if document.symbol:
            return document.symbol
        code = document.issuer_code or heading.issuer_code_default(document.issuer, on=self.day)
        pattern = self.r("number_line.format") or (
            "{number}-{type_code}/{issuer_code}"
            if self.style == "party"
            else "{number}/{type_code}-{issuer_code}"
        )
        return pattern.format(
            number=self.r("number_line.blank", "      "),
            type_code=document.type_code,
            issuer_code=code,
        )

    def header(self) -> None:
        document = self.document
        issuer = document.issuer
        table = self.docx.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        no_borders(table)
        width = self.usable_width
        # The State's national title needs about 9.5 cm on one line; the Party's leaves the
        # issuer more room.
        long_title = len(self.r("header.national_title", "")) > 24
        left_share = 0.38 if long_title else 0.5
        left_width, right_width = width * left_share, width * (1 - left_share)
        table.autofit = False
        table.columns[0].width, table.columns[1].width = Cm(left_width), Cm(right_width)
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = Cm(left_width), Cm(right_width)
        left, right = table.cell(0, 0), table.cell(0, 1)
        upper = document.header_upper or heading.upper_line(issuer, style=self.style, on=self.day)
        first = left.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(first)
        if upper:
            self.text(
                first,
                upper.upper(),
                self.r("header.parent_size", 13),
                bold=bool(self.r("header.parent_bold", False)),
            )
            issuer_paragraph = left.add_paragraph()
        else:
            issuer_paragraph = first
        issuer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(issuer_paragraph)
        self.text(
            issuer_paragraph,
            (
                document.header_issuer or heading.issuer_line(issuer, style=self.style, on=self.day)
            ).upper(),
            self.r("header.issuer_size", 13),
            bold=bool(self.r("header.issuer_bold", True)),
        )
        mark = left.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(mark)
        if self.r("header.issuer_mark") == "star":
            self.text(mark, "*", self.r("header.issuer_size", 14))
        else:
            inset = left_width * 0.33
            mark.paragraph_format.left_indent = Cm(inset)
            mark.paragraph_format.right_indent = Cm(inset)
            bottom_rule(mark)
        title = right.paragraphs[0]
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(title)
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
            spacing(motto)
            self.text(motto, motto_text, self.r("header.motto_size", 14), bold=True)
            motto.paragraph_format.left_indent = Cm(right_width * 0.12)
            motto.paragraph_format.right_indent = Cm(right_width * 0.12)
            bottom_rule(motto)
        else:
            bottom_rule(title)
        number = table.cell(1, 0).paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(number, before=6)
        self.text(
            number,
            self.r("number_line.prefix", "Số ") + self.symbol_text(),
            self.r("number_line.size", 13),
        )
        classification = document_mark(document)
        marks = self.r("classification.marks") or CLASSIFICATION_MARKS
        if classification in marks:
            stamp = table.cell(1, 0).add_paragraph()
            stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(stamp, before=6)
            self.text(stamp, marks[classification], self.r("classification.size", 13), bold=True)
        date = table.cell(1, 1).paragraphs[0]
        date.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(date, before=6)
        self.text(
            date,
            formal_date(document.place or unit_place(issuer), self.day),
            self.r("date_line.size", 14),
            italic=bool(self.r("date_line.italic", True)),
        )

    def title(self) -> None:
        document = self.document
        if document.title:
            paragraph = self.docx.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(paragraph, before=18)
            self.text(
                paragraph,
                document.title.upper(),
                self.r("title.size", 14),
                bold=bool(self.r("title.bold", True)),
            )
        if document.subject:
            paragraph = self.docx.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(paragraph, after=0)
            self.text(
                paragraph,
                subject_case(document.subject, self.r("subject.case", "")),
                self.r("subject.size", 14),
                bold=bool(self.r("subject.bold", True)),
            )
            rule_paragraph = self.docx.add_paragraph()
            inset = self.usable_width * 0.4
            rule_paragraph.paragraph_format.left_indent = Cm(inset)
            rule_paragraph.paragraph_format.right_indent = Cm(inset)
            spacing(rule_paragraph, after=12)
            bottom_rule(rule_paragraph)
