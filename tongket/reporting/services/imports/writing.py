"""Writing a checked import in its transaction: the reports it writes into, the values, and
the reports moved on (submitted, approved) with their roll-ups and completeness counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import RowErrors
from tongket.core.statistics import analyzed_if_grown
from tongket.core.workbook import Problems
from tongket.org.selectors import paths_on
from tongket.reporting.analytics import is_met
from tongket.reporting.choices import Basis, ReportState
from tongket.reporting.models import (
    Completeness,
    DataValue,
    Period,
    Report,
    ReportForm,
    Rollup,
)
from tongket.reporting.services import completeness, rollups
from tongket.reporting.services.forms import form_due_date, is_backfill_now
from tongket.reporting.services.imports.reading import C_CODE, C_NOTE, C_UNIT, SHEET
from tongket.reporting.services.reports import Entry
from tongket.reporting.services.values import values_copier, values_copy, values_upsert
from tongket.resolutions.models import Indicator

BULK_THRESHOLD = 5000
# A report of the file: (unit id, period id).
Key = tuple[int, int]


def first_rows(plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]]) -> dict[Key, int]:
    """The first row naming each report of a checked file."""
    return {key: min(row for row, _e in slot.values()) for key, slot in plan.items()}


def _reports_for(
    form: ReportForm, firsts: dict[Key, int], problems: Problems, sheet: str
) -> dict[Key, Report]:
    """The reports the file writes into, given the first row naming each: existing ones
    (which must be editable) and new ones for units expected in the period."""
    keys = list(firsts)
    unit_ids = {u for u, _p in keys}
    period_ids = {p for _u, p in keys}
    found: dict[tuple[int, int], Report] = {}
    for report in (
        Report.objects.select_for_update()
        .filter(form=form, unit_id__in=unit_ids, period_id__in=period_ids)
        .select_related("unit", "period")
    ):
        found[(report.unit_id, report.period_id)] = report
    missing = [key for key in keys if key not in found]
    if missing:
        periods = {p.pk: p for p in Period.objects.filter(pk__in={p for _u, p in missing})}
        by_period: dict[int, list[int]] = defaultdict(list)
        for unit_id, period_id in missing:
            by_period[period_id].append(unit_id)
        new: list[Report] = []
        for period_id, units in by_period.items():
            period = periods[period_id]
            due = form_due_date(form, period)
            paths = paths_on(unit_ids=units, day=period.end)
            # A file of a period long past is entered afterwards (nhập bù), never late.
            new += [
                Report(
                    form=form,
                    unit_id=u,
                    period=period,
                    due_date=due,
                    path_then=paths[u],
                    is_backfill=is_backfill_now(due),
                )
                for u in units
            ]
        Report.objects.bulk_create(new, batch_size=2000)
        completeness.reports_counted(reports=new)
        for report in Report.objects.filter(
            form=form, unit_id__in={u for u, _p in missing}, period_id__in={p for _u, p in missing}
        ).select_related("unit", "period"):
            found[(report.unit_id, report.period_id)] = report
    for key, report in found.items():
        if key in firsts and report.state not in (ReportState.DRAFT, ReportState.RETURNED):
            problems.add(
                sheet,
                firsts[key],
                C_UNIT,
                _("The report of %(unit)s for %(period)s is %(state)s: it is locked.")
                % {
                    "unit": report.unit.name,
                    "period": report.period.code,
                    "state": ReportState(report.state).label.lower(),
                },
            )
    return {key: report for key, report in found.items() if key in firsts}


def _targets(
    reports: dict[Key, Report], indicators: dict[int, Indicator]
) -> dict[tuple[int, int], dict[Any, Decimal]]:
    """The targets of the reports' units for the file's indicators, per (indicator, unit):
    {year: value}, None for a target of the whole term. Two queries."""
    from tongket.resolutions.models import Target

    units = {u for u, _p in reports}
    years = {report.period.year for report in reports.values()}
    targets: dict[tuple[int, int], dict[Any, Decimal]] = defaultdict(dict)
    for indicator_id, unit_id, year, value in (
        Target.objects.filter(indicator_id__in=indicators, unit_id__in=units)
        .filter(year__in=years)
        .values_list("indicator_id", "unit_id", "year", "value")
    ):
        targets[(indicator_id, unit_id)][year] = value
    for indicator_id, unit_id, value in Target.objects.filter(
        indicator_id__in=indicators, unit_id__in=units, year__isnull=True
    ).values_list("indicator_id", "unit_id", "value"):
        targets[(indicator_id, unit_id)][None] = value
    return targets


def _value_row(
    report: Report,
    indicator: Indicator,
    entry: Entry,
    targets: dict[tuple[int, int], dict[Any, Decimal]],
    now: Any,
) -> tuple[Any, ...]:
    """A value as the value table's columns (`values.COLUMNS`), its met flag worked out."""
    found = targets.get((indicator.id, report.unit_id))
    # No target of the unit's for the indicator: nothing to meet (most rows of most files).
    target = rollups.target_for(indicator, report.period, found) if found else None
    return (
        report.pk,
        indicator.id,
        report.unit_id,
        report.period_id,
        entry.value,
        entry.numerator,
        entry.denominator,
        entry.comment or "",
        is_met(indicator, entry.value, target),
        now,
    )


