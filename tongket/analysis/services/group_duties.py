"""A unit group used where units are asked for: a report form asked of the group's units, the
same target set for each of them.

The group is expanded once, when the service runs, to its members on the day that matters
(membership is dated) and inside the acting user's scope: a member the user cannot see is
left out, never written to. Nothing follows the group afterwards: a unit that joins later is
asked when the form or the target is given to the group again. Each unit then goes through
the ordinary service (`reporting.services.form_assign`, `resolutions.services.target_set`),
with its own checks, all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis import selectors
from tongket.analysis.models import UnitGroup
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org.models import Unit
from tongket.reporting.models import FormAssignment, ReportForm
from tongket.resolutions.models import Indicator, Target


def group_units_for_duty(*, by: Any, group: UnitGroup, day: datetime.date) -> list[Unit]:
    """The group's members on `day` that exist that day, inside `by`'s scope, in Vietnamese
    order; a DomainError (on `group`) when there are none."""
    units = [
        unit for unit in selectors.group_units(user=by, group=group, day=day) if unit.exists_on(day)
    ]
    if not units:
        raise DomainError(
            _("The group has no unit of your scope on %(day)s.")
            % {"day": day.strftime("%d/%m/%Y")},
            field="group",
        )
    return units


def form_assign_group(
    *,
    by: Any,
    form: ReportForm,
    group: UnitGroup,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> list[FormAssignment]:
    """Ask the group's units on `valid_from` (today when blank) for the form over
    [valid_from, valid_to], as `reporting.services.form_assign` does for a list of units.

    Who may: whoever keeps the form (`form_assign`'s check); `group` was read through
    `selectors.group_get`, and only its members in `by`'s scope are asked."""
    from tongket.reporting.services import form_assign

    units = group_units_for_duty(by=by, group=group, day=valid_from or timezone.localdate())
    with transaction.atomic():
        assignments = form_assign(
            by=by, form=form, units=units, valid_from=valid_from, valid_to=valid_to
        )
        changelog_record(
            by=by,
            action="form_assign_group",
            obj=form,
            after={"group": group.code, "units": [unit.code for unit in units]},
            unit_path=form.owner_unit.path,
        )
    return assignments


def _day_in(year: int | None) -> datetime.date:
    """The day of `year` closest to today (today for the whole horizon): the group's members
    of that day receive the target."""
    today = timezone.localdate()
    if year is None:
        return today
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def target_set_group(
    *,
    by: Any,
    indicator: Indicator,
    group: UnitGroup,
    year: int | None,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    reason: str = "",
) -> list[Target]:
    """The same target of `indicator` for `year` (None: the whole horizon) for each unit of
    the group on the day of that year closest to today, through
    `resolutions.services.target_set` (an adjustment where a unit has one already).

    Who may: whoever sets targets at every one of those units (tracking officers and
    administrators covering them); one refusal refuses them all."""
    from tongket.resolutions.services import target_set

    units = group_units_for_duty(by=by, group=group, day=_day_in(year))
    reason = reason.strip() or _("Set for the group %(group)s") % {"group": group.name}
    with transaction.atomic():
        targets = [
            target_set(
                by=by,
                indicator=indicator,
                unit=unit,
                year=year,
                value=value,
                numerator=numerator,
                denominator=denominator,
                reason=reason,
            )
            for unit in units
        ]
        changelog_record(
            by=by,
            action="target_set_group",
            obj=indicator,
            after={"group": group.code, "year": year, "units": [unit.code for unit in units]},
            unit_path=group.owner_unit.path,
        )
    return targets
