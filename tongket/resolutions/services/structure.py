"""Objectives, tasks and measures inside a resolution, and the assignments of tasks to units.

Callers: keepers of the resolution for the structure and for giving assignments; the lead
unit's reporters and tracking officers (or the keepers) for reporting an assignment's status.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.bulk_writes import rows_written_notify
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.resolutions.choices import AssignmentStatus, ItemKind
from tongket.resolutions.models import Assignment, Item, Resolution
from tongket.resolutions.services.records import require_keeper


def _renumber(resolution: Resolution) -> None:
    """Outline numbers from the order: objectives 1, 2…; below them 1.1, 1.2…"""
    items = list(resolution.items.order_by("order", "id"))
    children: dict[int | None, list[Item]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    changed: list[Item] = []

    def walk(parent: int | None, prefix: str) -> None:
        for position, item in enumerate(children.get(parent, []), start=1):
            number = f"{prefix}{position}"
            if item.number != number or item.order != position:
                item.number, item.order = number, position
                changed.append(item)
            walk(item.pk, number + ".")

    walk(None, "")
    Item.objects.bulk_update(changed, ["number", "order"])
    rows_written_notify(model=Item, pks=[item.pk for item in changed], fields=("number", "order"))


@transaction.atomic
def item_create(
    *,
    by: Any,
    resolution: Resolution,
    kind: str,
    title: str,
    parent: Item | None = None,
    description: str = "",
) -> Item:
    """Add an objective, task or measure at the end of its parent's children."""
    require_keeper(by, resolution)
    if kind not in ItemKind.values or kind == "":
        raise DomainError(_("Choose objective, task or measure."), field="kind")
    title = normalize(title)
    if not title:
        raise DomainError(_("Enter the title."), field="title")
    if parent is not None and parent.resolution_id != resolution.pk:
        raise DomainError(_("The parent belongs to another resolution."), field="parent")
    last = resolution.items.filter(parent=parent).aggregate(m=Max("order"))["m"] or 0
    item = Item.objects.create(
        resolution=resolution,
        parent=parent,
        kind=kind,
        title=title,
        description=(description or "").strip(),
        order=last + 1,
    )
    _renumber(resolution)
    item.refresh_from_db()
    changelog_record(
        by=by,
        action="item_create",
        obj=item,
        after=snapshot(item),
        unit_path=resolution.owner_unit.path,
    )
    return item


@transaction.atomic
def item_update(
    *,
    by: Any,
    item: Item,
    title: str | None = None,
    description: str | None = None,
    kind: str | None = None,
) -> Item:
    require_keeper(by, item.resolution)
    before = snapshot(item)
    if title is not None:
        item.title = normalize(title)
        if not item.title:
            raise DomainError(_("Enter the title."), field="title")
    if description is not None:
        item.description = description.strip()
    if kind is not None:
        if kind not in ItemKind.values:
            raise DomainError(_("Choose objective, task or measure."), field="kind")
        item.kind = kind
    item.save()
    changelog_record(
        by=by,
        action="item_update",
        obj=item,
        before=before,
        after=snapshot(item),
        unit_path=item.resolution.owner_unit.path,
    )
    return item


