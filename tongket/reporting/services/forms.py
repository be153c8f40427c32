"""Report forms: what a kind of periodic report asks, of whom, and opening a period for it
(which creates the reports the units owe).

Callers: tracking officers and administrators of the unit that collects the form.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.choices import Line
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.selectors import paths_on
from tongket.org.services.units import check_version
from tongket.reporting.choices import (
    DeliveryMethod,
    PeriodType,
    ReportState,
    SectionKind,
    default_delivery_methods,
)
from tongket.reporting.models import (
    FormAssignment,
    FormIndicator,
    FormSection,
    Period,
    Report,
    ReportForm,
)
from tongket.reporting.periods import parse_period_code
from tongket.reporting.services import completeness
from tongket.reporting.services.periods import dates_for, rule_for
from tongket.resolutions.models import Indicator, Resolution
from tongket.resolutions.selectors import resolution_reach_q

DEFAULT_SECTIONS = [
    ("ket-qua", "Kết quả thực hiện", SectionKind.RESULTS),
    ("han-che", "Hạn chế, khuyết điểm", SectionKind.SHORTCOMINGS),
    ("nguyen-nhan", "Nguyên nhân", SectionKind.CAUSES),
    ("de-xuat", "Đề xuất, kiến nghị", SectionKind.PROPOSALS),
]


def require_form_keeper(by: Any, form: ReportForm) -> None:
    scopes.require_role(
        by, form.owner_unit, policy.roles(Action.KEEP_REPORTING), _("manage report forms")
    )


@transaction.atomic
def form_create(
    *,
    by: Any,
    code: str,
    name: str,
    owner_unit: Unit,
    period_type: str,
    resolution: Resolution | None = None,
    description: str = "",
    indicators: list[Indicator] | None = None,
    sections: list[tuple[str, str, str]] | None = None,
    line: str = "",
    delivery_methods: list[str] | None = None,
    regime_document: str = "",
    outline_code: str = "",
    data_form_code: str = "",
) -> ReportForm:
    """A new form with the default narrative sections (results, shortcomings, causes,
    proposals) unless `sections` are given as (key, title, kind). Its reporting regime
    (`delivery_methods`… see ReportForm) defaults to: sent through this system."""
    if owner_unit is None:
        raise DomainError(_("Choose the unit that collects the form."), field="owner_unit")
    scopes.require_role(
        by, owner_unit, policy.roles(Action.KEEP_REPORTING), _("manage report forms")
    )
    code = normalize(code).upper().replace(" ", "")
    if not code:
        raise DomainError(_("Enter a code."), field="code")
    if ReportForm.objects.filter(code=code).exists():
        raise DomainError(_("The code %(code)s is already used.") % {"code": code}, field="code")
    name = normalize(name)
    if not name:
        raise DomainError(_("Enter the form's name."), field="name")
    if period_type not in PeriodType.values:
        raise DomainError(_("Choose a type of period."), field="period_type")
    _check_line(line)
    methods = (
        default_delivery_methods()
        if delivery_methods is None
        else _checked_delivery_methods(delivery_methods)
    )
    if (
        resolution is not None
        and not Resolution.objects.filter(resolution_reach_q(by), pk=resolution.pk).exists()
    ):
        raise NotFound(_("Resolution not found."))
    try:
        with transaction.atomic():
            form = ReportForm.objects.create(
                code=code,
                name=name,
                owner_unit=owner_unit,
                period_type=period_type,
                resolution=resolution,
                description=(description or "").strip(),
                line=line or "",
                delivery_methods=methods,
                regime_document=normalize(regime_document or ""),
                outline_code=normalize(outline_code or ""),
                data_form_code=normalize(data_form_code or ""),
            )
    except IntegrityError as error:
        raise DomainError(
            _("The code %(code)s is already used.") % {"code": code}, field="code"
        ) from error
    for order, (key, title, kind) in enumerate(sections or DEFAULT_SECTIONS):
        FormSection.objects.create(
            form=form, key=slugify(key)[:40] or f"s{order}", title=title, kind=kind, order=order
        )
    if indicators:
        _set_indicators(form, indicators, by)
    changelog_record(
        by=by, action="form_create", obj=form, after=snapshot(form), unit_path=owner_unit.path
    )
    return form


def _check_line(line: str | None) -> None:
    if line and line not in Line.values:
        raise DomainError(_("Choose a line, or none for the organisation tree."), field="line")


def _checked_delivery_methods(methods: list[str]) -> list[str]:
    """The methods in the order of DeliveryMethod, each once; at least one."""
    unknown = [m for m in methods if m not in DeliveryMethod.values]
    if unknown:
        raise DomainError(
            _("%(value)s is not a way of sending reports.") % {"value": unknown[0]},
            field="delivery_methods",
        )
    if not methods:
        raise DomainError(
            _("Choose how the reports are sent: on paper, electronically or through the system."),
            field="delivery_methods",
        )
    return [m for m in DeliveryMethod.values if m in methods]


def _set_indicators(form: ReportForm, indicators: list[Indicator], by: Any) -> None:
    reachable = set(
        Indicator.objects.filter(
            resolution_reach_q(by, "resolution__"), pk__in=[i.pk for i in indicators]
        ).values_list("pk", flat=True)
    )
    for indicator in indicators:
        if indicator.pk not in reachable:
            raise NotFound(_("Indicator not found."))
    if len({i.pk for i in indicators}) != len(indicators):
        raise DomainError(_("An indicator is listed twice."), field="indicators")
    kept = {link.indicator_id: link for link in form.form_indicators.all()}
    wanted = [i.pk for i in indicators]
    removed = [pk for pk in kept if pk not in wanted]
    if removed and Report.objects.filter(form=form, values__indicator_id__in=removed).exists():
        raise DomainError(
            _("Values have been reported for an indicator you removed; keep it on the form."),
            field="indicators",
        )
    FormIndicator.objects.filter(form=form, indicator_id__in=removed).delete()
    for order, pk in enumerate(wanted):
        link = kept.get(pk)
        if link is None:
            FormIndicator.objects.create(form=form, indicator_id=pk, order=order)
        elif link.order != order:
            link.order = order
            link.save(update_fields=["order"])


@transaction.atomic
def form_update(
    *,
    by: Any,
    form: ReportForm,
    version: int | None = None,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    indicators: list[Indicator] | None = None,
    line: str | None = None,
    delivery_methods: list[str] | None = None,
    regime_document: str | None = None,
    outline_code: str | None = None,
    data_form_code: str | None = None,
) -> ReportForm:
    """Change the form (an argument left None stays as it is), including its reporting
    regime (see ReportForm), at `version` (a stale version is refused). Tracking officers
    and administrators of the collecting unit only."""
    require_form_keeper(by, form)
    form = ReportForm.objects.select_for_update().get(pk=form.pk)
    check_version(form, version)
    before = snapshot(form)
    if name is not None:
        form.name = normalize(name)
        if not form.name:
            raise DomainError(_("Enter the form's name."), field="name")
    if description is not None:
        form.description = description.strip()
    if is_active is not None:
        form.is_active = is_active
    if line is not None:
        _check_line(line)
        form.line = line
    if delivery_methods is not None:
        form.delivery_methods = _checked_delivery_methods(delivery_methods)
    if regime_document is not None:
        form.regime_document = normalize(regime_document)
    if outline_code is not None:
        form.outline_code = normalize(outline_code)
    if data_form_code is not None:
        form.data_form_code = normalize(data_form_code)
    if indicators is not None:
        _set_indicators(form, indicators, by)
    form.version += 1
    form.save()
    changelog_record(
        by=by,
        action="form_update",
        obj=form,
        before=before,
        after={**snapshot(form), "indicators": [i.code for i in indicators or []]},
        unit_path=form.owner_unit.path,
    )
    return form


@transaction.atomic
def form_section_set(
    *,
    by: Any,
    form: ReportForm,
    key: str,
    title: str,
    kind: str = SectionKind.FREE,
    guidance: str = "",
    order: int | None = None,
) -> FormSection:
    """Add a narrative section or change one (by key)."""
    require_form_keeper(by, form)
    key = slugify(key)[:40]
    if not key:
        raise DomainError(_("Enter a key (letters, digits, hyphens)."), field="key")
    title = normalize(title)
    if not title:
        raise DomainError(_("Enter the section's title."), field="title")
    if kind not in SectionKind.values:
        raise DomainError(_("Choose the kind of section."), field="kind")
    section, _created = FormSection.objects.update_or_create(
        form=form,
        key=key,
        defaults={
            "title": title,
            "kind": kind,
            "guidance": (guidance or "").strip(),
            "order": order if order is not None else form.sections.count(),
        },
    )
    changelog_record(
        by=by,
        action="form_section_set",
        obj=form,
        after=snapshot(section),
        unit_path=form.owner_unit.path,
    )
    return section


@transaction.atomic
def form_assign(
    *,
    by: Any,
    form: ReportForm,
    units: list[Unit],
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> list[FormAssignment]:
    """Ask these units for the form over [valid_from, valid_to]. Reports are created at once
    for the open periods already opened for the form, where the unit exists."""
    require_form_keeper(by, form)
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("The end date is before the start date."), field="valid_to")
    visible = set(
        scopes.restrict(Unit.objects.filter(pk__in=[u.pk for u in units]), by).values_list(
            "pk", flat=True
        )
    )
    created = []
    for unit in units:
        if unit.pk not in visible:
            raise NotFound(_("Unit not found."))
        assignment, _made = FormAssignment.objects.update_or_create(
            form=form, unit=unit, defaults={"valid_from": valid_from, "valid_to": valid_to}
        )
        created.append(assignment)
    changelog_record(
        by=by,
        action="form_assign",
        obj=form,
        after={"units": [u.code for u in units], "from": str(valid_from), "to": str(valid_to)},
        unit_path=form.owner_unit.path,
    )
    opened = Period.objects.filter(reports__form=form, is_open=True).distinct()
    for period in opened:
        _create_reports(form, period, [a for a in created])
    return created


@transaction.atomic
def form_unassign(*, by: Any, form: ReportForm, unit: Unit) -> None:
    """Stop asking a unit for the form; its untouched draft reports go, the rest stay."""
    require_form_keeper(by, form)
    FormAssignment.objects.filter(form=form, unit=unit).delete()
    untouched = list(
        Report.objects.filter(
            form=form, unit=unit, state=ReportState.DRAFT, first_submitted_at__isnull=True
        ).filter(values__isnull=True)
    )
    completeness.reports_counted(reports=untouched, sign=-1)
    Report.objects.filter(pk__in=[report.pk for report in untouched]).delete()
    changelog_record(
        by=by,
        action="form_unassign",
        obj=form,
        before={"unit": unit.code},
        unit_path=form.owner_unit.path,
    )


def in_force(
    period: Period,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    established_on: datetime.date | None,
    dissolved_on: datetime.date | None,
) -> bool:
    """Whether an assignment valid over these dates, of a unit that existed over these,
    asks for the form in the period."""
    if valid_from and valid_from > period.end:
        return False
    if valid_to and valid_to < period.start:
        return False
    if established_on and established_on > period.end:
        return False
    return not (dissolved_on and dissolved_on <= period.start)


def _expected(assignments: list[FormAssignment], period: Period) -> list[FormAssignment]:
    """The assignments in force during the period whose unit existed during it."""
    return [
        a
        for a in assignments
        if in_force(period, a.valid_from, a.valid_to, a.unit.established_on, a.unit.dissolved_on)
    ]


def form_due_date(form: ReportForm, period: Period) -> datetime.date:
    """When the form's reports for the period are due, by the rule of the form's issuer."""
    return dates_for(parse_period_code(period.code), rule_for(period.type, form.owner_unit))[
        "due_date"
    ]


def is_backfill_now(due_date: datetime.date, backfill: bool | None = None) -> bool:
    """Whether a report coming into being today is entered afterwards (nhập bù): as asked,
    or, when nobody said, once its due date has passed (nobody could send it on time)."""
    if backfill is not None:
        return backfill
    return due_date < timezone.localdate()


def _create_reports(
    form: ReportForm,
    period: Period,
    assignments: list[FormAssignment],
    backfill: bool | None = None,
) -> int:
    expected = _expected(assignments, period)
    if not expected:
        return 0
    existing = set(
        Report.objects.filter(form=form, period=period).values_list("unit_id", flat=True)
    )
    todo = [a for a in expected if a.unit_id not in existing]
    if not todo:
        return 0
    due = form_due_date(form, period)
    paths = paths_on(unit_ids=[a.unit_id for a in todo], day=period.end)
    reports = [
        Report(
            form=form,
            unit_id=a.unit_id,
            period=period,
            due_date=due,
            path_then=paths[a.unit_id],
            is_backfill=is_backfill_now(due, backfill),
        )
        for a in todo
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    completeness.reports_counted(reports=reports)
    return len(todo)


@transaction.atomic
def form_open_period(
    *, by: Any, form: ReportForm, period: Period, backfill: bool | None = None
) -> int:
    """Open the period for the form: create the report each assigned unit owes (once).
    Returns the number of reports created.

    `backfill` (nhập bù): None decides by the date, a period whose due date has passed is
    entered afterwards; True opens it as entered afterwards, and also marks the reports of
    the form and period not received yet (a period opened in its time that units reported
    on paper, keyed in only now); False opens it as if in its time (the demo's history).
    A backfilled report is never reminded nor counted late (Report)."""
    require_form_keeper(by, form)
    if period.type != form.period_type:
        raise DomainError(
            _("This form is reported per %(type)s; %(code)s is not such a period.")
            % {"type": PeriodType(form.period_type).label.lower(), "code": period.code},
            field="period",
        )
    if not period.is_open:
        raise DomainError(
            _("The period %(code)s is closed.") % {"code": period.code}, field="period"
        )
    assignments = list(form.assignments.select_related("unit"))
    if not assignments:
        raise DomainError(_("Assign the form to units first."))
    count = _create_reports(form, period, assignments, backfill)
    marked = 0
    if backfill:
        marked = Report.objects.filter(
            form=form, period=period, first_submitted_at__isnull=True, is_backfill=False
        ).update(is_backfill=True)
        if marked:
            completeness.rebuild(pairs=[(form.pk, period.pk)])
    after: dict[str, Any] = {
        "period": period.code,
        "reports": count,
        "backfill": is_backfill_now(form_due_date(form, period), backfill),
    }
    if marked:
        after["marked_backfill"] = marked
    changelog_record(
        by=by,
        action="form_open_period",
        obj=form,
        after=after,
        unit_path=form.owner_unit.path,
    )
    return count


def assignments_active(form: ReportForm, day: datetime.date) -> Q:
    return (
        Q(form=form)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )
