"""Records before they have numbers or dates: drafts and documents only mentioned,
registered by kind, issuer and subject, completed later; unknown horizons and deadlines
stay unknown and are never overdue."""

import datetime

import pytest
from django.utils.translation import gettext

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions import selectors, services
from tongket.resolutions.choices import AssignmentStatus, ItemKind, ResolutionStatus
from tongket.resolutions.models import Resolution
from tongket.resolutions.symbols import number_line

pytestmark = pytest.mark.django_db
D = datetime.date


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def test_a_draft_without_number_is_registered_by_kind_issuer_and_subject(users):
    # Given the tracking officer of BQP
    officer = users["bqp.theodoi"]
    # When a draft resolution "to 2030" is registered without number, date or start year
    draft = services.resolution_create(
        by=officer,
        kind="resolution",
        issuing_unit=unit("QUTW"),
        owner_unit=unit("CKT"),
        subject="về lãnh đạo công tác hậu cần đến năm 2030",
        horizon_to=2030,
        status=ResolutionStatus.DRAFT,
    )
    # Then it is stored without number, its horizon start unknown, and logged
    draft.refresh_from_db()
    assert draft.symbol == "" and draft.number is None and draft.horizon_from is None
    assert draft.horizon_to == 2030 and not draft.horizon_known
    assert ChangeLog.objects.filter(action="resolution_create", object_id=str(draft.pk)).exists()
    # and its number line is the official blank with the Party type and issuer codes
    assert number_line(draft) == "Số       -NQ/QUTW"
    assert "2030" in draft.horizon_label and draft.years == []


def test_a_directive_mentioned_without_number_or_horizon_says_not_determined(users):
    officer = users["bqp.theodoi"]
    directive = services.resolution_create(
        by=officer,
        kind="directive",
        issuing_unit=unit("BQP"),
        owner_unit=unit("CKT"),
        subject="về tăng cường công tác phòng, chống thiên tai",
        status=ResolutionStatus.MENTIONED,
    )
    assert directive.horizon_from is None and directive.horizon_to is None
    assert str(directive.horizon_label) == gettext("not yet determined")
    assert directive.type_code == "CT"
    # Two records without number of the same body do not clash.
    other = services.resolution_create(
        by=officer,
        kind="directive",
        issuing_unit=unit("BQP"),
        owner_unit=unit("CKT"),
        subject="về một việc khác",
        status=ResolutionStatus.MENTIONED,
    )
    assert other.pk != directive.pk
    # A year filter never counts an unknown horizon as covering the year.
    in_2026 = selectors.resolution_list(user=officer, year=2026)
    assert not in_2026.filter(pk=directive.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"status": ResolutionStatus.IN_FORCE}, "symbol"),  # in force needs a number
        ({"status": ResolutionStatus.DRAFT, "issued_on": D(2024, 1, 1)}, "issued_on"),
        ({"status": ResolutionStatus.DRAFT, "and_following_years": True}, "horizon_to"),
        (
            {"status": ResolutionStatus.DRAFT, "horizon_from": 2031, "horizon_to": 2030},
            "horizon_to",
        ),
    ],
)
def test_a_record_without_number_refuses_what_cannot_hold(users, overrides, field):
    before = Resolution.objects.count()
    with pytest.raises(DomainError) as caught:
        services.resolution_create(
            by=users["bqp.theodoi"],
            kind="resolution",
            issuing_unit=unit("QUTW"),
            owner_unit=unit("CKT"),
            subject="về thử",
            **overrides,
        )
    assert field in caught.value.error_dict
    assert Resolution.objects.count() == before


def test_a_draft_is_issued_later_with_its_number_and_date(users):
    officer = users["bqp.theodoi"]
    draft = services.resolution_create(
        by=officer,
        kind="resolution",
        issuing_unit=unit("QUTW"),
        owner_unit=unit("CKT"),
        subject="về thử nghiệm phát hành",
        horizon_to=2030,
        status=ResolutionStatus.DRAFT,
    )
    # A draft cannot be marked in force by hand without its number.
    with pytest.raises(DomainError):
        services.resolution_set_status(by=officer, resolution=draft, status="in_force")
    # Issuing a draft needs its date.
    with pytest.raises(DomainError) as caught:
        services.resolution_issue(by=officer, resolution=draft, symbol="1701-NQ/QUTW")
    assert "issued_on" in caught.value.error_dict
    issued = services.resolution_issue(
        by=officer, resolution=draft, symbol="1701-NQ/QUTW", issued_on=D(2025, 12, 1)
    )
    assert (issued.symbol, issued.number, issued.status) == ("1701-NQ/QUTW", 1701, "in_force")
    assert issued.issued_on == D(2025, 12, 1)
    assert ChangeLog.objects.filter(action="resolution_issue", object_id=str(draft.pk)).exists()
    # Issued once: not again.
    with pytest.raises(DomainError):
        services.resolution_issue(
            by=officer, resolution=issued, symbol="1702-NQ/QUTW", issued_on=D(2025, 12, 2)
        )


def test_a_mentioned_document_gets_its_number_and_may_stay_undated(users):
    officer = users["bqp.theodoi"]
    mentioned = services.resolution_create(
        by=officer,
        kind="directive",
        issuing_unit=unit("BQP"),
        owner_unit=unit("CKT"),
        subject="về thử",
        status=ResolutionStatus.MENTIONED,
    )
    issued = services.resolution_issue(by=officer, resolution=mentioned, symbol="15/CT-BQP")
    assert issued.status == "in_force" and issued.issued_on is None


def test_a_yearly_target_waits_for_the_horizon_but_a_whole_horizon_target_does_not(users):
    officer = users["bqp.theodoi"]
    draft = services.resolution_create(
        by=officer,
        kind="resolution",
        issuing_unit=unit("QUTW"),
        owner_unit=unit("CKT"),
        subject="về chỉ tiêu",
        status=ResolutionStatus.DRAFT,
    )
    indicator = services.indicator_create(by=officer, resolution=draft, code="A1", name="Chỉ tiêu")
    with pytest.raises(DomainError) as caught:
        services.target_set(by=officer, indicator=indicator, unit=unit("BQP"), year=2027, value=5)
    assert "year" in caught.value.error_dict
    target = services.target_set(
        by=officer, indicator=indicator, unit=unit("BQP"), year=None, value=5
    )
    assert target.year is None
    grid = selectors.target_grid(user=officer, indicator=indicator, root=unit("BQP"))
    assert grid["years"] == []


def test_a_task_without_deadline_is_never_overdue(users):
    officer = users["bqp.theodoi"]
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    item = services.item_create(
        by=officer, resolution=resolution, kind=ItemKind.TASK, title="Nhiệm vụ chưa có hạn"
    )
    assignment = services.assignment_create(by=officer, item=item, lead_unit=unit("QK2"))
    assert assignment.deadline is None
    assert assignment.effective_status(D(2099, 1, 1)) == AssignmentStatus.NOT_STARTED
    overdue = selectors.assignment_list(
        user=officer, resolution=resolution, status=AssignmentStatus.OVERDUE
    )
    assert not overdue.filter(pk=assignment.pk).exists()
