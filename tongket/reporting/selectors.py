"""Every scoped read of periods, forms, reports, figures and completeness.

Figures come from the roll-ups (the tree as it was at the period: a handful of indexed
look-ups whatever the tree's size) or, on request, are regrouped on today's tree by one
aggregate query over the values. Reports are read only for units in the user's subtrees.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.text import search_key
from tongket.org.choices import Role
from tongket.org.models import PATH_SEGMENT, Unit, UnitPlacement
from tongket.org.selectors import paths_on
from tongket.reporting import analytics
from tongket.reporting.analytics import Figure, Parts
from tongket.reporting.choices import Basis, PeriodType, ReportState, Status, Tree
from tongket.reporting.models import (
    DataValue,
    FormAssignment,
    FormIndicator,
    Period,
    PeriodRule,
    Report,
    ReportForm,
    Rollup,
)
from tongket.reporting.services.rollups import BASIS_STATES
from tongket.resolutions.models import Indicator, Resolution, Target
from tongket.resolutions.selectors import resolution_reach_q

# Coarsest first: a year is read from its own reports when there are any, else made from
# its half-years, else quarters, else months.
FINER = [PeriodType.YEAR, PeriodType.HALF_YEAR, PeriodType.QUARTER, PeriodType.MONTH]
DEC = DecimalField(max_digits=32, decimal_places=6)


# --- Periods and forms --------------------------------------------------------------------


def period_list(*, type: str | None = None, year: int | None = None) -> QuerySet[Period]:
    queryset = Period.objects.all()
    if type:
        queryset = queryset.filter(type=type)
    if year:
        queryset = queryset.filter(year__lte=year, end_year__gte=year)
    return queryset.order_by("sort_key")


def period_get(*, code: str | None = None, pk: Any = None) -> Period:
    try:
        if code is not None:
            return Period.objects.get(code=str(code).strip().upper())
        return Period.objects.get(pk=int(pk))
    except (Period.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("No period has the code %(code)s.") % {"code": code or pk}) from error


def form_list(*, user: Any, resolution: Resolution | None = None) -> QuerySet[ReportForm]:
    """Forms collected by a unit in the user's reach, or assigned to a unit in the scope."""
    queryset = ReportForm.objects.all()
    if not scopes.is_unrestricted(user):
        assigned = ReportForm.objects.filter(
            scopes.scope_q(user, "assignments__unit__path")
        ).values("pk")
        queryset = queryset.filter(scopes.scope_q(user, "owner_unit__path") | Q(pk__in=assigned))
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    return queryset.select_related("owner_unit", "resolution").order_by("code")


def form_get(*, user: Any, pk: Any) -> ReportForm:
    try:
        return form_list(user=user).get(pk=int(pk))
    except (ReportForm.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Report form not found.")) from error


def form_indicators(*, form: ReportForm) -> list[Indicator]:
    return [
        link.indicator
        for link in FormIndicator.objects.filter(form=form)
        .select_related("indicator", "indicator__resolution")
        .order_by("order", "id")
    ]


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
    )
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


def due_reports(*, user: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """What the user's units owe (as reporter), what waits for the user's approval, and
    who below the user is late (as approver, tracking officer or viewer)."""
    today = today or timezone.localdate()
    open_states = (ReportState.DRAFT, ReportState.RETURNED)
    owed = (
        scopes.restrict(Report.objects.all(), user, "unit__path", roles=[Role.REPORTER])
        .filter(state__in=open_states, period__is_open=True)
        .select_related("unit", "unit__parent", "period", "form")
        .order_by("due_date", "unit__sort_key")
    )
    approver_paths = scopes.scope_paths(user, [Role.APPROVER])
    to_approve = Report.objects.filter(state=ReportState.SUBMITTED).select_related(
        "unit", "unit__parent", "period", "form"
    )
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
            roles=[Role.APPROVER, Role.TRACKING_OFFICER, Role.VIEWER, Role.ADMINISTRATOR],
        )
        # A period closed for entry can no longer be sent: nothing to chase there.
        .filter(first_submitted_at__isnull=True, due_date__lt=today, period__is_open=True)
        .select_related("unit", "unit__parent", "period", "form")
        .annotate(reminder_count=Count("reminders"), last_reminded_at=Max("reminders__sent_at"))
        .order_by("due_date", "unit__sort_key")
    )
    return {
        "owed": owed,
        "to_approve": to_approve.order_by("submitted_at"),
        "late": late,
        "today": today,
    }


