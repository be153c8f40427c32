"""Periods and the rules that set their windows and due dates.

Callers: tracking officers and administrators (rules per issuing body: of that body).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import Period, PeriodRule
from tongket.reporting.periods import PeriodSpec, add_working_days, parse_period_code, window


def rule_for(period_type: str, issuer: Unit | None) -> PeriodRule:
    """The rule of the nearest issuing body above (or at) `issuer` that has one for this
    type, else the default rule."""
    if issuer is not None:
        ancestors = issuer.ancestor_ids
        rules = {
            r.issuer_id: r
            for r in PeriodRule.objects.filter(period_type=period_type, issuer_id__in=ancestors)
        }
        for unit_id in reversed(ancestors):
            if unit_id in rules:
                return rules[unit_id]
    rule = PeriodRule.objects.filter(period_type=period_type, issuer__isnull=True).first()
    if rule is None:
        rule = PeriodRule(period_type=period_type, window_start_day=15, due_working_days=2)
    return rule


def dates_for(spec: PeriodSpec, rule: PeriodRule) -> dict[str, datetime.date]:
    start, end = window(spec, rule.window_start_day)
    return {
        "start": start,
        "end": end,
        "cutoff": end,
        "due_date": add_working_days(end, rule.due_working_days),
    }


def due_date_for(period: Period, issuer: Unit | None) -> datetime.date:
    spec = parse_period_code(period.code)
    return dates_for(spec, rule_for(period.type, issuer))["due_date"]


def period_find(*, code: str, field: str = "period") -> Period:
    """The period with this code; when none is stored yet, an unsaved one with the dates of
    the default rule. A pure lookup for reads (a figure over a span reads the finer periods
    inside it): it never writes. DomainError (on `field`) when the code names no period."""
    spec = parse_period_code(code, field=field)
    existing = Period.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing
    return Period(
        code=spec.code,
        type=spec.type,
        year=spec.year,
        index=spec.index,
        end_year=spec.end_year,
        months=spec.months,
        sort_key=spec.sort_key,
        **dates_for(spec, rule_for(spec.type, None)),
    )


def can_add_period(user: Any) -> bool:
    """Periods are shared by every body and their dates come from the rule table: anyone who
    holds a role (who opens a form's period, imports or fills reports) may name a new one."""
    return scopes.is_unrestricted(user) or bool(scopes.grants(user))


@transaction.atomic
def period_ensure(*, by: Any, code: str, field: str = "period") -> Period:
    """The period with this code, created from the default rule when missing (see
    `can_add_period`), with the year a finer period falls in. Each creation is logged. Call
    it inside the transaction of the write that needs the period, so that a refused write
    leaves no period behind; reads use `period_find`."""
    found = period_find(code=code, field=field)
    if found.pk is not None:
        return found
    if not can_add_period(by):
        raise PermissionDenied(_("Only a user who holds a role may add a period."))
    if found.type not in (PeriodType.YEAR, PeriodType.TERM):
        # The year a finer period falls in: its figures are made from them.
        period_ensure(by=by, code=str(found.year))
    try:
        with transaction.atomic():
            found.save(force_insert=True)
    except IntegrityError:
        # Made by a concurrent request in the meantime: theirs is the period.
        return Period.objects.get(code=found.code)
    changelog_record(
        by=by,
        action="period_create",
        obj=found,
        after=snapshot(found, ["code", "start", "end", "due_date"]),
    )
    return found


def can_set_open(user: Any) -> bool:
    """Periods are shared by every body: only an administrator or tracking officer of a root
    unit opens and closes them."""
    if scopes.is_unrestricted(user):
        return True
    roots = Unit.objects.filter(parent__isnull=True)
    return any(scopes.covers(user, root, policy.roles(Action.KEEP_REPORTING)) for root in roots)


@transaction.atomic
def period_set_open(*, by: Any, period: Period, is_open: bool) -> Period:
    """Open or close a period for data entry (see `can_set_open`)."""
    if not can_set_open(by):
        raise PermissionDenied(
            _("Periods are shared by every body: only the top level opens and closes them.")
        )
    before = snapshot(period, ["is_open"])
    period.is_open = is_open
    period.save(update_fields=["is_open"])
    changelog_record(
        by=by,
        action="period_open" if is_open else "period_close",
        obj=period,
        before=before,
        after=snapshot(period, ["is_open"]),
    )
    return period


@transaction.atomic
def period_rule_set(
    *,
    by: Any,
    issuer: Unit | None,
    period_type: str,
    window_start_day: int,
    due_working_days: int,
    note: str = "",
) -> PeriodRule:
    """Set an issuing body's rule for a type of period (the default rule: administrators
    of a root unit only)."""
    if issuer is None:
        if not scopes.is_unrestricted(by):
            roots = Unit.objects.filter(parent__isnull=True)
            if not any(
                scopes.covers(by, root, policy.roles(Action.SET_DEFAULT_RULES)) for root in roots
            ):
                raise DomainError(_("Only an administrator may change the default rules."))
    else:
        scopes.require_role(
            by, issuer, policy.roles(Action.KEEP_REPORTING), _("set reporting rules")
        )
    if period_type not in PeriodType.values:
        raise DomainError(_("Choose a type of period."), field="period_type")
    if not 1 <= int(window_start_day) <= 28:
        raise DomainError(_("The window starts on a day from 1 to 28."), field="window_start_day")
    if not 0 <= int(due_working_days) <= 60:
        raise DomainError(_("Between 0 and 60 working days."), field="due_working_days")
    rule = PeriodRule.objects.filter(issuer=issuer, period_type=period_type).first()
    before = snapshot(rule) if rule else None
    if rule is None:
        rule = PeriodRule(issuer=issuer, period_type=period_type)
    rule.window_start_day = int(window_start_day)
    rule.due_working_days = int(due_working_days)
    rule.note = note.strip()[:300]
    rule.save()
    changelog_record(
        by=by,
        action="period_rule_set",
        obj=rule,
        before=before,
        after=snapshot(rule),
        unit_path=issuer.path if issuer else "",
    )
    return rule
