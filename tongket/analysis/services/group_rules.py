"""Standing rules of unit groups, as units join and leave and when a rule is ended.

A rule (`GroupRule`, made by `group_duties.form_assign_group` / `target_set_group`) asks
every unit of its group for a report form, or sets each the same target, inside the scope
its author had when making it. What happens afterwards:

- **A unit joins** (`group_member_add` calls `rules_apply_on_join`): every rule in force
  whose scope holds the unit is applied to it, for the span of its membership, through the
  ordinary service acting as the rule's author (`reporting.services.form_assign`,
  `resolutions.services.target_set`), in the join's own transaction, each with a change-log
  line. A rule that can no longer be applied (its author lost the role, or the unit does not
  exist that year) refuses the join: nothing is written, and the message says to end the
  rule or ask its author. A unit outside the rule's scope joins and is given nothing.
- **A unit leaves** (`group_member_end` calls `rules_withdraw_on_leave`): the rule gives it
  nothing more, and a form a rule asked of it is withdrawn from the leaving day on: the
  assignment the rule gave ends the day before (or goes, when it had not begun), so no
  period opened afterwards asks the unit. Reports already created stay, with their values
  and their place in completeness; an assignment changed by hand since the rule gave it is
  left as it is. Targets a rule set stay: a target is a commitment on record, adjusted or
  removed on the indicator's page.
- **A rule is ended** (`group_rule_end`): units joining afterwards are given nothing; what
  the rule gave stays.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.analysis.choices import GroupRuleKind
from tongket.analysis.models import GroupRule, GroupRuleApplication, UnitGroupMember
from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.reporting.models import FormAssignment

ONE_DAY = datetime.timedelta(days=1)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def in_rule_scope(rule: GroupRule, unit: Unit) -> bool:
    """Whether `unit` lies inside the scope the rule's author had when making it."""
    if rule.everywhere:
        return True
    return any(unit.path.startswith(root.path) for root in rule.scope_roots.all())


def form_span(
    rule: GroupRule, member: UnitGroupMember
) -> tuple[datetime.date | None, datetime.date | None] | None:
    """The span the rule asks the member's unit for its form: the rule's [from, until]
    within the membership [from, until) (its last day is the day before it ends); None when
    they do not meet."""
    starts = [day for day in (rule.valid_from, member.valid_from) if day is not None]
    ends = [day for day in (rule.valid_to, member.valid_to and member.valid_to - ONE_DAY) if day]
    start = max(starts) if starts else None
    end = min(ends) if ends else None
    if start is not None and end is not None and end < start:
        return None
    return start, end


def target_meets(rule: GroupRule, member: UnitGroupMember) -> bool:
    """Whether the membership meets the rule's year (the resolution's horizon when the
    target is for the whole horizon, and always when that is not known)."""
    assert rule.indicator is not None
    resolution = rule.indicator.resolution
    if rule.year is not None:
        first, last = rule.year, rule.year
    elif resolution.horizon_from is not None and resolution.last_target_year is not None:
        first, last = resolution.horizon_from, resolution.last_target_year
    else:
        return True
    if member.valid_from is not None and member.valid_from.year > last:
        return False
    return member.valid_to is None or member.valid_to > datetime.date(first, 1, 1)


def give(rule: GroupRule, unit: Unit, span: Any = None) -> list[Any]:
    """Apply the rule to one unit through the ordinary service, as the rule's author (whose
    checks of today hold), and record it; for a form, over `span`. Returns what the service
    made. Call inside a transaction."""
    from tongket.reporting.services import form_assign
    from tongket.resolutions.services import target_set

    author: Any = rule.created_by
    if author is None and rule.everywhere:
        author = scopes.SYSTEM  # made by the system (the demo, a command): acts as it
    if author is None:
        raise PermissionDenied(_("The author of this rule is no longer a user."))
    if rule.kind == GroupRuleKind.FORM:
        assert rule.form is not None
        start, end = span
        made = form_assign(by=author, form=rule.form, units=[unit], valid_from=start, valid_to=end)
        GroupRuleApplication.objects.create(rule=rule, unit=unit, valid_from=start, valid_to=end)
        return made
    assert rule.indicator is not None
    target = target_set(
        by=author,
        indicator=rule.indicator,
        unit=unit,
        year=rule.year,
        value=rule.value,
        numerator=rule.numerator,
        denominator=rule.denominator,
        reason=rule.reason,
    )
    GroupRuleApplication.objects.create(rule=rule, unit=unit)
    return [target]


def _what(rule: GroupRule) -> dict[str, Any]:
    if rule.kind == GroupRuleKind.FORM:
        assert rule.form is not None
        return {"rule": rule.pk, "form": rule.form.code}
    assert rule.indicator is not None
    return {"rule": rule.pk, "indicator": rule.indicator.code, "year": rule.year}


def rules_in_force(group_id: int) -> list[GroupRule]:
    return list(
        GroupRule.objects.filter(group_id=group_id, ended_at__isnull=True)
        .select_related("form", "indicator", "indicator__resolution", "created_by")
        .prefetch_related("scope_roots")
        .order_by("created_at", "pk")
    )


