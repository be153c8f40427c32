"""The award proposal (tờ trình đề nghị khen thưởng) as printed: signed as the proposing unit
signs its other documents and as the award decision is (`writing.signature_of`: its head's
title over rank and name on the day), never "Thủ trưởng" with no name; a signer's name typed
without rank gets the rank the organisation knows (`writing.ranked_name`)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document as Docx

from tongket.awards import proposals, services
from tongket.awards.models import AwardForm, Nomination
from tongket.documents.rendering import render_docx
from tongket.documents.services import current_version
from tongket.documents.writing import head_of, rank_of
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
YEAR = 2025


def _signature_text(data: bytes) -> str:
    """The text of the signature block (the table with "Nơi nhận")."""
    tables = [t for t in Docx(io.BytesIO(data)).tables if "Nơi nhận" in t._tbl.xml]
    assert tables, "no signature block"
    return "\n".join(cell.text for row in tables[0].rows for cell in row.cells)


@pytest.fixture
def batch(users) -> list[Nomination]:
    """Sư đoàn 316 puts a regiment forward to Quân khu 2 for the Bằng khen (2025)."""
    officer = users["qk2.thidua"]
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=Unit.objects.get(code="SD316"),
        decider=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
        nominee_unit=Unit.objects.filter(code__startswith="SD316-E").order_by("code").first(),
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    services.nomination_submit(by=officer, nomination=nomination)
    return [nomination]


def _propose(user, **extra):  # type: ignore[no-untyped-def]
    return proposals.proposal_create(
        by=user,
        proposing_unit=Unit.objects.get(code="SD316"),
        decider=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
        **extra,
    )


def _head_signing(day: datetime.date) -> tuple[str, str]:
    head = head_of(Unit.objects.get(code="SD316"), day)
    assert head is not None, "the division has a head on the day"
    rank = rank_of(head.person, day)
    assert rank, "the division's head has a rank"
    return head.title, f"{rank} {head.person.full_name}"


def test_a_proposal_with_no_signer_given_is_signed_by_the_head_with_rank_and_name(users, batch):
    """Given a submitted batch, when the officer proposes it naming no signer, then the
    rendered proposal is signed with the division head's title over rank and name on the
    proposal's day, not "THỦ TRƯỞNG" over an empty name."""
    document = _propose(users["qk2.thidua"])
    day = document.dated_on
    assert day is not None
    title, name = _head_signing(day)
    assert title.strip() and title != "Thủ trưởng"
    assert (document.signer_title, document.signer_name) == (title, name)
    text = _signature_text(render_docx(document, current_version(document).content))
    assert title.upper() in text
    assert name in text
    assert "THỦ TRƯỞNG" not in text


def test_a_typed_signer_of_the_proposing_unit_gets_the_known_rank(users, batch):
    """Given a submitted batch, when the officer names the division's head without rank as
    the signer and types a title, then the proposal is signed with the typed title over the
    head's rank and name."""
    batch[0].refresh_from_db()
    assert batch[0].submitted_at is not None
    day = timezone.localtime(batch[0].submitted_at).date()
    head = head_of(Unit.objects.get(code="SD316"), day)
    assert head is not None
    _title, name = _head_signing(day)
    document = _propose(
        users["qk2.thidua"], signer_title="Phó Tư lệnh", signer_name=head.person.full_name
    )
    assert (document.signer_title, document.signer_name) == ("Phó Tư lệnh", name)
    text = _signature_text(render_docx(document, current_version(document).content))
    assert "PHÓ TƯ LỆNH" in text and name in text
