"""Scoped reads of named bodies (Ban Chỉ đạo, Tổ Biên tập…) and their members."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.text import search_key
from tongket.org.models import BodyGroup, BodyGroupMember, Person, Position, Unit
from tongket.org.selectors.units import search_words


def body_group_list(
    *,
    user: Any,
    unit: Unit | None = None,
    kind: str | None = None,
    search: str | None = None,
    include_dissolved: bool = True,
    reach: bool = False,
) -> QuerySet[BodyGroup]:
    """Bodies set up by units in the user's scope (with `reach`, also by the units above
    them: a conference of Quân khu 2 may give a task to a body of Bộ Quốc phòng), in
    Vietnamese order, each with its number of members."""
    queryset = BodyGroup.objects.select_related("unit").annotate(member_count=Count("members"))
    if reach:
        queryset = queryset.filter(scopes.reach_q(user, "unit__path"))
    else:
        queryset = scopes.restrict(queryset, user, "unit__path")
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    for word in search_words(search):
        queryset = queryset.filter(search_key__contains=word)
    if not include_dissolved:
        queryset = queryset.filter(dissolved_on__isnull=True)
    return queryset.order_by("sort_key", "pk")


def body_group_get(*, user: Any, pk: Any, reach: bool = False) -> BodyGroup:
    try:
        return body_group_list(user=user, reach=reach).get(pk=int(pk))
    except (BodyGroup.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Body not found.")) from error


def body_group_members(
    *, group: BodyGroup, on: datetime.date | None = None
) -> list[BodyGroupMember]:
    """The members of a body read through the scope, each with `holder`: the person named,
    or whoever holds the seat's position on `on` (today by default; None when vacant).
    Two queries however many members."""
    day = on or timezone.localdate()
    members = list(group.members.select_related("person", "position_unit").order_by("order", "pk"))
    seats = [m for m in members if m.person_id is None]
    holders: dict[tuple[int, str], Person] = {}
    if seats:
        held = (
            Position.objects.filter(unit_id__in={m.position_unit_id for m in seats})
            .filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("person")
            .order_by("order", "valid_from", "pk")
        )
        for position in held:
            key = (position.unit_id, search_key(position.title))
            holders.setdefault(key, position.person)
    for member in members:
        member.holder = member.person or holders.get(  # type: ignore[attr-defined]
            (member.position_unit_id or 0, search_key(member.position_title))
        )
    return members


def body_group_member_get(*, group: BodyGroup, pk: Any) -> BodyGroupMember:
    """A member of a body already read through the scope."""
    try:
        return group.members.select_related("group__unit", "person", "position_unit").get(
            pk=int(pk)
        )
    except (BodyGroupMember.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Member not found.")) from error


def body_groups_seating(*, person_id: int | None, on: datetime.date | None = None) -> set[int]:
    """The bodies at work on `on` (today by default) in which the person sits: named as a
    member, or holding on the day the position of one of its seats (compared as
    `body_group_members` does, by the title's search key). Two queries; no scope: the caller
    decides what sitting on a body opens."""
    if not person_id:
        return set()
    day = on or timezone.localdate()
    held = {
        (unit_id, search_key(title))
        for unit_id, title in Position.objects.filter(person_id=person_id, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("unit_id", "title")
    }
    who = Q(person_id=person_id)
    if held:
        who |= Q(person__isnull=True, position_unit_id__in={unit_id for unit_id, _t in held})
    rows = (
        BodyGroupMember.objects.filter(who)
        .filter(Q(group__established_on__isnull=True) | Q(group__established_on__lte=day))
        .filter(Q(group__dissolved_on__isnull=True) | Q(group__dissolved_on__gt=day))
        .values_list("group_id", "person_id", "position_unit_id", "position_title")
    )
    return {
        group_id
        for group_id, person, unit_id, title in rows
        if person == person_id or (unit_id, search_key(title)) in held
    }
