"""Award authority is a property of the awarding body (its level and kind), never of its
depth in the tree; a nomination cannot be approved by a body without the authority."""

import datetime

import pytest

from tongket.awards import services
from tongket.awards.models import AwardForm
from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms() -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


def test_a_root_above_the_commission_does_not_change_who_may_give(forms):
    # Given Quân khu 2 may give its own Bằng khen
    qk2 = Unit.objects.get(code="QK2")
    today = datetime.date.today()
    assert services.authority_may_give(qk2, forms["BK-DV"], today)
    # When a new root is placed above the Central Military Commission (every depth + 1)
    root = org_services.unit_create(by=SYSTEM, code="ROOT-X", name="Gốc thử", kind="other")
    org_services.unit_move(
        by=SYSTEM, unit=Unit.objects.get(code="QUTW"), new_parent=root, effective_date=today
    )
    qk2.refresh_from_db()
    # Then Quân khu 2 still may give it, and a division still may not
    assert services.authority_may_give(qk2, forms["BK-DV"], today)
    assert not services.authority_may_give(Unit.objects.get(code="SD316"), forms["BK-DV"], today)


def test_the_level_is_set_on_the_body_by_an_administrator(users, forms):
    unit = Unit.objects.get(code="CKT")
    day = datetime.date.today()
    assert not services.authority_may_give(unit, forms["BK-DV"], day)
    services.awarding_level_set(by=users["admin"], unit=unit, level="region")
    assert services.authority_may_give(unit, forms["BK-DV"], day)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.awarding_level_set(by=users["qk2.thidua"], unit=unit, level="ministry")


def test_a_body_without_authority_cannot_approve_and_is_told_where_to_propose(users, forms):
    # Given Quân khu 2 nominates for the Minister's Bằng khen, to be decided by itself
    officer = users["qk2.thidua"]
    qk2 = Unit.objects.get(code="QK2")
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        form=forms["BK-BQP"],
        year=2022,
        nominee_unit=Unit.objects.get(code="SD355"),
    )
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=officer, nomination=nomination, votes_for=9, votes_total=11
    )
    # When it approves, it is refused naming the authority above
    with pytest.raises(DomainError) as caught:
        services.nomination_approve(by=officer, nomination=nomination)
    assert "decider" in caught.value.error_dict
    assert "Bộ Quốc phòng" in " ".join(caught.value.messages)
    nomination.refresh_from_db()
    assert nomination.state == "council_reviewed"