def rules_apply_on_join(*, by: Any, member: UnitGroupMember) -> list[GroupRule]:
    """Apply every rule in force of the member's group whose scope holds its unit, for the
    span of the membership; `by` added the member. All or nothing: a rule that cannot be
    applied raises a DomainError (on `unit`) naming the rule. Returns the rules applied.
    Call inside the join's transaction."""
    group, unit = member.group, member.unit
    applied = []
    for rule in rules_in_force(group.pk):
        if not in_rule_scope(rule, unit):
            continue
        span = form_span(rule, member) if rule.kind == GroupRuleKind.FORM else None
        if rule.kind == GroupRuleKind.FORM and span is None:
            continue
        if rule.kind == GroupRuleKind.TARGET and not target_meets(rule, member):
            continue
        try:
            give(rule, unit, span)
        except (PermissionDenied, NotFound, DomainError) as error:
            raise DomainError(
                _(
                    "%(unit)s cannot join: the group's standing rule “%(rule)s” (set by "
                    "%(author)s) cannot be applied to it (%(reason)s). End the rule on the "
                    "group's page, or ask its author."
                )
                % {
                    "unit": unit.name,
                    "rule": rule_title(rule),
                    "author": getattr(rule.created_by, "username", "—"),
                    "reason": "; ".join(getattr(error, "messages", None) or [str(error)]),
                },
                field="unit",
            ) from error
        changelog_record(
            by=by,
            action="group_rule_apply",
            obj=group,
            after={
                **_what(rule),
                "unit": unit.code,
                "valid_from": _iso(span[0]) if span else None,
                "valid_to": _iso(span[1]) if span else None,
            },
            unit_path=group.owner_unit.path,
        )
        applied.append(rule)
    return applied


def rule_title(rule: GroupRule) -> str:
    """The rule in a few words: the form's code, or the indicator's code and year."""
    if rule.kind == GroupRuleKind.FORM:
        assert rule.form is not None
        return rule.form.code
    assert rule.indicator is not None
    year = str(rule.year) if rule.year is not None else _("whole horizon")
    return f"{rule.indicator.code} · {year}"


def rules_withdraw_on_leave(*, by: Any, member: UnitGroupMember) -> int:
    """The member's unit leaves the group on `member.valid_to`: each form a rule of the
    group asked of it is withdrawn from that day (its assignment ends the day before, or
    goes when it had not begun), unless the assignment was changed since the rule gave it.
    Reports already created and targets stay. Returns the assignments withdrawn. Call
    inside the leave's transaction."""
    leaving = member.valid_to
    assert leaving is not None
    group, unit = member.group, member.unit
    given = GroupRuleApplication.objects.filter(
        rule__group=group,
        rule__kind=GroupRuleKind.FORM,
        unit=unit,
        withdrawn_on__isnull=True,
    ).select_related("rule", "rule__form", "rule__form__owner_unit")
    withdrawn = 0
    for application in given:
        form = application.rule.form
        assert form is not None
        assignment = FormAssignment.objects.filter(form=form, unit=unit).first()
        if assignment is None or (assignment.valid_from, assignment.valid_to) != (
            application.valid_from,
            application.valid_to,
        ):
            continue
        last = leaving - ONE_DAY
        before = {"unit": unit.code, "valid_to": _iso(assignment.valid_to)}
        if assignment.valid_to is not None and assignment.valid_to <= last:
            continue
        if assignment.valid_from is not None and last < assignment.valid_from:
            assignment.delete()
            after = {"unit": unit.code, "valid_to": None, "removed": True}
        else:
            assignment.valid_to = last
            assignment.save(update_fields=["valid_to"])
            after = {"unit": unit.code, "valid_to": _iso(last)}
        application.withdrawn_on = leaving
        application.save(update_fields=["withdrawn_on"])
        changelog_record(
            by=by,
            action="group_rule_withdraw",
            obj=form,
            before=before,
            after={**after, "group": group.code, "rule": application.rule_id},
            unit_path=form.owner_unit.path,
        )
        withdrawn += 1
    return withdrawn


def group_rule_may_end(user: Any, rule: GroupRule) -> bool:
    """Who may end a rule: its author; the group's keepers; for a form, whoever keeps the
    form; for a target, whoever sets targets across the whole scope the rule reaches."""
    if scopes.is_unrestricted(user):
        return True
    if rule.created_by_id is not None and rule.created_by_id == getattr(user, "pk", None):
        return True
    group = rule.group
    if scopes.covers(user, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)):
        return True
    if rule.kind == GroupRuleKind.FORM:
        assert rule.form is not None
        return scopes.covers(user, rule.form.owner_unit, policy.roles(Action.KEEP_REPORTING))
    roots = list(rule.scope_roots.all())
    return (
        not rule.everywhere
        and bool(roots)
        and all(scopes.covers(user, root, policy.roles(Action.KEEP_RESOLUTIONS)) for root in roots)
    )


def group_rule_end(*, by: Any, rule: GroupRule) -> GroupRule:
    """End a standing rule: units joining the group afterwards are given nothing by it; the
    assignments and targets it gave stay. `rule` was read through
    `analysis.selectors.group_rule_get`; who may: `group_rule_may_end`."""
    if not group_rule_may_end(by, rule):
        raise PermissionDenied(_("You may not end this rule of the group."))
    with transaction.atomic():
        current = GroupRule.objects.select_for_update().get(pk=rule.pk)
        if current.ended_at is not None:
            raise DomainError(_("This rule has already been ended."), field="rule")
        current.ended_at = timezone.now()
        current.ended_by = by if getattr(by, "pk", None) else None
        current.save(update_fields=["ended_at", "ended_by"])
        changelog_record(
            by=by,
            action="group_rule_end",
            obj=current.group,
            after=_what(current),
            unit_path=current.group.owner_unit.path,
        )
    return current
