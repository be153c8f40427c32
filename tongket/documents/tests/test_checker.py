"""The format checker: every kind of document the demo renders passes it in both profiles,
and it refuses what Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW forbid."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

from tongket.core.scopes import SYSTEM
from tongket.documents import services
from tongket.documents.catalogue import every_document
from tongket.documents.checker import (
    assert_document_passes,
    check_document,
    check_docx,
    expectation_for,
)
from tongket.documents.choices import DocumentKind
from tongket.documents.rendering import render_docx
from tongket.org.models import Unit

D = datetime.date
pytestmark = pytest.mark.django_db


def _codes(failures) -> set[str]:  # type: ignore[no-untyped-def]
    return {failure.rule for failure in failures}


def _draft(code: str, style: str, **fields):  # type: ignore[no-untyped-def]
    return services.document_draft(
        kind=fields.pop("kind", DocumentKind.REPORT),
        issuer=Unit.objects.get(code=code),
        style=style,
        subject=fields.pop("subject", "về thử"),
        recipients=["Quân ủy Trung ương"],
        **fields,
    )


BODY = [{"key": "a", "heading": "Kết quả", "level": 0, "text": "Đoạn một."}]


def test_every_kind_the_demo_renders_passes_in_both_profiles():
    """Given the demo, when each kind of document it holds or drafts is rendered (one per
    kind and format), then each passes every rule of its profile."""
    seen: dict[tuple[str, str], str] = {}
    for label, document, content in every_document():
        key = (document.kind, document.profile.style)
        if key in seen:
            continue
        seen[key] = label
        assert_document_passes(document, content)
    kinds = {kind for kind, _style in seen}
    assert {
        DocumentKind.REVIEW_REPORT,
        DocumentKind.SUBMISSION,
        DocumentKind.DRAFT_RESOLUTION,
        DocumentKind.COORDINATION_PROGRAMME,
        DocumentKind.UNIT_REVIEW_REPORT,
        DocumentKind.MINUTES,
        DocumentKind.CONCLUSION_NOTICE,
        DocumentKind.INVITATION,
        DocumentKind.PLAN,
        DocumentKind.AWARD_DECISION,
        DocumentKind.AWARD_PROPOSAL,
    } <= kinds
    assert {style for _kind, style in seen} == {"party", "state"}


def test_the_command_checks_every_document_and_fails_on_a_broken_one(tmp_path):
    """Given the demo, the command passes; given a document whose issuer code has a space,
    it fails naming the rule."""
    call_command("check_documents", kind=DocumentKind.AWARD_DECISION, stdout=io.StringIO())
    document = services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=Unit.objects.get(code="BCHQS-DL"),
        style="state",
        subject="về thử",
        content=BODY,
        recipients=["Quân khu 5"],
        signer_title="Chỉ huy trưởng",
    )
    document.issuer_code = "Bộ CHQS"
    document.save(update_fields=["issuer_code"])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_documents", kind=DocumentKind.REPORT, stdout=out)
    assert "number_line.issuer_code" in out.getvalue()


def test_the_checker_refuses_wrong_margins_marks_and_headings():
    """Given a State document signed "T/M" with Party numbering and a page with a 25 mm
    right margin, when checked, then each rule broken is named."""
    document = _draft("BCHQS-DL", "state", authority="on_behalf", authority_body="Quân khu 5")
    document.profile.rules = {
        **document.profile.rules,
        "signature": {**document.profile.rules["signature"], "marks": {"on_behalf": "T/M"}},
    }
    data = render_docx(document, [{**BODY[0], "text": "Theo nghị quyết 382-nq/đuqstw."}])
    docx = Docx(io.BytesIO(data))
    docx.sections[0].right_margin = Mm(25)
    buffer = io.BytesIO()
    docx.save(buffer)
    document.profile.refresh_from_db()
    failures = check_docx(
        buffer.getvalue(),
        rules=document.profile.rules,
        style="state",
        expect=expectation_for(document),
    )
    assert {"page.margin_right_mm", "signature.marks", "body.case"} <= _codes(failures)


def test_a_party_document_names_the_party_body_above_and_a_state_one_never_a_committee():
    """Given the provincial military Party committee and the Ministry, the upper header line
    follows the document's line: "ĐẢNG BỘ TỈNH ĐẮK LẮK" above the committee, no Party body
    above BỘ QUỐC PHÒNG."""
    party = _draft(
        "DUQS-DL", "party", authority="on_behalf", authority_body="Đảng ủy Quân sự tỉnh Đắk Lắk"
    )
    data = assert_document_passes(party, BODY)
    header = Docx(io.BytesIO(data)).tables[0].cell(0, 0).text
    assert header.splitlines()[0] == "ĐẢNG BỘ TỈNH ĐẮK LẮK"
    assert "BỘ CHỈ HUY QUÂN SỰ" not in header
    state = _draft("BQP", "state", signer_title="Bộ trưởng")
    data = assert_document_passes(state, BODY)
    header = Docx(io.BytesIO(data)).tables[0].cell(0, 0).text
    assert "ỦY" not in header.splitlines()[0]


def test_a_classified_document_carries_its_mark_in_bold_under_the_number():
    document = _draft("QK2", "state", classification="secret", signer_title="Tư lệnh")
    data = assert_document_passes(document, BODY)
    cell = Docx(io.BytesIO(data)).tables[0].cell(1, 0)
    stamp = [p for p in cell.paragraphs if p.text == "TỐI MẬT"]
    assert stamp and all(run.bold for run in stamp[0].runs)
    document.classification = "none"
    _data, failures = check_document(document, BODY)
    assert not failures


def test_a_document_dated_before_a_renaming_names_the_issuer_as_it_was():
    """Quân ủy Trung ương was Đảng ủy Quân sự Trung ương until 2011 (demo): a document of
    2010 is headed with the old name."""
    document = _draft(
        "QUTW",
        "party",
        dated_on=D(2010, 5, 4),
        authority="on_behalf",
        authority_body="Đảng ủy Quân sự Trung ương",
    )
    data = assert_document_passes(document, BODY)
    assert "ĐẢNG ỦY QUÂN SỰ TRUNG ƯƠNG" in Docx(io.BytesIO(data)).tables[0].cell(0, 0).text
    assert "năm 2010" in Docx(io.BytesIO(data)).tables[0].cell(1, 1).text


def test_a_committee_submitting_to_the_command_it_leads_is_refused():
    """Given Đảng ủy Tổng cục CNQP, which leads Tổng cục CNQP, a submission "kính trình Tổng
    cục Công nghiệp quốc phòng" fails; one to its superior in the Party line passes."""
    document = _draft(
        "DU-TCCNQP",
        "party",
        kind=DocumentKind.SUBMISSION,
        authority="on_behalf",
        authority_body="Đảng ủy Tổng cục Công nghiệp quốc phòng",
    )
    wrong = [{"key": "a", "text": "Kính gửi: Tổng cục Công nghiệp quốc phòng"}]
    _data, failures = check_document(document, wrong)
    assert "addressee" in _codes(failures)
    right = [{"key": "a", "text": "Kính gửi: Quân ủy Trung ương"}]
    _data, failures = check_document(document, right)
    assert "addressee" not in _codes(failures)


