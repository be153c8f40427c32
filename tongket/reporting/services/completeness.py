"""Keeping the completeness rows fresh (reporting.models.Completeness): in the transaction of
every write that creates, moves, marks or removes a report, and rebuilt from the reports.

A report counts, at every unit on its `path_then` (its own unit included), as expected; as
received once first submitted; as on time when first submitted by its due date (reports
entered afterwards never are); as approved while approved; as entered afterwards (and
received of those). A change of one report adds the difference of its counts to the rows of
those units in one statement; writes of many reports at once (large imports, a period
marked as entered afterwards, restructuring) rebuild the rows of the forms and periods they
touched. Both give the rows `rebuild` computes from scratch (tested).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from tongket.core import freshness
from tongket.core.upserts import rows_upsert
from tongket.org.models import path_ids
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Completeness, Report

COUNTS = ("expected", "received", "on_time", "approved", "backfill", "backfill_received")
Counts = tuple[int, int, int, int, int, int]
NONE: Counts = (0, 0, 0, 0, 0, 0)
_TABLE = Completeness._meta.db_table
_KEY = ("form_id", "period_id", "unit_id", "parent_id", "due_date")


def counts_of_fields(
    *,
    state: str,
    first_submitted_at: datetime.datetime | None,
    due_date: datetime.date,
    is_backfill: bool,
) -> Counts:
    """What one report adds to the rows above it. On time: first submitted on or before its
    due date, in the server's time zone (as the selectors' `first_submitted_at__date`)."""
    received = first_submitted_at is not None
    on_time = (
        not is_backfill
        and first_submitted_at is not None
        and timezone.localtime(first_submitted_at).date() <= due_date
    )
    return (
        1,
        int(received),
        int(on_time),
        int(state == ReportState.APPROVED),
        int(is_backfill),
        int(is_backfill and received),
    )


def counts_of(report: Report) -> Counts:
    return counts_of_fields(
        state=report.state,
        first_submitted_at=report.first_submitted_at,
        due_date=report.due_date,
        is_backfill=report.is_backfill,
    )


def _rows_of(
    form_id: int, period_id: int, path_then: str, due_date: datetime.date, counts: Counts
) -> list[tuple[Any, ...]]:
    """The (key, counts) rows a report with these counts touches: every unit on its path."""
    ids = path_ids(path_then)
    parents: list[int | None] = [None, *ids[:-1]]
    return [
        (form_id, period_id, unit_id, parent_id, due_date, *counts)
        for unit_id, parent_id in zip(ids, parents, strict=True)
    ]


def _upsert(rows: list[tuple[Any, ...]]) -> None:
    """Add the counts of these rows to the stored ones, creating rows as needed; rows left
    expecting nothing are removed (the reports they counted are gone)."""
    if not rows:
        return
    rows_upsert(
        Completeness,
        (*_KEY, *COUNTS),
        rows,
        conflict=("unit_id", "period_id", "form_id", "due_date"),
        update=", ".join(f"{c} = {_TABLE}.{c} + excluded.{c}" for c in COUNTS),
    )
    if any(row[len(_KEY)] < 0 for row in rows):
        Completeness.objects.filter(
            expected__lte=0,
            form_id__in={row[0] for row in rows},
            period_id__in={row[1] for row in rows},
            unit_id__in={row[2] for row in rows},
        ).delete()


def _summed(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of several reports added up per key (one row per unit, not per report)."""
    totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(COUNTS))
    for row in rows:
        total = totals[row[: len(_KEY)]]
        for index, value in enumerate(row[len(_KEY) :]):
            total[index] += value
    return [(*key, *total) for key, total in totals.items() if any(total)]


def report_changed(*, report: Report, before: Counts) -> None:
    """After one report changed (state, first submission, due date, entered afterwards) in
    the caller's transaction: its difference added to the rows above it. One statement."""
    after = counts_of(report)
    delta: Counts = tuple(a - b for a, b in zip(after, before, strict=True))  # type: ignore[assignment]
    if any(delta):
        _upsert(
            _rows_of(report.form_id, report.period_id, report.path_then, report.due_date, delta)
        )


def reports_counted(*, reports: Iterable[Report], sign: int = 1) -> None:
    """Reports just created (sign +1) or about to be deleted (−1), counted at once."""
    rows: list[tuple[Any, ...]] = []
    for report in reports:
        counts: Counts = tuple(sign * c for c in counts_of(report))  # type: ignore[assignment]
        rows += _rows_of(
            report.form_id, report.period_id, report.path_then, report.due_date, counts
        )
    _upsert(_summed(rows))


def rebuild(*, pairs: Iterable[tuple[int, int]] | None = None) -> int:
    """Recompute the rows of these (form id, period id) pairs (all when None) from their
    reports: read once each, summed per unit on their paths. Returns the rows written."""
    # Deleted in one statement each (no signal per row: freshness.KEPT_IN_BULK).
    freshness.changed()
    if pairs is None:
        Completeness.objects.all().delete()
        by_period: dict[int, set[int] | None] = dict.fromkeys(
            Report.objects.order_by().values_list("period_id", flat=True).distinct()
        )
    else:
        by_period = defaultdict(set)
        for form_id, period_id in pairs:
            by_period[period_id].add(form_id)  # type: ignore[union-attr]
    written = 0
    for period_id, form_ids in sorted(by_period.items()):
        reports = Report.objects.filter(period_id=period_id).order_by()
        if form_ids is not None:
            Completeness.objects.filter(period_id=period_id, form_id__in=form_ids).delete()
            reports = reports.filter(form_id__in=form_ids)
        rows: list[tuple[Any, ...]] = []
        for (
            form_id,
            path_then,
            due_date,
            state,
            first_submitted_at,
            is_backfill,
        ) in reports.values_list(
            "form_id", "path_then", "due_date", "state", "first_submitted_at", "is_backfill"
        ).iterator(chunk_size=5000):
            counts = counts_of_fields(
                state=state,
                first_submitted_at=first_submitted_at,
                due_date=due_date,
                is_backfill=is_backfill,
            )
            rows += _rows_of(form_id, period_id, path_then, due_date, counts)
        summed = _summed(rows)
        _upsert(summed)
        written += len(summed)
    return written
