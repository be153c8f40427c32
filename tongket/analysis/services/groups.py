"""Unit groups and group sets: kept by a unit's administrators and tracking officers, who
add the units of their own scope, dated. A unit joining or leaving a group meets the
group's standing rules (`group_rules`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.analysis.models import UnitGroup, UnitGroupMember, UnitGroupSet
from tongket.analysis.services.group_rules import rules_apply_on_join, rules_withdraw_on_leave
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action


def _code(code: str, model: Any, exclude: int | None = None) -> str:
    text = normalize(code or "").strip().upper().replace(" ", "")
    if not text:
        raise DomainError(_("Enter a code."), field="code")
    if len(text) > 32:
        raise DomainError(_("At most 32 characters."), field="code")
    taken = model.objects.filter(code=text)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(_("The code %(code)s is already used.") % {"code": text}, field="code")
    return text


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _name(name: str) -> str:
    text = normalize(name or "").strip()
    if not text:
        raise DomainError(_("Enter a name."), field="name")
    return text[:200]


def group_set_create(
    *, by: Any, owner_unit: Unit, code: str, name: str, description: str = ""
) -> UnitGroupSet:
    """A group set kept by `owner_unit` (administrators and tracking officers there)."""
    scopes.require_role(
        by, owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    group_set = UnitGroupSet(
        code=_code(code, UnitGroupSet),
        name=_name(name),
        description=normalize(description or "").strip(),
        owner_unit=owner_unit,
    )
    with transaction.atomic():
        group_set.save()
        changelog_record(
            by=by,
            action="group_set_create",
            obj=group_set,
            after=snapshot(group_set),
            unit_path=owner_unit.path,
        )
    return group_set


def group_create(
    *,
    by: Any,
    owner_unit: Unit,
    code: str,
    name: str,
    description: str = "",
    group_set: UnitGroupSet | None = None,
    units: list[Unit] | None = None,
    valid_from: datetime.date | None = None,
) -> UnitGroup:
    """A group kept by `owner_unit`, with its first members (each inside `by`'s scope)."""
    scopes.require_role(
        by, owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    group = UnitGroup(
        code=_code(code, UnitGroup),
        name=_name(name),
        description=normalize(description or "").strip(),
        group_set=group_set,
        owner_unit=owner_unit,
    )
    for unit in units or []:
        scopes.require_visible(by, unit)
    with transaction.atomic():
        group.save()
        UnitGroupMember.objects.bulk_create(
            [
                UnitGroupMember(group=group, unit=unit, valid_from=valid_from)
                for unit in dict.fromkeys(units or [])
            ]
        )
        changelog_record(
            by=by,
            action="group_create",
            obj=group,
            after={**snapshot(group), "units": [u.code for u in units or []]},
            unit_path=owner_unit.path,
        )
    return group


def group_update(
    *,
    by: Any,
    group: UnitGroup,
    name: str | None = None,
    description: str | None = None,
    group_set: UnitGroupSet | None = None,
    version: int | None = None,
) -> UnitGroup:
    scopes.require_role(
        by, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    before = snapshot(group)
    with transaction.atomic():
        current = UnitGroup.objects.select_for_update().get(pk=group.pk)
        if version is not None and current.version != version:
            raise DomainError(
                _("This group was changed by someone else since you opened it: reload it."),
                field="version",
                code="conflict",
            )
        if name is not None:
            current.name = _name(name)
        if description is not None:
            current.description = normalize(description).strip()
        if group_set is not None:
            current.group_set = group_set
        current.version += 1
        current.save()
        changelog_record(
            by=by,
            action="group_update",
            obj=current,
            before=before,
            after=snapshot(current),
            unit_path=current.owner_unit.path,
        )
    return current


def group_delete(*, by: Any, group: UnitGroup) -> None:
    scopes.require_role(
        by, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    with transaction.atomic():
        changelog_record(
            by=by,
            action="group_delete",
            obj=group,
            before=snapshot(group),
            unit_path=group.owner_unit.path,
        )
        group.delete()


def group_member_add(
    *,
    by: Any,
    group: UnitGroup,
    unit: Unit,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> UnitGroupMember:
    """Add a unit of `by`'s scope to the group from `valid_from`; a unit already in the group
    over an overlapping span is refused. The group's standing rules are applied to it in the
    same transaction (`group_rules.rules_apply_on_join`): one that cannot be refuses the
    join."""
    scopes.require_role(
        by, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    scopes.require_visible(by, unit)
    if valid_from and valid_to and valid_to <= valid_from:
        raise DomainError(_("The end must come after the start."), field="valid_to")
    overlapping = group.members.filter(unit=unit)
    if valid_to is not None:
        overlapping = overlapping.exclude(valid_from__gte=valid_to)
    if valid_from is not None:
        overlapping = overlapping.exclude(valid_to__lte=valid_from)
    if overlapping.exists():
        raise DomainError(
            _("%(unit)s is already in the group over these dates.") % {"unit": unit.name},
            field="unit",
        )
    with transaction.atomic():
        member = UnitGroupMember.objects.create(
            group=group, unit=unit, valid_from=valid_from, valid_to=valid_to
        )
        changelog_record(
            by=by,
            action="group_member_add",
            obj=group,
            after={"unit": unit.code, "valid_from": _day(valid_from), "valid_to": _day(valid_to)},
            unit_path=group.owner_unit.path,
        )
        # The group's standing rules follow it (all or nothing with the join).
        rules_apply_on_join(by=by, member=member)
    return member


def group_member_end(
    *, by: Any, member: UnitGroupMember, valid_to: datetime.date
) -> UnitGroupMember:
    """End a membership at `valid_to` (the group's past stays as it was); the forms the
    group's standing rules asked of the unit are withdrawn from that day
    (`group_rules.rules_withdraw_on_leave`)."""
    group = member.group
    scopes.require_role(
        by, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep unit groups")
    )
    scopes.require_visible(by, member.unit)
    if member.valid_from and valid_to <= member.valid_from:
        raise DomainError(_("The end must come after the start."), field="valid_to")
    with transaction.atomic():
        before = {"unit": member.unit.code, "valid_to": _day(member.valid_to)}
        member.valid_to = valid_to
        member.save(update_fields=["valid_to"])
        changelog_record(
            by=by,
            action="group_member_end",
            obj=group,
            before=before,
            after={"unit": member.unit.code, "valid_to": _day(valid_to)},
            unit_path=group.owner_unit.path,
        )
        # The forms the group's rules asked of the unit are withdrawn from that day.
        rules_withdraw_on_leave(by=by, member=member)
    return member
