"""The checks a rendered document must pass, read from its format profile (`profiles.py`
cites the articles of Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW each rule comes
from). Each check adds `Failure`s naming the rule and what was found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from tongket.core.word_tables import rows_of_cells
from tongket.documents.checker.reading import Line, Reading
from tongket.documents.profiles import rule
from tongket.documents.rendering.conventions import CODE, code_width_cm
from tongket.documents.rendering.docx_parts import cell_no_wrap, has_bottom_rule

TOLERANCE_MM = 0.5
# The issuer's part of a symbol ("QK2", "ĐUQSTW", "BCHQS-DL"): capitals and figures, no space.
# A code in a table cell ("HC01", "QK2-HC01") is the renderer's own `CODE`, so that the
# checker looks at every cell the renderer keeps on one line.
ISSUER_CODE = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
DATE = re.compile(
    r"^(?P<place>[^,]+), ngày (?P<day>\d{2}|\s+) tháng (?P<month>\d{1,2}|\s+) năm ?(?P<year>\d{4})?$"
)
LOWERED_SYMBOL = re.compile(r"\b\d+-[a-zđ]{1,5}/[a-zđ]{2,}")
ZERO_COUNT = re.compile(r"\bvà 0 (?:tập thể|cá nhân)|\b0 tập thể và\b")
WHOLE_WITH_DECIMALS = re.compile(r"\b\d+,00\s+[a-zà-ỹđ]")
ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"


@dataclass
class Expectation:
    """What the document itself says it should show: its kind's name and type code, its
    issuer's code, header lines and date, its classification mark, whether it is a decision
    or minutes, and which bodies may follow a "T/M"/"TM." mark."""

    title: str
    type_code: str
    issuer_code: str
    upper_line: str
    issuer_line: str
    day: Any = None
    classification_mark: str = ""
    decision: bool = False
    minutes: bool = False
    collective_issuer: bool = False
    on_behalf_bodies: set[str] = field(default_factory=set)
    wrong_upper_lines: set[str] = field(default_factory=set)
    wrong_addressees: set[str] = field(default_factory=set)


@dataclass
class Failure:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


class Checks:
    def __init__(self, reading: Reading, rules: dict[str, Any], style: str, expect: Expectation):
        self.reading = reading
        self.rules = rules
        self.style = style
        self.expect = expect
        self.failures: list[Failure] = []

    def r(self, path: str, default: Any = None) -> Any:
        value = rule(self.rules, path)
        return default if value is None else value

    def fail(self, code: str, message: str) -> None:
        self.failures.append(Failure(code, message))

    def styled(self, code: str, line: Line | None, *, size: Any = None, **styles: bool) -> None:
        """The line exists, in the profile's size, weight and slant."""
        if line is None:
            self.fail(code, "missing")
            return
        if size and line.size is not None and abs(line.size - float(size)) > 0.01:
            self.fail(code, f"“{line.text[:50]}” is {line.size:g} pt, the rule says {size} pt")
        for name, wanted in styles.items():
            if bool(getattr(line, name)) != wanted:
                state = "" if wanted else "not "
                self.fail(code, f"“{line.text[:50]}” must {state}be {name}")

    # --- the checks ------------------------------------------------------------------------

    def page(self) -> None:
        section = self.reading.docx.sections[0]
        for name, attribute in (
            ("page.width_mm", "page_width"),
            ("page.height_mm", "page_height"),
            ("page.margin_top_mm", "top_margin"),
            ("page.margin_bottom_mm", "bottom_margin"),
            ("page.margin_left_mm", "left_margin"),
            ("page.margin_right_mm", "right_margin"),
        ):
            wanted = self.r(name)
            found = getattr(section, attribute)
            if wanted is not None and (
                found is None or abs(found.mm - float(wanted)) > TOLERANCE_MM
            ):
                self.fail(name, f"{found.mm if found else None:.1f} mm, the rule says {wanted} mm")
        if not section.different_first_page_header_footer:
            self.fail("page.numbers", "the first page must carry no page number")
        header_xml = section.header._element.xml
        if "PAGE" not in header_xml:
            self.fail("page.numbers", "no page number field in the top margin")

    def fonts(self) -> None:
        wanted = self.r("font.name", "Times New Roman")
        lines = [
            *self.reading.header_left,
            *self.reading.header_right,
            *self.reading.number_cell,
            *self.reading.date_cell,
            *self.reading.body,
            *self.reading.signature_lines,
            *self.reading.recipient_lines,
        ]
        for line in lines:
            if line.fonts - {wanted}:
                self.fail("font.name", f"“{line.text[:40]}” in {sorted(line.fonts)}")
                return

    def header(self) -> None:
        left = self.reading.header_left
        expect = self.expect
        texts = [line.text for line in left]
        if expect.upper_line:
            upper = left[0] if left else None
            if upper is None or upper.text != expect.upper_line.upper():
                self.fail(
                    "header.parent",
                    f"the upper line reads “{upper.text if upper else ''}”, "
                    f"expected “{expect.upper_line.upper()}”",
                )
            else:
                self.styled(
                    "header.parent",
                    upper,
                    size=self.r("header.parent_size"),
                    bold=bool(self.r("header.parent_bold", False)),
                )
        for wrong in expect.wrong_upper_lines:
            if wrong.upper() in texts[:1]:
                self.fail("header.parent", f"“{wrong.upper()}” is not above the issuer in its line")
        issuer = next((line for line in left if line.text == expect.issuer_line.upper()), None)
        if issuer is None:
            self.fail("header.issuer", f"no “{expect.issuer_line.upper()}” in {texts}")
        else:
            self.styled(
                "header.issuer",
                issuer,
                size=self.r("header.issuer_size"),
                bold=bool(self.r("header.issuer_bold", True)),
            )
            index = left.index(issuer)
            following = issuer.paragraph._p.getnext()
            after = [following] if following is not None else []
            if self.r("header.issuer_mark") == "star":
                if not (index + 1 < len(left) and left[index + 1].text == "*"):
                    self.fail("header.issuer_mark", "no “*” under the issuing committee")
            elif not any(
                p.tag == qn("w:p") and has_bottom_rule(Paragraph(p, issuer.paragraph._parent))
                for p in after
            ):
                self.fail("header.issuer_mark", "no short rule under the issuing body")
        right = self.reading.header_right
        title = right[0] if right else None
        if title is None or title.text != self.r("header.national_title"):
            self.fail("header.national_title", f"expected “{self.r('header.national_title')}”")
        else:
            self.styled(
                "header.national_title", title, size=self.r("header.national_title_size"), bold=True
            )
        motto = self.r("header.motto")
        if motto:
            line = right[1] if len(right) > 1 else None
            if line is None or line.text != motto:
                self.fail("header.motto", f"expected “{motto}” under the national title")
            else:
                self.styled("header.motto", line, size=self.r("header.motto_size"), bold=True)
                if not has_bottom_rule(line.paragraph):
                    self.fail("header.motto", "no rule under the motto")
        elif title is not None and not has_bottom_rule(title.paragraph):
            self.fail("header.national_title", "no rule under the title")

    def number_line(self) -> None:
        cell = self.reading.number_cell
        line = cell[0] if cell else None
        prefix = self.r("number_line.prefix", "Số ")
        if line is None or not line.paragraph.text.startswith(prefix):
            self.fail("number_line", f"no number line starting “{prefix}”")
            return
        self.styled("number_line", line, size=self.r("number_line.size"), bold=False)
        symbol = line.paragraph.text[len(prefix) :]
        if self.style == "party":
            match = re.match(r"^(\d{2,}|\s{3,})-([^/\s]+)/(.+)$", symbol)
        else:
            match = re.match(r"^(\d{2,}|\s{3,})/(?:\d{4}/)?([^-\s]+)-(.+)$", symbol)
        if match is None:
            self.fail("number_line.format", f"“{line.paragraph.text}” is not {self.style} form")
            return
        _number, type_code, issuer_code = match.groups()
        if type_code != self.expect.type_code:
            self.fail("number_line.type_code", f"“{type_code}”, expected “{self.expect.type_code}”")
        if not ISSUER_CODE.match(issuer_code):
            self.fail("number_line.issuer_code", f"“{issuer_code}” is not an issuer code")
        elif self.expect.issuer_code and issuer_code != self.expect.issuer_code:
            self.fail(
                "number_line.issuer_code", f"“{issuer_code}”, stored “{self.expect.issuer_code}”"
            )
        mark = self.expect.classification_mark
        stamps = [item for item in cell[1:] if item.text == mark] if mark else []
        if mark and not (stamps and stamps[0].bold):
            self.fail("classification", f"no bold “{mark}” under the number line")
        if not mark and len(cell) > 1:
            self.fail("classification", f"“{cell[1].text}” stamped on an unclassified document")

    def date_line(self) -> None:
        line = self.reading.date_cell[0] if self.reading.date_cell else None
        self.styled(
            "date_line",
            line,
            size=self.r("date_line.size"),
            italic=bool(self.r("date_line.italic", True)),
        )
        if line is None:
            return
        match = DATE.match(line.paragraph.text.strip())
        if match is None:
            self.fail("date_line.format", f"“{line.text}” is not “Nơi, ngày dd tháng mm năm yyyy”")
            return
        day = self.expect.day
        if day is not None:
            wanted = f"ngày {day.day:02d} tháng {day.month:02d}" if day.month <= 2 else None
            if (match["year"] or "") != str(day.year):
                self.fail("date_line.year", f"dated {match['year']}, the document is of {day.year}")
            if wanted and wanted not in line.text:
                self.fail("date_line.format", "months 1–2 are written with a leading zero")
        month = match["month"].strip()
        if month and int(month) <= 2 and len(month) == 1:
            self.fail("date_line.format", "months 1–2 are written with a leading zero")

    def title(self) -> None:
        body = self.reading.body
        title = body[0] if body else None
        if not self.expect.title:
            return
        if title is None or title.text != self.expect.title:
            self.fail("title", f"expected “{self.expect.title}” first after the header")
            return
        self.styled("title", title, size=self.r("title.size"), bold=True)
        subject = body[1] if len(body) > 1 else None
        if subject is None or subject.alignment != WD_ALIGN_PARAGRAPH.CENTER:
            self.fail("subject", "no subject under the title")
            return
        self.styled("subject", subject, size=self.r("subject.size"), bold=True)
        case = self.r("subject.case", "")
        first = subject.text[:1]
        word = subject.text.split(" ", 1)[0]
        if case == "lower_first" and first.isupper() and not (len(word) > 1 and word.isupper()):
            self.fail("subject.case", f"“{subject.text[:40]}” starts with a capital")
        if case == "upper_first" and first.islower():
            self.fail("subject.case", f"“{subject.text[:40]}” starts in lower case")
        if re.search(r"\((?:của|theo) ", subject.text):
            self.fail("subject", f"a catalogue note in the subject: “{subject.text}”")

    def body(self) -> None:
        size = self.r("body.size")
        paragraphs = [
            line for line in self.reading.body[2:] if line.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        ]
        for line in paragraphs:
            if size and line.size is not None and abs(line.size - float(size)) > 0.01:
                self.fail("body.size", f"“{line.text[:40]}” is {line.size:g} pt, not {size} pt")
                break
        pattern = self.r("body.heading_numbers", ["I."])[0][1:]
        wrong = "." if pattern == "-" else "-"
        for line in paragraphs:
            if line.bold and re.match(rf"^{ROMAN}{re.escape(wrong)}\s", line.text):
                self.fail("body.heading_numbers", f"“{line.text[:30]}” numbered with “{wrong}”")
                break
        headings = [
            (index, line)
            for index, line in enumerate(paragraphs)
            if line.bold and re.match(rf"^{ROMAN}{re.escape(pattern)}\s", line.text)
        ]
        for position, (index, line) in enumerate(headings):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            next_heading = headings[position + 1][0] if position + 1 < len(headings) else None
            tables_follow = line.paragraph._p.getnext() is not None and (
                line.paragraph._p.getnext().tag == qn("w:tbl")
            )
            if (following is None or next_heading == index + 1) and not tables_follow:
                self.fail("body.empty_section", f"“{line.text[:40]}” has nothing under it")
        text = "\n".join(line.text for line in self.reading.body + self.reading.annex)
        for cell_text in self._table_texts():
            text += "\n" + cell_text
        for pattern, code, words in (
            (LOWERED_SYMBOL, "body.case", "a symbol in lower case"),
            (ZERO_COUNT, "body.counts", "a count of none is written"),
            (WHOLE_WITH_DECIMALS, "body.numbers", "a whole count with decimals"),
        ):
            found = pattern.search(text)
            if found is not None:
                self.fail(code, f"{words}: “{found[0]}”")
        for wrong in self.expect.wrong_addressees:
            for line in self.reading.body:
                if re.search(rf"(?:Kính gửi:|kính trình)\s+{re.escape(wrong)}\b", line.text):
                    self.fail("addressee", f"“{line.text[:60]}” goes to a body outside the line")
        if re.search(r"Nghị quyết số \d+-CTr", text):
            self.fail("body.kinds", "a coordination programme called “Nghị quyết”")
        for table in self.reading.body_tables:
            for row in rows_of_cells(table)[1:]:
                for cell in row:
                    text = cell.text.strip()
                    if not CODE.match(text):
                        continue
                    size = max(
                        (r.font.size.pt for p in cell.paragraphs for r in p.runs if r.font.size),
                        default=11,
                    )
                    narrow = (
                        cell.width is not None and cell.width.cm < code_width_cm(text, size) - 0.05
                    )
                    if narrow or not cell_no_wrap(cell):
                        self.fail("body.codes", f"“{text}” may wrap in its cell")
                        return

    def _table_texts(self) -> list[str]:
        return [
            cell.text
            for table in self.reading.body_tables
            for row in rows_of_cells(table)
            for cell in row
        ]

    def decision(self) -> None:
        if not self.expect.decision:
            return
        lines = self.reading.body[2:]
        grounds = self.r("decision.grounds", "Căn cứ")
        enacting = self.r("decision.enacting", "QUYẾT ĐỊNH:")
        ground_lines = [
            i for i, line in enumerate(lines) if line.text.lstrip("- ").startswith(grounds)
        ]
        enact = next((i for i, line in enumerate(lines) if line.text == enacting), None)
        if not ground_lines:
            self.fail("decision.grounds", f"no “{grounds} …” line")
        if enact is None:
            self.fail("decision.enacting", f"no “{enacting}” line")
        else:
            self.styled("decision.enacting", lines[enact], bold=True)
            if ground_lines and max(ground_lines) > enact:
                self.fail("decision.grounds", "grounds after the enacting line")
        numbers = []
        for line in lines:
            match = re.match(r"^Điều (\d+)\.", line.text)
            if match:
                numbers.append(int(match[1]))
                if not line.first_bold:
                    self.fail("decision.article", f"“Điều {match[1]}.” is not bold")
            if re.match(r"^(ĐIỀU \d+|Điều \d+\s*$)", line.text):
                self.fail("decision.article", f"“{line.text[:20]}” is a heading, not “Điều N.”")
        if numbers != list(range(1, len(numbers) + 1)) or not numbers:
            self.fail("decision.article", f"articles numbered {numbers}, expected 1, 2, …")
        reference = re.compile(r"^\(Kèm theo Quyết định số .+ ngày .+\)$")
        if not any(reference.match(line.text) for line in self.reading.annex):
            self.fail("decision.annex", "no annex “(Kèm theo Quyết định số … ngày …)”")

    def signature(self) -> None:
        lines = self.reading.signature_lines
        if not lines:
            self.fail("signature", "no signature block")
            return
        marks = self.r("signature.marks") or {}
        own = set(marks.values())
        foreign = {"TM.", "KT.", "TL.", "TUQ.", "T/M", "K/T", "T/L"} - own
        for line in lines:
            head = line.text.split(" ", 1)[0]
            if head in foreign:
                self.fail("signature.marks", f"“{head}” is not a mark of {self.style} documents")
            if head in own and head in (marks.get("on_behalf"),):
                body = line.text.split(" ", 1)[1] if " " in line.text else ""
                if self.expect.on_behalf_bodies and body not in self.expect.on_behalf_bodies:
                    self.fail(
                        "signature.on_behalf",
                        f"“{line.text}” signs for a body other than the issuer",
                    )
        if not all(line.bold for line in lines):
            self.fail("signature", "the signature block must be bold")
        on_behalf = marks.get("on_behalf")
        if self.expect.collective_issuer and not any(
            line.text.startswith(f"{on_behalf} ") for line in lines
        ):
            self.fail("signature.on_behalf", f"a collective body signs “{on_behalf} …”")
        if self.expect.minutes:
            texts = {line.text for line in lines}
            if "THƯ KÝ" not in texts:
                self.fail("signature.minutes", "the minutes carry no secretary (THƯ KÝ)")
            if not texts & {"CHỦ TRÌ", "CHỦ TỌA", "CHỦ TRÌ HỘI NGHỊ"}:
                self.fail("signature.minutes", "the minutes carry no chair (CHỦ TRÌ)")
        table = self.reading.signature_table
        if table is not None:
            for row in table.rows:
                properties = row._tr.trPr
                if properties is None or properties.find(qn("w:cantSplit")) is None:
                    self.fail("signature.together", "the signature row may break across pages")
                    break
        last = self.reading.last_body_paragraph
        if last is not None and not last.paragraph_format.keep_with_next:
            self.fail("signature.together", "the last paragraph is not kept with the signature")

    def recipients(self) -> None:
        lines = self.reading.recipient_lines
        label = lines[0] if lines else None
        style = self.r("recipients.label_style", "bold_italic")
        self.styled(
            "recipients.label",
            label,
            size=self.r("recipients.label_size"),
            bold=style == "bold_italic",
            italic=style == "bold_italic",
            underline=style == "underline",
        )
        items = lines[1:]
        if not items:
            self.fail("recipients", "no recipients")
            return
        for line in items:
            self.styled("recipients.list", line, size=self.r("recipients.list_size"))
        archive = self.r("recipients.archive", "- Lưu")
        if not items[-1].text.startswith(archive.split(":")[0].split(" V")[0]):
            self.fail("recipients.archive", f"the list ends “{items[-1].text}”, not “{archive}”")

    def charts(self) -> None:
        for paragraph in self.reading.docx.paragraphs:
            if paragraph._p.xpath(".//pic:pic") and not paragraph.text.strip():
                following = paragraph._p.getnext()
                if following is not None and following.tag == qn("w:p"):
                    if not paragraph.paragraph_format.keep_with_next:
                        self.fail("body.charts", "a chart is not kept with its caption")
                        return

    def run(self) -> list[Failure]:
        for check in (
            self.page,
            self.fonts,
            self.header,
            self.number_line,
            self.date_line,
            self.title,
            self.body,
            self.decision,
            self.signature,
            self.recipients,
            self.charts,
        ):
            check()
        return self.failures
