"""Report forms for tracking officers: the list, a form with its indicators, narrative
sections, the units asked and the periods opened; creating and editing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from openpyxl.styles import Alignment

from tongket.core import scopes
from tongket.core.classification import mark_of
from tongket.core.errors import NotFound
from tongket.core.workbook import new_workbook, workbook_bytes, write_sheet
from tongket.org import policy
from tongket.org import selectors as org_selectors
from tongket.org.policy import Action
from tongket.reporting import selectors, services
from tongket.reporting.models import ReportForm
from tongket.reporting.periods import parse_period_code, period_codes
from tongket.reporting.selectors.regime import form_regime
from tongket.resolutions import selectors as resolution_selectors
from tongket.ui.forms.reporting import (
    AssignForm,
    OpenPeriodForm,
    ReportFormCreateForm,
    ReportFormEditForm,
    SectionForm,
    picked_indicators,
)
from tongket.ui.views.base import XLSX, call_service, file_response
from tongket.ui.views.reporting.common import call, is_keeper

REGIME_SHEET = "Chế độ báo cáo"


def _keeps(user: Any, report_form: ReportForm) -> bool:
    return scopes.covers(user, report_form.owner_unit, policy.roles(Action.KEEP_REPORTING))


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    report_forms = selectors.form_list(user=request.user).annotate(
        indicator_count=Count("form_indicators", distinct=True),
        unit_count=Count("assignments", distinct=True),
    )
    return render(
        request,
        "ui/reporting/forms.html",
        {
            "title": _("Report forms"),
            "report_forms": report_forms,
            "can_create": is_keeper(request.user),
        },
    )


def _picker(available: list[Any], picked: set[int], orders: Any) -> list[dict[str, Any]]:
    """The rows of the indicator picker: each indicator, ticked or not, with its order."""
    return [
        {
            "indicator": indicator,
            "picked": indicator.pk in picked,
            "order": orders.get(f"order_{indicator.pk}") or position,
        }
        for position, indicator in enumerate(available, 1)
    ]


def _indicators_of(user: Any, resolution_id: Any) -> tuple[Any, list[Any]]:
    if not resolution_id:
        return None, []
    resolution = resolution_selectors.resolution_get(user=user, pk=resolution_id)
    return resolution, selectors.resolution_indicators(user=user, resolution=resolution)


@login_required
def form_indicator_options(request: HttpRequest) -> HttpResponse:
    """htmx: the indicators of the resolution chosen on the new form, to pick and order."""
    resolution, indicators = _indicators_of(request.user, request.GET.get("resolution"))
    return render(
        request,
        "ui/reporting/_indicator_picker.html",
        {"picker": _picker(indicators, {i.pk for i in indicators}, {}), "resolution": resolution},
    )


@login_required
def form_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    resolutions = list(resolution_selectors.resolution_list(user=user)[:500])
    posted = request.POST if request.method == "POST" else None
    form = ReportFormCreateForm(posted, user=user, resolutions=resolutions)
    resolution, available = None, []
    if request.method == "POST":
        try:
            resolution, available = _indicators_of(user, request.POST.get("resolution"))
        except NotFound:
            form.add_error("resolution", _("Choose a resolution from the list."))
    picked, order_errors = picked_indicators(request.POST, available)
    if request.method == "POST" and form.is_valid() and not order_errors:
        data = form.cleaned_data
        created = call_service(
            form,
            services.form_create,
            by=user,
            code=data["code"],
            name=data["name"],
            owner_unit=data["owner_unit"],
            period_type=data["period_type"],
            resolution=resolution,
            description=data["description"],
            line=data["line"],
            indicators=picked,
        )
        if created is not None:
            messages.success(
                request,
                _("Report form %(code)s created: now ask the units for it and open a period.")
                % {"code": created.code},
            )
            return redirect("ui:form_detail", pk=created.pk)
    for message in order_errors:
        form.add_error(None, message)
    return render(
        request,
        "ui/reporting/form_edit.html",
        {
            "form": form,
            "title": _("New report form"),
            "submit": _("Create the form"),
            "picker": _picker(available, {i.pk for i in picked}, request.POST),
            "resolution": resolution,
            "creating": True,
        },
    )


@login_required
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report_form = selectors.form_get(user=user, pk=pk)
    if not _keeps(user, report_form):
        raise PermissionDenied(_("Only tracking officers of the collecting unit edit the form."))
    current = selectors.form_indicators(form=report_form)
    available = list(current)
    if report_form.resolution_id:
        more = selectors.resolution_indicators(user=user, resolution=report_form.resolution)
        known = {i.pk for i in available}
        available += [i for i in more if i.pk not in known]
    initial = {
        "name": report_form.name,
        "description": report_form.description,
        "is_active": report_form.is_active,
        "line": report_form.line,
        "delivery_methods": report_form.delivery_methods,
        "regime_document": report_form.regime_document,
        "outline_code": report_form.outline_code,
        "data_form_code": report_form.data_form_code,
        "version": report_form.version,
    }
    form = ReportFormEditForm(request.POST if request.method == "POST" else None, initial=initial)
    picked, order_errors = picked_indicators(request.POST, available)
    if request.method == "POST" and form.is_valid() and not order_errors:
        data = form.cleaned_data
        if not picked:
            form.add_error(None, _("Tick at least one indicator."))
        else:
            updated = call(
                form,
                services.form_update,
                by=user,
                form=report_form,
                version=data["version"],
                name=data["name"],
                description=data["description"],
                is_active=data["is_active"],
                line=data["line"],
                delivery_methods=data["delivery_methods"],
                regime_document=data["regime_document"],
                outline_code=data["outline_code"],
                data_form_code=data["data_form_code"],
                indicators=picked,
            )
            if updated is not None:
                messages.success(request, _("Report form saved."))
                return redirect("ui:form_detail", pk=report_form.pk)
    for message in order_errors:
        form.add_error(None, message)
    orders: Any = request.POST
    if request.method != "POST":
        orders = {f"order_{i.pk}": position for position, i in enumerate(current, 1)}
    return render(
        request,
        "ui/reporting/form_edit.html",
        {
            "form": form,
            "report_form": report_form,
            "title": _("Edit %(code)s") % {"code": report_form.code},
            "submit": _("Save"),
            "picker": _picker(
                available, {i.pk for i in (picked if request.method == "POST" else current)}, orders
            ),
        },
    )


def _suggested_periods(report_form: ReportForm, opened: set[str]) -> list[str]:
    """Codes of this form's type around today that are not opened yet."""
    year = timezone.localdate().year
    codes = [
        c for y in (year - 1, year, year + 1) for c in period_codes(report_form.period_type, y)
    ]
    today = timezone.localdate()
    kept = []
    for code in codes:
        spec = parse_period_code(code)
        if code in opened or spec.year < year - 1:
            continue
        # Not periods ending more than a year ago, nor starting more than a year ahead.
        if (spec.end_year, spec.last_month) < (today.year - 1, today.month):
            continue
        kept.append(code)
    return kept[:8]


