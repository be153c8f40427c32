"""Completeness and timeliness of reporting for a unit's subtree, per period or per child and
period, and one indicator's overview (its figure and the reporting it rests on)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.org.models import PATH_SEGMENT, Unit, UnitPlacement
from tongket.org.selectors import paths_on
from tongket.reporting.choices import LINE_TREES, Basis, ReportState, Tree
from tongket.reporting.models import Period, Report, ReportForm
from tongket.reporting.selectors.figures import (
    candidate_periods,
    children_at,
    figures,
    figures_for_units,
)
from tongket.reporting.selectors.parts import line_reach_paths, reach_q
from tongket.resolutions.models import Indicator

# --- Completeness and timeliness ----------------------------------------------------------


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
    unit that did not exist). One query."""
    scopes.require_visible(user, unit)
    today = today or timezone.localdate()
    queryset = Report.objects.filter(clearance_q(user, Report), period=period)
    if forms is not None:
        queryset = queryset.filter(form__in=forms)
    if tree in LINE_TREES:
        roots = line_reach_paths([unit], line=tree, day=period.end)[unit.pk]
        queryset = queryset.filter(reach_q(roots))
    elif tree == Tree.TODAY:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    else:
        path = paths_on(unit_ids=[unit.pk], day=period.end)[unit.pk]
        queryset = queryset.filter(path_then__startswith=path)
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
    child's subtree in the tree as it was: one query per distinct path the unit had."""
    scopes.require_visible(user, unit)
    today = today or timezone.localdate()
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    by_path: dict[str, list[Period]] = defaultdict(list)
    earliest = min((p.end for p in periods), default=None)
    moved = (
        earliest is not None
        and UnitPlacement.objects.filter(
            unit_id__in=unit.ancestor_ids, valid_from__gt=earliest
        ).exists()
    )
    for period in periods:
        # Where nothing on the way up moved since the first period, the unit's path then is
        # its path today: one query instead of one per period.
        path = paths_on(unit_ids=[unit.pk], day=period.end)[unit.pk] if moved else unit.path
        by_path[path].append(period)
    child_ids: set[int] = set()
    for path, group in by_path.items():
        depth = len(path) + PATH_SEGMENT
        queryset = Report.objects.filter(period__in=group, path_then__startswith=path).exclude(
            path_then=path
        )
        if forms is not None:
            queryset = queryset.filter(form__in=forms)
        queryset = scopes.restrict(queryset, user, "unit__path").filter(clearance_q(user, Report))
        for row in (
            queryset.annotate(child=Substr("path_then", 1, depth))
            .values("child", "period_id")
            .annotate(**count_fields(today))
        ):
            child_id = int(row["child"][-PATH_SEGMENT:])
            child_ids.add(child_id)
            cells[(child_id, row["period_id"])] = _finish(row)
    children = list(
        scopes.restrict(Unit.objects.filter(pk__in=child_ids), user).order_by("sort_key", "pk")
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

    def reporting(at: Unit) -> dict[str, Any]:
        totals: dict[str, int] = defaultdict(int)
        for each in asked:
            counts = completeness(user=user, unit=at, period=each, forms=forms, tree=tree)
            for key in COUNT_KEYS:
                totals[key] += counts[key]
        return _finish(totals)

    row = figures(
        user=user, unit=unit, period=period, indicators=[indicator], basis=basis, tree=tree
    )[0]
    result: dict[str, Any] = {
        "unit": unit,
        "row": row,
        "reporting": reporting(unit),
        "basis": basis,
        "tree": tree,
    }
    if children:
        below = children_at(user=user, unit=unit, period=period, tree=tree)
        rows = figures_for_units(
            user=user, units=below, period=period, indicators=[indicator], basis=basis, tree=tree
        )
        result["children"] = [
            {"unit": child, "row": rows[child.pk][0], "reporting": reporting(child)}
            for child in below
        ]
    return result
