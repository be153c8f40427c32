"""Supersession has an authority and an effect date: only the issuer, its successor or a
body above supersedes, only once the superseding resolution is issued; a lower body's own
resolution implements the higher one; deleting the link restores the earlier status."""

import datetime

import pytest

from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions import services
from tongket.resolutions.choices import RelationKind, ResolutionStatus
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db
D = datetime.date


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def register(officer, *, issuer: str, symbol: str = "", **extra) -> Resolution:
    data = {
        "kind": "resolution",
        "issuing_unit": unit(issuer),
        "owner_unit": unit("CKT"),
        "subject": "về thử nghiệm thay thế",
        "symbol": symbol,
        "confirm_issuer": True,
    }
    if symbol:
        data |= {"issued_on": D(2023, 3, 1), "horizon_from": 2023, "horizon_to": 2030}
    return services.resolution_create(by=officer, **(data | extra))


@pytest.fixture
def old(users) -> Resolution:
    """An in-force resolution of the Central Military Commission."""
    return register(users["bqp.theodoi"], issuer="QUTW", symbol="1801-NQ/QUTW")


def test_a_lower_body_cannot_supersede_and_its_resolution_implements(users, old):
    # Given a resolution of Tổng cục CNQP, a body below the Central Military Commission
    officer = users["bqp.theodoi"]
    own = register(officer, issuer="TCCNQP", symbol="1802-NQ/TCCNQP")
    # When it is said to supersede the Commission's resolution, it is refused
    with pytest.raises(DomainError) as caught:
        services.relation_add(by=officer, source=own, target=old, kind=RelationKind.SUPERSEDES)
    assert "kind" in caught.value.error_dict
    # and the Commission's resolution stays in force; implementing it is recorded instead.
    services.relation_add(by=officer, source=own, target=old, kind=RelationKind.IMPLEMENTS)
    old.refresh_from_db()
    assert old.status == ResolutionStatus.IN_FORCE


def test_the_issuer_or_a_body_above_supersedes(users, old):
    officer = users["bqp.theodoi"]
    lower = register(officer, issuer="TCCNQP", symbol="1803-NQ/TCCNQP")
    by_commission = register(officer, issuer="QUTW", symbol="1804-NQ/QUTW")
    services.relation_add(
        by=officer, source=by_commission, target=lower, kind=RelationKind.SUPERSEDES
    )
    lower.refresh_from_db()
    assert lower.status == ResolutionStatus.SUPERSEDED
    assert services.may_supersede(unit("QUTW"), unit("QUTW"))
    assert services.may_supersede(unit("BQP"), unit("QK2"))
    assert not services.may_supersede(unit("QK2"), unit("BQP"))
    assert not services.may_supersede(unit("QK2"), unit("TCCNQP"))  # a sibling


def test_a_successor_after_a_merge_supersedes_its_predecessors_resolutions(db):
    from tongket.org import services as org_services

    merged = org_services.unit_create(
        by=SYSTEM, code="QK2-MOI", name="Đơn vị sau hợp nhất", kind="command", parent=unit("BQP")
    )
    predecessor = org_services.unit_create(
        by=SYSTEM, code="DV-CU", name="Đơn vị cũ", kind="command", parent=unit("BQP")
    )
    assert not services.may_supersede(merged, predecessor)
    org_services.unit_merge(
        by=SYSTEM, sources=[predecessor], target=merged, effective_date=D(2024, 1, 1)
    )
    assert services.may_supersede(merged, predecessor)


def test_a_draft_supersedes_only_when_it_is_issued_and_removing_restores(users, old):
    officer = users["bqp.theodoi"]
    # Given a draft of the issuer that says it supersedes the old resolution
    draft = register(officer, issuer="QUTW", status=ResolutionStatus.DRAFT, horizon_to=2035)
    relation = services.relation_add(
        by=officer, source=draft, target=old, kind=RelationKind.SUPERSEDES
    )
    # Then nothing changes while it is a draft
    old.refresh_from_db()
    assert old.status == ResolutionStatus.IN_FORCE and not relation.in_effect
    # When it is issued, the old one is superseded from its issue date
    services.resolution_issue(
        by=officer, resolution=draft, symbol="1805-NQ/QUTW", issued_on=D(2024, 6, 1)
    )
    old.refresh_from_db()
    relation.refresh_from_db()
    assert old.status == ResolutionStatus.SUPERSEDED and old.status_since == D(2024, 6, 1)
    assert relation.in_effect and relation.target_status_before == ResolutionStatus.IN_FORCE
    # When the link is deleted, the old resolution is in force again as it was
    services.relation_remove(by=officer, relation=relation)
    old.refresh_from_db()
    assert old.status == ResolutionStatus.IN_FORCE and old.status_since == D(2023, 3, 1)


def test_removing_one_link_keeps_a_resolution_superseded_by_another(users, old):
    officer = users["bqp.theodoi"]
    first = register(officer, issuer="QUTW", symbol="1806-NQ/QUTW")
    second = register(officer, issuer="BQP", symbol="1807-NQ/BQP")
    one = services.relation_add(by=officer, source=first, target=old, kind="supersedes")
    services.relation_add(by=officer, source=second, target=old, kind="supersedes")
    services.relation_remove(by=officer, relation=one)
    old.refresh_from_db()
    assert old.status == ResolutionStatus.SUPERSEDED
