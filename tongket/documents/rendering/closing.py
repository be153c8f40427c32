"""The closing of a document: the signature block (two signers side by side in minutes) over
the recipients ("Nơi nhận"), kept with the last paragraph, and the annexes on pages of their
own under the line naming the document they go with."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from tongket.documents import heading
from tongket.documents.rendering.base import RendererBase
from tongket.documents.rendering.docx_parts import (
    bottom_rule,
    keep_row_together,
    no_borders,
    page_break_before,
    spacing,
)


class ClosingWriter(RendererBase):
    """The signature, recipients and annexes of `renderer.Renderer` (an annex's table and
    number line are written by the body and frame parts)."""

    def signers(self) -> list[dict[str, str]]:
        for block in self.content:
            if block.get("signers"):
                return list(block["signers"])
        document = self.document
        return [
            {
                "authority": document.authority,
                "body": document.authority_body,
                "title": document.signer_title,
                "name": document.signer_name,
            }
        ]

    def signature_cell(self, cell: Any, signer: dict[str, str], first: bool) -> None:
        size = self.r("signature.title_size", 14)
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(paragraph, before=12)
        paragraph.paragraph_format.keep_with_next = True
        marks = self.r("signature.marks") or {}
        mark = marks.get(signer.get("authority") or "", "")
        if mark and signer.get("body"):
            self.text(paragraph, f"{mark} {signer['body'].upper()}", size, bold=True)
            paragraph = cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(paragraph)
        self.text(paragraph, (signer.get("title") or "").upper(), size, bold=True)
        for _blank in range(4):
            spacing(cell.add_paragraph())
        name = cell.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(name)
        self.text(name, signer.get("name") or "", self.r("signature.name_size", 14), bold=True)

    def recipients_cell(self, cell: Any, first: bool) -> None:
        document = self.document
        label = cell.paragraphs[0] if first else cell.add_paragraph()
        spacing(label, before=12)
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
            line = cell.add_paragraph()
            spacing(line)
            text = recipient if recipient.startswith("-") else f"- {recipient};"
            self.text(line, text, self.r("recipients.list_size", 11))

    def signature(self) -> None:
        """The signers (side by side when two sign, as in minutes) over the recipients on
        the left; every row kept whole and kept with the end of the body above."""
        self.keep_end_with_signature()
        signers = self.signers()
        width = self.usable_width
        if len(signers) > 1:
            table = self.docx.add_table(rows=2, cols=2)
            no_borders(table)
            table.autofit = False
            for index in (0, 1):
                table.columns[index].width = Cm(width * 0.5)
                for row in table.rows:
                    row.cells[index].width = Cm(width * 0.5)
            for index, signer in enumerate(signers[:2]):
                self.signature_cell(table.cell(0, index), signer, first=True)
            self.recipients_cell(table.cell(1, 0), first=True)
            for row in table.rows:
                keep_row_together(row)
            # The signers stay on the page of the recipients under them.
            for cell in table.rows[0].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
            return
        table = self.docx.add_table(rows=1, cols=2)
        no_borders(table)
        table.autofit = False
        for index in (0, 1):
            table.columns[index].width = Cm(width * 0.5)
            table.rows[0].cells[index].width = Cm(width * 0.5)
        keep_row_together(table.rows[0])
        self.recipients_cell(table.cell(0, 0), first=True)
        self.signature_cell(table.cell(0, 1), signers[0], first=True)

    def keep_end_with_signature(self) -> None:
        """The end of the body goes onto the signature's page: the last paragraph with text
        and everything after it (the blank line under a table) are kept with the next one;
        when the body ends with a table, its last row is (every paragraph in it), so at least
        that row comes over with the signature and the block never sits alone on a page."""
        if self.last_body_paragraph is not None:
            self.last_body_paragraph.paragraph_format.keep_with_next = True
        body = self.docx.element.body
        for element in reversed(list(body)):
            if element.tag == qn("w:p"):
                paragraph = Paragraph(element, self.docx)
                paragraph.paragraph_format.keep_with_next = True
                if paragraph.text.strip():
                    return
            elif element.tag == qn("w:tbl"):
                rows = element.tr_lst
                if rows:
                    for paragraph in rows[-1].iter(qn("w:p")):
                        Paragraph(paragraph, self.docx).paragraph_format.keep_with_next = True
                return

    def annexes(self) -> None:
        size = self.r("body.size", 14)
        for block in self.content:
            annex = block.get("annex")
            if not annex:
                continue
            title = self.docx.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            page_break_before(title)
            spacing(title)
            self.text(title, (annex.get("title") or "").upper(), size, bold=True)
            if annex.get("subtitle"):
                subtitle = self.docx.add_paragraph()
                subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
                spacing(subtitle)
                self.text(subtitle, annex["subtitle"], size, bold=True)
            reference = self.docx.add_paragraph()
            reference.alignment = WD_ALIGN_PARAGRAPH.CENTER
            spacing(reference, after=0)
            self.text(reference, self.annex_reference(), size, italic=True)
            line = self.docx.add_paragraph()
            inset = self.usable_width * 0.4
            line.paragraph_format.left_indent = Cm(inset)
            line.paragraph_format.right_indent = Cm(inset)
            spacing(line, after=12)
            bottom_rule(line)
            self.owner = (str(block.get("key") or ""), "annex")
            for text in (annex.get("text") or "").split("\n"):
                if text.strip():
                    self.text(self.paragraph(), text.strip(), size)
            self.owner = None
            if annex.get("table"):
                self.table(annex["table"])

    def annex_reference(self) -> str:
        """ "(Kèm theo Quyết định số 01/QĐ-QK2 ngày 08/7/2022 của Quân khu 2)"; blanks
        before the number and date are given."""
        document = self.document
        pattern = self.r(
            "decision.annex_reference",
            "(Kèm theo {kind} số {symbol} ngày {date} của {issuer})",
        )
        day = self.day
        kind = (document.title or "Văn bản").capitalize()
        return pattern.format(
            kind=kind,
            symbol=self.symbol_text(),
            date=f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "     /     /       ",
            issuer=heading.issuer_name(document.issuer, on=day),
        )
