"""Named bodies (Ban Chỉ đạo, Tổ Biên tập, Cơ quan Thường trực, Hội đồng Thi đua – Khen
thưởng) and their members.

Callers: the tracking officers (and administrators) of the unit that sets the body up, the
same who register the people their steering committees and conferences name
(`Action.REGISTER_PEOPLE`). Members may be people or seats of any branch (the shared
registry, `org.partners`): naming them opens nothing of their branch.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key, sort_key
from tongket.org import policy
from tongket.org.choices import GroupKind, GroupRole
from tongket.org.models import BodyGroup, BodyGroupMember, Person, Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version

EDITABLE = ("kind", "name", "decision", "established_on", "dissolved_on", "note")


def _require_keeper(by: Any, unit: Unit) -> None:
    scopes.require_role(by, unit, policy.roles(Action.REGISTER_PEOPLE), _("keep bodies"))


def _clean(group: BodyGroup) -> None:
    if group.kind not in GroupKind.values:
        raise DomainError(_("Choose the kind of body."), field="kind")
    group.name = normalize(group.name)
    if not group.name:
        raise DomainError(_("Enter the body's name."), field="name")
    group.decision = normalize(group.decision)
    group.note = (group.note or "").strip()
    if (
        group.established_on is not None
        and group.dissolved_on is not None
        and group.dissolved_on < group.established_on
    ):
        raise DomainError(_("A body ends after it is set up."), field="dissolved_on")
    group.search_key = search_key(group.name)[:400]
    group.sort_key = sort_key(group.name)[:400]
    # Two bodies of one unit with the same name at once would be told apart by nobody.
    twins = BodyGroup.objects.filter(
        unit_id=group.unit_id, search_key=group.search_key, dissolved_on__isnull=True
    ).exclude(pk=group.pk)
    if group.dissolved_on is None and twins.exists():
        raise DomainError(
            _("%(unit)s already has a body of that name.") % {"unit": group.unit.name},
            field="name",
        )


@transaction.atomic
def body_group_create(
    *,
    by: Any,
    unit: Unit,
    kind: str,
    name: str,
    decision: str = "",
    established_on: datetime.date | None = None,
    note: str = "",
) -> BodyGroup:
    """Record a body set up by `unit`, with no member yet (members are added one by one,
    and a body may stay without any)."""
    if unit is None:
        raise DomainError(_("Choose the unit that sets it up."), field="unit")
    _require_keeper(by, unit)
    group = BodyGroup(
        unit=unit,
        kind=kind,
        name=name,
        decision=decision or "",
        established_on=established_on,
        note=note or "",
    )
    _clean(group)
    group.save()
    changelog_record(
        by=by, action="body_group_create", obj=group, after=snapshot(group), unit_path=unit.path
    )
    return group


@transaction.atomic
def body_group_update(
    *, by: Any, group: BodyGroup, version: int | None = None, **changes: Any
) -> BodyGroup:
    """Change a body's kind, name, decision, dates or note (ending it: `dissolved_on`)."""
    _require_keeper(by, group.unit)
    group = BodyGroup.objects.select_for_update().select_related("unit").get(pk=group.pk)
    check_version(group, version)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(group)
    for name, value in changes.items():
        if value is None and name not in ("established_on", "dissolved_on"):
            value = ""  # an emptied text field
        setattr(group, name, value)
    _clean(group)
    group.version += 1
    group.save()
    changelog_record(
        by=by,
        action="body_group_update",
        obj=group,
        before=before,
        after=snapshot(group),
        unit_path=group.unit.path,
    )
    return group


@transaction.atomic
def body_group_member_add(
    *,
    by: Any,
    group: BodyGroup,
    person: Person | None = None,
    position_unit: Unit | None = None,
    position_title: str = "",
    role: str = GroupRole.MEMBER,
    title: str = "",
) -> BodyGroupMember:
    """Name a member: a person, or a seat (a position title at a unit, whoever holds it)."""
    _require_keeper(by, group.unit)
    group = BodyGroup.objects.select_for_update().select_related("unit").get(pk=group.pk)
    position_title = normalize(position_title)
    if person is not None and (position_unit is not None or position_title):
        raise DomainError(_("Name either a person or a position, not both."), field="person")
    if person is None:
        if position_unit is None and not position_title:
            raise DomainError(_("Name a person or a position."), field="person")
        if position_unit is None:
            raise DomainError(_("Choose the unit of the position."), field="position_unit")
        if not position_title:
            raise DomainError(_("Enter the position's title."), field="position_title")
    if role not in GroupRole.values:
        raise DomainError(_("Choose the member's role."), field="role")
    members = group.members.all()
    if person is not None and members.filter(person=person).exists():
        raise DomainError(_("This person is already a member."), field="person")
    if (
        person is None
        and members.filter(position_unit=position_unit, position_title=position_title).exists()
    ):
        raise DomainError(_("This position is already a member."), field="position_title")
    if role == GroupRole.HEAD and members.filter(role=GroupRole.HEAD).exists():
        raise DomainError(_("The body already has a head."), field="role")
    order = (members.aggregate(m=Max("order"))["m"] or 0) + 1
    member = BodyGroupMember.objects.create(
        group=group,
        person=person,
        position_unit=position_unit,
        position_title=position_title,
        role=role,
        title=normalize(title),
        order=order,
    )
    changelog_record(
        by=by,
        action="body_group_member_add",
        obj=group,
        after={"member": str(member), "role": role},
        unit_path=group.unit.path,
    )
    return member


@transaction.atomic
def body_group_member_remove(*, by: Any, member: BodyGroupMember) -> None:
    """Take a member off the body (the body stays, with or without members)."""
    group = member.group
    _require_keeper(by, group.unit)
    changelog_record(
        by=by,
        action="body_group_member_remove",
        obj=group,
        before={"member": str(member), "role": member.role},
        unit_path=group.unit.path,
    )
    member.delete()