def _write_values(
    reports: dict[Key, Report],
    plan: dict[Key, dict[int, tuple[int, Entry]]],
    indicators: dict[int, Indicator],
    *,
    fresh: bool,
    bump: bool = True,
) -> int:
    """Write the values (met flags computed from the targets, read in one query): copied
    into `fresh` reports (without values yet) on PostgreSQL, else upserted; `bump` as for
    `_written`."""
    targets = _targets(reports, indicators)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        _value_row(report, indicators[indicator_id], entry, targets, now)
        for key, report in reports.items()
        for indicator_id, (_row, entry) in plan[key].items()
    ]
    if fresh and connection.vendor == "postgresql":
        values_copy(rows)
    else:
        values_upsert(rows)
    _written(reports, len(rows), bump=bump)
    return len(rows)


def _copied_while_checked(
    reports: dict[Key, Report],
    indicators: dict[int, Indicator],
    check: Callable[[Callable[..., None]], dict[Key, dict[int, tuple[int, Entry]]]],
) -> tuple[dict[Key, dict[int, tuple[int, Entry]]], int]:
    """Check the rows and copy each accepted one at once into the value table (PostgreSQL,
    reports without values yet): the database writes the rows while the next ones are
    checked, on the other core. `check` runs the checks with the function that receives each
    accepted row; rows stop being copied at the first one refused, and the caller undoes the
    transaction. Returns the plan and the number of values copied."""
    targets = _targets(reports, indicators)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    copied = 0
    with values_copier() as write:

        def sink(unit: Any, period: Any, indicator: Indicator, entry: Entry) -> None:
            nonlocal copied
            write(_value_row(reports[(unit.id, period.id)], indicator, entry, targets, now))
            copied += 1

        plan = check(sink)
    return plan, copied


def _written(reports: dict[Key, Report], written: int, *, bump: bool = True) -> None:
    """After the values of a file are written: statistics for a large one, reports' versions
    (`bump` False when the reports are moved on next, which bumps them in the same update)."""
    if connection.vendor == "postgresql" and written > BULK_THRESHOLD:
        # Fresh statistics, or the planner takes the new rows for none and the roll-up
        # rebuild that follows picks nested loops (twenty times slower).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DataValue._meta.db_table}, {Report._meta.db_table}")
    if bump:
        Report.objects.filter(pk__in=[r.pk for r in reports.values()]).update(
            version=F("version") + 1
        )


