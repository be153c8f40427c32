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
from tongket.org.choices import Role
from tongket.org.models import Unit
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import Period, PeriodRule
from tongket.reporting.periods import PeriodSpec, add_working_days, parse_period_code, window

KEEPER_ROLES = (Role.TRACKING_OFFICER, Role.ADMINISTRATOR)


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


def period_ensure(*, code: str, field: str = "period") -> Period:
    """The period with this code, created from the default rule when missing (anyone may
    name a period; its dates come from the rule table)."""
    spec = parse_period_code(code, field=field)
    existing = Period.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing
    dates = dates_for(spec, rule_for(spec.type, None))
    if spec.type not in (PeriodType.YEAR, PeriodType.TERM):
        # The year a finer period falls in: its figures are made from them.
        period_ensure(code=str(spec.year))
    try:
        with transaction.atomic():
            return Period.objects.create(
                code=spec.code,
                type=spec.type,
                year=spec.year,
                index=spec.index,
                end_year=spec.end_year,
                months=spec.months,
                sort_key=spec.sort_key,
                **dates,
            )
    except IntegrityError:
        return Period.objects.get(code=spec.code)


def can_set_open(user: Any) -> bool:
    """Periods are shared by every body: only an administrator or tracking officer of a root
    unit opens and closes them."""
    if scopes.is_unrestricted(user):
        return True
    roots = Unit.objects.filter(parent__isnull=True)
    return any(scopes.covers(user, root, KEEPER_ROLES) for root in roots)


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
            if not any(scopes.covers(by, root, (Role.ADMINISTRATOR,)) for root in roots):
                raise DomainError(_("Only an administrator may change the default rules."))
    else:
        scopes.require_role(by, issuer, KEEPER_ROLES, _("set reporting rules"))
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
