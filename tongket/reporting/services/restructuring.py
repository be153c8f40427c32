"""Reports follow the organisation's restructuring, in its transaction (org tells: see
`org.services.restructuring.follow_restructuring`; registered by ReportingConfig.ready).

A report's `path_then` is its unit's path as the tree stood at the end of the period. A unit
moved on a day sits in its new place at the end of every period that ends on or after that
day: the reports of its subtree for those periods take the new path (an earlier period keeps
the old one: history is not rewritten), and their roll-ups and completeness counts leave the
units above the old place for those above the new one. A dissolved unit is no longer asked
for the periods that start on or after the day it was dissolved: its untouched drafts of
those periods go (as when a form stops asking a unit); reports with anything in them stay.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from tongket.org.models import PATH_SEGMENT, Unit
from tongket.org.selectors import paths_on
from tongket.org.services.restructuring import UnitDissolved, UnitMoved, follow_restructuring
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Period, Report
from tongket.reporting.services import completeness, rollups


@follow_restructuring
def follow(event: UnitMoved | UnitDissolved) -> None:
    if isinstance(event, UnitMoved):
        unit_moved(unit=event.unit, old_parent_id=event.old_parent_id, day=event.day)
    else:
        unit_dissolved(unit=event.unit, day=event.day)


def unit_moved(*, unit: Unit, old_parent_id: int | None, day: datetime.date) -> None:
    """The reports of the moved subtree for the periods ending on or after `day` take their
    new paths; roll-ups and completeness rows follow. A few queries per period concerned."""
    segment = unit.path[-PATH_SEGMENT:]
    moves: dict[tuple[str, str], list[int]] = defaultdict(list)
    for period in Period.objects.filter(end__gte=day).order_by("sort_key"):
        old = segment
        if old_parent_id is not None:
            old = paths_on(unit_ids=[old_parent_id], day=period.end)[old_parent_id] + segment
        new = paths_on(unit_ids=[unit.pk], day=period.end)[unit.pk]
        if old != new:
            moves[(old, new)].append(period.pk)
    for (old, new), period_ids in moves.items():
        moved = Report.objects.filter(period_id__in=period_ids, path_then__startswith=old)
        pairs = set(moved.order_by().values_list("form_id", "period_id").distinct())
        if not pairs:
            continue
        moved.update(path_then=Concat(Value(new), Substr("path_then", len(old) + 1)))
        for period_id in sorted({period_id for _form_id, period_id in pairs}):
            rollups.subtree_moved(period_id=period_id, old_path=old, new_path=new)
        completeness.rebuild(pairs=pairs)


def unit_dissolved(*, unit: Unit, day: datetime.date) -> None:
    """The unit's untouched drafts (never submitted, no value) of the periods starting on or
    after `day` go, and stop being expected."""
    untouched = list(
        Report.objects.filter(
            unit=unit,
            period__start__gte=day,
            state=ReportState.DRAFT,
            first_submitted_at__isnull=True,
            values__isnull=True,
        )
    )
    if untouched:
        completeness.reports_counted(reports=untouched, sign=-1)
        Report.objects.filter(pk__in=[report.pk for report in untouched]).delete()