# --- Pages of periodic reporting -------------------------------------------------------------


def form_link(*, report: Report, indicator_id: Any) -> FormIndicator:
    """The link of a report's form to one of its indicators (the report already read through
    `report_get`); NotFound for an indicator the form does not ask."""
    try:
        return FormIndicator.objects.select_related("indicator").get(
            form_id=report.form_id, indicator_id=int(indicator_id)
        )
    except (FormIndicator.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Indicator not found.")) from error


def report_value(*, report: Report, indicator: Indicator) -> DataValue | None:
    """The report's value of one indicator, if any."""
    return DataValue.objects.filter(report=report, indicator=indicator).first()


def report_counts(*, report: Report) -> dict[str, int]:
    """Indicators entered in the report and required ones still empty. Two queries."""
    entered = set(
        DataValue.objects.filter(report=report, value__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    required = set(
        FormIndicator.objects.filter(form_id=report.form_id, required=True).values_list(
            "indicator_id", flat=True
        )
    )
    return {"filled": len(entered), "required_missing": len(required - entered)}


def form_indicator_counts(*, form_ids: set[int]) -> dict[int, int]:
    """Form id → number of indicators it asks. One query."""
    return dict(
        FormIndicator.objects.filter(form_id__in=form_ids)
        .values("form_id")
        .annotate(n=Count("id"))
        .values_list("form_id", "n")
    )


def form_assignments(*, user: Any, form: ReportForm) -> list[FormAssignment]:
    """The units asked for the form, within the user's scope, in Vietnamese order."""
    return list(
        form.assignments.filter(scopes.scope_q(user, "unit__path"))
        .select_related("unit", "unit__parent")
        .order_by("unit__sort_key")
    )


def form_period_counts(
    *, user: Any, form: ReportForm, today: datetime.date | None = None, limit: int = 24
) -> list[dict[str, Any]]:
    """For each period the form was opened for (newest first): the reports expected,
    received, on time, approved and overdue among the units in the user's scope. One
    query."""
    today = today or timezone.localdate()
    rows = list(
        report_list(user=user, form=form)
        .values("period__code", "period__due_date", "period__is_open", "period__sort_key")
        .annotate(**_count_fields(today))
        .order_by("-period__sort_key")[:limit]
    )
    for row in rows:
        row["share"] = round(row["received"] * 100 / row["expected"]) if row["expected"] else 0
    return rows


def period_rules(*, user: Any) -> list[PeriodRule]:
    """The default rules and those of the issuing bodies in the user's reach."""
    return list(
        PeriodRule.objects.filter(Q(issuer__isnull=True) | scopes.reach_q(user, "issuer__path"))
        .select_related("issuer")
        .order_by("issuer__sort_key", "period_type")
    )


def template_period(*, form: ReportForm) -> Period | None:
    """The period a template workbook of the form is for: the latest open period the form
    was opened for, else the latest open period of its type."""
    opened = Period.objects.filter(reports__form=form, is_open=True).order_by("-sort_key").first()
    if opened is not None:
        return opened
    return period_list(type=form.period_type).filter(is_open=True).last()


def import_jobs(*, user: Any, form: ReportForm, limit: int = 5) -> list[Any]:
    """The user's latest imports of values into the form (background jobs)."""
    from tongket.core.models import Job

    return list(
        Job.objects.filter(
            kind="reporting.import_values", created_by_id=user.pk, params__form=form.pk
        ).order_by("-created_at", "-id")[:limit]
    )


# --- Figures ------------------------------------------------------------------------------


@dataclass
class Row:
    """One indicator's figure at a unit and period, with its target and status."""

    indicator: Indicator
    figure: Figure
    target: Decimal | None = None
    target_due: Decimal | None = None
    baseline: Decimal | None = None
    progress: Decimal | None = None
    status: str = Status.NO_DATA
    formula: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Decimal | None:
        return self.figure.value


def _candidate_periods(period: Period) -> list[Period]:
    """The period itself and, for a year or a term, the finer periods inside it."""
    if period.type not in (PeriodType.YEAR, PeriodType.TERM):
        return [period]
    return list(
        Period.objects.filter(
            year__gte=period.year,
            end_year__lte=period.end_year,
            type__in=[t for t in FINER if t != PeriodType.TERM],
        ).order_by("sort_key")
    ) + ([period] if period.type == PeriodType.TERM else [])


def _parts_then(
    unit_ids: list[int], period_ids: list[int], indicator_ids: list[int], basis: str
) -> dict[tuple[int, int, int], Parts]:
    """(unit, indicator, period) → parts of the unit's subtree as it was: its roll-up rows
    plus its own values. Two queries."""
    found: dict[tuple[int, int, int], Parts] = {}
    for row in Rollup.objects.filter(
        unit_id__in=unit_ids,
        period_id__in=period_ids,
        indicator_id__in=indicator_ids,
        basis=basis,
        count__gt=0,
    ):
        found[(row.unit_id, row.indicator_id, row.period_id)] = Parts.of_row(row)
    # The units' own reports first (index on unit and period), then their values: a join
    # would let SQLite start from every report in the state asked.
    reports = Report.objects.filter(
        unit_id__in=unit_ids, period_id__in=period_ids, state__in=BASIS_STATES[Basis(basis)]
    ).values("pk")
    for value in DataValue.objects.filter(
        report_id__in=reports,
        indicator_id__in=indicator_ids,
        value__isnull=False,
    ).only("indicator_id", "period_id", "unit_id", "value", "numerator", "denominator", "met"):
        key = (value.unit_id, value.indicator_id, value.period_id)
        own = Parts.of_value(value.value, value.numerator, value.denominator, value.met)
        found[key] = found[key] + own if key in found else own
    return found


def _parts_today(
    units: list[Unit], period_ids: list[int], indicator_ids: list[int], basis: str
) -> dict[tuple[int, int, int], Parts]:
    """The same, regrouped on today's tree: one aggregate query over the values of the
    units' subtrees today (slower than the roll-ups; used when asked)."""
    if not units:
        return {}
    length = len(units[0].path)
    same_depth = all(len(u.path) == length for u in units)
    by_prefix = {u.path: u.pk for u in units}
    queryset = DataValue.objects.filter(
        period_id__in=period_ids,
        indicator_id__in=indicator_ids,
        report__state__in=BASIS_STATES[Basis(basis)],
        value__isnull=False,
    )
    query = Q(pk__in=[])
    for unit in units:
        query |= Q(unit__path__startswith=unit.path)
    queryset = queryset.filter(query)
    if not same_depth:
        found: dict[tuple[int, int, int], Parts] = {}
        for unit in units:
            found.update(_parts_today([unit], period_ids, indicator_ids, basis))
        return found
    rows = (
        queryset.annotate(prefix=Substr("unit__path", 1, length))
        .values("prefix", "indicator_id", "period_id")
        .annotate(
            n=Count("value"),
            vs=Sum("value", output_field=DEC),
            ws=Sum(F("value") * Coalesce("denominator", Value(Decimal(0))), output_field=DEC),
            ns=Sum(Coalesce("numerator", Value(Decimal(0))), output_field=DEC),
            ds=Sum(Coalesce("denominator", Value(Decimal(0))), output_field=DEC),
            low=Min("value"),
            high=Max("value"),
            met_n=Sum(Case(When(met=True, then=1), default=0, output_field=IntegerField())),
        )
    )
    found = {}
    for row in rows:
        unit_id = by_prefix.get(row["prefix"])
        if unit_id is None:
            continue
        found[(unit_id, row["indicator_id"], row["period_id"])] = Parts(
            count=row["n"],
            value_sum=Decimal(row["vs"] or 0),
            weighted_sum=Decimal(row["ws"] or 0),
            numerator_sum=Decimal(row["ns"] or 0),
            denominator_sum=Decimal(row["ds"] or 0),
            min_value=row["low"],
            max_value=row["high"],
            met_count=row["met_n"] or 0,
        )
    return found


def _figure_for(
    indicator: Indicator,
    period: Period,
    candidates: list[Period],
    parts: dict[tuple[int, int], Parts],
) -> tuple[Figure, Parts]:
    """The figure of one indicator for `period` from the parts per (indicator, period):
    the period's own, else made over time from the finest type of period inside it that
    has data (coarsest first)."""
    own = parts.get((indicator.pk, period.pk))
    if own is not None and own.count > 0:
        return analytics.aggregate(indicator, own), own
    for period_type in FINER:
        inside = [p for p in candidates if p.type == period_type and p.pk != period.pk]
        present = [
            (
                p.code,
                analytics.aggregate(indicator, parts[(indicator.pk, p.pk)]),
                parts[(indicator.pk, p.pk)],
            )
            for p in inside
            if (indicator.pk, p.pk) in parts and parts[(indicator.pk, p.pk)].count > 0
        ]
        if present:
            return analytics.over_time(indicator, present)
    return Figure(None), Parts()


def _thresholds(indicator: Indicator) -> dict[str, Decimal]:
    resolution = indicator.resolution
    return {"on_track_from": resolution.on_track_from, "at_risk_from": resolution.at_risk_from}


def _targets(
    unit_ids: list[int],
    indicator_ids: list[int],
    period: Period,
    indicators: list[Indicator] | None = None,
) -> dict[tuple[int, int], Target]:
    """The target each unit has for the period's year; for a term (a phase, a review's span)
    the whole-horizon target, else one made from the yearly targets of the term's years by
    the indicator's rule over time (their sum, the last year's, their average). One query."""
    if period.type != PeriodType.TERM:
        queryset = Target.objects.filter(
            unit_id__in=unit_ids, indicator_id__in=indicator_ids, year=period.year
        )
        return {(t.unit_id, t.indicator_id): t for t in queryset}
    found: dict[tuple[int, int], Target] = {}
    yearly: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        unit_id__in=unit_ids, indicator_id__in=indicator_ids
    ).filter(Q(year__isnull=True) | Q(year__gte=period.year, year__lte=period.end_year)):
        key = (target.unit_id, target.indicator_id)
        if target.year is None:
            found[key] = target
        else:
            yearly[key].append(target)
    rules = {i.pk: i.time_aggregation for i in indicators or []}
    for key, targets in yearly.items():
        if key in found:
            continue
        targets.sort(key=lambda t: t.year)
        rule = rules.get(key[1], "sum")
        values = [t.value for t in targets]
        if rule == "sum":
            value = sum(values, Decimal(0))
        elif rule == "last":
            value = values[-1]
        else:
            value = sum(values, Decimal(0)) / len(values)
        found[key] = Target(
            unit_id=key[0],
            indicator_id=key[1],
            year=None,
            value=value,
            baseline=targets[0].baseline,
        )
    return found


def _row(
    indicator: Indicator,
    unit: Unit,
    period: Period,
    figure: Figure,
    target: Target | None,
) -> Row:
    target_value = target.value if target else None
    due = (
        target_value
        if period.type == PeriodType.TERM
        else analytics.prorated(indicator, target_value, period.months)
    )
    baseline = target.baseline if target and target.baseline is not None else None
    resolution = indicator.resolution
    if baseline is None and unit.pk in (resolution.issuing_unit_id, resolution.owner_unit_id):
        baseline = indicator.baseline_value
    percent = analytics.progress(indicator, figure.value, due, baseline)
    return Row(
        indicator=indicator,
        figure=figure,
        target=target_value,
        target_due=due,
        baseline=baseline,
        progress=percent,
        status=analytics.status(indicator, figure.value, due, percent, **_thresholds(indicator)),
        formula=analytics.formula(indicator, figure) if figure.has_data else "",
    )


def figures(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    indicators: list[Indicator],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> list[Row]:
    """The figure of each indicator for the unit's subtree and period, with target,
    progress, status and formula. Five queries whatever the tree's size."""
    return figures_for_units(
        user=user, units=[unit], period=period, indicators=indicators, basis=basis, tree=tree
    ).get(unit.pk, [])


def figures_for_units(
    *,
    user: Any,
    units: list[Unit],
    period: Period,
    indicators: list[Indicator],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> dict[int, list[Row]]:
    """`figures` for several units at once (a unit's children): the same few queries."""
    for unit in units:
        scopes.require_visible(user, unit)
    if not units or not indicators:
        return {u.pk: [] for u in units}
    candidates = _candidate_periods(period)
    period_ids = [p.pk for p in candidates]
    indicator_ids = [i.pk for i in indicators]
    if tree == Tree.TODAY:
        parts = _parts_today(units, period_ids, indicator_ids, basis)
    else:
        parts = _parts_then([u.pk for u in units], period_ids, indicator_ids, basis)
    targets = _targets([u.pk for u in units], indicator_ids, period, indicators)
    by_unit: dict[int, dict[tuple[int, int], Parts]] = defaultdict(dict)
    for (unit_id, indicator_id, period_id), value in parts.items():
        by_unit[unit_id][(indicator_id, period_id)] = value
    result: dict[int, list[Row]] = {}
    for unit in units:
        rows = []
        for indicator in indicators:
            figure, _parts = _figure_for(indicator, period, candidates, by_unit[unit.pk])
            rows.append(_row(indicator, unit, period, figure, targets.get((unit.pk, indicator.pk))))
        result[unit.pk] = rows
    return result


def children_at(*, user: Any, unit: Unit, period: Period, tree: str = Tree.THEN) -> list[Unit]:
    """The units directly below `unit` during the period (as it was, or today's children
    that existed then), in Vietnamese order, within the user's scope."""
    if tree == Tree.TODAY:
        queryset = unit.children.all()
    else:
        day = period.end
        ids = (
            UnitPlacement.objects.filter(parent=unit)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .values("unit_id")
        )
        queryset = Unit.objects.filter(pk__in=ids)
    queryset = queryset.filter(Q(established_on__isnull=True) | Q(established_on__lte=period.end))
    queryset = queryset.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.start))
    return list(scopes.restrict(queryset, user).order_by("sort_key", "pk"))


def trends(
    *,
    user: Any,
    unit: Unit,
    indicators: list[Indicator],
    periods: list[Period],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> dict[int, list[Row]]:
    """Each indicator's figure at the unit over `periods` (trend charts): four queries
    whatever the number of indicators and periods."""
    scopes.require_visible(user, unit)
    if not periods or not indicators:
        return {indicator.pk: [] for indicator in indicators}
    candidates: dict[int, Period] = {}
    for period in periods:
        for candidate in _candidate_periods(period):
            candidates[candidate.pk] = candidate
    ids = [indicator.pk for indicator in indicators]
    if tree == Tree.TODAY:
        parts = _parts_today([unit], list(candidates), ids, basis)
    else:
        parts = _parts_then([unit.pk], list(candidates), ids, basis)
    flat = {(ind, per): value for (_u, ind, per), value in parts.items()}
    years = {p.year for p in periods if p.type != PeriodType.TERM}
    targets = {
        (t.indicator_id, t.year): t
        for t in Target.objects.filter(unit=unit, indicator_id__in=ids).filter(
            Q(year__in=years) | Q(year__isnull=True)
        )
    }
    ordered = sorted(candidates.values(), key=lambda p: p.sort_key)
    term_targets: dict[tuple[int, int], Target] = {}
    for period in periods:
        if period.type == PeriodType.TERM:
            term_targets = _targets([unit.pk], ids, period, indicators)
    result: dict[int, list[Row]] = {}
    for indicator in indicators:
        rows = []
        for period in periods:
            inside = [c for c in ordered if period.year <= c.year and c.end_year <= period.end_year]
            figure, _parts = _figure_for(indicator, period, inside, flat)
            year = None if period.type == PeriodType.TERM else period.year
            target = targets.get((indicator.pk, year))
            if period.type == PeriodType.TERM:
                target = term_targets.get((unit.pk, indicator.pk))
            row = _row(indicator, unit, period, figure, target)
            row.extra["period"] = period
            rows.append(row)
        result[indicator.pk] = rows
    return result


def trend(
    *,
    user: Any,
    unit: Unit,
    indicator: Indicator,
    periods: list[Period],
    basis: str = Basis.SUBMITTED,
    tree: str = Tree.THEN,
) -> list[Row]:
    """One indicator's figure at the unit over `periods`."""
    return trends(
        user=user, unit=unit, indicators=[indicator], periods=periods, basis=basis, tree=tree
    )[indicator.pk]


# --- Completeness and timeliness ----------------------------------------------------------


def _count_fields(today: datetime.date) -> dict[str, Any]:
    received = Q(first_submitted_at__isnull=False)
    return {
        "expected": Count("id"),
        "received": Count("id", filter=received),
        "on_time": Count("id", filter=received & Q(first_submitted_at__date__lte=F("due_date"))),
        "approved": Count("id", filter=Q(state=ReportState.APPROVED)),
        "overdue": Count("id", filter=~received & Q(due_date__lt=today)),
    }


def _finish(counts: dict[str, int]) -> dict[str, Any]:
    expected = counts.get("expected") or 0
    received = counts.get("received") or 0
    on_time = counts.get("on_time") or 0
    result = {
        "expected": expected,
        "received": received,
        "on_time": on_time,
        "late": received - on_time,
        "missing": expected - received,
        "overdue": counts.get("overdue") or 0,
        "approved": counts.get("approved") or 0,
    }
    result["completeness"] = Decimal(received) * 100 / expected if expected else None
    result["timeliness"] = Decimal(on_time) * 100 / expected if expected else None
    result["late_share"] = Decimal(received - on_time) * 100 / expected if expected else None
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
    queryset = Report.objects.filter(period=period)
    if forms is not None:
        queryset = queryset.filter(form__in=forms)
    if tree == Tree.TODAY:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    else:
        path = paths_on(unit_ids=[unit.pk], day=period.end)[unit.pk]
        queryset = queryset.filter(path_then__startswith=path)
    queryset = scopes.restrict(queryset, user, "unit__path")
    return _finish(queryset.aggregate(**_count_fields(today)))


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
        queryset = scopes.restrict(queryset, user, "unit__path")
        for row in (
            queryset.annotate(child=Substr("path_then", 1, depth))
            .values("child", "period_id")
            .annotate(**_count_fields(today))
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


def resolution_indicators(*, user: Any, resolution: Resolution) -> list[Indicator]:
    return list(
        Indicator.objects.filter(resolution_reach_q(user, "resolution__"), resolution=resolution)
        .select_related("resolution")
        .order_by("order", "id")
    )


def resolution_periods(*, resolution: Resolution) -> list[Period]:
    """The periods in which the resolution's forms asked for reports, oldest first, with the
    years they fall in (a year's figure is made from its half-years, quarters or months)."""
    asked = list(
        Period.objects.filter(reports__form__resolution=resolution).distinct().order_by("sort_key")
    )
    years = {p.year for p in asked if p.type != PeriodType.YEAR}
    extra = list(Period.objects.filter(type=PeriodType.YEAR, year__in=years))
    return sorted({p.pk: p for p in asked + extra}.values(), key=lambda p: p.sort_key)


def latest_reported_period(*, user: Any, resolution: Resolution, unit: Unit) -> Period | None:
    """The latest period of the resolution in which a unit of the subtree sent a report."""
    return (
        Period.objects.filter(
            reports__form__resolution=resolution,
            reports__first_submitted_at__isnull=False,
            reports__unit__path__startswith=unit.path,
        )
        .order_by("-sort_key")
        .first()
    )


def resolutions_reported_by(*, user: Any, unit: Unit) -> list[Resolution]:
    """Resolutions whose forms are asked of units in the unit's subtree (for the pickers)."""
    forms = ReportForm.objects.filter(
        assignments__unit__path__startswith=unit.path, resolution__isnull=False
    ).values("resolution_id")
    return list(
        Resolution.objects.filter(resolution_reach_q(user), pk__in=forms)
        .select_related("issuing_unit")
        .order_by("-issued_on", "sort_key")
    )


# --- Look-ups by code, values, one indicator's overview (the API) -------------------------


def form_by_code(*, user: Any, code: str) -> ReportForm:
    """A form in the user's reach by its code (ignoring case and spaces)."""
    text = str(code or "").strip().upper().replace(" ", "")
    try:
        return form_list(user=user).get(code=text)
    except ReportForm.DoesNotExist as error:
        raise NotFound(_("No report form has the code %(code)s.") % {"code": text}) from error


def form_infer(*, user: Any, unit_codes: set[str], indicator_codes: set[str]) -> ReportForm:
    """The one form in use, in the user's reach, that asks every indicator code given and is
    assigned to every unit code given (current or former codes). DomainError naming `form`
    when none or several fit. Four queries."""
    wanted = {search_key(code.replace(" ", "")) for code in indicator_codes}
    units = {search_key(code) for code in unit_codes}
    fitting = []
    forms = (
        form_list(user=user)
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("form_indicators", queryset=FormIndicator.objects.select_related("indicator")),
            Prefetch(
                "assignments",
                queryset=FormAssignment.objects.select_related("unit").prefetch_related(
                    "unit__names"
                ),
            ),
        )
    )
    for form in forms:
        codes = {search_key(link.indicator.code) for link in form.form_indicators.all()}
        if not wanted <= codes:
            continue
        assigned: set[str] = set()
        for assignment in form.assignments.all():
            assigned.add(search_key(assignment.unit.code))
            assigned.update(search_key(name.code) for name in assignment.unit.names.all())
        if units <= assigned:
            fitting.append(form)
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        raise DomainError(
            _("Several report forms fit these values (%(forms)s): say which one.")
            % {"forms": ", ".join(form.code for form in fitting)},
            field="form",
        )
    raise DomainError(
        _("No report form asks these indicators of these units: say which form."), field="form"
    )


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
    )
    if report is not None:
        queryset = queryset.filter(report=report)
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if period is not None:
        queryset = queryset.filter(period=period)
    return queryset.order_by("-period__sort_key", "unit__sort_key", "indicator__order", "id")


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
        for inside in _candidate_periods(period)
        if inside.pk != period.pk and inside.type in {form.period_type for form in forms}
    ]

    def reporting(at: Unit) -> dict[str, Any]:
        totals: dict[str, int] = defaultdict(int)
        for each in asked:
            counts = completeness(user=user, unit=at, period=each, forms=forms, tree=tree)
            for key in ("expected", "received", "on_time", "approved", "overdue"):
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
