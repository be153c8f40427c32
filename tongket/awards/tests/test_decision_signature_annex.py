"""The award decision as printed: signed like the issuer's other documents (the head of a
command in own name, with rank and name on the day, `writing.signature_of`), a signer's name
typed without rank getting the rank the organisation knows; its annex list repeats its
header row on each page and keeps its last rows together, never one row alone on a page."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from docx import Document as Docx
from lxml import etree

from tongket.awards import services
from tongket.awards.models import AwardDecision, AwardForm
from tongket.documents.rendering import render_docx
from tongket.documents.rendering.body import TAIL_KEPT
from tongket.documents.services import current_version
from tongket.documents.writing import head_of, rank_of, ranked_name
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _signature_text(data: bytes) -> str:
    """The text of the signature block (the table with "Nơi nhận")."""
    tables = [t for t in Docx(io.BytesIO(data)).tables if "Nơi nhận" in t._tbl.xml]
    assert tables, "no signature block"
    return "\n".join(cell.text for row in tables[0].rows for cell in row.cells)


def _keeps(paragraph: etree._Element) -> bool:
    element = paragraph.find("w:pPr/w:keepNext", NS)
    return element is not None and element.get(f"{{{W}}}val", "true") not in ("0", "false")


def _row_keeps(row: etree._Element) -> bool:
    return all(_keeps(p) for p in row.iter(f"{{{W}}}p"))


def _qk2_decision() -> AwardDecision:
    return AwardDecision.objects.select_related("document", "issuer").get(
        issuer__code="QK2", form__code="BK-DV"
    )


def test_the_demo_decision_is_signed_with_the_commanders_rank_and_name():
    """Given the demo's decision of Quân khu 2 (its commander named as the signer, without
    rank), then it is signed "TƯ LỆNH" over the rank and name he had on the day."""
    decision = _qk2_decision()
    document = decision.document
    head = head_of(decision.issuer, document.dated_on)
    assert head is not None
    rank = rank_of(head.person, document.dated_on)
    assert rank, "the demo's commander has a rank"
    assert document.signer_name == f"{rank} {head.person.full_name}"
    text = _signature_text(render_docx(document, current_version(document).content))
    assert "TƯ LỆNH" in text
    assert f"{rank} {head.person.full_name}" in text


def test_a_decision_with_no_signer_given_is_signed_by_the_head(users):
    """Given an approved nomination, when Quân khu 2 decides without naming a signer, then
    the head signs with title, rank and name (no "Thủ trưởng" with an empty name)."""
    officer, commander = users["qk2.thidua"], users["qk2.duyet"]
    qk2 = Unit.objects.get(code="QK2")
    form = AwardForm.objects.get(code="GK")
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        form=form,
        year=2024,
        nominee_unit=Unit.objects.get(code="SD355-E82"),
    )
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=commander, nomination=nomination, votes_for=7, votes_total=9
    )
    services.nomination_approve(by=commander, nomination=nomination)
    day = D(2024, 3, 1)
    decision = services.decision_issue(
        by=officer, issuer=qk2, form=form, nominations=[nomination], issued_on=day
    )
    head = head_of(qk2, day)
    assert head is not None
    expected = f"{rank_of(head.person, day)} {head.person.full_name}"
    document = decision.document
    assert (document.signer_title, document.signer_name) == ("Tư lệnh", expected)
    text = _signature_text(render_docx(document, current_version(document).content))
    assert "TƯ LỆNH" in text and expected in text and "THỦ TRƯỞNG" not in text


def test_a_typed_signer_gets_the_known_rank_only_when_the_name_is_one_person_of_the_unit():
    qk2 = Unit.objects.get(code="QK2")
    day = D(2022, 7, 8)
    head = head_of(qk2, day)
    assert head is not None
    full_name = head.person.full_name
    ranked = f"{rank_of(head.person, day)} {full_name}"
    assert ranked_name(f" {full_name.upper()} ", qk2, day) == ranked
    assert ranked_name(ranked, qk2, day) == ranked  # typed with its rank: kept
    assert ranked_name("Nguyễn Không Có", qk2, day) == "Nguyễn Không Có"
    other = Unit.objects.get(code="QK5")
    assert ranked_name(full_name, other, day) == full_name  # not a person of that unit
    assert ranked_name("", qk2, day) == ""


def test_the_annex_list_repeats_its_header_and_keeps_its_last_rows_together():
    """Given the demo decision's annex (54 rows over pages), then its header row repeats on
    each page and keeps with the first row, and the last rows keep together: each of the
    `TAIL_KEPT` - 1 rows before the last keeps with the next, the rows above do not."""
    decision = _qk2_decision()
    document = decision.document
    data = render_docx(document, current_version(document).content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)
    annex = [
        t
        for t in body.findall("w:tbl", NS)
        if "".join(t.find("w:tr", NS).itertext()).startswith("TT")
    ][-1]
    rows = annex.findall("w:tr", NS)
    assert len(rows) == 1 + 54
    header = rows[0].find("w:trPr/w:tblHeader", NS)
    assert header is not None and header.get(f"{{{W}}}val") in ("true", "1", None)
    assert all(row.find("w:trPr/w:tblHeader", NS) is None for row in rows[1:])
    assert _row_keeps(rows[0])
    assert [_row_keeps(row) for row in rows[-TAIL_KEPT - 1 : -1]] == [False] + [True] * (
        TAIL_KEPT - 1
    )
    assert not any(_row_keeps(row) for row in rows[1:-TAIL_KEPT])
