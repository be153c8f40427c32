"""The award proposal (tờ trình đề nghị khen thưởng) of a submitted batch: stored as a draft
document of the proposing unit through the documents service, linked to its nominations,
made once per batch, by the proposing unit's commendation officers only, and passing the
format checker."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tongket.awards import proposals, services
from tongket.awards.models import AwardForm, Nomination
from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.documents.checker import assert_document_passes
from tongket.documents.choices import DocumentKind
from tongket.documents.services import current_version
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def batch(users) -> list[Nomination]:
    """Sư đoàn 316 proposes to Quân khu 2 a regiment and one of its people for the Bằng khen
    of the Military Region (2025), both submitted, and keeps a third one as a draft."""
    officer = users["qk2.thidua"]
    division, qk2 = Unit.objects.get(code="SD316"), Unit.objects.get(code="QK2")
    form = AwardForm.objects.get(code="BK-DV")
    regiments = list(Unit.objects.filter(code__startswith="SD316-E").order_by("code"))
    person = (
        Person.objects.filter(positions__unit__path__startswith=division.path)
        .order_by("pk")
        .first()
    )
    made = [
        services.nomination_create(
            by=officer,
            proposing_unit=division,
            decider=qk2,
            form=form,
            year=YEAR,
            nominee_unit=regiments[0],
            achievement="Hoàn thành xuất sắc nhiệm vụ.",
        ),
        services.nomination_create(
            by=officer,
            proposing_unit=division,
            decider=qk2,
            form=form,
            year=YEAR,
            nominee_person=person,
            achievement="Hoàn thành xuất sắc nhiệm vụ.",
        ),
    ]
    for nomination in made:
        services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_create(
        by=officer,
        proposing_unit=division,
        decider=qk2,
        form=form,
        year=YEAR,
        nominee_unit=regiments[1],
        achievement="Bản nháp.",
    )
    return made


def _propose(user, **extra):  # type: ignore[no-untyped-def]
    return proposals.proposal_create(
        by=user,
        proposing_unit=Unit.objects.get(code="SD316"),
        decider=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
        **extra,
    )


def test_the_batch_is_proposed_once_as_a_draft_that_passes_the_checker(users, batch):
    # Given the batch awaiting its proposal
    waiting = [b for b in proposals.proposal_batches(user=users["qk2.thidua"]) if b.year == YEAR]
    assert [
        (b.proposing_unit.code, b.decider.code, b.collectives, b.individuals) for b in waiting
    ] == [("SD316", "QK2", 1, 1)]
    # When the officer makes the proposal
    document = _propose(users["qk2.thidua"], signer_name="Nguyễn Văn Hùng")
    # Then it is a draft of the proposing unit, to the deciding authority, with the two
    # submitted nominees (not the draft) in its list, linked to both
    assert document.kind == DocumentKind.AWARD_PROPOSAL and not document.is_issued
    assert document.issuer.code == "SD316" and document.signer_name == "Nguyễn Văn Hùng"
    content = current_version(document).content
    assert content[0]["addressee"] == f"Kính gửi: {Unit.objects.get(code='QK2').name}"
    assert "1 tập thể và 1 cá nhân" in content[2]["text"]
    annex = next(block for block in content if block["key"] == "phu-luc")
    assert [row[1] for row in annex["annex"]["table"]["rows"]] == [n.nominee_name for n in batch]
    assert set(document.proposed_nominations.values_list("pk", flat=True)) == {n.pk for n in batch}
    assert ChangeLog.objects.filter(action="proposal_create", object_id=str(document.pk)).exists()
    # and it passes the format checker
    assert_document_passes(document)
    # and the batch no longer waits, nor can it be proposed twice
    assert not [b for b in proposals.proposal_batches(user=users["qk2.thidua"]) if b.year == YEAR]
    with pytest.raises(DomainError):
        _propose(users["qk2.thidua"])
    assert list(proposals.proposal_list(user=users["qk2.thidua"]).filter(pk=document.pk)) == [
        document
    ]


def test_a_nomination_submitted_later_makes_the_next_batch(users, batch):
    first = _propose(users["qk2.thidua"])
    late = Nomination.objects.get(year=YEAR, proposing_unit__code="SD316", state="draft")
    services.nomination_submit(by=users["qk2.thidua"], nomination=late)
    second = _propose(users["qk2.thidua"])
    assert list(second.proposed_nominations.all()) == [late]
    assert first.proposed_nominations.count() == 2


def test_only_the_proposing_units_commendation_officers_propose(users, batch):
    # An approver of Quân khu 2 decides awards but does not propose them
    with pytest.raises(PermissionDenied):
        _propose(users["qk2.duyet"])
    # Another branch does not even see the unit
    with pytest.raises(NotFound):
        _propose(users["daklak.theodoi"])
    assert not Nomination.objects.filter(year=YEAR, proposal__isnull=False).exists()
    assert not [b for b in proposals.proposal_batches(user=users["qk2.duyet"]) if b.year == YEAR]
