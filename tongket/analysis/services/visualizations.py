"""Saving favourites (pivot tables and charts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis.models import Visualization
from tongket.analysis.spec import clean_spec
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org.models import Unit


def _name(name: str) -> str:
    text = normalize(name or "").strip()
    if not text:
        raise DomainError(_("Give the favourite a name."), field="name")
    if len(text) > 200:
        raise DomainError(_("At most 200 characters."), field="name")
    return text


def _sharing(by: Any, shared: bool, unit: Unit | None) -> Unit | None:
    if not shared:
        return unit
    if unit is None:
        raise DomainError(_("Choose the unit whose users will see it."), field="unit")
    scopes.require_visible(by, unit)
    return unit


def visualization_create(
    *,
    by: Any,
    name: str,
    spec: dict[str, Any],
    description: str = "",
    unit: Unit | None = None,
    shared: bool = False,
) -> Visualization:
    """Save a pivot or chart for `by` (any signed-in user). The spec is checked against the
    user's scope (an indicator or unit they cannot see is refused as not found); sharing
    needs a unit the user's grants cover."""
    checked = clean_spec(user=by, data=spec)
    visualization = Visualization(
        name=_name(name),
        description=normalize(description or "").strip(),
        chart_type=checked.chart,
        spec=checked.data,
        owner=by,
        unit=_sharing(by, shared, unit),
        shared=shared,
    )
    with transaction.atomic():
        visualization.save()
        changelog_record(
            by=by,
            action="visualization_create",
            obj=visualization,
            after=snapshot(visualization),
            unit_path=unit.path if unit else "",
        )
    return visualization


def _require_owner(by: Any, visualization: Visualization) -> None:
    if visualization.owner_id != getattr(by, "pk", None) and not scopes.is_unrestricted(by):
        raise PermissionDenied(_("Only the person who saved this favourite may change it."))


def visualization_update(
    *,
    by: Any,
    visualization: Visualization,
    name: str | None = None,
    spec: dict[str, Any] | None = None,
    description: str | None = None,
    unit: Unit | None = None,
    shared: bool | None = None,
    version: int | None = None,
) -> Visualization:
    """Change a favourite: its owner only. `version` (when given) must be the one read:
    a favourite changed since is refused, never overwritten."""
    _require_owner(by, visualization)
    before = snapshot(visualization)
    with transaction.atomic():
        current = Visualization.objects.select_for_update().get(pk=visualization.pk)
        if version is not None and current.version != version:
            raise DomainError(
                _("This favourite was changed by someone else since you opened it: reload it."),
                field="version",
                code="conflict",
            )
        if name is not None:
            current.name = _name(name)
        if description is not None:
            current.description = normalize(description).strip()
        if spec is not None:
            checked = clean_spec(user=by, data=spec)
            current.spec = checked.data
            current.chart_type = checked.chart
        if shared is not None:
            current.shared = shared
        if unit is not None or shared is not None:
            current.unit = _sharing(by, current.shared, unit or current.unit)
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        changelog_record(
            by=by,
            action="visualization_update",
            obj=current,
            before=before,
            after=snapshot(current),
            unit_path=current.unit.path if current.unit else "",
        )
    return current


def visualization_delete(*, by: Any, visualization: Visualization) -> None:
    """Delete a favourite: its owner only."""
    _require_owner(by, visualization)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="visualization_delete",
            obj=visualization,
            before=snapshot(visualization),
            unit_path=visualization.unit.path if visualization.unit else "",
        )
        visualization.delete()
