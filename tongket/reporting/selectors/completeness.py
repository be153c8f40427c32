"""Completeness and timeliness of reporting for a unit's subtree, per period or per child and
period, and one indicator's overview (its figure and the reporting it rests on)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from tongket.core import scopes
from tongket.core.classification import clearance_q, clearance_q_through
from tongket.org import policy
from tongket.org.models import Unit, path_ids
from tongket.org.policy import Action
from tongket.reporting.choices import LINE_TREES, Basis, ReportState, Tree
from tongket.reporting.models import Completeness, Period, Report, ReportForm
from tongket.reporting.selectors.figures import (
    candidate_periods,
    children_at,
    figures_for_units,
)
from tongket.reporting.selectors.parts import line_reach_paths, reach_q
from tongket.resolutions.models import Indicator

# --- Completeness and timeliness ----------------------------------------------------------


# The counts the completeness rows keep (reporting.models.Completeness).
STORED_KEYS = ("expected", "received", "on_time", "approved", "backfill", "backfill_received")
# The counts a completeness is made of (summed over periods by `indicator_overview`).
COUNT_KEYS = (
    "expected",
    "received",
    "on_time",
    "approved",
    "overdue",
    "backfill",
    "backfill_received",
)


def count_fields(today: datetime.date) -> dict[str, Any]:
    """Reports entered afterwards (nhập bù) count as expected, received and approved, never
    as on time, late or overdue: they are `backfill` (`backfill_received` of them received)."""
    received = Q(first_submitted_at__isnull=False)
    timed = Q(is_backfill=False)
    return {
        "expected": Count("id"),
        "received": Count("id", filter=received),
        "on_time": Count(
            "id", filter=timed & received & Q(first_submitted_at__date__lte=F("due_date"))
        ),
        "approved": Count("id", filter=Q(state=ReportState.APPROVED)),
        "overdue": Count("id", filter=timed & ~received & Q(due_date__lt=today)),
        "backfill": Count("id", filter=~timed),
        "backfill_received": Count("id", filter=~timed & received),
    }


def _finish(counts: dict[str, int]) -> dict[str, Any]:
    """Completeness in per cent of the reports expected; timeliness and the late share in
    per cent of those that had a deadline to keep (all but the ones entered afterwards)."""
    expected = counts.get("expected") or 0
    received = counts.get("received") or 0
    on_time = counts.get("on_time") or 0
    backfill = counts.get("backfill") or 0
    late = received - (counts.get("backfill_received") or 0) - on_time
    timed = expected - backfill
    result = {
        "expected": expected,
        "received": received,
        "on_time": on_time,
        "late": late,
        "missing": expected - received,
        "overdue": counts.get("overdue") or 0,
        "approved": counts.get("approved") or 0,
        "backfill": backfill,
        "backfill_received": counts.get("backfill_received") or 0,
    }
    result["completeness"] = Decimal(received) * 100 / expected if expected else None
    result["timeliness"] = Decimal(on_time) * 100 / timed if timed else None
    result["late_share"] = Decimal(late) * 100 / timed if timed else None
    # The received reports as parts of those expected, for a bar that adds up to completeness.
    result["bar"] = {
        "on_time": Decimal(on_time) * 100 / expected if expected else None,
        "late": Decimal(late) * 100 / expected if expected else None,
        "backfill": Decimal(result["backfill_received"]) * 100 / expected if expected else None,
    }
    return result


def _zero() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def stored_counts(
    *,
    user: Any,
    periods: list[Period],
    units: list[Unit] | None = None,
    parent: Unit | None = None,
    forms: list[ReportForm] | None = None,
    today: datetime.date | None = None,
) -> dict[tuple[int, int], dict[str, int]]:
    """(unit id, period id) → the counts of the unit's subtree as it was (itself included),
    read from the completeness rows: for `units`, or for the units directly below `parent`
    then. Reports of forms above the user's clearance are left out. One query, whatever the
    size of the subtrees."""
    today = today or timezone.localdate()
    queryset = Completeness.objects.filter(period_id__in=[p.pk for p in periods], expected__gt=0)
    if units is not None:
        queryset = queryset.filter(unit_id__in=[u.pk for u in units])
    else:
        queryset = queryset.filter(parent_id=parent.pk if parent is not None else None)
    if forms is not None:
        queryset = queryset.filter(form_id__in=[f.pk for f in forms])
    queryset = queryset.filter(clearance_q_through(user, ReportForm, "form__"))
    found: dict[tuple[int, int], dict[str, int]] = {}
    for row in (
        queryset.order_by()
        .values("unit_id", "period_id", "due_date")
        .annotate(**{key: Sum(key) for key in STORED_KEYS})
    ):
        add_stored(found.setdefault((row["unit_id"], row["period_id"]), _zero()), row, today)
    return found


def add_stored(counts: dict[str, Any], row: dict[str, Any], today: datetime.date) -> None:
    """Add a completeness row's counts (or their sums over rows of one due date) to `counts`:
    overdue are those of its reports with a deadline not received, once the day is past."""
    for key in STORED_KEYS:
        counts[key] += row[key] or 0
    if row["due_date"] < today:
        counts["overdue"] += _overdue(row)


def _overdue(row: dict[str, Any]) -> int:
    return ((row["expected"] or 0) - (row["backfill"] or 0)) - (
        (row["received"] or 0) - (row["backfill_received"] or 0)
    )


def scope_rows_q(user: Any, roles: Any = None) -> Q:
    """The completeness rows at the tops of the user's subtrees (held with any of `roles`;
    all roles if None): each counts its unit's whole subtree as it was at the period, so
    their sum is the count of the reports below the user, the tree as it was. The roots'
    rows for an unrestricted user."""
    paths = scopes.scope_paths(user, roles)
    if paths is None:
        return Q(parent__isnull=True)
    return Q(unit_id__in=[path_ids(path)[-1] for path in paths])


def late_count(*, user: Any, today: datetime.date | None = None) -> int:
    """The reports of the open periods past their due date and not received (entered
    afterwards aside) in the subtrees the user watches for late reports: the count of the
    due page's late list (`due_reports`), from the completeness rows at the tops of those
    subtrees. One query, whatever the number of units and periods."""
    today = today or timezone.localdate()
    totals = (
        Completeness.objects.filter(
            scope_rows_q(user, policy.roles(Action.WATCH_LATE_REPORTS)),
            clearance_q_through(user, ReportForm, "form__"),
            period__is_open=True,
            due_date__lt=today,
        )
        .order_by()
        .aggregate(**{key: Sum(key) for key in STORED_KEYS})
    )
    return _overdue(totals)


def completeness(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    forms: list[ReportForm] | None = None,
    tree: str = Tree.THEN,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Expected, received, on time, late, missing and overdue reports of the unit's subtree
    for the period (reports exist only for units expected then: never above 100 %, never a
    unit that did not exist). In the tree as it was: the unit's completeness rows, counting
    its whole subtree then, as its figures do; along a line or on today's tree: counted from
    the reports of the units in the user's scope. One query."""
    scopes.require_visible(user, unit)
    today = today or timezone.localdate()
    if tree == Tree.THEN:
        stored = stored_counts(user=user, periods=[period], units=[unit], forms=forms, today=today)
        return _finish(stored.get((unit.pk, period.pk), _zero()))
    queryset = Report.objects.filter(clearance_q(user, Report), period=period)
    if forms is not None:
        queryset = queryset.filter(form__in=forms)
    if tree in LINE_TREES:
        roots = line_reach_paths([unit], line=tree, day=period.end)[unit.pk]
        queryset = queryset.filter(reach_q(roots))
    else:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    queryset = scopes.restrict(queryset, user, "unit__path")
    return _finish(queryset.aggregate(**count_fields(today)))


