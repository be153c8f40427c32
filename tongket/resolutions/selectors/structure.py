"""Reads of a resolution's structure: objectives, tasks and measures, their assignments, and
the indicators (found by id or code)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.models import code_is
from tongket.core.text import search_key
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.resolutions.choices import AssignmentStatus
from tongket.resolutions.models import Assignment, Indicator, Item, Resolution
from tongket.resolutions.selectors.reach import resolution_reach_q


def item_tree(*, resolution: Resolution) -> list[dict[str, Any]]:
    """Objectives, tasks and measures depth-first in their order, with their depth."""
    items = list(
        resolution.items.annotate(assignment_count=Count("assignments")).order_by("order", "id")
    )
    children: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    rows: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for item in children.get(parent, []):
            rows.append({"item": item, "depth": depth})
            walk(item.pk, depth + 1)

    walk(None, 0)
    return rows


def item_get(*, user: Any, pk: Any) -> Item:
    try:
        return Item.objects.select_related("resolution").get(
            resolution_reach_q(user, "resolution__"), pk=int(pk)
        )
    except (Item.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error


def assignment_list(
    *,
    user: Any,
    resolution: Resolution | None = None,
    unit: Unit | None = None,
    status: str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Assignment]:
    """Assignments the user may read: where the lead or a coordinating unit is in the user's
    subtrees, or all of a resolution the user keeps. `unit` keeps those led by or
    coordinated with it; status "overdue" is the derived one."""
    queryset = Assignment.objects.filter(resolution_reach_q(user, "item__resolution__"))
    if not scopes.is_unrestricted(user):
        mine = scopes.scope_q(user, "lead_unit__path") | Q(
            pk__in=Assignment.coordinating_units.through.objects.filter(
                scopes.scope_q(user, "unit__path")
            ).values("assignment_id")
        )
        keeper = scopes.scope_q(
            user, "item__resolution__owner_unit__path", policy.roles(Action.KEEP_RESOLUTIONS)
        )
        queryset = queryset.filter(mine | keeper)
    if resolution is not None:
        queryset = queryset.filter(item__resolution=resolution)
    if unit is not None:
        queryset = queryset.filter(
            Q(lead_unit=unit)
            | Q(
                pk__in=Assignment.coordinating_units.through.objects.filter(unit=unit).values(
                    "assignment_id"
                )
            )
        )
    today = today or timezone.localdate()
    if status == AssignmentStatus.OVERDUE:
        queryset = queryset.exclude(status=AssignmentStatus.DONE).filter(deadline__lt=today)
    elif status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("item", "item__resolution", "lead_unit")
        .prefetch_related("coordinating_units")
        .order_by("deadline", "id")
    )


def assignment_get(*, user: Any, pk: Any) -> Assignment:
    try:
        return assignment_list(user=user).get(pk=int(pk))
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error


# What a listed indicator is read with: its resolution, item and parent (pages and API).
INDICATOR_RELATED = ("resolution", "item", "parent_indicator", "parent_indicator__resolution")


def indicator_list(
    *,
    user: Any,
    resolution: Resolution | None = None,
    search: str | None = None,
    related: tuple[str, ...] = INDICATOR_RELATED,
) -> QuerySet[Indicator]:
    """The indicators of the resolutions reaching the user; `related`: the relations read
    with them (figures need the resolution alone: each join costs every call planning)."""
    queryset = Indicator.objects.filter(resolution_reach_q(user, "resolution__")).select_related(
        *related
    )
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    for word in search_key(search).split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset.order_by("resolution_id", "order", "id")


def indicator_get(*, user: Any, pk: Any) -> Indicator:
    try:
        return indicator_list(user=user).get(pk=int(pk))
    except (Indicator.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Indicator not found.")) from error


def item_list(*, user: Any, resolution: Resolution | None = None) -> list[Item]:
    """Objectives, tasks and measures of the resolutions reaching the user (or of one), each
    resolution's depth-first in outline order, with `depth` and `assignment_count` set. One
    query."""
    queryset = Item.objects.filter(resolution_reach_q(user, "resolution__"))
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    items = list(
        queryset.annotate(assignment_count=Count("assignments")).order_by(
            "resolution_id", "order", "id"
        )
    )
    children: dict[tuple[int, int | None], list[Item]] = defaultdict(list)
    for item in items:
        children[(item.resolution_id, item.parent_id)].append(item)
    ordered: list[Item] = []

    def walk(resolution_id: int, parent: int | None, depth: int) -> None:
        for item in children.get((resolution_id, parent), []):
            item.depth = depth  # type: ignore[attr-defined]
            ordered.append(item)
            walk(resolution_id, item.pk, depth + 1)

    for resolution_id in dict.fromkeys(item.resolution_id for item in items):
        walk(resolution_id, None, 0)
    return ordered


def indicator_find(
    *, user: Any, code: str, resolution: Resolution | None = None, field: str = "indicator"
) -> Indicator:
    """The indicator with this code (ignoring case) in the resolutions reaching the user, or in
    `resolution`. DomainError naming `field` when none has it, or when several resolutions
    use the code and no resolution was given."""
    text = (code or "").strip().replace(" ", "")
    found = list(
        # With its resolution only: the list's other joins cost the analytics API's every
        # call more planning than the read itself.
        indicator_list(user=user, resolution=resolution, related=("resolution",)).filter(
            code_is("code", text)
        )[:2]
        if text
        else []
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise DomainError(
            _(
                "Several resolutions have an indicator %(code)s: say which resolution "
                "(by id or symbol)."
            )
            % {"code": text},
            field=field,
        )
    raise DomainError(
        _("No indicator has the code %(code)s.") % {"code": text or "''"}, field=field
    )


def indicators_find(
    *,
    user: Any,
    refs: list[str],
    resolution: Resolution | None = None,
    field: str = "indicator",
) -> list[Indicator]:
    """The indicators `refs` name (an id, or a code ignoring case as `indicator_find` reads
    it), in the order given, from the resolutions reaching the user (or `resolution`): one
    query whatever their number. NotFound (404) for one the user cannot read (not at all, in
    no resolution reaching them, or of a resolution marked above their clearance);
    DomainError naming `field` for a code several resolutions use when no resolution was
    given."""
    wanted = list(dict.fromkeys(str(ref).strip().replace(" ", "") for ref in refs))
    wanted = [ref for ref in wanted if ref]
    if not wanted:
        return []
    ids = [int(ref) for ref in wanted if ref.isdigit()]
    query = Q(pk__in=ids)
    for ref in wanted:
        if not ref.isdigit():
            query |= code_is("code", ref)
    rows = list(indicator_list(user=user, resolution=resolution).filter(query))
    by_id = {indicator.pk: indicator for indicator in rows}
    by_code: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in rows:
        by_code[indicator.code.upper()].append(indicator)
    found: list[Indicator] = []
    for ref in wanted:
        if ref.isdigit():
            matches = [by_id[int(ref)]] if int(ref) in by_id else []
        else:
            matches = by_code.get(ref.upper(), [])
        if not matches:
            raise NotFound(_("Indicator not found."))
        if len(matches) > 1:
            raise DomainError(
                _(
                    "Several resolutions have an indicator %(code)s: say which resolution "
                    "(by id or symbol)."
                )
                % {"code": ref},
                field=field,
            )
        found.append(matches[0])
    return list(dict.fromkeys(found))