@transaction.atomic
def item_move(*, by: Any, item: Item, offset: int) -> Item:
    """Move an item up (offset −1) or down (+1) among its siblings."""
    require_keeper(by, item.resolution)
    siblings = list(
        Item.objects.select_for_update()
        .filter(resolution=item.resolution, parent_id=item.parent_id)
        .order_by("order", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    target = max(0, min(len(siblings) - 1, index + offset))
    if target != index:
        siblings.insert(target, siblings.pop(index))
        for position, sibling in enumerate(siblings, start=1):
            sibling.order = position
        Item.objects.bulk_update(siblings, ["order"])
        rows_written_notify(model=Item, pks=[s.pk for s in siblings], fields=("order",))
        _renumber(item.resolution)
        changelog_record(
            by=by,
            action="item_move",
            obj=item,
            before={"position": index + 1},
            after={"position": target + 1},
            unit_path=item.resolution.owner_unit.path,
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def item_delete(*, by: Any, item: Item) -> None:
    """Remove an item with its sub-items; refused while indicators or assignments hang on it."""
    require_keeper(by, item.resolution)
    subtree = [item.pk]
    frontier = [item.pk]
    while frontier:
        frontier = list(Item.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        subtree += frontier
    if Assignment.objects.filter(item_id__in=subtree).exists():
        raise DomainError(_("Remove the assignments of this item first."))
    if item.resolution.indicators.filter(item_id__in=subtree).exists():
        raise DomainError(_("Move or remove the indicators of this item first."))
    resolution = item.resolution
    changelog_record(
        by=by,
        action="item_delete",
        obj=item,
        before=snapshot(item),
        unit_path=resolution.owner_unit.path,
    )
    item.delete()
    _renumber(resolution)


def _check_units(by: Any, lead_unit: Unit | None, coordinating: list[Unit]) -> None:
    if lead_unit is None:
        raise DomainError(_("Choose the lead unit."), field="lead_unit")
    for unit, field in [(lead_unit, "lead_unit")] + [
        (u, "coordinating_units") for u in coordinating
    ]:
        if not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists():
            raise NotFound(_("Unit not found."))
        if unit.dissolved_on is not None:
            raise DomainError(_("%(unit)s has been dissolved.") % {"unit": unit.name}, field=field)
    if lead_unit in coordinating:
        raise DomainError(
            _("The lead unit cannot also be a coordinating unit."), field="coordinating_units"
        )


@transaction.atomic
def assignment_create(
    *,
    by: Any,
    item: Item,
    lead_unit: Unit,
    coordinating_units: list[Unit] | None = None,
    deadline: datetime.date | None = None,
    note: str = "",
) -> Assignment:
    """Give a task (or an objective or measure) to a lead unit, with coordinating units."""
    require_keeper(by, item.resolution)
    coordinating = list(coordinating_units or [])
    _check_units(by, lead_unit, coordinating)
    assignment = Assignment.objects.create(
        item=item, lead_unit=lead_unit, deadline=deadline, note=(note or "").strip()
    )
    assignment.coordinating_units.set(coordinating)
    changelog_record(
        by=by,
        action="assignment_create",
        obj=assignment,
        after={
            **snapshot(assignment),
            "coordinating_units": [u.code for u in coordinating],
        },
        unit_path=lead_unit.path,
    )
    return assignment


@transaction.atomic
def assignment_update(
    *,
    by: Any,
    assignment: Assignment,
    version: int | None = None,
    lead_unit: Unit | None = None,
    coordinating_units: list[Unit] | None = None,
    deadline: datetime.date | str | None = "unchanged",
    note: str | None = None,
) -> Assignment:
    """Change who leads, who coordinates, the deadline (keepers only)."""
    require_keeper(by, assignment.item.resolution)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    check_version(assignment, version)
    before = {
        **snapshot(assignment),
        "coordinating_units": [u.code for u in assignment.coordinating_units.all()],
    }
    coordinating = (
        list(coordinating_units)
        if coordinating_units is not None
        else list(assignment.coordinating_units.all())
    )
    lead = lead_unit or assignment.lead_unit
    _check_units(by, lead, coordinating)
    assignment.lead_unit = lead
    if deadline != "unchanged":
        assignment.deadline = deadline  # type: ignore[assignment]
    if note is not None:
        assignment.note = note.strip()
    assignment.version += 1
    assignment.save()
    assignment.coordinating_units.set(coordinating)
    changelog_record(
        by=by,
        action="assignment_update",
        obj=assignment,
        before=before,
        after={**snapshot(assignment), "coordinating_units": [u.code for u in coordinating]},
        unit_path=assignment.lead_unit.path,
    )
    return assignment


@transaction.atomic
def assignment_set_status(
    *,
    by: Any,
    assignment: Assignment,
    status: str,
    note: str | None = None,
    completed_on: datetime.date | None = None,
) -> Assignment:
    """Report progress of an assignment: the lead unit's people or the keepers."""
    lead_may = scopes.covers(by, assignment.lead_unit, policy.roles(Action.REPORT_ON_ASSIGNMENTS))
    keeper_may = scopes.covers(
        by, assignment.item.resolution.owner_unit, policy.roles(Action.KEEP_RESOLUTIONS)
    )
    if not (lead_may or keeper_may):
        scopes.require_role(
            by,
            assignment.lead_unit,
            policy.roles(Action.REPORT_ON_ASSIGNMENTS),
            _("report on assignments"),
        )
    if status not in {
        AssignmentStatus.NOT_STARTED,
        AssignmentStatus.IN_PROGRESS,
        AssignmentStatus.DONE,
    }:
        raise DomainError(_("Choose not started, in progress or done."), field="status")
    before = snapshot(assignment, ["status", "completed_on", "note"])
    assignment.status = status
    if status == AssignmentStatus.DONE:
        assignment.completed_on = completed_on or timezone.localdate()
        if assignment.completed_on > timezone.localdate():
            raise DomainError(
                _("The completion date cannot be in the future."), field="completed_on"
            )
    else:
        assignment.completed_on = None
    if note is not None:
        assignment.note = note.strip()
    assignment.version += 1
    assignment.save(update_fields=["status", "completed_on", "note", "version"])
    changelog_record(
        by=by,
        action="assignment_status",
        obj=assignment,
        before=before,
        after=snapshot(assignment, ["status", "completed_on", "note"]),
        unit_path=assignment.lead_unit.path,
    )
    return assignment


@transaction.atomic
def assignment_delete(*, by: Any, assignment: Assignment) -> None:
    require_keeper(by, assignment.item.resolution)
    changelog_record(
        by=by,
        action="assignment_delete",
        obj=assignment,
        before=snapshot(assignment),
        unit_path=assignment.lead_unit.path,
    )
    assignment.delete()
