"""Dated restructuring: rename, move, merge, split, dissolve.

None of these deletes anything. Each closes the dated rows that stop being true on the
effective date (names, placements), opens new ones, records a RestructuringEvent with its
source and resulting units, and writes the change log. Administrators of the units concerned
(and of the destination) may call them. A date in the future is refused: record the act on
the day it takes effect.

Apps above org that keep data along the tree follow each unit moved and each unit dissolved
in the same transaction (`follow_restructuring`): reporting gives the reports of the periods
that end after a move their new path, with their roll-ups and completeness counts, and drops
a dissolved unit's untouched drafts of the periods it no longer lives to see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.bulk_writes import rows_written_notify
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.statistics import analyzed_if_grown
from tongket.core.text import normalize, search_key
from tongket.org import policy
from tongket.org.choices import RestructuringKind, UnitKind
from tongket.org.models import PATH_SEGMENT, Unit, UnitName, UnitPlacement
from tongket.org.policy import Action
from tongket.org.services import lines
from tongket.org.services.units import (
    check_code_free,
    clean_code,
    insert_unit,
    record_event,
    refresh_search,
)

# --- Apps that keep data along the tree ---------------------------------------------------


@dataclass(frozen=True)
class UnitMoved:
    """`unit` (with its subtree) now sits under its new parent from `day`; it was under
    `old_parent_id` (None: at the top)."""

    unit: Unit
    old_parent_id: int | None
    day: datetime.date


@dataclass(frozen=True)
class UnitDissolved:
    """`unit` no longer exists from `day`."""

    unit: Unit
    day: datetime.date


Follower = Callable[[UnitMoved | UnitDissolved], None]
_FOLLOWERS: list[Follower] = []


def follow_restructuring(follower: Follower) -> Follower:
    """Have `follower` told of every unit moved or dissolved, in the restructuring's
    transaction (an error in it refuses the restructuring). For the apps org may not import
    (the layers contract): each registers once at start-up, from its AppConfig.ready."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)
    return follower


def _tell(event: UnitMoved | UnitDissolved) -> None:
    for follower in _FOLLOWERS:
        follower(event)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_day(
    unit: Unit, day: datetime.date | None, field: str = "effective_date"
) -> datetime.date:
    if day is None:
        raise DomainError(_("Enter the effective date."), field=field)
    if day > timezone.localdate():
        raise DomainError(
            _(
                "The effective date cannot be in the future; record the change when it takes effect."
            ),
            field=field,
        )
    if unit.dissolved_on is not None:
        raise DomainError(
            _("%(unit)s was dissolved on %(date)s.")
            % {"unit": unit.name, "date": _fmt(unit.dissolved_on)},
            field="unit",
        )
    if unit.established_on and day < unit.established_on:
        raise DomainError(
            _("%(unit)s was only established on %(date)s.")
            % {"unit": unit.name, "date": _fmt(unit.established_on)},
            field=field,
        )
    latest = (
        unit.names.order_by(F("valid_from").desc(nulls_last=True))
        .values_list("valid_from", flat=True)
        .first()
    )
    latest_place = (
        unit.placements.order_by(F("valid_from").desc(nulls_last=True))
        .values_list("valid_from", flat=True)
        .first()
    )
    for start in (latest, latest_place):
        if start and day < start:
            raise DomainError(
                _("%(unit)s already changed on %(date)s; a new change cannot be dated before it.")
                % {"unit": unit.name, "date": _fmt(start)},
                field=field,
            )
    return day


def _lock(*units: Unit) -> list[Unit]:
    """Fresh rows, locked in id order so that two restructurings cannot deadlock."""
    ids = sorted({u.pk for u in units})
    locked = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [locked[u.pk] for u in units]