def _required_present(
    by_key: dict[Key, Report],
    plan: dict[Key, dict[int, tuple[int, Entry]]],
    required: set[int],
    fresh: bool,
) -> dict[int, int]:
    """How many of the required indicators have a value, per report id: counted off the
    file for reports that held no values before it, else by the database (a value per report
    and indicator)."""
    if not required:
        return {}
    if fresh:
        return {
            report.pk: sum(
                1
                for indicator_id, (_row, entry) in plan.get(key, {}).items()
                if indicator_id in required and entry.value is not None
            )
            for key, report in by_key.items()
        }
    return dict(
        DataValue.objects.filter(
            report__in=list(by_key.values()), indicator_id__in=required, value__isnull=False
        )
        .order_by()
        .values("report_id")
        .annotate(count=Count("id"))
        .values_list("report_id", "count")
    )


def _move_reports(
    by: Any,
    by_key: dict[tuple[int, int], Report],
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]],
    then: str,
    written: int,
    sheet: str,
    *,
    fresh: bool,
) -> dict[str, int]:
    """Submit (and approve) the imported reports, keeping the roll-ups and the completeness
    rows fresh: per report for small imports, rebuilt in bulk for the periods (and forms)
    touched by large ones. `fresh`: the reports held no values before the file."""
    from tongket.reporting.services.reports import submission_problems

    reports = list(by_key.values())
    now = timezone.now()
    user = by if getattr(by, "pk", None) else None
    bulk = written > BULK_THRESHOLD
    counts = {"submitted": 0, "approved": 0}
    if bulk:
        # The same rule as a submission (required values present), checked set-wise.
        form = reports[0].form
        required = set(
            form.form_indicators.filter(required=True).values_list("indicator_id", flat=True)
        )
        present = _required_present(by_key, plan, required, fresh)
        errors = [
            {
                "sheet": SHEET,
                "row": None,
                "column": C_CODE,
                "message": _("%(report)s: values missing for %(count)s required indicator(s).")
                % {"report": str(report), "count": len(required) - present.get(report.pk, 0)},
            }
            for report in reports
            if present.get(report.pk, 0) < len(required)
        ]
        if errors:
            raise RowErrors(errors[:500])
    else:
        errors = []
        for key, report in by_key.items():
            for field, messages in submission_problems(report).items():
                indicator_id = int(field.split("_")[-1])
                row = plan[key].get(indicator_id, (None, None))[0]
                errors += [
                    {"sheet": sheet, "row": row, "column": C_NOTE, "message": f"{report}: {m}"}
                    for m in messages
                ]
        if errors:
            raise RowErrors(errors[:500])
    counted = {} if bulk else {r.pk: completeness.counts_of(r) for r in reports}
    ids = [r.pk for r in reports]
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        # One statement per chunk: the first submission kept where there was one.
        update: dict[str, Any] = {
            # The values just written bump the version here (see `_written`).
            "version": F("version") + 1,
            "first_submitted_at": Coalesce(F("first_submitted_at"), Value(now)),
            "state": ReportState.SUBMITTED,
            "submitted_at": now,
            "submitted_by": user,
        }
        if then == "approve":
            update = {
                **update,
                "state": ReportState.APPROVED,
                "approved_at": now,
                "approved_by": user,
            }
        Report.objects.filter(pk__in=chunk).update(**update)
    counts["submitted"] = len(ids)
    if then == "approve":
        counts["approved"] = len(ids)
    if bulk:
        rolled = rollups.rebuild(period_ids={r.period_id for r in reports})
        kept = completeness.rebuild(pairs={(r.form_id, r.period_id) for r in reports})
        analyzed_if_grown({Rollup: rolled, Completeness: kept})
    else:
        for report in reports:
            report.refresh_from_db()
            rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=+1)
            if then == "approve":
                rollups.apply_report(report=report, basis=Basis.APPROVED, sign=+1)
            completeness.report_changed(report=report, before=counted[report.pk])
    return counts
