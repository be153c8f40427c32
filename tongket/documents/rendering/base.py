"""The renderer's state and the page: the profile's rules, the python-docx document, the page
size, margins and page numbers, and the body paragraph every part writes into. The parts
(`frame`, `body`, `closing`) add the header, the body and the closing to it; `renderer.Renderer`
puts them together."""

from __future__ import annotations

from typing import Any

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tongket.documents.profiles import rule
from tongket.documents.rendering.docx_parts import set_font, spacing


class RendererBase:
    """Writes one document; `rules` are the profile's."""

    def __init__(
        self,
        document: Any,
        content: list[dict[str, Any]],
        charts: dict[str, bytes],
        draft: int | None = None,
    ):
        self.document = document
        self.draft = draft
        self.rules = document.profile.rules
        self.style = document.profile.style
        self.font = rule(self.rules, "font.name") or "Times New Roman"
        self.content = content
        self.charts = charts
        self.docx = Docx()
        self.day = document.issued_on or document.dated_on
        self.last_body_paragraph: Any = None
        # Which block (key) and which part of it (role) wrote each body paragraph: what
        # reading an edited Word file back (`documents.correction`) aligns against.
        self.owner: tuple[str, str] | None = None
        self.owned: list[tuple[Any, tuple[str, str] | None]] = []

    def r(self, path: str, default: Any = None) -> Any:
        value = rule(self.rules, path)
        return default if value is None else value

    def text(self, paragraph: Any, text: str, size: float, **styles: bool) -> Any:
        run = paragraph.add_run(text)
        set_font(run, self.font, size, **styles)
        return run

    # --- page ---------------------------------------------------------------------------

    def page(self) -> None:
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(self.r("page.width_mm", 210))
        section.page_height = Mm(self.r("page.height_mm", 297))
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
        set_font(run, self.font, self.r("body.size", 14) - 1)
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

    def paragraph(self, *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True) -> Any:
        paragraph = self.docx.add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(
                self.r("body.first_line_indent_cm", 1.27)
            )
        spacing(
            paragraph,
            after=self.r("body.space_after_pt", 6),
            line=self.r("body.line_spacing", 1.15),
        )
        self.last_body_paragraph = paragraph
        self.owned.append((paragraph._p, self.owner))
        return paragraph