def _reparent(unit: Unit, new_parent: Unit | None, day: datetime.date) -> None:
    """Move `unit` and its subtree under `new_parent`: paths, depths, dated placement."""
    old_prefix, old_parent_id = unit.path, unit.parent_id
    new_prefix = (new_parent.path if new_parent else "") + unit.path[-PATH_SEGMENT:]
    depth_shift = ((new_parent.depth + 1) if new_parent else 0) - unit.depth
    subtree = list(Unit.objects.filter(path__startswith=old_prefix).order_by("path"))
    for member in subtree:
        member.path = new_prefix + member.path[len(old_prefix) :]
        member.depth += depth_shift
        if member.pk == unit.pk:
            member.parent = new_parent
    Unit.objects.bulk_update(subtree, ["path", "depth", "parent"], batch_size=500)
    analyzed_if_grown({Unit: len(subtree)})
    # Copies of the paths (the search index's) follow: bulk_update sends no post_save.
    rows_written_notify(
        model=Unit, pks=[member.pk for member in subtree], fields=("path", "depth", "parent")
    )
    UnitPlacement.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    lines.close_all(unit, day)
    UnitPlacement.objects.create(unit=unit, parent=new_parent, valid_from=day)
    unit.path, unit.parent, unit.depth = new_prefix, new_parent, unit.depth + depth_shift
    _tell(UnitMoved(unit=unit, old_parent_id=old_parent_id, day=day))


@transaction.atomic
def unit_rename(
    *,
    by: Any,
    unit: Unit,
    name: str,
    effective_date: datetime.date,
    abbreviation: str | None = None,
    code: str | None = None,
    decision: str = "",
) -> Unit:
    """Give the unit a new name (and abbreviation or code) from `effective_date`.
    The old name stays in the history and still finds the unit."""
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
    (unit,) = _lock(unit)
    day = _check_day(unit, effective_date)
    name = normalize(name)
    if not name:
        raise DomainError(_("Enter the unit's name."), field="name")
    new_abbr = normalize(abbreviation) if abbreviation is not None else unit.abbreviation
    new_code = clean_code(code) if code else unit.code
    if new_code != unit.code:
        check_code_free(new_code, unit=unit)
    if (name, new_abbr, new_code) == (unit.name, unit.abbreviation, unit.code):
        raise DomainError(_("The new name is the same as the current one."), field="name")
    before = snapshot(unit)
    UnitName.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    UnitName.objects.create(
        unit=unit,
        name=name,
        abbreviation=new_abbr,
        code=new_code,
        valid_from=day,
        search_key=search_key(f"{name} {new_abbr} {new_code}"),
    )
    unit.name, unit.abbreviation, unit.code = name, new_abbr, new_code
    refresh_search(unit)
    unit.version += 1
    unit.save()
    _restructured(
        by=by,
        unit=unit,
        action="unit_rename",
        kind=RestructuringKind.RENAME,
        before=before,
        day=day,
        targets=[unit],
        decision=decision,
    )
    return unit


@transaction.atomic
def unit_move(
    *, by: Any, unit: Unit, new_parent: Unit, effective_date: datetime.date, decision: str = ""
) -> Unit:
    """Place the unit (with its subtree) under another parent from `effective_date`."""
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
    if new_parent is None:
        raise DomainError(_("Choose the new parent unit."), field="new_parent")
    scopes.require_role(by, new_parent, policy.roles(Action.MANAGE_UNITS), _("move units here"))
    unit, new_parent = _lock(unit, new_parent)
    day = _check_day(unit, effective_date)
    if new_parent.path.startswith(unit.path):
        raise DomainError(
            _("A unit cannot be moved under itself or one of its own subordinate units."),
            field="new_parent",
        )
    if new_parent.pk == unit.parent_id:
        raise DomainError(
            _("The unit is already under %(unit)s.") % {"unit": new_parent.name}, field="new_parent"
        )
    if not new_parent.exists_on(day):
        raise DomainError(
            _("%(unit)s does not exist on %(date)s.")
            % {"unit": new_parent.name, "date": _fmt(day)},
            field="new_parent",
        )
    before = snapshot(unit)
    _reparent(unit, new_parent, day)
    unit.version += 1
    unit.save(update_fields=["version"])
    _restructured(
        by=by,
        unit=unit,
        action="unit_move",
        kind=RestructuringKind.MOVE,
        before=before,
        day=day,
        targets=[new_parent],
        decision=decision,
    )
    return unit


