"""A unit group used where units are asked for: a report form asked of the group's units,
the same target set for each of them, as a standing rule of the group.

Giving a form or a target to a group stores a rule (`GroupRule`: what, by whom, the roots of
the author's scope that day) and applies it at once to the group's units inside that scope:
those in the group on the day that matters (membership is dated) and those recorded to join
later (from their first day). A member the author cannot see is left out, never written to.
Each unit goes through the ordinary service (`reporting.services.form_assign`,
`resolutions.services.target_set`), with its own checks, all or nothing. Afterwards the rule
follows the group: a unit that joins it is given the same (`group_rules.rules_apply_on_join`),
one that leaves is asked for the form no more, and an ended rule gives nothing more
(`group_rules`). The same author giving the same form (or the same indicator's target for
the same year) to the group again replaces their rule in force."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis import selectors
from tongket.analysis.choices import GroupRuleKind
from tongket.analysis.models import GroupRule, UnitGroup, UnitGroupMember
from tongket.analysis.services.group_rules import form_span, give, target_meets
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org.models import Unit
from tongket.reporting.models import ReportForm
from tongket.resolutions.models import Indicator


@dataclass
class GroupDuty:
    """What giving a form or a target to a group did: the standing rule made, the units given
    it now (in Vietnamese order) and what the services made for them (form assignments or
    targets)."""

    rule: GroupRule
    units: list[Unit] = field(default_factory=list)
    made: list[Any] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.units)


def _no_unit(day: datetime.date) -> DomainError:
    return DomainError(
        _("The group has no unit of your scope on %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
        field="group",
    )


def _members_from(*, by: Any, group: UnitGroup, day: datetime.date) -> list[UnitGroupMember]:
    """The memberships inside `by`'s scope in force on `day` or beginning after it, of units
    that exist on their first day counted from `day`; one per unit (the earliest), in
    Vietnamese order."""
    found: dict[int, UnitGroupMember] = {}
    for member in selectors.group_members(user=by, group=group):
        if member.valid_to is not None and member.valid_to <= day:
            continue
        first = max(day, member.valid_from or day)
        if not member.unit.exists_on(first) or member.unit_id in found:
            continue
        found[member.unit_id] = member
    return list(found.values())


def _new_rule(*, by: Any, group: UnitGroup, replaces: dict[str, Any], **fields: Any) -> GroupRule:
    """End `by`'s rule in force of the group that gives the same (`replaces`), then store the
    new one with the roots of `by`'s scope today."""
    GroupRule.objects.filter(
        group=group, created_by_id=getattr(by, "pk", None), ended_at__isnull=True, **replaces
    ).update(ended_at=timezone.now(), ended_by_id=getattr(by, "pk", None))
    paths = scopes.scope_paths(by)
    rule = GroupRule.objects.create(
        group=group,
        created_by=by if getattr(by, "pk", None) else None,
        everywhere=paths is None,
        **replaces,
        **fields,
    )
    if paths:
        rule.scope_roots.set(Unit.objects.filter(path__in=paths))
    return rule


def form_assign_group(
    *,
    by: Any,
    form: ReportForm,
    group: UnitGroup,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> GroupDuty:
    """Ask the group's units for the form over [valid_from, valid_to], now and as units join:
    a standing rule. Its units of `by`'s scope in the group on `valid_from` (today when
    blank), or recorded to join later, are asked at once, each over the part of the span it
    is a member, as `reporting.services.form_assign` does.

    Who may: whoever keeps the form (`form_assign`'s check); `group` was read through
    `selectors.group_get`, and only its members in `by`'s scope are asked."""
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("The end date is before the start date."), field="valid_to")
    day = valid_from or timezone.localdate()
    members = _members_from(by=by, group=group, day=day)
    with transaction.atomic():
        rule = _new_rule(
            by=by,
            group=group,
            replaces={"kind": GroupRuleKind.FORM, "form": form},
            valid_from=valid_from,
            valid_to=valid_to,
        )
        duty = GroupDuty(rule=rule)
        for member in members:
            span = form_span(rule, member)
            if span is None:
                continue
            duty.made += give(rule, member.unit, span)
            duty.units.append(member.unit)
        if not duty.units:
            raise _no_unit(day)
        changelog_record(
            by=by,
            action="form_assign_group",
            obj=form,
            after={"group": group.code, "rule": rule.pk, "units": [u.code for u in duty.units]},
            unit_path=form.owner_unit.path,
        )
    return duty


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
) -> GroupDuty:
    """The same target of `indicator` for `year` (None: the whole horizon) for each unit of
    the group, now and as units join: a standing rule. Its units of `by`'s scope in the
    group on the day of that year closest to today, or recorded to join later that year, get
    it at once through `resolutions.services.target_set` (an adjustment where a unit has one
    already).

    Who may: whoever sets targets at every one of those units (tracking officers and
    administrators covering them); one refusal refuses them all."""
    day = _day_in(year)
    members = _members_from(by=by, group=group, day=day)
    reason = reason.strip() or _("Set for the group %(group)s") % {"group": group.name}
    with transaction.atomic():
        rule = _new_rule(
            by=by,
            group=group,
            replaces={"kind": GroupRuleKind.TARGET, "indicator": indicator, "year": year},
            value=value,
            numerator=numerator,
            denominator=denominator,
            reason=reason[:500],
        )
        duty = GroupDuty(rule=rule)
        for member in members:
            if not target_meets(rule, member):
                continue
            duty.made += give(rule, member.unit)
            duty.units.append(member.unit)
        if not duty.units:
            raise _no_unit(day)
        changelog_record(
            by=by,
            action="target_set_group",
            obj=indicator,
            after={
                "group": group.code,
                "rule": rule.pk,
                "year": year,
                "units": [unit.code for unit in duty.units],
            },
            unit_path=group.owner_unit.path,
        )
    return duty
