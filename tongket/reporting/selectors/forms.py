"""Scoped reads of periods, report forms and their assignments, the look-ups of the reporting
pages, forms found by code, and the resolutions reported on."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q, clearance_q_through
from tongket.core.errors import DomainError, NotFound
from tongket.core.text import search_key
from tongket.org.models import Unit
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import (
    Completeness,
    DataValue,
    FormAssignment,
    FormIndicator,
    Period,
    PeriodRule,
    Report,
    ReportForm,
)
from tongket.reporting.periods import parse_period_code
from tongket.reporting.selectors.completeness import (
    COUNT_KEYS,
    STORED_KEYS,
    add_stored,
    scope_rows_q,
)
from tongket.resolutions.models import Indicator, Resolution
from tongket.resolutions.selectors import resolution_reach_q

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


def periods_get(*, codes: list[str], field: str = "period") -> list[Period]:
    """The periods of the calendar these codes name, in the order given, in one query.
    DomainError naming `field` for a code that is not a period code or is not in the
    calendar (periods belong to no scope: every body shares one calendar)."""
    wanted = list(dict.fromkeys(parse_period_code(code, field=field).code for code in codes))
    found = {period.code: period for period in Period.objects.filter(code__in=wanted)}
    for code in wanted:
        if code not in found:
            raise DomainError(_("No period has the code %(code)s.") % {"code": code}, field=field)
    return [found[code] for code in wanted]


def form_list(*, user: Any, resolution: Resolution | None = None) -> QuerySet[ReportForm]:
    """Forms collected by a unit in the user's reach, or assigned to a unit in the scope."""
    queryset = ReportForm.objects.filter(clearance_q(user, ReportForm))
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
    received, on time, approved, overdue and entered afterwards among the units in the
    user's scope, in the tree as it was at the period. Read from the completeness rows at the
    tops of the user's subtrees (`scope_rows_q`): one query, whatever the number of units and
    periods."""
    today = today or timezone.localdate()
    by_period: dict[int, dict[str, Any]] = {}
    for row in (
        Completeness.objects.filter(
            scope_rows_q(user),
            clearance_q_through(user, ReportForm, "form__"),
            form=form,
            expected__gt=0,
        )
        .order_by()
        .values(
            "period_id",
            "period__code",
            "period__due_date",
            "period__is_open",
            "period__sort_key",
            "due_date",
        )
        .annotate(**{key: Sum(key) for key in STORED_KEYS})
    ):
        counts = by_period.setdefault(
            row["period_id"],
            {
                "period__code": row["period__code"],
                "period__due_date": row["period__due_date"],
                "period__is_open": row["period__is_open"],
                "period__sort_key": row["period__sort_key"],
                **dict.fromkeys(COUNT_KEYS, 0),
            },
        )
        add_stored(counts, row, today)
    rows = sorted(by_period.values(), key=lambda row: row["period__sort_key"], reverse=True)
    rows = rows[:limit]
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


def resolution_indicators(*, user: Any, resolution: Resolution) -> list[Indicator]:
    return list(
        Indicator.objects.filter(resolution_reach_q(user, "resolution__"), resolution=resolution)
        .select_related("resolution")
        .order_by("order", "id")
    )


def resolution_periods(*, resolution: Resolution) -> list[Period]:
    """The periods in which the resolution's forms asked for reports, oldest first, with the
    years they fall in (a year's figure is made from its half-years, quarters or months).
    Read from the completeness rows of the top units (a few per form and period), not from
    the reports."""
    kept = Completeness.objects.filter(
        parent__isnull=True, form__resolution=resolution, expected__gt=0
    ).values("period_id")
    asked = list(Period.objects.filter(pk__in=kept).order_by("sort_key"))
    years = {p.year for p in asked if p.type != PeriodType.YEAR}
    extra = list(Period.objects.filter(type=PeriodType.YEAR, year__in=years))
    return sorted({p.pk: p for p in asked + extra}.values(), key=lambda p: p.sort_key)


def latest_reported_period(*, user: Any, resolution: Resolution, unit: Unit) -> Period | None:
    """The latest period of the resolution in which a unit of the subtree (as it was) sent a
    report: from the unit's completeness rows (a few per form and period)."""
    kept = Completeness.objects.filter(
        unit=unit, form__resolution=resolution, received__gt=0
    ).values("period_id")
    return Period.objects.filter(pk__in=kept).order_by("-sort_key").first()


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