def _detail_context(request: HttpRequest, report_form: ReportForm, **forms: Any) -> dict[str, Any]:
    user = request.user
    keeper = _keeps(user, report_form)
    links = list(report_form.form_indicators.select_related("indicator").order_by("order", "id"))
    sections = list(report_form.sections.all())
    assignments = selectors.form_assignments(user=user, form=report_form)
    periods = selectors.form_period_counts(user=user, form=report_form)
    opened = {row["period__code"] for row in periods}
    return {
        "report_form": report_form,
        "title": report_form.name,
        "links": links,
        "sections": sections,
        "regime": form_regime(
            user=user,
            form=report_form,
            sections=[s.title for s in sections],
            indicator_codes=[link.indicator.code for link in links],
        ),
        "assignments": assignments,
        "periods": periods,
        "keeper": keeper,
        "can_import": scopes.is_unrestricted(user)
        or bool(scopes.scope_paths(user, policy.roles(Action.FILL_REPORTS))),
        "suggested": _suggested_periods(report_form, opened) if keeper else [],
        "section_form": forms.get("section_form") or SectionForm(prefix="section"),
        "assign_form": forms.get("assign_form") or AssignForm(prefix="assign", user=user),
        "open_form": forms.get("open_form") or OpenPeriodForm(prefix="open"),
    }


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    return render(request, "ui/reporting/form_detail.html", _detail_context(request, report_form))


@login_required
def form_regime_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The form's reporting regime (chế độ báo cáo, Nghị định 09/2019/NĐ-CP, Article 7) as a
    workbook: one row per content, in the decree's words, to attach to the regime's
    document. Whoever may read the form may export it."""
    report_form = selectors.form_get(user=request.user, pk=pk)
    items = form_regime(user=request.user, form=report_form)
    workbook = new_workbook()
    sheet = write_sheet(
        workbook,
        REGIME_SHEET,
        ["STT", "Nội dung chế độ báo cáo", "Quy định"],
        [[n, item.term, item.value] for n, item in enumerate(items, 1)],
        widths={"STT": 6, "Nội dung chế độ báo cáo": 36, "Quy định": 90},
    )
    for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return file_response(
        workbook_bytes(workbook, mark=mark_of(report_form)),
        f"Chế độ báo cáo {report_form.code}.xlsx",
        XLSX,
    )


def _again(request: HttpRequest, report_form: ReportForm, **forms: Any) -> HttpResponse:
    context = _detail_context(request, report_form, **forms)
    return render(request, "ui/reporting/form_detail.html", context)


@login_required
@require_POST
def form_section(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    form = SectionForm(request.POST, prefix="section")
    if form.is_valid():
        data = form.cleaned_data
        section = call(
            form,
            services.form_section_set,
            by=request.user,
            form=report_form,
            key=data["key"],
            title=data["title"],
            kind=data["kind"],
            guidance=data["guidance"],
            order=data["order"],
        )
        if section is not None:
            messages.success(request, _("Section “%(title)s” saved.") % {"title": section.title})
            return redirect("ui:form_detail", pk=report_form.pk)
    return _again(request, report_form, section_form=form)


@login_required
@require_POST
def form_assign(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    form = AssignForm(request.POST, prefix="assign", user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        units = [unit]
        if data["below"]:
            units = list(
                org_selectors.unit_list(user=request.user, within=unit, include_dissolved=False)
            )
        done = call(
            form,
            services.form_assign,
            by=request.user,
            form=report_form,
            units=units,
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
        if done is not None:
            messages.success(
                request,
                ngettext(
                    "%(n)s unit is asked for the form.",
                    "%(n)s units are asked for the form.",
                    len(units),
                )
                % {"n": len(units)},
            )
            return redirect("ui:form_detail", pk=report_form.pk)
    return _again(request, report_form, assign_form=form)


@login_required
@require_POST
def form_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    unit_id = request.POST.get("unit", "")
    assignment = next(
        (
            a
            for a in selectors.form_assignments(user=request.user, form=report_form)
            if str(a.unit_id) == unit_id
        ),
        None,
    )
    if assignment is None:
        raise NotFound(_("This unit is not asked for the form."))
    try:
        services.form_unassign(by=request.user, form=report_form, unit=assignment.unit)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(unit)s is no longer asked; its untouched drafts were removed.")
            % {"unit": assignment.unit.name},
        )
    return redirect("ui:form_detail", pk=report_form.pk)


@login_required
@require_POST
def form_open_period(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    form = OpenPeriodForm(request.POST, prefix="open")
    if form.is_valid():
        # One transaction: a refused opening leaves no new period behind.
        count = None
        with transaction.atomic():
            try:
                period = services.period_ensure(by=request.user, code=form.cleaned_data["period"])
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    form.add_error("period", message)
            else:
                count = call(
                    form,
                    services.form_open_period,
                    by=request.user,
                    form=report_form,
                    period=period,
                    backfill=form.cleaned_data["backfill"] or None,
                )
            if count is None:
                transaction.set_rollback(True)
        if count is not None:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "Period %(code)s opened: %(n)s report is now expected.",
                        "Period %(code)s opened: %(n)s reports are now expected.",
                        count,
                    )
                    % {"code": period.code, "n": count},
                )
            else:
                messages.info(
                    request,
                    _("Period %(code)s was already open for this form: no new report.")
                    % {"code": period.code},
                )
            return redirect("ui:form_detail", pk=report_form.pk)
    return _again(request, report_form, open_form=form)
