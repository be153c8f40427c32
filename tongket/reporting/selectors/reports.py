"""Scoped reads of reports: the list, one report and its entry rows, what is due, and the values
reported."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.core.errors import NotFound
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.reporting import analytics
from tongket.reporting.choices import ReportState
from tongket.reporting.models import (
    DataValue,
    FormIndicator,
    Period,
    Reminder,
    Report,
    ReportForm,
)
from tongket.resolutions.models import Indicator, Resolution, Target

# --- Reports ------------------------------------------------------------------------------


def report_list(
    *,
    user: Any,
    period: Period | None = None,
    form: ReportForm | None = None,
    unit: Unit | None = None,
    within: Unit | None = None,
    state: str | None = None,
    resolution: Resolution | None = None,
) -> QuerySet[Report]:
    """Reports of units in the user's subtrees."""
    queryset = scopes.restrict(
        Report.objects.select_related("unit", "period", "form"), user, "unit__path"
    ).filter(clearance_q(user, Report))
    if period is not None:
        queryset = queryset.filter(period=period)
    if form is not None:
        queryset = queryset.filter(form=form)
    if resolution is not None:
        queryset = queryset.filter(form__resolution=resolution)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if within is not None:
        queryset = queryset.filter(unit__path__startswith=within.path)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-period__sort_key", "unit__sort_key", "form__code")


def report_get(*, user: Any, pk: Any) -> Report:
    try:
        return report_list(user=user).select_related("unit__parent").get(pk=int(pk))
    except (Report.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Report not found.")) from error


def report_entry_rows(*, report: Report) -> list[dict[str, Any]]:
    """The data entry grid: each indicator of the form with the unit's target for the year,
    its value in the previous period and in the same period last year, and the value now.
    Four queries whatever the number of indicators."""
    links = list(
        FormIndicator.objects.filter(form=report.form)
        .select_related("indicator")
        .order_by("order", "id")
    )
    ids = [link.indicator_id for link in links]
    period = report.period
    current = {v.indicator_id: v for v in report.values.all()}
    previous = (
        Period.objects.filter(type=period.type, sort_key__lt=period.sort_key)
        .order_by("-sort_key")
        .first()
    )
    last_year = Period.objects.filter(
        type=period.type, year=period.year - 1, index=period.index
    ).first()
    earlier = {
        (v.period_id, v.indicator_id): v
        for v in DataValue.objects.filter(
            unit_id=report.unit_id,
            indicator_id__in=ids,
            period_id__in=[p.pk for p in (previous, last_year) if p],
        )
    }
    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in Target.objects.filter(
            unit_id=report.unit_id, indicator_id__in=ids
        )
        .filter(Q(year=period.year) | Q(year__isnull=True))
        .values_list("indicator_id", "year", "value")
    }
    rows = []
    for link in links:
        indicator = link.indicator
        year_target = targets.get((indicator.pk, period.year))
        rows.append(
            {
                "indicator": indicator,
                "required": link.required,
                "value": current.get(indicator.pk),
                "target": year_target,
                "target_due": analytics.prorated(indicator, year_target, period.months),
                "horizon_target": targets.get((indicator.pk, None)),
                "previous": earlier.get((previous.pk, indicator.pk)) if previous else None,
                "previous_period": previous,
                "last_year": earlier.get((last_year.pk, indicator.pk)) if last_year else None,
                "last_year_period": last_year,
            }
        )
    return rows


def _reminders_of_report() -> dict[str, Any]:
    """How many reminders a report had and when the last one went: subqueries, computed for
    the rows a page shows, not a join grouped over every late report."""
    reminders = Reminder.objects.filter(report=OuterRef("pk")).order_by()
    return {
        "reminder_count": Coalesce(
            Subquery(reminders.values("report").annotate(n=Count("pk")).values("n")[:1]),
            0,
        ),
        "last_reminded_at": Subquery(reminders.order_by("-sent_at").values("sent_at")[:1]),
    }


def due_reports(*, user: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """What the user's units owe (as reporter), what waits for the user's approval, and
    who below the user is late (as approver, tracking officer or viewer; how many: read
    `late_count`, not a count of this list)."""
    today = today or timezone.localdate()
    open_states = (ReportState.DRAFT, ReportState.RETURNED)
    owed = (
        scopes.restrict(
            Report.objects.all(), user, "unit__path", roles=policy.roles(Action.FILL_REPORTS)
        )
        .filter(clearance_q(user, Report), state__in=open_states, period__is_open=True)
        .select_related("unit", "unit__parent", "period", "form")
        .order_by("due_date", "unit__sort_key")
    )
    approver_paths = scopes.scope_paths(user, policy.roles(Action.APPROVE_REPORTS))
    to_approve = Report.objects.filter(
        clearance_q(user, Report), state=ReportState.SUBMITTED
    ).select_related("unit", "unit__parent", "period", "form")
    if approver_paths is not None:
        # Reports of units strictly below a unit the user approves for.
        query = Q(pk__in=[])
        for path in approver_paths:
            query |= Q(unit__path__startswith=path) & ~Q(unit__path=path)
        to_approve = to_approve.filter(query)
    late = (
        scopes.restrict(
            Report.objects.all(),
            user,
            "unit__path",
            roles=policy.roles(Action.WATCH_LATE_REPORTS),
        )
        # A period closed for entry can no longer be sent: nothing to chase there; a report
        # entered afterwards (nhập bù) was never late.
        .filter(
            first_submitted_at__isnull=True,
            due_date__lt=today,
            period__is_open=True,
            is_backfill=False,
        )
        .filter(clearance_q(user, Report))
        .select_related("unit", "unit__parent", "period", "form")
        .annotate(**_reminders_of_report())
        .order_by("due_date", "unit__sort_key")
    )
    return {
        "owed": owed,
        "to_approve": to_approve.order_by("submitted_at"),
        "late": late,
        "today": today,
    }


def value_list(
    *,
    user: Any,
    report: Report | None = None,
    indicator: Indicator | None = None,
    unit: Unit | None = None,
    period: Period | None = None,
) -> QuerySet[DataValue]:
    """Values reported by units in the user's subtrees (drafts included, as their reports
    are), latest period first."""
    queryset = scopes.restrict(
        DataValue.objects.select_related("indicator", "unit", "period"), user, "unit__path"
    ).filter(clearance_q(user, DataValue))
    if report is not None:
        queryset = queryset.filter(report=report)
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if period is not None:
        queryset = queryset.filter(period=period)
    return queryset.order_by("-period__sort_key", "unit__sort_key", "indicator__order", "id")
