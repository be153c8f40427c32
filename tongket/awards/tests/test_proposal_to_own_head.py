"""An award the proposing body decides itself (Quân khu 2 proposing to Quân khu 2 its
commander's Bằng khen), the body naming no standing agency of its emulation council: the
submission goes from its emulation council to its head, not from the body to itself, and is
signed as the body's documents are (with an agency: test_proposal_standing_agency)."""

from __future__ import annotations

import pytest

from tongket.awards import services
from tongket.awards.documents import proposal_frame
from tongket.awards.models import AwardForm
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db


def _texts(content: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [block.get("addressee") or block.get("text") or "" for block in content]


def test_a_proposal_to_the_body_itself_is_addressed_to_its_head(users):
    qk2 = Unit.objects.get(code="QK2")
    services.awarding_level_set(by=users["admin"], unit=qk2, level="region")  # no agency
    officer = users["qk2.thidua"]
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        decider=qk2,
        form=AwardForm.objects.get(code="BK-DV"),
        year=2025,
        nominee_unit=Unit.objects.get(code="SD316"),
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    frame, content = proposal_frame([nomination])
    from tongket.documents.writing import signature_of

    head = signature_of(qk2, style=frame["style"], on=frame["dated_on"])["signer_title"]
    assert head  # Quân khu 2's head holds a title in the organisation data
    # Issued and signed by the body as its documents are (the format's rules: TM. only for
    # the issuer).
    assert frame["issuer"] == qk2
    assert frame["signer_title"] == head and not frame["authority"]
    texts = _texts(content)
    assert texts[0] == f"Kính gửi: {head} {qk2.name}"
    assert texts[2].startswith(f"Hội đồng Thi đua - Khen thưởng {qk2.name} kính đề nghị {head}")
    assert texts[3] == f"Kính trình {head} {qk2.name} xem xét, quyết định."
    # A proposal to another body keeps that body as addressee.
    other = services.nomination_create(
        by=officer,
        proposing_unit=Unit.objects.get(code="SD316"),
        decider=qk2,
        form=AwardForm.objects.get(code="BK-DV"),
        year=2025,
        nominee_unit=Unit.objects.filter(code__startswith="SD316-E").order_by("code").first(),
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    _frame, content = proposal_frame([other])
    assert _texts(content)[0] == f"Kính gửi: {qk2.name}"
