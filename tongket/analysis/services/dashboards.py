"""Dashboards people compose: created, shared, filled with items and arranged by their
owner."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis.choices import ItemKind, ItemWidth
from tongket.analysis.models import Dashboard, DashboardItem, Visualization
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org.models import Unit

MAX_ITEMS = 24


def _name(name: str) -> str:
    text = normalize(name or "").strip()
    if not text:
        raise DomainError(_("Give the dashboard a name."), field="name")
    return text[:200]


def _owner(by: Any, dashboard: Dashboard) -> None:
    if dashboard.owner_id != getattr(by, "pk", None) and not scopes.is_unrestricted(by):
        raise PermissionDenied(_("Only the person who made this dashboard may change it."))


def _touch(dashboard: Dashboard) -> None:
    dashboard.version += 1
    dashboard.updated_at = timezone.now()
    dashboard.save(update_fields=["version", "updated_at"])


def dashboard_create(
    *, by: Any, name: str, unit: Unit | None = None, shared: bool = False
) -> Dashboard:
    """A dashboard of `by` (any signed-in user); shared with the users of a unit the user's
    grants cover."""
    if shared:
        if unit is None:
            raise DomainError(_("Choose the unit whose users will see it."), field="unit")
        scopes.require_visible(by, unit)
    dashboard = Dashboard(name=_name(name), owner=by, unit=unit, shared=shared)
    with transaction.atomic():
        dashboard.save()
        changelog_record(
            by=by,
            action="dashboard_create",
            obj=dashboard,
            after=snapshot(dashboard),
            unit_path=unit.path if unit else "",
        )
    return dashboard


def dashboard_update(
    *,
    by: Any,
    dashboard: Dashboard,
    name: str | None = None,
    shared: bool | None = None,
    unit: Unit | None = None,
    version: int | None = None,
) -> Dashboard:
    _owner(by, dashboard)
    before = snapshot(dashboard)
    with transaction.atomic():
        current = Dashboard.objects.select_for_update().get(pk=dashboard.pk)
        if version is not None and current.version != version:
            raise DomainError(
                _("This dashboard was changed since you opened it: reload it."),
                field="version",
                code="conflict",
            )
        if name is not None:
            current.name = _name(name)
        if unit is not None:
            scopes.require_visible(by, unit)
            current.unit = unit
        if shared is not None:
            if shared and current.unit is None:
                raise DomainError(_("Choose the unit whose users will see it."), field="unit")
            current.shared = shared
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        changelog_record(
            by=by,
            action="dashboard_update",
            obj=current,
            before=before,
            after=snapshot(current),
            unit_path=current.unit.path if current.unit else "",
        )
    return current


def dashboard_delete(*, by: Any, dashboard: Dashboard) -> None:
    _owner(by, dashboard)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="dashboard_delete",
            obj=dashboard,
            before=snapshot(dashboard),
            unit_path=dashboard.unit.path if dashboard.unit else "",
        )
        dashboard.delete()


def dashboard_item_add(
    *,
    by: Any,
    dashboard: Dashboard,
    kind: str,
    visualization: Visualization | None = None,
    text: str = "",
    width: int = ItemWidth.HALF,
) -> DashboardItem:
    """Add a tile at the end: a favourite the owner can read, a text, or the reports due."""
    _owner(by, dashboard)
    if kind not in ItemKind.values:
        raise DomainError(_("Choose what the item shows."), field="kind")
    if int(width) not in ItemWidth.values:
        raise DomainError(_("Choose a width."), field="width")
    text = normalize(text or "").strip()
    if kind == ItemKind.FAVOURITE and visualization is None:
        raise DomainError(_("Choose a saved table or chart."), field="visualization")
    if kind == ItemKind.TEXT and not text:
        raise DomainError(_("Write the text."), field="text")
    if kind != ItemKind.FAVOURITE:
        visualization = None
    with transaction.atomic():
        locked = Dashboard.objects.select_for_update().get(pk=dashboard.pk)
        count = locked.items.count()
        if count >= MAX_ITEMS:
            raise DomainError(
                _("A dashboard holds at most %(n)s items.") % {"n": MAX_ITEMS}, field="kind"
            )
        last = locked.items.aggregate(top=Max("position"))["top"]
        item = DashboardItem.objects.create(
            dashboard=locked,
            kind=kind,
            visualization=visualization,
            text=text if kind == ItemKind.TEXT else "",
            width=int(width),
            position=(last or 0) + 1,
        )
        _touch(locked)
        changelog_record(
            by=by,
            action="dashboard_item_add",
            obj=locked,
            after={
                "item": item.pk,
                "kind": kind,
                "visualization": getattr(visualization, "pk", None),
            },
            unit_path=locked.unit.path if locked.unit else "",
        )
    return item


def dashboard_item_remove(*, by: Any, item: DashboardItem) -> None:
    dashboard = item.dashboard
    _owner(by, dashboard)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="dashboard_item_remove",
            obj=dashboard,
            before={"item": item.pk, "kind": item.kind},
            unit_path=dashboard.unit.path if dashboard.unit else "",
        )
        item.delete()
        _touch(dashboard)


def dashboard_arrange(*, by: Any, dashboard: Dashboard, order: list[int]) -> Dashboard:
    """Put the items in `order` (every item id of the dashboard, once)."""
    _owner(by, dashboard)
    with transaction.atomic():
        locked = Dashboard.objects.select_for_update().get(pk=dashboard.pk)
        items = {item.pk: item for item in locked.items.all()}
        if sorted(order) != sorted(items) or len(set(order)) != len(order):
            raise DomainError(
                _("Give every item of the dashboard once, in the new order."), field="order"
            )
        before = [item.pk for item in sorted(items.values(), key=lambda i: (i.position, i.pk))]
        for position, pk in enumerate(order, start=1):
            items[pk].position = position
        DashboardItem.objects.bulk_update(list(items.values()), ["position"])
        _touch(locked)
        changelog_record(
            by=by,
            action="dashboard_arrange",
            obj=locked,
            before={"order": before},
            after={"order": order},
            unit_path=locked.unit.path if locked.unit else "",
        )
    return locked
