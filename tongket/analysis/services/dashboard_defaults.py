"""Which dashboard a person opens on: the default a unit marks for a role (or for everyone
there), the person's own choice, and a copy of a shared dashboard to make one's own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis.models import Dashboard, DashboardChoice, DashboardDefault, DashboardItem
from tongket.analysis.services.dashboards import _name
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org import policy
from tongket.org.choices import Role
from tongket.org.models import Unit
from tongket.org.policy import Action


def _keeper(by: Any, unit: Unit) -> None:
    scopes.require_role(
        by,
        unit,
        policy.roles(Action.KEEP_SHARED_DASHBOARDS),
        _("keep the shared dashboards"),
    )


def _role(role: str) -> str:
    role = (role or "").strip()
    if role and role not in Role.values:
        raise DomainError(_("Choose a role, or everyone."), field="role")
    return role


def dashboard_default_set(*, by: Any, dashboard: Dashboard, role: str = "") -> DashboardDefault:
    """Mark `dashboard` as what the users of its unit holding `role` (blank: everyone there)
    open on, replacing the unit's previous default for that role.

    Who may: whoever holds `Action.KEEP_SHARED_DASHBOARDS` at the dashboard's unit (404
    outside the scope, 403 without the role). The dashboard must be shared with its unit."""
    role = _role(role)
    if not dashboard.shared or dashboard.unit is None:
        raise DomainError(
            _("Share the dashboard with a unit before making it the unit's default."),
            field="dashboard",
        )
    unit = dashboard.unit
    _keeper(by, unit)
    with transaction.atomic():
        current = DashboardDefault.objects.select_for_update().filter(unit=unit, role=role).first()
        before = {"dashboard": current.dashboard_id} if current else None
        if current is None:
            current = DashboardDefault(unit=unit, role=role)
        current.dashboard = dashboard
        current.set_by = by if getattr(by, "pk", None) else None
        current.set_at = timezone.now()
        current.save()
        changelog_record(
            by=by,
            action="dashboard_default_set",
            obj=dashboard,
            before=before,
            after={"dashboard": dashboard.pk, "unit": unit.pk, "role": role},
            unit_path=unit.path,
        )
    return current


def dashboard_default_clear(*, by: Any, default: DashboardDefault) -> None:
    """The unit's users of that role go back to the default of the units above. Same rule as
    `dashboard_default_set`."""
    _keeper(by, default.unit)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="dashboard_default_clear",
            obj=default.dashboard,
            before={
                "dashboard": default.dashboard_id,
                "unit": default.unit_id,
                "role": default.role,
            },
            unit_path=default.unit.path,
        )
        default.delete()


def dashboard_choose(*, by: Any, dashboard: Dashboard | None) -> DashboardChoice | None:
    """`by` opens on `dashboard` from now on (None: back to the default of their role and
    unit). Any signed-in user, for themselves; the caller fetched `dashboard` through
    `selectors.dashboard_get`, so it is one they may see."""
    if not getattr(by, "pk", None):
        raise PermissionDenied(_("Sign in to choose a dashboard."))
    with transaction.atomic():
        current = DashboardChoice.objects.select_for_update().filter(user_id=by.pk).first()
        before = {"dashboard": current.dashboard_id} if current else None
        if dashboard is None:
            if current is not None:
                current.delete()
            chosen = None
        else:
            chosen = current or DashboardChoice(user=by)
            chosen.dashboard = dashboard
            chosen.chosen_at = timezone.now()
            chosen.save()
        changelog_record(
            by=by,
            action="dashboard_choose",
            obj=dashboard if dashboard is not None else by,
            before=before,
            after={"dashboard": dashboard.pk if dashboard else None},
        )
    return chosen


def dashboard_copy(
    *, by: Any, dashboard: Dashboard, name: str | None = None, choose: bool = False
) -> Dashboard:
    """A dashboard of `by`'s own (not shared) with the same items in the same order; with
    `choose`, `by` opens on it from now on. Any signed-in user who may see `dashboard` (the
    caller fetched it through `selectors.dashboard_get`); each favourite on it is still read
    in the viewer's own scope."""
    copy = Dashboard(name=_name(name or dashboard.name), owner=by, unit=None, shared=False)
    with transaction.atomic():
        copy.save()
        DashboardItem.objects.bulk_create(
            [
                DashboardItem(
                    dashboard=copy,
                    kind=item.kind,
                    visualization_id=item.visualization_id,
                    text=item.text,
                    width=item.width,
                    position=item.position,
                )
                for item in dashboard.items.order_by("position", "id")
            ]
        )
        changelog_record(
            by=by,
            action="dashboard_copy",
            obj=copy,
            after={"copied_from": dashboard.pk, "name": copy.name},
        )
        if choose:
            dashboard_choose(by=by, dashboard=copy)
    return copy