def _restructured(
    *,
    by: Any,
    unit: Unit,
    action: str,
    kind: str,
    before: dict[str, Any],
    day: datetime.date,
    targets: list[Unit],
    decision: str,
) -> None:
    """Record the restructuring of `unit` into `targets` and log what it did to the unit."""
    record_event(kind=kind, day=day, by=by, sources=[unit], targets=targets, decision=decision)
    changelog_record(
        by=by, action=action, obj=unit, before=before, after=snapshot(unit), unit_path=unit.path
    )


def _close(unit: Unit, day: datetime.date) -> None:
    unit.dissolved_on = day
    unit.version += 1
    unit.save(update_fields=["dissolved_on", "version"])
    UnitName.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    UnitPlacement.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)
    _tell(UnitDissolved(unit=unit, day=day))


def _active_children(unit: Unit, day: datetime.date) -> list[Unit]:
    return [c for c in unit.children.filter(dissolved_on__isnull=True).order_by("pk") if c.pk]


@transaction.atomic
def unit_merge(
    *,
    by: Any,
    sources: Sequence[Unit],
    effective_date: datetime.date,
    target: Unit | None = None,
    new_code: str = "",
    new_name: str = "",
    new_abbreviation: str = "",
    new_kind: str = "",
    decision: str = "",
) -> Unit:
    """Merge `sources` into `target` (an existing unit) or into a new unit placed under the
    first source's parent. Sources are dissolved on the date; their active subordinate
    units move to the result. Their data and history stay where they were."""
    sources = list(dict.fromkeys(sources))
    if len(sources) < 1 or (target is None and len(sources) < 2):
        raise DomainError(_("Choose at least two units to merge."), field="sources")
    for source in sources:
        scopes.require_role(by, source, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
    if target is not None:
        scopes.require_role(by, target, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
        if target in sources:
            raise DomainError(
                _("The result of a merge cannot also be one of the merged units."), field="target"
            )
        for source in sources:
            if target.path.startswith(source.path):
                raise DomainError(
                    _(
                        "%(target)s lies inside %(source)s: a unit cannot be merged into its own subordinate unit."
                    )
                    % {"target": target.name, "source": source.name},
                    field="target",
                )
    locked = _lock(*sources, *([target] if target else []))
    sources = locked[: len(sources)]
    day = effective_date
    for source in sources:
        day = _check_day(source, effective_date)
    if target is None:
        parent = sources[0].parent
        if parent is not None:
            scopes.require_role(by, parent, policy.roles(Action.MANAGE_UNITS), _("add units"))
        code = clean_code(new_code, field="new_code")
        check_code_free(code, field="new_code")
        if not normalize(new_name):
            raise DomainError(_("Enter the name of the merged unit."), field="new_name")
        target = insert_unit(
            code=code,
            name=normalize(new_name),
            abbreviation=normalize(new_abbreviation),
            kind=new_kind or sources[0].kind,
            parent=parent,
            established_on=day,
        )
        changelog_record(
            by=by, action="unit_create", obj=target, after=snapshot(target), unit_path=target.path
        )
    else:
        target = locked[-1]
        if not target.exists_on(day):
            raise DomainError(
                _("%(unit)s does not exist on %(date)s.")
                % {"unit": target.name, "date": _fmt(day)},
                field="target",
            )
    for source in sources:
        for child in _active_children(source, day):
            _check_day(child, day)
            _reparent(child, target, day)
        lines.inherit(target, source, day)
        lines.move_subordinates(source, target, day)
        before = snapshot(source)
        _close(source, day)
        changelog_record(
            by=by,
            action="unit_merge",
            obj=source,
            before=before,
            after=snapshot(source),
            unit_path=source.path,
            note=_("Merged into %(unit)s") % {"unit": target.name},
        )
    record_event(
        kind=RestructuringKind.MERGE,
        day=day,
        by=by,
        sources=sources,
        targets=[target],
        decision=decision,
    )
    return target


@transaction.atomic
def unit_split(
    *,
    by: Any,
    unit: Unit,
    parts: Sequence[dict[str, str]],
    effective_date: datetime.date,
    children_to: dict[int, int] | None = None,
    decision: str = "",
) -> list[Unit]:
    """Split `unit` into new units (each {code, name, abbreviation, kind}) under its parent.
    The unit is dissolved on the date; each active subordinate unit moves to the part named
    in `children_to` (child id → index of the part), by default the first part."""
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
    if unit.parent is not None:
        scopes.require_role(by, unit.parent, policy.roles(Action.MANAGE_UNITS), _("add units"))
    if len(parts) < 2:
        raise DomainError(_("A split needs at least two resulting units."), field="parts")
    (unit,) = _lock(unit)
    day = _check_day(unit, effective_date)
    codes: set[str] = set()
    cleaned = []
    for index, part in enumerate(parts, start=1):
        field = f"parts[{index}]"
        code = clean_code(part.get("code", ""), field=field)
        if code in codes:
            raise DomainError(_("The code %(code)s is given twice.") % {"code": code}, field=field)
        codes.add(code)
        check_code_free(code, field=field)
        name = normalize(part.get("name", ""))
        if not name:
            raise DomainError(
                _("Enter the name of resulting unit %(n)s.") % {"n": index}, field=field
            )
        kind = part.get("kind") or unit.kind
        if kind not in UnitKind.values:
            raise DomainError(_("Choose a kind of unit."), field=field)
        cleaned.append((code, name, normalize(part.get("abbreviation", "")), kind))
    results = [
        insert_unit(code=c, name=n, abbreviation=a, kind=k, parent=unit.parent, established_on=day)
        for c, n, a, k in cleaned
    ]
    for result in results:
        changelog_record(
            by=by, action="unit_create", obj=result, after=snapshot(result), unit_path=result.path
        )
    mapping = children_to or {}
    for child in _active_children(unit, day):
        index = mapping.get(child.pk, 0)
        if not 0 <= index < len(results):
            raise DomainError(
                _("Choose where %(unit)s goes.") % {"unit": child.name}, field="children_to"
            )
        _check_day(child, day)
        _reparent(child, results[index], day)
    for result in results:
        lines.inherit(result, unit, day)
    before = snapshot(unit)
    _close(unit, day)
    _restructured(
        by=by,
        unit=unit,
        action="unit_split",
        kind=RestructuringKind.SPLIT,
        before=before,
        day=day,
        targets=results,
        decision=decision,
    )
    return results


@transaction.atomic
def unit_dissolve(
    *, by: Any, unit: Unit, effective_date: datetime.date, decision: str = ""
) -> Unit:
    """Dissolve a unit from `effective_date`. Its subordinate units must be moved or
    dissolved first. It stays in the tree of earlier dates with all its data."""
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("restructure units"))
    (unit,) = _lock(unit)
    day = _check_day(unit, effective_date)
    remaining = unit.children.filter(dissolved_on__isnull=True).count()
    if remaining:
        raise DomainError(
            _("%(unit)s still has %(n)s active subordinate units: move or dissolve them first.")
            % {"unit": unit.name, "n": remaining},
            field="unit",
        )
    before = snapshot(unit)
    _close(unit, day)
    _restructured(
        by=by,
        unit=unit,
        action="unit_dissolve",
        kind=RestructuringKind.DISSOLVE,
        before=before,
        day=day,
        targets=[],
        decision=decision,
    )
    return unit
