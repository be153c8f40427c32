"""Keeping the roll-ups fresh: on every state change of a report (incrementally, inside the
service's transaction) and, after large imports, in bulk with a few set-based statements.

A roll-up row holds, for (indicator, period, unit, basis), the parts of the values reported
by the units strictly below the unit in the tree as it was at the period (each report's
`path_then`). Adding a report adds its parts to the rows of every unit above it; removing it
subtracts them; minimum and maximum cannot be subtracted, so they are recomputed for the
indicators that use them. Both roads give the same rows (tested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, DecimalField, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce

from tongket.core import freshness
from tongket.core.upserts import rows_upsert
from tongket.org.models import PATH_SEGMENT, path_ids
from tongket.reporting.analytics import Parts, is_met, prorated
from tongket.reporting.choices import Basis, PeriodType, ReportState
from tongket.reporting.models import DataValue, Period, Report, Rollup
from tongket.resolutions.choices import UnitAggregation
from tongket.resolutions.models import Indicator, Target

BASIS_STATES = {
    Basis.SUBMITTED: (ReportState.SUBMITTED, ReportState.APPROVED),
    Basis.APPROVED: (ReportState.APPROVED,),
}
EXTREMES = (UnitAggregation.MIN, UnitAggregation.MAX)
_TABLE = Rollup._meta.db_table
_PARTS = ("count", "value_sum", "weighted_sum", "numerator_sum", "denominator_sum", "met_count")
# The sums kept with six decimals. SQLite adds decimals as binary floats (1437.0787000000003):
# every sum is rounded to the six decimals of its column as it is written, on both databases,
# so that what is stored is what a backup reads and a restore writes back, row for row.
_DECIMAL_PARTS = ("value_sum", "weighted_sum", "numerator_sum", "denominator_sum")


def _rounded(expression: str, column: str) -> str:
    return f"ROUND({expression}, 6)" if column in _DECIMAL_PARTS else expression


def bases_of(state: str) -> list[str]:
    """The bases in which a report in `state` counts."""
    return [basis for basis, states in BASIS_STATES.items() if state in states]


def _upsert(period_id: int, basis: str, rows: list[tuple[int, int, Parts]]) -> None:
    """Add the parts of (indicator, unit) rows to the roll-up rows, creating them."""
    if not rows:
        return
    rows_upsert(
        Rollup,
        ("indicator_id", "period_id", "unit_id", "basis", *_PARTS),
        [
            (
                indicator_id,
                period_id,
                unit_id,
                basis,
                parts.count,
                parts.value_sum,
                parts.weighted_sum,
                parts.numerator_sum,
                parts.denominator_sum,
                parts.met_count,
            )
            for indicator_id, unit_id, parts in rows
        ],
        conflict=("unit_id", "period_id", "basis", "indicator_id"),
        update=", ".join(f"{c} = {_rounded(f'{_TABLE}.{c} + excluded.{c}', c)}" for c in _PARTS),
    )


def _recompute_extremes(
    period_id: int, basis: str, path_then: str, indicator_ids: Iterable[int]
) -> None:
    """Minimum and maximum of the rows above a report, read again from the values below."""
    ids = list(indicator_ids)
    if not ids:
        return
    states = BASIS_STATES[Basis(basis)]
    for end in range(PATH_SEGMENT, len(path_then), PATH_SEGMENT):
        prefix = path_then[:end]
        unit_id = int(prefix[-PATH_SEGMENT:])
        found = {
            row["indicator_id"]: row
            for row in DataValue.objects.filter(
                period_id=period_id,
                indicator_id__in=ids,
                value__isnull=False,
                report__state__in=states,
                report__path_then__startswith=prefix,
            )
            .exclude(report__path_then=prefix)
            .values("indicator_id")
            .annotate(low=Min("value"), high=Max("value"))
        }
        for indicator_id in ids:
            row = found.get(indicator_id)
            Rollup.objects.filter(
                indicator_id=indicator_id, period_id=period_id, unit_id=unit_id, basis=basis
            ).update(min_value=row["low"] if row else None, max_value=row["high"] if row else None)


def apply_values(
    *,
    report: Report,
    basis: str,
    sign: int,
    values: list[DataValue],
    indicators: dict[int, Indicator],
) -> None:
    """Add (sign +1) or take away (−1) these values of the report in the roll-ups of every
    unit above it at the period, for `basis`."""
    ancestors = path_ids(report.path_then)[:-1]
    if not ancestors:
        return
    rows: list[tuple[int, int, Parts]] = []
    extremes: set[int] = set()
    for value in values:
        if value.value is None:
            continue
        parts = Parts.of_value(value.value, value.numerator, value.denominator, value.met)
        if sign < 0:
            parts = Parts() - parts
        for unit_id in ancestors:
            rows.append((value.indicator_id, unit_id, parts))
        if indicators[value.indicator_id].unit_aggregation in EXTREMES:
            extremes.add(value.indicator_id)
    _upsert(report.period_id, basis, rows)
    _recompute_extremes(report.period_id, basis, report.path_then, extremes)


def report_values(report: Report) -> tuple[list[DataValue], dict[int, Indicator]]:
    values = list(report.values.filter(value__isnull=False))
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in={v.indicator_id for v in values})
    }
    return values, indicators


def apply_report(*, report: Report, basis: str, sign: int) -> None:
    """Count (+1) or stop counting (−1) a whole report in `basis`."""
    values, indicators = report_values(report)
    apply_values(report=report, basis=basis, sign=sign, values=values, indicators=indicators)


def subtree_moved(*, period_id: int, old_path: str, new_path: str) -> None:
    """After the reports of a moved unit's subtree for the period were given their new
    `path_then` (`old_path` → `new_path`: the unit's path then, before and after the move):
    their parts leave the rows of the units above the old place and join those above the new
    one, for each basis. The rows of the units inside the subtree do not change."""
    # The units above both places (the common ancestors) keep what they had.
    old_above = [u for u in path_ids(old_path)[:-1] if u not in path_ids(new_path)]
    new_above = [u for u in path_ids(new_path)[:-1] if u not in path_ids(old_path)]
    if not old_above and not new_above:
        return
    extremes = set(
        Indicator.objects.filter(unit_aggregation__in=EXTREMES).values_list("pk", flat=True)
    )
    dec: DecimalField[Decimal, Decimal] = DecimalField(max_digits=32, decimal_places=6)
    for basis, states in BASIS_STATES.items():
        rows: list[tuple[int, int, Parts]] = []
        touched: set[int] = set()
        for row in (
            DataValue.objects.filter(
                period_id=period_id,
                value__isnull=False,
                report__state__in=states,
                report__path_then__startswith=new_path,
            )
            .values("indicator_id")
            .annotate(
                n=Count("value"),
                vs=Sum("value", output_field=dec),
                ws=Sum(F("value") * Coalesce("denominator", Value(Decimal(0))), output_field=dec),
                ns=Sum(Coalesce("numerator", Value(Decimal(0))), output_field=dec),
                ds=Sum(Coalesce("denominator", Value(Decimal(0))), output_field=dec),
                met_n=Count("id", filter=Q(met=True)),
            )
        ):
            parts = Parts(
                count=row["n"],
                value_sum=Decimal(row["vs"] or 0),
                weighted_sum=Decimal(row["ws"] or 0),
                numerator_sum=Decimal(row["ns"] or 0),
                denominator_sum=Decimal(row["ds"] or 0),
                met_count=row["met_n"] or 0,
            )
            gone = Parts() - parts
            rows += [(row["indicator_id"], unit_id, gone) for unit_id in old_above]
            rows += [(row["indicator_id"], unit_id, parts) for unit_id in new_above]
            if row["indicator_id"] in extremes:
                touched.add(row["indicator_id"])
        _upsert(period_id, basis, rows)
        _recompute_extremes(period_id, basis, old_path, touched)
        _recompute_extremes(period_id, basis, new_path, touched)


# --- Whether a value meets its unit's target -----------------------------------------------


def target_for(indicator: Indicator, period: Period, targets: dict[Any, Decimal]) -> Any:
    """The unit's target due by the period (pro-rated for a part of a year), from a dict of
    {year or None: value} for that unit and indicator."""
    if period.type == PeriodType.TERM:
        return targets.get(None)
    return prorated(indicator, targets.get(period.year), period.months)


def met_flags(
    *, values: list[DataValue], period: Period, unit_id: int, indicators: dict[int, Indicator]
) -> None:
    """Set `met` on values of one unit and period (not saved), reading its targets once."""
    targets: dict[int, dict[Any, Decimal]] = defaultdict(dict)
    for indicator_id, year, value in (
        Target.objects.filter(unit_id=unit_id, indicator_id__in=[v.indicator_id for v in values])
        .filter(Q(year=period.year) | Q(year__isnull=True))
        .values_list("indicator_id", "year", "value")
    ):
        targets[indicator_id][year] = value
    for value in values:
        indicator = indicators[value.indicator_id]
        value.met = is_met(
            indicator, value.value, target_for(indicator, period, targets[value.indicator_id])
        )


def targets_changed(*, indicator: Indicator, keys: list[tuple[int, int | None]]) -> None:
    """After targets of (unit, year) changed: refresh `met` of the values they judge and the
    roll-ups' counts of units meeting their target."""
    by_unit: dict[int, set[int | None]] = defaultdict(set)
    for unit_id, year in keys:
        by_unit[unit_id].add(year)
    for unit_id, years in by_unit.items():
        periods = Period.objects.all()
        if None not in years:
            periods = periods.filter(year__in=[y for y in years if y is not None]).exclude(
                type=PeriodType.TERM
            )
        values = list(
            DataValue.objects.filter(
                indicator=indicator, unit_id=unit_id, period__in=periods, value__isnull=False
            ).select_related("report", "period")
        )
        for value in values:
            old = value.met
            met_flags(
                values=[value],
                period=value.period,
                unit_id=unit_id,
                indicators={indicator.pk: indicator},
            )
            if value.met == old:
                continue
            DataValue.objects.filter(pk=value.pk).update(met=value.met)
            delta = (1 if value.met else 0) - (1 if old else 0)
            if not delta:
                continue
            ancestors = path_ids(value.report.path_then)[:-1]
            for basis in bases_of(value.report.state):
                _upsert(
                    value.period_id,
                    basis,
                    [(indicator.pk, unit_id_, Parts(met_count=delta)) for unit_id_ in ancestors],
                )


# --- Bulk rebuild -------------------------------------------------------------------------


def rebuild(*, period_ids: Iterable[int], indicator_ids: Iterable[int] | None = None) -> int:
    """Recompute the roll-up rows of these periods (and indicators) from the values, with a
    handful of set-based statements whatever the size: the values are first summed per
    parent unit into a staging table, then each level of ancestors sums the staging rows
    below it. Returns the number of roll-up rows written."""
    periods = sorted(set(period_ids))
    if not periods:
        return 0
    indicators = sorted(set(indicator_ids)) if indicator_ids is not None else None
    rollups = Rollup.objects.filter(period_id__in=periods)
    if indicators is not None:
        rollups = rollups.filter(indicator_id__in=indicators)
    # One DELETE (no signal per row: freshness.KEPT_IN_BULK); the generation moves here.
    rollups.delete()
    freshness.changed()
    extremes = list(
        Indicator.objects.filter(unit_aggregation__in=EXTREMES).values_list("pk", flat=True)
    )
    seg = PATH_SEGMENT
    dv, rp = DataValue._meta.db_table, Report._meta.db_table
    submitted = "('submitted', 'approved')"
    approved = "('approved')"
    period_list = ", ".join(str(int(p)) for p in periods)
    indicator_filter = (
        f" AND v.indicator_id IN ({', '.join(str(int(i)) for i in indicators)})"
        if indicators
        else ""
    )
    extreme_list = ", ".join(str(int(i)) for i in extremes) or "NULL"
    written = 0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rollup_stage")

        def sums(prefix: str, states: str) -> str:
            when = f"CASE WHEN r.state IN {states} THEN"
            return (
                f"SUM({when} 1 ELSE 0 END) AS {prefix}count, "
                f"SUM({when} v.value ELSE 0 END) AS {prefix}value_sum, "
                f"SUM({when} v.value * COALESCE(v.denominator, 0) ELSE 0 END) AS {prefix}weighted_sum, "
                f"SUM({when} COALESCE(v.numerator, 0) ELSE 0 END) AS {prefix}numerator_sum, "
                f"SUM({when} COALESCE(v.denominator, 0) ELSE 0 END) AS {prefix}denominator_sum, "
                f"SUM({when} (CASE WHEN v.met THEN 1 ELSE 0 END) ELSE 0 END) AS {prefix}met_count, "
                f"MIN({when} (CASE WHEN v.indicator_id IN ({extreme_list}) THEN v.value END) END) AS {prefix}min_value, "
                f"MAX({when} (CASE WHEN v.indicator_id IN ({extreme_list}) THEN v.value END) END) AS {prefix}max_value"
            )

        cursor.execute(
            "CREATE TEMPORARY TABLE rollup_stage AS "  # noqa: S608 - ids are ints
            f"SELECT v.indicator_id AS indicator_id, v.period_id AS period_id, "
            f"SUBSTR(r.path_then, 1, LENGTH(r.path_then) - {seg}) AS parent_path, "
            f"{sums('s_', submitted)}, {sums('a_', approved)} "
            f"FROM {dv} v JOIN {rp} r ON r.id = v.report_id "
            f"WHERE v.period_id IN ({period_list}) AND v.value IS NOT NULL "
            f"AND LENGTH(r.path_then) > {seg} AND r.state IN {submitted}{indicator_filter} "
            f"GROUP BY v.indicator_id, v.period_id, SUBSTR(r.path_then, 1, LENGTH(r.path_then) - {seg})"
        )
        cursor.execute("SELECT MAX(LENGTH(parent_path)) FROM rollup_stage")
        longest = cursor.fetchone()[0] or 0
        columns = "indicator_id, period_id, unit_id, basis, " + ", ".join(
            [*_PARTS, "min_value", "max_value"]
        )
        for level in range(1, longest // seg + 1):
            unit = f"CAST(SUBSTR(parent_path, {(level - 1) * seg + 1}, {seg}) AS BIGINT)"
            for basis, prefix in ((Basis.SUBMITTED, "s_"), (Basis.APPROVED, "a_")):
                parts = ", ".join(_rounded(f"SUM({prefix}{c})", c) for c in _PARTS)
                cursor.execute(
                    f"INSERT INTO {_TABLE} ({columns}) "  # noqa: S608 - fixed names
                    f"SELECT indicator_id, period_id, {unit}, '{basis.value}', {parts}, "
                    f"MIN({prefix}min_value), MAX({prefix}max_value) "
                    f"FROM rollup_stage WHERE LENGTH(parent_path) >= {level * seg} "
                    f"GROUP BY indicator_id, period_id, {unit} HAVING SUM({prefix}count) > 0"
                )
                written += max(cursor.rowcount, 0)
        cursor.execute("DROP TABLE rollup_stage")
    return written
