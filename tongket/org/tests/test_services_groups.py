"""Named bodies (Ban Chỉ đạo, Tổ Biên tập…): kept by the owning unit's tracking officers,
read in its scope, members named as people or as seats whose holder is read on the day, a
body without members valid, stale edits refused, every change logged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import Conflict, DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org import selectors, services
from tongket.org.choices import GroupKind, GroupRole
from tongket.org.models import Person, Position

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_drafting_team_known_only_as_a_body(users, units):
    """Given Quân khu 2's tracking officer, when a drafting team is recorded with no member,
    then it is valid, read by Quân khu 2 and not by another branch, and logged."""
    officer = users["qk2.theodoi"]
    team = services.body_group_create(
        by=officer,
        unit=units["QK2"],
        kind=GroupKind.DRAFTING_TEAM,
        name="  Tổ Biên tập tổng kết Nghị quyết 623 ",
        decision="Quyết định số 12/QĐ-BTL",
    )
    assert team.name == "Tổ Biên tập tổng kết Nghị quyết 623"
    found = selectors.body_group_get(user=users["qk2.baocao"], pk=team.pk)
    assert found.member_count == 0
    assert selectors.body_group_members(group=found) == []
    assert team in selectors.body_group_list(user=officer, search="to bien tap 623")
    with pytest.raises(NotFound):
        selectors.body_group_get(user=users["cnqp.baocao"], pk=team.pk)
    assert ChangeLog.objects.filter(action="body_group_create", object_id=str(team.pk)).exists()


def test_who_keeps_bodies(users, units):
    """Given a reporter of Quân khu 2 and an officer of another branch, when they record a
    body of Quân khu 2, then the reporter is refused (403) and the other branch gets 404."""
    for user, error in (
        (users["qk2.baocao"], PermissionDenied),
        (users["daklak.theodoi"], NotFound),
    ):
        with pytest.raises(error):
            services.body_group_create(
                by=user, unit=units["QK2"], kind=GroupKind.STEERING_COMMITTEE, name="Ban Chỉ đạo"
            )


def test_members_are_people_or_seats(users, units):
    """Given a steering committee, when its head is named by seat (Tư lệnh Quân khu) and a
    member by name, then the seat reads as whoever holds it on the day, a second head and a
    member named twice are refused, and a member may be taken off."""
    officer = users["qk2.theodoi"]
    committee = services.body_group_create(
        by=officer,
        unit=units["QK2"],
        kind=GroupKind.STEERING_COMMITTEE,
        name="Ban Chỉ đạo tổng kết Nghị quyết 623",
    )
    commander = Position.objects.filter(unit=units["QK2"], title="Tư lệnh Quân khu").first()
    assert commander is not None
    head = services.body_group_member_add(
        by=officer,
        group=committee,
        position_unit=units["QK2"],
        position_title="Tư lệnh Quân khu",
        role=GroupRole.HEAD,
        title="Trưởng ban",
    )
    # A person of another branch may sit on it (the shared registry).
    guest = Person.objects.filter(unit__code="CTC").first()
    member = services.body_group_member_add(by=officer, group=committee, person=guest)
    members = selectors.body_group_members(group=committee, on=D(2024, 1, 1))
    assert [m.pk for m in members] == [head.pk, member.pk]
    assert members[0].holder == commander.person and members[1].holder == guest
    # Before anyone held the seat, it reads vacant.
    assert selectors.body_group_members(group=committee, on=D(1900, 1, 1))[0].holder is None

    with pytest.raises(DomainError):
        services.body_group_member_add(
            by=officer, group=committee, person=commander.person, role=GroupRole.HEAD
        )
    with pytest.raises(DomainError):
        services.body_group_member_add(by=officer, group=committee, person=guest)
    with pytest.raises(DomainError):
        services.body_group_member_add(by=officer, group=committee)
    with pytest.raises(DomainError):
        services.body_group_member_add(
            by=officer, group=committee, person=guest, position_unit=units["QK2"]
        )
    services.body_group_member_remove(by=officer, member=member)
    assert list(committee.members.all()) == [head]
    with pytest.raises(PermissionDenied):
        services.body_group_member_remove(by=users["qk2.baocao"], member=head)


def test_updates_carry_the_version(users, units):
    """Given a body, when it is renamed with its version, then the version moves on; a
    stale edit is refused; a second active body of the same name is refused; an end before
    the start is refused."""
    officer = users["qk2.theodoi"]
    council = services.body_group_create(
        by=officer, unit=units["QK2"], kind=GroupKind.AWARDS_COUNCIL, name="Hội đồng Thi đua"
    )
    renamed = services.body_group_update(
        by=officer,
        group=council,
        version=1,
        name="Hội đồng Thi đua – Khen thưởng Quân khu",
        established_on=D(2020, 1, 1),
    )
    assert renamed.version == 2
    with pytest.raises(Conflict):
        services.body_group_update(by=officer, group=council, version=1, note="x")
    with pytest.raises(DomainError):
        services.body_group_create(
            by=officer,
            unit=units["QK2"],
            kind=GroupKind.AWARDS_COUNCIL,
            name="hội đồng thi đua – khen thưởng quân khu",
        )
    with pytest.raises(DomainError):
        services.body_group_update(by=officer, group=renamed, dissolved_on=D(2019, 1, 1))
    with pytest.raises(DomainError):
        services.body_group_update(by=officer, group=renamed, unit=units["SD316"])
