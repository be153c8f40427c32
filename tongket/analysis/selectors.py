"""Every scoped read of favourites and unit groups.

A favourite is seen by its owner, and by the users whose grants cover the unit it is shared
with. A group (and a group set) is seen by the users its keeping unit's documents reach (the
unit's subtree and the units above it), and its members only inside the user's scope.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.analysis.models import (
    Dashboard,
    DashboardItem,
    UnitGroup,
    UnitGroupMember,
    UnitGroupSet,
    ValidationRule,
    Visualization,
)
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org.models import Unit


def visualization_list(*, user: Any, search: str | None = None) -> QuerySet[Visualization]:
    """The user's own favourites and those shared with a unit the user's grants cover."""
    queryset = Visualization.objects.select_related("owner", "owner__person", "unit")
    if not scopes.is_unrestricted(user):
        shared = Q(shared=True) & scopes.scope_q(user, "unit__path")
        queryset = queryset.filter(Q(owner_id=user.pk) | shared)
    if search:
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset.order_by("name", "id")


def visualization_get(*, user: Any, pk: Any) -> Visualization:
    try:
        return visualization_list(user=user).get(pk=int(pk))
    except (Visualization.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Favourite not found.")) from error


def group_set_list(*, user: Any) -> QuerySet[UnitGroupSet]:
    return UnitGroupSet.objects.filter(scopes.reach_q(user, "owner_unit__path")).select_related(
        "owner_unit"
    )


def group_set_get(*, user: Any, pk: Any) -> UnitGroupSet:
    try:
        return group_set_list(user=user).get(pk=int(pk))
    except (UnitGroupSet.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Group set not found.")) from error


def group_list(*, user: Any, group_set: UnitGroupSet | None = None) -> QuerySet[UnitGroup]:
    """Groups kept by a unit in the user's reach (its subtrees and the units above)."""
    queryset = UnitGroup.objects.filter(scopes.reach_q(user, "owner_unit__path")).select_related(
        "owner_unit", "group_set"
    )
    if group_set is not None:
        queryset = queryset.filter(group_set=group_set)
    return queryset.order_by("name", "id")


def group_get(*, user: Any, pk: Any) -> UnitGroup:
    try:
        return group_list(user=user).get(pk=int(pk))
    except (UnitGroup.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Unit group not found.")) from error


def _on(day: datetime.date | None) -> Q:
    if day is None:
        return Q()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )


def group_members(
    *, user: Any, group: UnitGroup, day: datetime.date | None = None
) -> QuerySet[UnitGroupMember]:
    """The group's memberships (on `day`, or all) of units inside the user's scope."""
    return scopes.restrict(
        group.members.filter(_on(day)).select_related("unit"), user, "unit__path"
    ).order_by("unit__sort_key", "valid_from", "pk")


def group_units(*, user: Any, group: UnitGroup, day: datetime.date) -> list[Unit]:
    """The units in the group on `day`, inside the user's scope, in Vietnamese order."""
    ids = group.members.filter(_on(day)).values("unit_id")
    return list(scopes.restrict(Unit.objects.filter(pk__in=ids), user).order_by("sort_key", "pk"))


def member_counts(*, user: Any, groups: list[UnitGroup], day: datetime.date) -> dict[int, int]:
    """Group id → number of its members on `day` inside the user's scope. One query."""
    from django.db.models import Count

    return dict(
        scopes.restrict(
            UnitGroupMember.objects.filter(_on(day), group__in=groups), user, "unit__path"
        )
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )


def rule_list(*, user: Any, form: Any = None) -> QuerySet[ValidationRule]:
    """Rules of the forms the user can read (reporting.selectors.form_list)."""
    from tongket.reporting import selectors as reporting_selectors

    forms = reporting_selectors.form_list(user=user).values("pk")
    queryset = ValidationRule.objects.filter(form__in=forms).select_related(
        "form", "form__owner_unit"
    )
    if form is not None:
        queryset = queryset.filter(form=form)
    return queryset.order_by("form__code", "code")


def rule_get(*, user: Any, pk: Any) -> ValidationRule:
    try:
        return rule_list(user=user).get(pk=int(pk))
    except (ValidationRule.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Validation rule not found.")) from error


def dashboard_list(*, user: Any) -> QuerySet[Dashboard]:
    """The user's own dashboards and those shared with a unit the user's grants cover."""
    queryset = Dashboard.objects.select_related("owner", "owner__person", "unit")
    if not scopes.is_unrestricted(user):
        queryset = queryset.filter(
            Q(owner_id=user.pk) | (Q(shared=True) & scopes.scope_q(user, "unit__path"))
        )
    return queryset.order_by("name", "id")


def dashboard_get(*, user: Any, pk: Any) -> Dashboard:
    try:
        return dashboard_list(user=user).get(pk=int(pk))
    except (Dashboard.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Dashboard not found.")) from error


def dashboard_items(*, dashboard: Dashboard) -> list[DashboardItem]:
    return list(dashboard.items.select_related("visualization").order_by("position", "id"))


def dashboard_item_get(*, user: Any, pk: Any) -> DashboardItem:
    """An item of a dashboard the user can see."""
    try:
        return DashboardItem.objects.select_related("dashboard", "dashboard__unit").get(
            pk=int(pk), dashboard__in=dashboard_list(user=user).values("pk")
        )
    except (DashboardItem.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error