def completeness_map(
    *,
    user: Any,
    unit: Unit,
    periods: list[Period],
    forms: list[ReportForm] | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Children (today's, and those of the past) × periods, each cell the completeness of the
    child's subtree in the tree as it was: the completeness rows of the units directly below
    the unit then. Two queries whatever the size of the tree."""
    scopes.require_visible(user, unit)
    stored = stored_counts(user=user, periods=periods, parent=unit, forms=forms, today=today)
    cells = {key: _finish(counts) for key, counts in stored.items()}
    children = list(
        scopes.restrict(
            Unit.objects.filter(pk__in={child_id for child_id, _period_id in cells}), user
        ).order_by("sort_key", "pk")
    )
    return {
        "children": children,
        "periods": periods,
        "cells": cells,
    }


def indicator_overview(
    *,
    user: Any,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    basis: str | None = None,
    tree: str = Tree.THEN,
    children: bool = False,
) -> dict[str, Any]:
    """One indicator at a unit's subtree for a period: its figure (with target, progress,
    status and formula) and the reporting it rests on (expected, received, on time: the
    reports of the forms asking the indicator, in the period and, for a year or a term, in
    the finer periods the forms are reported in), and with `children` the same for each unit
    directly below. `basis` None follows the resolution (approved reports only, or every
    submitted one)."""
    if basis is None:
        basis = Basis.APPROVED if indicator.resolution.approved_only else Basis.SUBMITTED
    forms = list(ReportForm.objects.filter(form_indicators__indicator=indicator).distinct())
    # A year asked per half-year rests on the reports of its half-years.
    asked = [period] + [
        inside
        for inside in candidate_periods(period)
        if inside.pk != period.pk and inside.type in {form.period_type for form in forms}
    ]

    stored: dict[tuple[int, int], dict[str, int]] = {}

    def reporting(at: Unit) -> dict[str, Any]:
        totals: dict[str, int] = defaultdict(int)
        for each in asked:
            if tree == Tree.THEN:
                counts = stored.get((at.pk, each.pk), _zero())
            else:
                counts = completeness(user=user, unit=at, period=each, forms=forms, tree=tree)
            for key in COUNT_KEYS:
                totals[key] += counts[key]
        return _finish(totals)

    scopes.require_visible(user, unit)
    below = children_at(user=user, unit=unit, period=period, tree=tree) if children else []
    if tree == Tree.THEN:
        # Every unit shown and every period asked in one read of the completeness rows.
        stored.update(stored_counts(user=user, periods=asked, units=[unit, *below], forms=forms))
    # The unit and the units below in one read of the figures.
    rows = figures_for_units(
        user=user,
        units=[unit, *below],
        period=period,
        indicators=[indicator],
        basis=basis,
        tree=tree,
    )
    result: dict[str, Any] = {
        "unit": unit,
        "row": rows[unit.pk][0],
        "reporting": reporting(unit),
        "basis": basis,
        "tree": tree,
    }
    if children:
        result["children"] = [
            {"unit": child, "row": rows[child.pk][0], "reporting": reporting(child)}
            for child in below
        ]
    return result
