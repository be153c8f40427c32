"""Placing units in the lines of subordination (Party, command, State), dated.

A move in a line closes the row that stops being true on the effective date and opens a new
one; nothing is rewritten, so any past day's lines read back as they were. Administrators of
the unit may place it; the superior may be any unit of the registry (a provincial Party
committee above a provincial military Party committee of another branch): naming it gives no
access to its data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org import policy
from tongket.org.choices import Line
from tongket.org.lines import line_descendant_ids, valid_q
from tongket.org.models import Unit, UnitLine
from tongket.org.policy import Action


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _row_text(row: UnitLine) -> dict[str, Any]:
    return {
        "line": str(Line(row.line).label),
        "superior": row.superior.name if row.superior_id else "",  # type: ignore[union-attr]
        "primary": row.primary,
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
    }


@transaction.atomic
def unit_line_set(
    *,
    by: Any,
    unit: Unit,
    line: str,
    superior: Unit | None,
    valid_from: datetime.date | None,
    primary: bool = True,
) -> UnitLine:
    """Place `unit` under `superior` in `line` from `valid_from`.

    A direct (primary) superior replaces the one in force that day (its row ends the day
    before the new one starts); another superior is added beside it (dual subordination).
    Without a date the placement holds since the unit exists: allowed for an added superior,
    and for a direct one only in a line the unit had no place in yet.
    Refused: a unit above itself, a circle in the line, a superior that does not exist on the
    day, a row that is already in force.
    """
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("place units in a line"))
    if line not in Line.values:
        raise DomainError(_("Choose a line."), field="line")
    day = valid_from or timezone.localdate()
    if superior is not None:
        if superior.pk == unit.pk:
            raise DomainError(_("A unit cannot be its own superior."), field="superior")
        if superior.pk in line_descendant_ids([unit.pk], line=line, on=day):
            raise DomainError(
                _(
                    "%(superior)s is below %(unit)s in this line: the line would go round in a circle."
                )
                % {"superior": superior.name, "unit": unit.name},
                field="superior",
            )
        if valid_from is not None and not superior.exists_on(valid_from):
            raise DomainError(
                _("%(unit)s does not exist on %(date)s.")
                % {"unit": superior.name, "date": _fmt(valid_from)},
                field="superior",
            )
    elif not primary:
        raise DomainError(_("Choose the superior unit."), field="superior")
    if valid_from and unit.established_on and valid_from < unit.established_on:
        raise DomainError(
            _("%(unit)s was established on %(date)s.")
            % {"unit": unit.name, "date": _fmt(unit.established_on)},
            field="valid_from",
        )
    in_line = UnitLine.objects.select_for_update(of=("self",)).filter(unit=unit, line=line)
    current = list(in_line.filter(valid_q(day)).select_related("superior"))
    if any(row.superior_id == getattr(superior, "pk", None) for row in current):
        raise DomainError(
            _("%(unit)s is already under %(superior)s in this line on %(date)s.")
            % {
                "unit": unit.name,
                "superior": superior.name if superior else _("no superior"),
                "date": _fmt(day),
            },
            field="superior",
        )
    if primary and valid_from is None and in_line.filter(primary=True).exists():
        raise DomainError(_("Enter the date the new placement takes effect."), field="valid_from")
    if (
        primary
        and valid_from is not None
        and in_line.filter(primary=True, valid_from__gt=valid_from)
        .exclude(pk__in=[row.pk for row in current])
        .exists()
    ):
        raise DomainError(
            _("A later placement in this line is already recorded: end it first."),
            field="valid_from",
        )
    before = [_row_text(row) for row in current]
    if primary and valid_from is not None:
        for row in current:
            if not row.primary:
                continue
            if row.valid_from is not None and row.valid_from >= valid_from:
                raise DomainError(
                    _("The current placement only starts on %(date)s: enter a later date.")
                    % {"date": _fmt(row.valid_from)},
                    field="valid_from",
                )
            row.valid_to = valid_from
            row.save(update_fields=["valid_to"])
    row = UnitLine.objects.create(
        unit=unit, line=line, superior=superior, primary=primary, valid_from=valid_from
    )
    unit.version += 1
    unit.save(update_fields=["version"])
    changelog_record(
        by=by,
        action="unit_line_set",
        obj=unit,
        before={"lines": before},
        after={"lines": [_row_text(row)]},
        unit_path=unit.path,
    )
    return row


@transaction.atomic
def unit_line_end(*, by: Any, link: UnitLine, valid_to: datetime.date | None) -> UnitLine:
    """End a placement in a line on `valid_to` (the unit no longer answers to that superior)."""
    unit = link.unit
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_UNITS), _("place units in a line"))
    if valid_to is None:
        raise DomainError(_("Enter the date the placement ends."), field="valid_to")
    if link.valid_to is not None:
        raise DomainError(
            _("This placement already ended on %(date)s.") % {"date": _fmt(link.valid_to)},
            field="valid_to",
        )
    if link.valid_from is not None and valid_to <= link.valid_from:
        raise DomainError(
            _("The end must come after the start (%(date)s).") % {"date": _fmt(link.valid_from)},
            field="valid_to",
        )
    before = _row_text(link)
    link.valid_to = valid_to
    link.save(update_fields=["valid_to"])
    unit.version += 1
    unit.save(update_fields=["version"])
    changelog_record(
        by=by,
        action="unit_line_end",
        obj=unit,
        before={"lines": [before]},
        after={"lines": [_row_text(link)]},
        unit_path=unit.path,
    )
    return link


def close_all(unit: Unit, day: datetime.date) -> None:
    """End every placement of a dissolved or merged unit, and those below it that named it
    as their superior stay as they are (they are moved by their own acts)."""
    UnitLine.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=day)


def inherit(target: Unit, source: Unit, day: datetime.date) -> None:
    """A unit made by a merge or split takes the source's places in the lines it has none in."""
    lines_held = set(
        UnitLine.objects.filter(valid_q(day), unit=target).values_list("line", flat=True)
    )
    for row in UnitLine.objects.filter(valid_q(day), unit=source).exclude(line__in=lines_held):
        if row.superior_id == target.pk:
            continue
        UnitLine.objects.create(
            unit=target, line=row.line, superior=row.superior, primary=row.primary, valid_from=day
        )


def move_subordinates(source: Unit, target: Unit, day: datetime.date) -> None:
    """The units that answered to a merged unit in a line answer to the merged result."""
    for row in UnitLine.objects.filter(valid_q(day), superior=source).exclude(unit=target):
        row.valid_to = day
        row.save(update_fields=["valid_to"])
        UnitLine.objects.create(
            unit=row.unit, line=row.line, superior=target, primary=row.primary, valid_from=day
        )
