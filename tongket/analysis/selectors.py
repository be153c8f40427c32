"""Every scoped read of favourites and unit groups.

A favourite is seen by its owner, and by the users whose grants cover the unit it is shared
with. A group (and a group set) is seen by the users its keeping unit's documents reach (the
unit's subtree and the units above it), and its members only inside the user's scope.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.analysis.models import (
    Dashboard,
    DashboardChoice,
    DashboardDefault,
    DashboardItem,
    ExchangeMapping,
    ExchangeMappingRow,
    GroupRule,
    UnitGroup,
    UnitGroupMember,
    UnitGroupSet,
    ValidationRule,
    Visualization,
)
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org.models import PATH_SEGMENT, Unit


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


def group_rules(*, user: Any, group: UnitGroup) -> list[GroupRule]:
    """The group's standing rules in force that give what the user may read (a form of
    `reporting.selectors.form_list`, an indicator of `resolutions.selectors.indicator_list`),
    oldest first, each with `given`: the units it was applied to. Four queries."""
    from tongket.reporting import selectors as reporting_selectors
    from tongket.resolutions import selectors as resolution_selectors

    forms = reporting_selectors.form_list(user=user).values("pk")
    indicators = resolution_selectors.indicator_list(user=user).values("pk")
    return list(
        GroupRule.objects.filter(group=group, ended_at__isnull=True)
        .filter(Q(form__in=forms) | Q(indicator__in=indicators))
        .select_related("form", "indicator", "indicator__resolution", "created_by", "group")
        .prefetch_related("scope_roots")
        .annotate(given=Count("applications", distinct=True))
        .order_by("created_at", "pk")
    )


def group_rule_get(*, user: Any, pk: Any, group: UnitGroup | None = None) -> GroupRule:
    """A rule in force of a group the user sees, giving what the user may read."""
    try:
        rule_id = int(pk)
    except (ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error
    found = (
        GroupRule.objects.filter(pk=rule_id, ended_at__isnull=True)
        .values_list("group_id", flat=True)
        .first()
    )
    if found is None or (group is not None and group.pk != found):
        raise NotFound(_("Not found."))
    chosen = group_get(user=user, pk=found)
    for rule in group_rules(user=user, group=chosen):
        if rule.pk == rule_id:
            return rule
    raise NotFound(_("Not found."))


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
    """The user's own dashboards, those shared with a unit the user's grants cover, and the
    defaults marked at a unit above the user's grants (which their users open on)."""
    queryset = Dashboard.objects.select_related("owner", "owner__person", "unit").prefetch_related(
        "defaults"
    )
    if not scopes.is_unrestricted(user):
        defaults = DashboardDefault.objects.filter(
            scopes.reach_q(user, "unit__path"),
            dashboard__shared=True,
            dashboard__unit_id=F("unit_id"),
        ).values("dashboard_id")
        queryset = queryset.filter(
            Q(owner_id=user.pk)
            | (Q(shared=True) & scopes.scope_q(user, "unit__path"))
            | Q(pk__in=defaults)
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


@dataclass
class DashboardHome:
    """What "My dashboards" opens on: the user's own choice (`default` None), or the default
    marked for the user's role (or everyone) at the nearest unit up; `dashboard` None when
    there is neither."""

    dashboard: Dashboard | None = None
    default: DashboardDefault | None = None


def _chain(path: str) -> list[str]:
    """The unit's path and those of the units above it, nearest first."""
    return [path[:end] for end in range(len(path), 0, -PATH_SEGMENT)]


def dashboard_home(*, user: Any, unit: Unit | None = None) -> DashboardHome:
    """The dashboard the user opens on.

    Their own choice wins while they may still see it. Otherwise the default of their role at
    the nearest unit up from the active unit `unit` (the unit switcher's), then from each of
    their grants' units; at one unit a default for one of their roles beats the one for
    everyone. Only units on the way up from the user's own grants are looked at, so a default
    of another branch is never used. Three queries at most."""
    choice = (
        DashboardChoice.objects.filter(
            user_id=user.pk, dashboard__in=dashboard_list(user=user).values("pk")
        )
        .select_related("dashboard", "dashboard__unit", "dashboard__owner")
        .first()
    )
    if choice is not None:
        return DashboardHome(dashboard=choice.dashboard)
    # (path, the roles that count there), nearest first: the active unit's chain with the
    # roles of the grants covering it, then each grant's chain with the grant's role.
    held = scopes.reach(user)
    steps: list[tuple[str, set[str]]] = []
    if unit is not None and scopes.covers(user, unit):
        roles = {role for role, path in held if unit.path.startswith(path)}
        steps.extend((path, roles) for path in _chain(unit.path))
    for role, path in held:
        steps.extend((up, {role}) for up in _chain(path))
    if not steps:
        return DashboardHome()
    defaults = {
        (default.unit.path, default.role): default
        for default in DashboardDefault.objects.filter(
            unit__path__in={path for path, _roles in steps},
            dashboard__shared=True,
            dashboard__unit_id=F("unit_id"),
        ).select_related("unit", "dashboard", "dashboard__unit", "dashboard__owner")
    }
    for path, roles in steps:
        for role in sorted(roles):
            if (path, role) in defaults:
                found = defaults[(path, role)]
                return DashboardHome(dashboard=found.dashboard, default=found)
        if (path, "") in defaults:
            found = defaults[(path, "")]
            return DashboardHome(dashboard=found.dashboard, default=found)
    return DashboardHome()


def dashboard_defaults(*, dashboard: Dashboard) -> list[DashboardDefault]:
    """The roles (blank: everyone) its unit opens on it for."""
    if dashboard.unit_id is None:
        return []
    return list(
        DashboardDefault.objects.filter(dashboard=dashboard, unit_id=dashboard.unit_id)
        .select_related("unit")
        .order_by("role")
    )


def dashboard_default_get(*, dashboard: Dashboard, role: str) -> DashboardDefault:
    """The default of `dashboard`'s unit for `role`, when it is this dashboard."""
    try:
        return DashboardDefault.objects.select_related("unit", "dashboard").get(
            dashboard=dashboard, unit=dashboard.unit, role=role or ""
        )
    except DashboardDefault.DoesNotExist as error:
        raise NotFound(_("Not found.")) from error


def mapping_list(*, user: Any) -> QuerySet[ExchangeMapping]:
    """Exchange mappings kept by a unit in the user's reach (its subtrees and the units above
    them): another branch's are neither listed nor usable."""
    return (
        ExchangeMapping.objects.filter(scopes.reach_q(user, "owner_unit__path"))
        .select_related("owner_unit")
        .order_by("name", "id")
    )


def mapping_get(*, user: Any, pk: Any) -> ExchangeMapping:
    try:
        return mapping_list(user=user).get(pk=int(pk))
    except (ExchangeMapping.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Exchange mapping not found.")) from error


def mapping_rows(*, user: Any, mapping: ExchangeMapping) -> QuerySet[ExchangeMappingRow]:
    """The mapping's rows whose object the user may see: units of the user's scope,
    indicators of the resolutions they read, forms they read, every period (one calendar for
    all). Three subqueries, one query."""
    from tongket.reporting import selectors as reporting_selectors
    from tongket.resolutions import selectors as resolution_selectors

    visible = Q(unit__isnull=False) & scopes.scope_q(user, "unit__path")
    visible |= Q(
        indicator__in=resolution_selectors.indicator_list(user=user).order_by().values("pk")
    )
    visible |= Q(form__in=reporting_selectors.form_list(user=user).order_by().values("pk"))
    visible |= Q(period__isnull=False)
    return (
        mapping.rows.filter(visible)
        .select_related("unit", "indicator", "indicator__resolution", "form", "period")
        .order_by("kind", "external_id", "id")
    )


def mapping_row_get(*, user: Any, pk: Any) -> ExchangeMappingRow:
    """A row the user may see, of a mapping the user may see."""
    try:
        row = ExchangeMappingRow.objects.select_related("mapping", "mapping__owner_unit").get(
            pk=int(pk), mapping__in=mapping_list(user=user).values("pk")
        )
    except (ExchangeMappingRow.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error
    if not mapping_rows(user=user, mapping=row.mapping).filter(pk=row.pk).exists():
        raise NotFound(_("Not found."))
    return row
