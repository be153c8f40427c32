"""Creating and editing units. Name, code and parent changes are dated: see restructuring."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import Conflict, DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key, sort_key
from tongket.org import policy
from tongket.org.choices import Line, RestructuringKind, RestructuringRole, UnitKind
from tongket.org.lines import home_line_of_kind
from tongket.org.models import (
    PATH_SEGMENT,
    RestructuringEvent,
    RestructuringParticipant,
    Unit,
    UnitLine,
    UnitName,
    UnitPlacement,
)
from tongket.org.policy import Action


def path_segment(pk: int) -> str:
    """The unit's id in fixed-width decimal: SQL can read an ancestor's id straight out of a
    path (`CAST(SUBSTR(path, …) AS BIGINT)` on SQLite and PostgreSQL alike)."""
    segment = str(pk).zfill(PATH_SEGMENT)
    if len(segment) > PATH_SEGMENT:
        raise OverflowError("unit id too large for a path segment")
    return segment


def clean_code(code: str, *, field: str = "code") -> str:
    code = normalize(code).upper()
    if not code:
        raise DomainError(_("Enter a code."), field=field)
    if len(code) > 32 or any(ch.isspace() for ch in code):
        raise DomainError(_("A code has at most 32 characters and no spaces."), field=field)
    return code


def check_code_free(code: str, *, unit: Unit | None = None, field: str = "code") -> None:
    """A code must be new: not the current code of another unit, nor any unit's former code,
    so that an old code always resolves to exactly one unit."""
    taken = Unit.objects.filter(code=code)
    former = UnitName.objects.filter(code=code)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
        former = former.exclude(unit=unit)
    if taken.exists() or former.exists():
        raise DomainError(
            _("The code %(code)s is already used by another unit.") % {"code": code}, field=field
        )


def refresh_search(unit: Unit) -> None:
    """Recompute the unit's search text from every name it ever had, and its sort key."""
    keys: list[str] = []
    for name, abbreviation, code in unit.names.values_list("name", "abbreviation", "code"):
        keys += [search_key(name), search_key(abbreviation), search_key(code)]
    keys += [search_key(unit.name), search_key(unit.abbreviation), search_key(unit.code)]
    unit.search_text = " | ".join(dict.fromkeys(k for k in keys if k))
    unit.sort_key = sort_key(unit.name)[:255]


def unit_scope_path(unit: Unit) -> str:
    return unit.path


def _check_parent(parent: Unit | None, day: datetime.date | None, field: str = "parent") -> None:
    if parent is None:
        return
    if day and not parent.exists_on(day):
        raise DomainError(
            _("%(unit)s does not exist on %(date)s.")
            % {"unit": parent.name, "date": day.strftime("%d/%m/%Y")},
            field=field,
        )
    if not day and parent.dissolved_on:
        raise DomainError(_("%(unit)s has been dissolved.") % {"unit": parent.name}, field=field)


def _check_link(unit: Unit | None, linked: Unit | None) -> None:
    if linked is None:
        return
    if unit is not None and linked.pk == unit.pk:
        raise DomainError(_("A unit cannot be linked to itself."), field="linked_unit")
    other = Unit.objects.filter(linked_unit=linked).exclude(pk=getattr(unit, "pk", None))
    if other.exists() or (
        linked.linked_unit_id and linked.linked_unit_id != getattr(unit, "pk", 0)
    ):
        raise DomainError(
            _("%(unit)s is already linked to another unit.") % {"unit": linked.name},
            field="linked_unit",
        )


