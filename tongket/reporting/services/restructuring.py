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
from dataclasses import dataclass, field

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from tongket.core.statistics import analyzed_if_grown
from tongket.org.models import PATH_SEGMENT, Unit, path_ids
from tongket.org.selectors import paths_on
from tongket.org.services.restructuring import UnitDissolved, UnitMoved, follow_restructuring
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Completeness, Period, Report, Rollup
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
    written = {Report: 0, Completeness: 0}
    for (old, new), period_ids in moves.items():
        moved = Report.objects.filter(period_id__in=period_ids, path_then__startswith=old)
        pairs = set(moved.order_by().values_list("form_id", "period_id").distinct())
        if not pairs:
            continue
        written[Report] += moved.update(
            path_then=Concat(Value(new), Substr("path_then", len(old) + 1))
        )
        for period_id in sorted({period_id for _form_id, period_id in pairs}):
            rollups.subtree_moved(period_id=period_id, old_path=old, new_path=new)
        written[Completeness] += completeness.rebuild(pairs=pairs)
    analyzed_if_grown(written)


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


@dataclass
class PathRepair:
    """Reports of one unit and period whose stored path differs from the unit's place then."""

    period: Period
    unit_id: int
    old_path: str
    new_path: str
    report_ids: list[int] = field(default_factory=list)
    form_ids: set[int] = field(default_factory=set)


def report_paths_wrong() -> list[PathRepair]:
    """The reports whose `path_then` is not their unit's path in the tree as it stood at the
    end of their period (`paths_on`, from the units' placements; today's place for a unit
    never moved). Versions before reports followed restructuring left them where they were
    when a unit moved. A few queries per period with reports."""
    found: list[PathRepair] = []
    for period in Period.objects.filter(reports__isnull=False).distinct().order_by("sort_key"):
        rows = list(
            Report.objects.filter(period=period)
            .order_by("pk")
            .values_list("pk", "unit_id", "path_then", "form_id")
        )
        paths = paths_on(
            unit_ids=sorted({unit_id for _pk, unit_id, _p, _f in rows}), day=period.end
        )
        wrong: dict[tuple[int, str], PathRepair] = {}
        for pk, unit_id, path_then, form_id in rows:
            if paths[unit_id] == path_then:
                continue
            repair = wrong.get((unit_id, path_then))
            if repair is None:
                repair = wrong[(unit_id, path_then)] = PathRepair(
                    period, unit_id, path_then, paths[unit_id]
                )
            repair.report_ids.append(pk)
            repair.form_ids.add(form_id)
        found += wrong.values()
    return found


def report_paths_repair(repairs: list[PathRepair]) -> None:
    """Give these reports their right paths (`report_paths_wrong`), then rebuild the roll-ups
    of their periods and the completeness rows of their forms and periods from them. In the
    caller's transaction."""
    if not repairs:
        return
    moved = 0
    for repair in repairs:
        moved += Report.objects.filter(pk__in=repair.report_ids).update(path_then=repair.new_path)
    rolled = rollups.rebuild(period_ids={repair.period.pk for repair in repairs})
    kept = completeness.rebuild(
        pairs={(form_id, repair.period.pk) for repair in repairs for form_id in repair.form_ids}
    )
    analyzed_if_grown({Report: moved, Rollup: rolled, Completeness: kept})


def path_codes(paths: list[str]) -> dict[str, str]:
    """Each path written with the codes of its units, top down ("QK2 › SD316 › SD316-E98").
    One query."""
    ids = {unit_id for path in paths for unit_id in path_ids(path)}
    codes = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "code"))
    return {
        path: " › ".join(codes.get(unit_id, f"#{unit_id}") for unit_id in path_ids(path))
        for path in paths
    }
