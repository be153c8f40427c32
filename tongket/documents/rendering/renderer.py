"""Writing one document to DOCX in its format profile (python-docx).

Layout (DOMAIN.md §1): A4 portrait, the profile's margins and font; the header as a borderless
two-column table (the upper body and the issuer on the left with a short rule or a star, the
national title and motto on the right with their rules; the number line, the classification
mark and the place-and-date line below); the kind's name and the subject centred; the body
with its numbered headings, tables and charts; for decisions the grounds, the enacting word
and the articles; the signature block and the recipients as another borderless table kept with
the last paragraph; annexes on pages of their own; page numbers centred in the top margin from
the second page on.

Content blocks (a draft's `content`, a list of dicts):
- a section: "key", "heading", "level" (0–2), "unnumbered", "text" (paragraphs split on new
  lines), "table", "tables", "charts";
- "addressee": the "Kính gửi: …" line under the subject;
- "grounds": the "Căn cứ …" lines of a decision; "enacting": the enacting word;
- "article": the article's number, with its "text";
- "signers": the people signing side by side (minutes: the secretary and the chair), each
  {"title", "name", "authority", "body"};
- "annex": {"title", "subtitle", "text", "table"} printed after the signature on a new page,
  under the line naming the document it goes with.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tongket.documents import heading
from tongket.documents.choices import CLASSIFICATION_MARKS
from tongket.documents.profiles import rule
from tongket.documents.rendering.docx_parts import (
    bottom_rule,
    keep_row_together,
    no_borders,
    no_wrap,
    page_break_before,
    set_font,
    spacing,
)
from tongket.org.selectors import unit_place

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# A code that must never wrap in a table cell: "HC01", "KT12", "QĐ-01".
CODE = re.compile(r"^[A-ZĐ]{1,5}[-.]?\d{1,4}$")
# The identifier a rendered file carries: "tongket-document:<id>:<draft>".
MARK = "tongket-document:"


def formal_date(place: str, day: datetime.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 01 năm 2020" (day below 10 and months 1–2 with a zero); the
    official blank when the date is not known yet."""
    if day is None:
        return f"{place}, ngày      tháng      năm       "
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def subject_case(text: str, case: str) -> str:
    """The subject's first letter as the profile wants it ("Về việc …" for the State, "về …"
    for the Party); a word in capitals ("QUYẾT", "NQ") is a name and keeps its case."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if case == "lower_first" and not (len(first) > 1 and first.isupper()):
        return text[0].lower() + text[1:]
    if case == "upper_first":
        return text[0].upper() + text[1:]
    return text


def document_mark(document: Any) -> str:
    """The document's own mark, or the higher one it takes from its source (the meeting of
    its minutes)."""
    from tongket.core.classification import LEVELS, mark_of

    own = getattr(document, "classification", "none") or "none"
    derived = mark_of(document) if getattr(document, "pk", None) else "none"
    return max(own, derived, key=lambda mark: LEVELS.get(mark, 0))


def code_width_cm(text: str, size: float) -> float:
    """The width a code needs on one line: at most 0.75 em a character in capitals and
    figures, plus the cell's margins."""
    return len(text) * size * 0.75 * 0.0353 + 0.5


def fit_codes(
    weights: list[float], columns: list[Any], rows: list[list[Any]], width: float, size: float
) -> list[float]:
    """Widen the columns holding codes ("HC01") so they never wrap, taking the room from
    the widest column."""
    weights = [float(w) for w in weights[: len(columns)]]
    total = sum(weights) or 1
    for index in range(len(weights)):
        codes = [str(r[index]) for r in rows if index < len(r) and CODE.match(str(r[index] or ""))]
        if not codes:
            continue
        need = max(code_width_cm(code, size) for code in codes) / width * total
        if weights[index] < need:
            widest = max(range(len(weights)), key=lambda i: weights[i])
            weights[widest] -= need - weights[index]
            weights[index] = need
    return weights


class Renderer:
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

    # --- page and header ---------------------------------------------------------------

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

    # --- body --------------------------------------------------------------------------

    def heading_number(self, level: int, index: int) -> str:
        numbers = self.r("body.heading_numbers", ["I.", "1.", "a)"])
        pattern = numbers[min(level, len(numbers) - 1)]
        if level == 0:
            return ROMAN[(index - 1) % len(ROMAN)] + pattern[1:]
        if pattern.startswith("a"):
            return chr(ord("a") + (index - 1) % 26) + pattern[1:]
        return str(index) + pattern[1:]

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
        keep_row_together(table.rows[0])
        for row_index, row in enumerate(rows, start=1):
            keep_row_together(table.rows[row_index])
            for index, value in enumerate(row):
                cell = table.cell(row_index, index)
                text = "" if value is None else str(value)
                if CODE.match(text):
                    no_wrap(cell)
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT if index in numeric else WD_ALIGN_PARAGRAPH.LEFT
                )
                self.text(paragraph, text, size)
        self.docx.add_paragraph()

    # --- signature, recipients, annexes -------------------------------------------------

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
        the left; every row kept whole and kept with the last paragraph above."""
        if self.last_body_paragraph is not None:
            self.last_body_paragraph.paragraph_format.keep_with_next = True
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

    def render(self) -> bytes:
        self.build()
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()

    def build(self) -> None:
        self.page()
        self.header()
        self.title()
        self.body()
        self.signature()
        self.annexes()
        if self.document.pk and self.draft:
            # Read back when the file comes home edited: which document, from which draft.
            self.docx.core_properties.identifier = f"{MARK}{self.document.pk}:{self.draft}"