def insert_unit(
    *,
    code: str,
    name: str,
    abbreviation: str,
    kind: str,
    parent: Unit | None,
    established_on: datetime.date | None,
    description: str = "",
    home_line: str = "",
    superior_in_line: Unit | None = None,
) -> Unit:
    """Insert a unit with its path, first name row, first placement and its place in its own
    line. No checks, no log."""
    unit = Unit(
        code=code,
        name=name,
        abbreviation=abbreviation,
        kind=kind,
        home_line=home_line or home_line_of_kind(kind),
        parent=parent,
        established_on=established_on,
        description=description,
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    UnitName.objects.create(
        unit=unit,
        name=name,
        abbreviation=abbreviation,
        code=code,
        valid_from=established_on,
        search_key=search_key(f"{name} {abbreviation} {code}"),
    )
    UnitPlacement.objects.create(unit=unit, parent=parent, valid_from=established_on)
    refresh_search(unit)
    unit.save(update_fields=["path", "search_text", "sort_key"])
    seed_home_line(unit, superior_in_line)
    return unit


def seed_home_line(unit: Unit, superior: Unit | None = None) -> UnitLine | None:
    """The first row of a new unit in its own line: under the nearest unit above it in the
    organisation tree that is in the same line (a committee placed under the command it leads
    goes under the committee that leads the command above). No checks, no log: called by the
    unit-creating services inside their transaction."""
    above = superior if superior is not None else unit.parent
    while superior is None and above is not None and above.home_line != unit.home_line:
        above = above.parent
    return UnitLine.objects.create(
        unit=unit, line=unit.home_line, superior=above, primary=True, valid_from=unit.established_on
    )


def record_event(
    *,
    kind: str,
    day: datetime.date,
    by: Any,
    sources: list[Unit],
    targets: list[Unit],
    decision: str = "",
    description: str = "",
) -> RestructuringEvent:
    event = RestructuringEvent.objects.create(
        kind=kind,
        effective_date=day,
        decision=normalize(decision),
        description=normalize(description),
        created_by=by if getattr(by, "pk", None) else None,
    )
    RestructuringParticipant.objects.bulk_create(
        [
            RestructuringParticipant(event=event, unit=u, role=RestructuringRole.SOURCE)
            for u in sources
        ]
        + [
            RestructuringParticipant(event=event, unit=u, role=RestructuringRole.TARGET)
            for u in targets
        ]
    )
    return event


@transaction.atomic
def unit_create(
    *,
    by: Any,
    code: str,
    name: str,
    kind: str = UnitKind.COMMAND,
    parent: Unit | None = None,
    abbreviation: str = "",
    established_on: datetime.date | None = None,
    description: str = "",
    linked_unit: Unit | None = None,
    home_line: str = "",
    organisation_name: str = "",
    header_name: str = "",
    superior_in_line: Unit | None = None,
) -> Unit:
    """Establish a unit under `parent` (in its own line, under `superior_in_line`, else under
    the nearest unit above `parent` in that line). Administrators of the parent's subtree may call it;
    a root unit needs a superuser. Logs the creation and a restructuring event."""
    if parent is None:
        if not scopes.is_unrestricted(by):
            raise DomainError(_("Choose the parent unit."), field="parent")
    else:
        scopes.require_role(by, parent, policy.roles(Action.MANAGE_UNITS), _("add units"))
    code = clean_code(code)
    name = normalize(name)
    if not name:
        raise DomainError(_("Enter the unit's name."), field="name")
    if kind not in UnitKind.values:
        raise DomainError(_("Choose a kind of unit."), field="kind")
    check_code_free(code)
    _check_parent(parent, established_on)
    if (
        parent
        and established_on
        and parent.established_on
        and established_on < parent.established_on
    ):
        raise DomainError(
            _("A unit cannot be established before its parent (%(date)s).")
            % {"date": parent.established_on.strftime("%d/%m/%Y")},
            field="established_on",
        )
    _check_link(None, linked_unit)
    if home_line and home_line not in Line.values:
        raise DomainError(_("Choose a line."), field="home_line")
    unit = insert_unit(
        code=code,
        name=name,
        abbreviation=normalize(abbreviation),
        kind=kind,
        parent=parent,
        established_on=established_on,
        description=normalize(description),
        home_line=home_line,
        superior_in_line=superior_in_line,
    )
    unit.organisation_name = normalize(organisation_name)[:255]
    unit.header_name = normalize(header_name)[:255]
    if linked_unit is not None:
        unit.linked_unit = linked_unit
    unit.save(update_fields=["linked_unit", "organisation_name", "header_name"])
    if established_on:
        record_event(
            kind=RestructuringKind.CREATE, day=established_on, by=by, sources=[], targets=[unit]
        )
    changelog_record(
        by=by, action="unit_create", obj=unit, after=snapshot(unit), unit_path=unit.path
    )
    return unit


def check_version(obj: Any, version: int | None) -> None:
    """Optimistic concurrency: refuse to overwrite a record someone saved in the meantime."""
    if version is not None and int(version) != obj.version:
        raise Conflict(
            _(
                "Someone else saved this record while you were editing it. "
                "Reload the page to see their changes, then edit again."
            ),
            current_version=obj.version,
        )


@transaction.atomic
def unit_update(
    *,
    by: Any,
    unit: Unit,
    version: int | None = None,
    kind: str | None = None,
    description: str | None = None,
    linked_unit: Unit | bool | None = False,
    established_on: datetime.date | bool | None = False,
    place: str | None = None,
    home_line: str | None = None,
    organisation_name: str | None = None,
    header_name: str | None = None,
) -> Unit:
    """Edit the undated details of a unit (kind, description, link, establishment date, the
    place name on its documents).
    Names, codes and parents change only through the dated restructuring services."""
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("edit units"))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_version(unit, version)
    before = snapshot(unit)
    if kind is not None:
        if kind not in UnitKind.values:
            raise DomainError(_("Choose a kind of unit."), field="kind")
        unit.kind = kind
    if description is not None:
        unit.description = normalize(description)
    if place is not None:
        unit.place = normalize(place)[:100]
    if home_line is not None:
        if home_line not in Line.values:
            raise DomainError(_("Choose a line."), field="home_line")
        unit.home_line = home_line
    if organisation_name is not None:
        unit.organisation_name = normalize(organisation_name)[:255]
    if header_name is not None:
        unit.header_name = normalize(header_name)[:255]
    if linked_unit is not False:
        _check_link(unit, linked_unit)  # type: ignore[arg-type]
        unit.linked_unit = linked_unit  # type: ignore[assignment]
    if established_on is not False:
        if established_on and unit.dissolved_on and established_on > unit.dissolved_on:  # type: ignore[operator]
            raise DomainError(
                _("The establishment date must be before the dissolution date."),
                field="established_on",
            )
        unit.established_on = established_on  # type: ignore[assignment]
    unit.version += 1
    unit.save()
    after = snapshot(unit)
    if before != after:
        changelog_record(
            by=by, action="unit_update", obj=unit, before=before, after=after, unit_path=unit.path
        )
    return unit