def _code_cell(docx, code):  # type: ignore[no-untyped-def]
    return next(
        cell
        for table in docx.tables
        for row in table.rows[1:]
        for cell in row.cells
        if cell.text.strip() == code
    )


@pytest.mark.parametrize("damage", ["narrow", "wraps", "both"])
def test_a_unit_indicator_code_that_may_wrap_in_its_cell_is_refused(damage):
    """Given a report whose table holds a unit's own indicator code "QK2-HC01", rendered it
    passes (its cell is wide enough and kept on one line); when the cell is made too narrow
    for it, or allowed to wrap, or both, then the checker names "body.codes" with the code
    (the checker's code pattern is the renderer's, so "QK2-HC01" is looked at, not only
    "HC01")."""
    document = _draft("QK2", "state", signer_title="Tư lệnh")
    table = {
        "columns": ["Mã", "Chỉ tiêu", "Kết quả"],
        "rows": [["QK2-HC01", "Tỷ lệ đơn vị đạt tiêu chuẩn doanh trại chính quy", "90,0 %"]],
    }
    content = [{**BODY[0], "table": table}]
    data = assert_document_passes(document, content)
    docx = Docx(io.BytesIO(data))
    cell = _code_cell(docx, "QK2-HC01")
    if damage in ("narrow", "both"):
        cell.width = Cm(1.2)
    if damage in ("wraps", "both"):
        properties = cell._tc.tcPr
        properties.remove(properties.find(qn("w:noWrap")))
    buffer = io.BytesIO()
    docx.save(buffer)
    failures = check_docx(
        buffer.getvalue(),
        rules=document.profile.rules,
        style="state",
        expect=expectation_for(document, content),
    )
    assert [f.message for f in failures if f.rule == "body.codes"] == [
        "“QK2-HC01” may wrap in its cell"
    ]
